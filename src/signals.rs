//! Similarity signals between units (sentences or paragraphs) of two texts, without a
//! neural model: shared keys (numbers, names and cognates, consonant skeletons, lexicon
//! concepts, same-language words) weighted by rarity, and a length model whose ratio is
//! estimated from the two documents themselves.

use crate::text::{tokenize, Token, TokenKind};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// A fast hasher for keys that are already well mixed (key hashes, indices).
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// Translates words of one side into language-independent concept ids (a bilingual lexicon
/// through an English pivot). Implemented by [`crate::lexicon::Lexicon`]-like tables.
pub trait ConceptSource {
    /// Concept ids of a word as it appears in text; empty when unknown.
    fn concepts(&self, word: &str) -> Vec<u32>;
}

impl ConceptSource for crate::lexicon::Lexicon {
    fn concepts(&self, word: &str) -> Vec<u32> {
        crate::lexicon::Lexicon::concepts(self, word)
    }
}

/// Cosine similarity of source unit `s` and target unit `t`, 0 when either has no keys.
pub fn cosine(v: &PairVectors, s: usize, t: usize) -> f32 {
    let (a, b) = (&v.source[s], &v.target[t]);
    let norms = (a.norm_sq() * b.norm_sq()).sqrt();
    if norms == 0.0 {
        0.0
    } else {
        dot(&a.entries, &b.entries) / norms
    }
}

/// The kind of a matching key, with its weight in the similarity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum KeyKind {
    Number,
    Word,
    Prefix,
    Skeleton,
    Concept,
    Bigram,
    Learned,
    Punctuation,
}

impl KeyKind {
    fn weight(self) -> f32 {
        match self {
            KeyKind::Number => 2.0,
            KeyKind::Word => 1.0,
            KeyKind::Concept => 1.0,
            KeyKind::Learned => 1.0,
            KeyKind::Punctuation => 0.5,
            KeyKind::Bigram => 0.7,
            KeyKind::Prefix => 0.5,
            KeyKind::Skeleton => 0.5,
        }
    }
}

fn key_hash(kind: KeyKind, text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ (kind as u64 + 1);
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Concept keys of a word; its senses share one word's weight.
fn push_concepts(concepts: &dyn ConceptSource, word: &str, out: &mut Vec<(u64, KeyKind, f32)>) {
    let ids = concepts.concepts(word);
    let share = 1.0 / (ids.len() as f32).max(1.0);
    for id in ids {
        out.push((key_hash(KeyKind::Concept, &id.to_string()), KeyKind::Concept, share));
    }
}

/// The keys of one token (with their kinds), pushed into `out`.
fn token_keys(
    token: &Token,
    next: Option<&Token>,
    concepts: Option<&dyn ConceptSource>,
    word: &str,
    out: &mut Vec<(u64, KeyKind, f32)>,
) {
    match token.kind {
        TokenKind::Number => out.push((key_hash(KeyKind::Number, &token.folded), KeyKind::Number, 1.0)),
        TokenKind::Ideograph => {
            let bigram = next
                .filter(|n| n.kind == TokenKind::Ideograph && n.start == token.end)
                .map(|n| format!("{}{}", token.folded, n.folded));
            if let Some(b) = &bigram {
                out.push((key_hash(KeyKind::Bigram, b), KeyKind::Bigram, 1.0));
            }
            // Scripts without spaces: look up each character and each pair of characters.
            if let Some(c) = concepts {
                for piece in std::iter::once(word).chain(bigram.as_deref()) {
                    push_concepts(c, piece, out);
                }
            }
        }
        TokenKind::Word => {
            let f = &token.folded;
            let chars = f.chars().count();
            if chars >= 2 {
                out.push((key_hash(KeyKind::Word, f), KeyKind::Word, 1.0));
            }
            if chars >= 7 && f.is_ascii() {
                out.push((key_hash(KeyKind::Prefix, &f[..5]), KeyKind::Prefix, 1.0));
            }
            if token.skeleton.len() >= 3 && chars >= 4 {
                out.push((key_hash(KeyKind::Skeleton, &token.skeleton), KeyKind::Skeleton, 1.0));
            }
            if let Some(c) = concepts {
                push_concepts(c, word, out);
            }
        }
    }
}

/// A unit's sparse vector over keys shared by both texts, plus the mass of the rest.
#[derive(Debug, Clone, Default)]
pub struct UnitVector {
    /// (key index, weight), sorted by key index.
    pub entries: Vec<(u32, f32)>,
    /// Squared weight of the keys the other text never has (they cannot match, but they
    /// show how much of the unit is unaccounted for).
    pub unshared_sq: f32,
    /// Length in characters, not counting white space.
    pub len: f32,
}

impl UnitVector {
    /// Squared norm over shared and unshared keys.
    pub fn norm_sq(&self) -> f32 {
        self.entries.iter().map(|(_, w)| w * w).sum::<f32>() + self.unshared_sq
    }
}

/// Sparse dot product of two sorted vectors.
pub fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Tuning of the signals.
#[derive(Debug, Clone, Copy)]
pub struct SignalConfig {
    /// Factor on keys only one text has, in the norm (0 ignores them, 1 counts them fully).
    pub unshared_weight: f32,
}

impl Default for SignalConfig {
    fn default() -> Self {
        SignalConfig { unshared_weight: 0.2 }
    }
}

/// Vectors of every unit of both texts, built together so that rarity and sharing are
/// judged over the pair.
#[derive(Debug, Clone)]
pub struct PairVectors {
    /// Source units.
    pub source: Vec<UnitVector>,
    /// Target units.
    pub target: Vec<UnitVector>,
    /// Keys that occur in exactly one source unit and one target unit: (source, target, weight).
    pub hapax_links: Vec<(usize, usize, f32)>,
}

/// Punctuation that translations tend to keep, by class across scripts (`;` and `；`).
fn punctuation_class(c: char) -> Option<&'static str> {
    Some(match c {
        ';' | '；' | '؛' => ";",
        ':' | '：' => ":",
        '?' | '？' | '؟' => "?",
        '!' | '！' => "!",
        '(' | '（' | '[' => "(",
        '"' | '“' | '”' | '«' | '»' | '„' | '「' | '」' | '『' | '』' => "\"",
        _ => return None,
    })
}

/// One unit's keys before weighting: what it can be matched by, and its length.
#[derive(Debug, Clone, Default)]
pub struct KeyedUnit {
    keys: Vec<(u64, KeyKind, f32)>,
    /// Length in characters, not counting white space.
    pub len: f32,
}

/// Tokenizes units and lists their keys. `concepts` is the side's lexicon, if any.
pub fn key_units(units: &[&str], concepts: Option<&dyn ConceptSource>) -> Vec<KeyedUnit> {
    units
        .iter()
        .map(|u| {
            let tokens = tokenize(u);
            let mut keys = Vec::with_capacity(tokens.len() * 3);
            for (k, t) in tokens.iter().enumerate() {
                token_keys(t, tokens.get(k + 1), concepts, &u[t.start..t.end], &mut keys);
            }
            keys.extend(
                u.chars()
                    .filter_map(punctuation_class)
                    .map(|p| (key_hash(KeyKind::Punctuation, p), KeyKind::Punctuation, 1.0)),
            );
            KeyedUnit { keys, len: u.chars().filter(|c| !c.is_whitespace()).count() as f32 }
        })
        .collect()
}

/// Builds the vectors of two texts' units. `concepts` gives each side's lexicon, when any.
pub fn pair_vectors(
    source: &[&str],
    target: &[&str],
    concepts: [Option<&dyn ConceptSource>; 2],
    config: SignalConfig,
) -> PairVectors {
    vectors_of(&key_units(source, concepts[0]), &key_units(target, concepts[1]), config)
}

/// Weights keyed units of both texts into vectors over the keys they share.
pub fn vectors_of(src_keys: &[KeyedUnit], tgt_keys: &[KeyedUnit], config: SignalConfig) -> PairVectors {
    // Document frequency of each key on each side, and the unit of its last occurrence.
    let mut df: FastMap<u64, (u32, u32, usize, usize)> = FastMap::default();
    for (side, units) in [src_keys, tgt_keys].into_iter().enumerate() {
        for (u, unit) in units.iter().enumerate() {
            let mut seen: Vec<u64> = unit.keys.iter().map(|k| k.0).collect();
            seen.sort_unstable();
            seen.dedup();
            for k in seen {
                let e = df.entry(k).or_insert((0, 0, 0, 0));
                if side == 0 {
                    e.0 += 1;
                    e.2 = u;
                } else {
                    e.1 += 1;
                    e.3 = u;
                }
            }
        }
    }
    let n_units = (src_keys.len() + tgt_keys.len()).max(1) as f32;
    let mut index: FastMap<u64, u32> = FastMap::default();
    let mut hapax_links = Vec::new();
    let mut vectorize = |units: &[KeyedUnit], side: usize| -> Vec<UnitVector> {
        units
            .iter()
            .map(|unit| {
                let mut entries: Vec<(u32, f32)> = Vec::with_capacity(unit.keys.len());
                let mut unshared_sq = 0.0;
                for &(k, kind, factor) in &unit.keys {
                    let (ds, dt, us, ut) = df[&k];
                    let idf = (1.0 + n_units / (ds + dt) as f32).ln();
                    let w = kind.weight() * factor * idf;
                    if ds > 0 && dt > 0 {
                        let next = index.len() as u32;
                        let id = *index.entry(k).or_insert(next);
                        entries.push((id, w));
                        if side == 0 && ds == 1 && dt == 1 && kind != KeyKind::Prefix {
                            hapax_links.push((us, ut, w));
                        }
                    } else {
                        unshared_sq += (w * config.unshared_weight).powi(2);
                    }
                }
                entries.sort_unstable_by_key(|e| e.0);
                entries.dedup_by(|later, first| {
                    let same = later.0 == first.0;
                    if same {
                        first.1 += later.1;
                    }
                    same
                });
                UnitVector { entries, unshared_sq, len: unit.len }
            })
            .collect()
    };
    let source = vectorize(src_keys, 0);
    let target = vectorize(tgt_keys, 1);
    hapax_links.sort_by_key(|a| (a.0, a.1));
    PairVectors { source, target, hapax_links }
}

/// Learns word translations from a first alignment (words that keep landing in the same
/// beads, by Dice coefficient with one-to-one competitive linking) and gives each learned
/// pair a shared key on both sides, as a bilingual lexicon would.
pub fn learn_translations(
    source: &mut [KeyedUnit],
    target: &mut [KeyedUnit],
    beads: &[(Range<usize>, Range<usize>)],
) -> usize {
    const MIN_COOCCURRENCE: u32 = 2;
    const MIN_DICE: f32 = 0.5;
    let words = |units: &[KeyedUnit], r: &Range<usize>| -> Vec<u64> {
        let mut w: Vec<u64> = r
            .clone()
            .flat_map(|u| units[u].keys.iter().filter(|k| matches!(k.1, KeyKind::Word | KeyKind::Bigram)).map(|k| k.0))
            .collect();
        w.sort_unstable();
        w.dedup();
        w
    };
    let mut count_s: FastMap<u64, u32> = FastMap::default();
    let mut count_t: FastMap<u64, u32> = FastMap::default();
    let mut bags: Vec<(Vec<u64>, Vec<u64>)> = beads
        .iter()
        .filter(|(s, t)| !s.is_empty() && !t.is_empty())
        .map(|(s, t)| (words(source, s), words(target, t)))
        .collect();
    for (s, t) in &bags {
        s.iter().for_each(|w| *count_s.entry(*w).or_insert(0) += 1);
        t.iter().for_each(|w| *count_t.entry(*w).or_insert(0) += 1);
    }
    // Only words seen in two beads or more can be learned.
    for (s, t) in &mut bags {
        s.retain(|w| count_s[w] >= MIN_COOCCURRENCE);
        t.retain(|w| count_t[w] >= MIN_COOCCURRENCE);
    }
    let mut joint: FastMap<(u64, u64), u32> = FastMap::default();
    for (s, t) in &bags {
        for ws in s {
            for wt in t.iter().filter(|w| *w != ws) {
                *joint.entry((*ws, *wt)).or_insert(0) += 1;
            }
        }
    }
    let mut scored: Vec<(f32, u64, u64)> = joint
        .into_iter()
        .filter(|&(_, c)| c >= MIN_COOCCURRENCE)
        .map(|((s, t), c)| (2.0 * c as f32 / (count_s[&s] + count_t[&t]) as f32, s, t))
        .filter(|&(d, _, _)| d >= MIN_DICE)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let mut links: FastMap<u64, u64> = FastMap::default();
    let mut links_t: FastMap<u64, u64> = FastMap::default();
    for (_, s, t) in scored {
        if !links.contains_key(&s) && !links_t.contains_key(&t) {
            let key = key_hash(KeyKind::Learned, &format!("{s:x}:{t:x}"));
            links.insert(s, key);
            links_t.insert(t, key);
        }
    }
    for (units, map) in [(source, &links), (target, &links_t)] {
        for unit in units.iter_mut() {
            let learned: Vec<(u64, KeyKind, f32)> =
                unit.keys.iter().filter_map(|k| map.get(&k.0).map(|&l| (l, KeyKind::Learned, 1.0))).collect();
            unit.keys.extend(learned);
        }
    }
    links.len()
}

/// Length model: the log ratio of target to source length is normal around the language
/// pair's ratio, which is estimated from pairs believed aligned.
#[derive(Debug, Clone, Copy)]
pub struct LengthModel {
    /// Expected ln(target length / source length).
    pub log_ratio: f32,
    /// Spread of that log ratio for aligned units.
    pub sigma: f32,
}

impl LengthModel {
    /// Smoothing (in characters) so that very short units do not swing the ratio.
    const SMOOTHING: f32 = 12.0;

    /// A model from whole-document totals (a first guess, before any anchor is known).
    pub fn from_totals(source: &[UnitVector], target: &[UnitVector]) -> LengthModel {
        let s: f32 = source.iter().map(|u| u.len).sum::<f32>() + Self::SMOOTHING;
        let t: f32 = target.iter().map(|u| u.len).sum::<f32>() + Self::SMOOTHING;
        LengthModel { log_ratio: (t / s).ln(), sigma: 0.35 }
    }

    /// A model from the lengths of pairs believed aligned (median ratio, robust spread).
    pub fn from_pairs(pairs: &[(f32, f32)], fallback: LengthModel) -> LengthModel {
        if pairs.len() < 5 {
            return fallback;
        }
        let mut logs: Vec<f32> = pairs.iter().map(|&(s, t)| Self::log_ratio_of(s, t)).collect();
        logs.sort_by(f32::total_cmp);
        let median = logs[logs.len() / 2];
        let mut dev: Vec<f32> = logs.iter().map(|l| (l - median).abs()).collect();
        dev.sort_by(f32::total_cmp);
        let sigma = (dev[dev.len() / 2] * 1.4826).clamp(0.12, 0.5);
        LengthModel { log_ratio: median, sigma }
    }

    fn log_ratio_of(source_len: f32, target_len: f32) -> f32 {
        ((target_len + Self::SMOOTHING) / (source_len + Self::SMOOTHING)).ln()
    }

    /// How many standard deviations the target is longer (positive) or shorter (negative)
    /// than expected for the source.
    fn deviation(&self, source_len: f32, target_len: f32) -> f32 {
        (Self::log_ratio_of(source_len, target_len) - self.log_ratio) / self.sigma
    }

    /// Log-likelihood-style score of two lengths being translations: 1 at the expected
    /// ratio, falling quadratically with the deviation in standard deviations.
    pub fn score(&self, source_len: f32, target_len: f32) -> f32 {
        let z = self.deviation(source_len, target_len);
        (1.0 - 0.5 * z * z).max(-25.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_names_link_translations() {
        let src = ["The Matterhorn (4478 m) was climbed in 1865 by Whymper.", "It rained all week."];
        let tgt = ["Il a plu toute la semaine.", "Le Cervin (4478 m) fut gravi en 1865 par Whymper."];
        let v = pair_vectors(&src, &tgt, [None, None], SignalConfig::default());
        assert!(cosine(&v, 0, 1) > 0.5, "{}", cosine(&v, 0, 1));
        assert!(cosine(&v, 0, 0) < 0.1);
        assert!(v.hapax_links.iter().any(|&(s, t, _)| (s, t) == (0, 1)));
    }

    #[test]
    fn skeletons_link_names_across_scripts() {
        let src = ["Ahmed met Putin in Moscow.", "The weather was fine."];
        let tgt = ["Погода была хорошей.", "Ахмед встретился с Путиным в Москве."];
        let v = pair_vectors(&src, &tgt, [None, None], SignalConfig::default());
        assert!(cosine(&v, 0, 1) > 0.1, "{}", cosine(&v, 0, 1));
        assert!(cosine(&v, 0, 0) < 0.05);
    }

    #[test]
    fn length_model_prefers_expected_ratio() {
        let m = LengthModel { log_ratio: (1.2f32).ln(), sigma: 0.2 };
        assert!(m.score(100.0, 120.0) > 0.99);
        assert!(m.score(100.0, 120.0) > m.score(100.0, 60.0));
        assert!(m.score(100.0, 400.0) >= -25.0);
        let fitted =
            LengthModel::from_pairs(&[(100.0, 110.0), (50.0, 56.0), (80.0, 87.0), (200.0, 221.0), (30.0, 33.0)], m);
        assert!((fitted.log_ratio.exp() - 1.1).abs() < 0.05);
    }
}
