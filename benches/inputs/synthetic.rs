//! Synthetic document pairs of any size with their gold alignment, from a fixed seed.
//!
//! The source has N sentences drawn from a Zipf vocabulary; the "translation" maps every
//! word to another word (no shared words, as between two languages), keeps numbers and
//! names, and merges, splits, drops and inserts sentences.

use std::collections::HashSet;

/// Small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    /// Zipf-like rank in 0..n.
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }
}

fn word(rng: &mut Rng, letters: &[u8]) -> String {
    let len = 2 + rng.below(9);
    (0..len).map(|_| letters[rng.below(letters.len())] as char).collect()
}

/// Gold beads: (source sentence ids, target sentence ids).
pub type Gold = HashSet<(Vec<usize>, Vec<usize>)>;

/// The pair of `n` source sentences for `seed`: source sentences, target sentences, gold.
pub fn synthetic_pair(n: usize, seed: u64) -> (Vec<String>, Vec<String>, Gold) {
    let mut rng = Rng(seed);
    const VOCABULARY: usize = 20_000;
    let src_words: Vec<String> = (0..VOCABULARY).map(|_| word(&mut rng, b"abcdefghijklmnoprstuvw")).collect();
    let tgt_words: Vec<String> = (0..VOCABULARY).map(|_| word(&mut rng, b"aeiouyzxqkjhgfdsl")).collect();
    let names: Vec<String> = (0..2_000)
        .map(|_| {
            let w = word(&mut rng, b"abcdefghijklmnopqrstuvwxyz");
            w[..1].to_uppercase() + &w[1..] + "son"
        })
        .collect();
    let mut source = Vec::with_capacity(n);
    let mut translated = Vec::with_capacity(n);
    for _ in 0..n {
        let len = 4 + rng.below(28);
        let (mut s, mut t) = (Vec::new(), Vec::new());
        for _ in 0..len {
            let r = rng.zipf(VOCABULARY);
            s.push(src_words[r].clone());
            if !rng.chance(8) {
                t.push(tgt_words[r].clone());
            }
        }
        if rng.chance(15) {
            let num = (rng.below(100_000) + 10).to_string();
            s.insert(rng.below(s.len()), num.clone());
            t.insert(rng.below(t.len() + 1), num);
        }
        if rng.chance(10) {
            let name = names[rng.below(names.len())].clone();
            s.insert(rng.below(s.len()), name.clone());
            t.insert(rng.below(t.len() + 1), name);
        }
        source.push(s.join(" ") + ".");
        translated.push(t.join(" ") + ".");
    }
    let mut target = Vec::new();
    let mut gold = HashSet::new();
    let mut i = 0;
    while i < n {
        let roll = rng.below(100);
        if roll < 3 {
            i += 1; // dropped
        } else if roll < 6 {
            let len = 4 + rng.below(20);
            target.push((0..len).map(|_| tgt_words[rng.zipf(VOCABULARY)].clone()).collect::<Vec<_>>().join(" ") + ".");
        } else if roll < 11 && i + 1 < n {
            gold.insert((vec![i, i + 1], vec![target.len()]));
            target.push(format!("{} {}", translated[i], translated[i + 1]));
            i += 2;
        } else if roll < 15 && translated[i].split(' ').count() >= 8 {
            let words: Vec<&str> = translated[i].split(' ').collect();
            let cut = words.len() / 2;
            gold.insert((vec![i], vec![target.len(), target.len() + 1]));
            target.push(words[..cut].join(" ") + ".");
            target.push(words[cut..].join(" "));
            i += 1;
        } else {
            gold.insert((vec![i], vec![target.len()]));
            target.push(translated[i].clone());
            i += 1;
        }
    }
    (source, target, gold)
}
