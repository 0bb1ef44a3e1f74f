//! Accurate mode: the sentence encoder ([`crate::encoder`]) as the aligner's source of
//! dense similarity. Every sentence of a comparison is encoded once; a paragraph's features
//! are the sum of its sentences' pooled features, and a group of paragraphs or sentences is
//! embedded from the sum of its members' ([`Encoder::embed_pooled`]), so neither paragraph
//! nor sentence alignment encodes a token twice.

use crate::align::{Embedder, GroupEmbeddings};
use crate::encoder::{Encoder, Pooled, DIM};
use crate::segment;
use std::cell::RefCell;
use std::collections::HashMap;

/// Languages the encoder was trained on (ISO 639-3 codes, as [`crate::detect_language`]
/// gives them). Texts in other languages are aligned without it.
pub const LANGUAGES: &[&str] =
    &["ara", "cmn", "deu", "eng", "fra", "ita", "jpn", "kor", "nld", "pol", "por", "rus", "spa", "tha", "tur"];

/// Largest side, in bytes, that accurate mode encodes: beyond it encoding would take much
/// longer than the rest of the comparison, and the lexical engine alone is used.
pub const MAX_BYTES: usize = 128 << 10;

/// Whether the encoder knows the language `lang`.
pub fn supports(lang: &str) -> bool {
    LANGUAGES.contains(&lang)
}

/// The pooled features of every sentence met in one comparison, by sentence text.
pub struct SentenceCache<'e> {
    encoder: &'e Encoder,
    pooled: RefCell<HashMap<String, Pooled>>,
}

impl<'e> SentenceCache<'e> {
    /// An empty cache over `encoder`.
    pub fn new(encoder: &'e Encoder) -> Self {
        SentenceCache { encoder, pooled: RefCell::new(HashMap::new()) }
    }

    /// The embedder of one side, whose units are split into sentences of language `lang`.
    pub fn side(&self, lang: &str) -> SideEmbedder<'_, 'e> {
        SideEmbedder { cache: self, lang: lang.to_string() }
    }

    /// Pooled features of each unit: the sum over its sentences.
    fn units(&self, units: &[&str], lang: &str) -> Vec<Pooled> {
        let sentences: Vec<Vec<&str>> = units
            .iter()
            .map(|u| {
                let parts: Vec<&str> = segment::sentences(u, lang).iter().map(|b| b.slice(u)).collect();
                if parts.is_empty() {
                    vec![*u]
                } else {
                    parts
                }
            })
            .collect();
        let mut cache = self.pooled.borrow_mut();
        let mut missing: Vec<&str> = sentences.iter().flatten().copied().filter(|s| !cache.contains_key(*s)).collect();
        missing.sort_unstable();
        missing.dedup();
        for (text, pooled) in missing.iter().zip(self.encoder.pool(&missing)) {
            cache.insert(text.to_string(), pooled);
        }
        sentences.iter().map(|parts| Pooled::concat(parts.iter().map(|p| &cache[*p]))).collect()
    }
}

/// One side of a comparison as seen by the aligner: see [`SentenceCache::side`].
pub struct SideEmbedder<'c, 'e> {
    cache: &'c SentenceCache<'e>,
    lang: String,
}

impl Embedder for SideEmbedder<'_, '_> {
    fn group_embeddings(&self, units: &[&str], max_len: usize) -> GroupEmbeddings {
        let pooled = self.cache.units(units, &self.lang);
        let n = pooled.len();
        let refs: Vec<&Pooled> = pooled.iter().collect();
        let groups: Vec<&[&Pooled]> =
            (0..n).flat_map(|i| (1..=max_len).map(move |g| (i, g))).map(|(i, g)| &refs[i..(i + g).min(n)]).collect();
        let embedded = self.cache.encoder.embed_pooled_many(groups);
        GroupEmbeddings::new(DIM, max_len, n, embedded.into_iter().flatten().collect())
    }
}
