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

/// Key ids: each distinct key hash of the two texts gets a dense number.
#[derive(Debug, Clone, Default)]
struct KeyTable {
    ids: FastMap<u64, u32>,
    /// The hash of each id.
    hashes: Vec<u64>,
}

impl KeyTable {
    /// Ids stay below this, leaving the top bits of a [`Key`] to its kind.
    const LIMIT: usize = 1 << Key::KIND_SHIFT;

    /// The id of `hash`, given it when new.
    fn id(&mut self, hash: u64) -> u32 {
        let next = self.hashes.len() as u32;
        *self.ids.entry(hash).or_insert_with(|| {
            assert!(self.hashes.len() < Self::LIMIT, "more distinct keys than a Key holds");
            self.hashes.push(hash);
            next
        })
    }

    fn len(&self) -> usize {
        self.hashes.len()
    }
}

/// One occurrence of a key in a unit: its id in the [`KeyTable`] with its kind in the top
/// bits, and the factor on its weight (a word's share among its senses).
#[derive(Debug, Clone, Copy)]
struct Key {
    code: u32,
    factor: f32,
}

impl Key {
    const KIND_SHIFT: u32 = 29;
    const KINDS: [KeyKind; 8] = [
        KeyKind::Number,
        KeyKind::Word,
        KeyKind::Prefix,
        KeyKind::Skeleton,
        KeyKind::Concept,
        KeyKind::Bigram,
        KeyKind::Learned,
        KeyKind::Punctuation,
    ];

    fn new(id: u32, kind: KeyKind, factor: f32) -> Key {
        Key { code: id | (kind as u32) << Self::KIND_SHIFT, factor }
    }

    fn id(self) -> u32 {
        self.code & ((1 << Self::KIND_SHIFT) - 1)
    }

    fn kind(self) -> KeyKind {
        Self::KINDS[(self.code >> Self::KIND_SHIFT) as usize]
    }
}

/// One unit's keys before weighting: what it can be matched by, and its length.
#[derive(Debug, Clone, Default)]
pub struct KeyedUnit {
    keys: Vec<Key>,
    /// Length in characters, not counting white space.
    pub len: f32,
}

/// The units of two texts as keys, over one table of key ids: what the vectors are built
/// from, and what learned translations are added to.
#[derive(Debug, Clone)]
pub struct PairKeys {
    table: KeyTable,
    /// Source units.
    pub source: Vec<KeyedUnit>,
    /// Target units.
    pub target: Vec<KeyedUnit>,
}

impl PairKeys {
    /// Tokenizes the units of both texts and lists their keys. `concepts` gives each side's
    /// lexicon, when any.
    pub fn new(source: &[&str], target: &[&str], concepts: [Option<&dyn ConceptSource>; 2]) -> PairKeys {
        let mut table = KeyTable::default();
        let source = key_units(source, concepts[0], &mut table);
        let target = key_units(target, concepts[1], &mut table);
        PairKeys { table, source, target }
    }

    /// Weights the keyed units of both texts into vectors over the keys they share.
    pub fn vectors(&self, config: SignalConfig) -> PairVectors {
        vectors_of(&self.source, &self.target, self.table.len(), config)
    }
}

/// Tokenizes units and lists their keys, numbered in `table`. `concepts` is the side's
/// lexicon, if any.
fn key_units(units: &[&str], concepts: Option<&dyn ConceptSource>, table: &mut KeyTable) -> Vec<KeyedUnit> {
    let mut found = Vec::new();
    units
        .iter()
        .map(|u| {
            let tokens = tokenize(u);
            found.clear();
            for (k, t) in tokens.iter().enumerate() {
                token_keys(t, tokens.get(k + 1), concepts, &u[t.start..t.end], &mut found);
            }
            found.extend(
                u.chars()
                    .filter_map(punctuation_class)
                    .map(|p| (key_hash(KeyKind::Punctuation, p), KeyKind::Punctuation, 1.0)),
            );
            // Kept for the whole alignment: compact, without spare capacity.
            let keys = found.iter().map(|&(hash, kind, factor)| Key::new(table.id(hash), kind, factor)).collect();
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
    PairKeys::new(source, target, concepts).vectors(config)
}

/// Weights keyed units of both texts, whose key ids are below `ids`, into vectors over the
/// keys they share.
fn vectors_of(src_keys: &[KeyedUnit], tgt_keys: &[KeyedUnit], ids: usize, config: SignalConfig) -> PairVectors {
    // Document frequency of each key on each side, and the unit of its last occurrence.
    let mut df: Vec<(u32, u32, u32, u32)> = vec![(0, 0, 0, 0); ids];
    let mut seen: Vec<u32> = Vec::new();
    for (side, units) in [src_keys, tgt_keys].into_iter().enumerate() {
        for (u, unit) in units.iter().enumerate() {
            seen.clear();
            seen.extend(unit.keys.iter().map(|k| k.id()));
            seen.sort_unstable();
            seen.dedup();
            for &k in &seen {
                let e = &mut df[k as usize];
                if side == 0 {
                    e.0 += 1;
                    e.2 = u as u32;
                } else {
                    e.1 += 1;
                    e.3 = u as u32;
                }
            }
        }
    }
    let n_units = (src_keys.len() + tgt_keys.len()).max(1) as f32;
    // The vectors' dimensions: shared keys, numbered in order of first occurrence.
    let mut index: Vec<u32> = vec![u32::MAX; ids];
    let mut dimensions = 0;
    let mut hapax_links = Vec::new();
    let mut vectorize = |units: &[KeyedUnit], side: usize| -> Vec<UnitVector> {
        units
            .iter()
            .map(|unit| {
                let mut entries: Vec<(u32, f32)> = Vec::with_capacity(unit.keys.len());
                let mut unshared_sq = 0.0;
                for &key in &unit.keys {
                    let (k, kind) = (key.id() as usize, key.kind());
                    let (ds, dt, us, ut) = df[k];
                    let idf = (1.0 + n_units / (ds + dt) as f32).ln();
                    let w = kind.weight() * key.factor * idf;
                    if ds > 0 && dt > 0 {
                        if index[k] == u32::MAX {
                            index[k] = dimensions;
                            dimensions += 1;
                        }
                        entries.push((index[k], w));
                        if side == 0 && ds == 1 && dt == 1 && kind != KeyKind::Prefix {
                            hapax_links.push((us as usize, ut as usize, w));
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
                entries.shrink_to_fit();
                UnitVector { entries, unshared_sq, len: unit.len }
            })
            .collect()
    };
    let source = vectorize(src_keys, 0);
    let target = vectorize(tgt_keys, 1);
    hapax_links.sort_by_key(|a| (a.0, a.1));
    PairVectors { source, target, hapax_links }
}

/// The word and bigram keys of one side of every aligned bead, by key id.
struct Bags {
    /// Bag `b` is `words[offsets[b]..offsets[b + 1]]`, each word once.
    offsets: Vec<u32>,
    words: Vec<u32>,
    /// Number of bags each key id is in.
    counts: Vec<u32>,
}

impl Bags {
    fn new<'r>(units: &[KeyedUnit], ranges: impl Iterator<Item = &'r Range<usize>>, ids: usize) -> Bags {
        let (mut offsets, mut words) = (vec![0], Vec::new());
        let mut counts = vec![0; ids];
        for r in ranges {
            let start = words.len();
            words.extend(r.clone().flat_map(|u| {
                units[u].keys.iter().filter(|k| matches!(k.kind(), KeyKind::Word | KeyKind::Bigram)).map(|k| k.id())
            }));
            words[start..].sort_unstable();
            let mut end = start;
            for k in start..words.len() {
                if k == start || words[k] != words[end - 1] {
                    words[end] = words[k];
                    end += 1;
                }
            }
            words.truncate(end);
            for &w in &words[start..] {
                counts[w as usize] += 1;
            }
            offsets.push(words.len() as u32);
        }
        Bags { offsets, words, counts }
    }

    fn bag(&self, b: usize) -> &[u32] {
        &self.words[self.offsets[b] as usize..self.offsets[b + 1] as usize]
    }

    /// For each key id, the bags it is in: `(start, bags)`, key `w`'s bags being
    /// `bags[start[w]..start[w + 1]]`.
    fn postings(&self) -> (Vec<u32>, Vec<u32>) {
        let mut start = Vec::with_capacity(self.counts.len() + 1);
        let mut total = 0;
        for &c in &self.counts {
            start.push(total);
            total += c;
        }
        start.push(total);
        let mut fill = start.clone();
        let mut bags = vec![0; total as usize];
        for b in 0..self.offsets.len() - 1 {
            for &w in self.bag(b) {
                bags[fill[w as usize] as usize] = b as u32;
                fill[w as usize] += 1;
            }
        }
        (start, bags)
    }
}

impl PairKeys {
    /// Learns word translations from an alignment (words that keep landing in the same
    /// beads, by Dice coefficient with one-to-one competitive linking) and gives each
    /// learned pair a shared key on both sides, as a bilingual lexicon would. Keys learned
    /// by an earlier call are replaced. Returns the number of pairs learned.
    pub fn learn_translations(&mut self, beads: &[(Range<usize>, Range<usize>)]) -> usize {
        const MIN_COOCCURRENCE: u32 = 2;
        const MIN_DICE: f32 = 0.5;
        for unit in self.source.iter_mut().chain(self.target.iter_mut()) {
            unit.keys.retain(|k| k.kind() != KeyKind::Learned);
        }
        let ids = self.table.len();
        let aligned = || beads.iter().filter(|(s, t)| !s.is_empty() && !t.is_empty());
        let src = Bags::new(&self.source, aligned().map(|(s, _)| s), ids);
        let tgt = Bags::new(&self.target, aligned().map(|(_, t)| t), ids);
        // Co-occurrences one source word at a time, over the beads it is in; only words seen
        // in two beads or more can be learned.
        let (start, postings) = src.postings();
        let mut tally = vec![0u32; ids];
        let mut touched: Vec<u32> = Vec::new();
        let mut scored: Vec<(f32, u64, u64)> = Vec::new();
        for (w, &count_s) in src.counts.iter().enumerate() {
            if count_s < MIN_COOCCURRENCE {
                continue;
            }
            for &b in &postings[start[w] as usize..start[w + 1] as usize] {
                for &v in tgt.bag(b as usize) {
                    if tgt.counts[v as usize] >= MIN_COOCCURRENCE && v as usize != w {
                        if tally[v as usize] == 0 {
                            touched.push(v);
                        }
                        tally[v as usize] += 1;
                    }
                }
            }
            for v in touched.drain(..) {
                let c = std::mem::take(&mut tally[v as usize]);
                let dice = 2.0 * c as f32 / (count_s + tgt.counts[v as usize]) as f32;
                if c >= MIN_COOCCURRENCE && dice >= MIN_DICE {
                    scored.push((dice, self.table.hashes[w], self.table.hashes[v as usize]));
                }
            }
        }
        drop((src, tgt, start, postings, tally));
        // By Dice, ties by key hash: the order does not depend on how ids were given.
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        let mut links: FastMap<u32, u32> = FastMap::default();
        let mut links_t: FastMap<u32, u32> = FastMap::default();
        for (_, s, t) in scored {
            let (s_id, t_id) = (self.table.id(s), self.table.id(t));
            if !links.contains_key(&s_id) && !links_t.contains_key(&t_id) {
                let key = self.table.id(key_hash(KeyKind::Learned, &format!("{s:x}:{t:x}")));
                links.insert(s_id, key);
                links_t.insert(t_id, key);
            }
        }
        for (units, map) in [(&mut self.source, &links), (&mut self.target, &links_t)] {
            for unit in units.iter_mut() {
                let learned: Vec<Key> = unit
                    .keys
                    .iter()
                    .filter_map(|k| map.get(&k.id()).map(|&l| Key::new(l, KeyKind::Learned, 1.0)))
                    .collect();
                unit.keys.reserve_exact(learned.len());
                unit.keys.extend(learned);
            }
        }
        links.len()
    }
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
