//! The aligner: finds corresponding groups of units (sentences or paragraphs) in two texts,
//! with many-to-many beads and gaps, in time and memory near-linear in the texts' length.
//!
//! 1. Anchors: unit pairs that share rare keys (a number, a name, a lexicon concept found
//!    once on each side) and are similar; the heaviest monotone chain of them is kept.
//! 2. The length model is fitted on the anchors (the language pair's length ratio).
//! 3. Dynamic programming in a corridor around the chain scores every bead by length,
//!    shared keys and a prior on its shape; deletions and insertions have a fixed cost.

use crate::signals::{dot, ConceptSource, LengthModel, PairKeys, PairVectors, SignalConfig};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// One aligned group: source units `source` correspond to target units `target`; either
/// range may be empty (a deletion or an insertion).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bead {
    /// Source unit indices.
    pub source: Range<usize>,
    /// Target unit indices.
    pub target: Range<usize>,
    /// Lexical similarity of the two sides, 0 to 1 (0 for deletions and insertions).
    pub similarity: f32,
}

impl Bead {
    /// The bead in the ladder format of the yardsticks: `[0, 1]:[2]`.
    pub fn ladder(&self) -> String {
        let list = |r: &Range<usize>| r.clone().map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
        format!("[{}]:[{}]", list(&self.source), list(&self.target))
    }
}

/// Tuning of the aligner.
#[derive(Debug, Clone, Copy)]
pub struct AlignConfig {
    /// Largest number of units on one side of a bead (1-4 and 4-1 beads at 4).
    pub max_group: usize,
    /// Largest side of one-to-many beads in texts of at most `wide_limit` units in all
    /// (a preamble of ten paragraphs rendered as one).
    pub wide_group: usize,
    /// Texts with more units than this (both sides together) use `max_group` only.
    pub wide_limit: usize,
    /// Cost of leaving one unit without a counterpart.
    pub null_cost: f32,
    /// Weight of lexical similarity.
    pub lexical_weight: f32,
    /// Similarity expected of unrelated units; below it, similarity counts against a bead.
    pub lexical_baseline: f32,
    /// Weight of the length model.
    pub length_weight: f32,
    /// Cost of each unit beyond one on either side of a bead.
    pub merge_cost: f32,
    /// Cost of each unit in a group that matches the other side of its bead much less than
    /// the bead as a whole does.
    pub idle_member_cost: f32,
    /// A member is idle when its own similarity is below this share of the bead's (a higher
    /// share would split true one-to-many sentence beads, whose short parts match little).
    pub idle_share: f32,
    /// Least similarity for an anchor.
    pub anchor_similarity: f32,
    /// Signal settings.
    pub signals: SignalConfig,
    /// Length model to use instead of fitting one on the texts (for short texts inside a
    /// larger document whose model is known).
    pub length: Option<LengthModel>,
    /// Rounds of learning word translations from the previous alignment and aligning again.
    pub learning_rounds: usize,
    /// Weight of dense-embedding similarity (accurate mode), when an embedder is given.
    pub dense_weight: f32,
    /// Where dense similarity starts to count for a bead: this many standard deviations
    /// above the mean similarity of unrelated units, estimated on the two texts.
    pub dense_margin: f32,
}

impl Default for AlignConfig {
    fn default() -> Self {
        AlignConfig {
            max_group: 4,
            wide_group: 12,
            wide_limit: 3000,
            null_cost: 2.0,
            lexical_weight: 15.0,
            lexical_baseline: 0.08,
            length_weight: 1.0,
            merge_cost: 0.7,
            idle_member_cost: 2.0,
            idle_share: 0.01,
            anchor_similarity: 0.3,
            signals: SignalConfig::default(),
            length: None,
            learning_rounds: 2,
            dense_weight: 20.0,
            dense_margin: 1.0,
        }
    }
}

impl AlignConfig {
    /// What similarity adds to a bead's score: `lexical` similarity (None when either side
    /// has no key to match) and the `dense` similarity's excess over unrelated units (None
    /// without an encoder), each weighed as configured.
    pub fn similarity_score(&self, lexical: Option<f32>, dense: Option<f32>) -> f32 {
        lexical.map_or(0.0, |sim| self.lexical_weight * (sim - self.lexical_baseline))
            + dense.map_or(0.0, |excess| self.dense_weight * excess)
    }
}

/// An aligner with its settings and lexicons; see [`configure`].
#[derive(Clone, Copy, Default)]
pub struct Aligner<'a> {
    config: AlignConfig,
    concepts: [Option<&'a dyn ConceptSource>; 2],
    embedders: [Option<&'a dyn Embedder>; 2],
}

/// Dense embeddings of the unit groups of one side (accurate mode): for each unit `i` and
/// each length `g` up to `max_len`, the L2-normalised embedding of units `i..i + g`.
#[derive(Debug, Clone, Default)]
pub struct GroupEmbeddings {
    dim: usize,
    max_len: usize,
    units: usize,
    data: Vec<f32>,
}

impl GroupEmbeddings {
    /// Wraps `data`, laid out unit by unit, then group length 1..=`max_len`, `dim` floats
    /// each (groups running past the last unit are present and ignored).
    pub fn new(dim: usize, max_len: usize, units: usize, data: Vec<f32>) -> GroupEmbeddings {
        assert_eq!(data.len(), dim * max_len * units, "group embeddings of the wrong size");
        GroupEmbeddings { dim, max_len, units, data }
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.units
    }

    /// True when there are no units.
    pub fn is_empty(&self) -> bool {
        self.units == 0
    }

    /// Largest group length held.
    pub fn max_len(&self) -> usize {
        self.max_len
    }

    /// The embedding of units `r`, when `r` is no longer than [`GroupEmbeddings::max_len`].
    pub fn get(&self, r: &Range<usize>) -> Option<&[f32]> {
        let g = r.len();
        if g == 0 || g > self.max_len || r.end > self.units {
            return None;
        }
        let at = (r.start * self.max_len + g - 1) * self.dim;
        Some(&self.data[at..at + self.dim])
    }

    /// Cosine of the embeddings of `r` here and `t` in `other`; groups longer than
    /// `max_len` are cut into pieces whose embeddings are summed.
    fn cosine(&self, r: &Range<usize>, other: &GroupEmbeddings, t: &Range<usize>) -> f32 {
        if let (Some(a), Some(b)) = (self.get(r), other.get(t)) {
            return dense_dot(a, b);
        }
        let (a, b) = (self.sum(r), other.sum(t));
        let norm = (dense_dot(&a, &a) * dense_dot(&b, &b)).sqrt().max(1e-9);
        dense_dot(&a, &b) / norm
    }

    fn sum(&self, r: &Range<usize>) -> Vec<f32> {
        let mut out = vec![0.0; self.dim];
        let mut start = r.start;
        while start < r.end {
            let end = (start + self.max_len).min(r.end);
            if let Some(e) = self.get(&(start..end)) {
                out.iter_mut().zip(e).for_each(|(o, x)| *o += x);
            }
            start = end;
        }
        out
    }
}

/// Dot product of two dense vectors.
fn dense_dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = ca.remainder().iter().zip(cb.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    acc.iter().sum::<f32>() + tail
}

/// A source of dense sentence embeddings for the aligner's accurate mode.
pub trait Embedder {
    /// Embeddings of every group of up to `max_len` consecutive units.
    fn group_embeddings(&self, units: &[&str], max_len: usize) -> GroupEmbeddings;
}

/// Dense similarity of the units of two texts (accurate mode): both sides' group
/// embeddings and the similarity that unrelated units reach on these texts.
#[derive(Debug, Clone)]
pub struct DenseSimilarity {
    sides: [GroupEmbeddings; 2],
    level: f32,
}

impl DenseSimilarity {
    /// Wraps both sides' group embeddings; unrelated units are those below `margin`
    /// standard deviations above the mean similarity of unit pairs far from the diagonal.
    pub fn new(sides: [GroupEmbeddings; 2], margin: f32) -> Self {
        let level = unrelated_level(&sides, margin);
        DenseSimilarity { sides, level }
    }

    /// Cosine of source units `s` and target units `t`, less the unrelated level: above
    /// zero, the embeddings say the two groups are related.
    pub fn excess(&self, s: &Range<usize>, t: &Range<usize>) -> f32 {
        self.sides[0].cosine(s, &self.sides[1], t) - self.level
    }
}

/// The outcome of [`Aligner::align_until`].
#[derive(Debug, Clone)]
pub struct Alignment {
    /// Beads in document order, covering every unit of both sides exactly once.
    pub beads: Vec<Bead>,
    /// The unit vectors the last round used (learned translations included), for scoring
    /// other pairings of the same units.
    pub vectors: PairVectors,
    /// Dense similarity of the units, when the aligner had embedders.
    pub dense: Option<DenseSimilarity>,
    /// False when learning rounds were skipped because time ran out.
    pub complete: bool,
}

/// Longest group embedded whole; longer groups sum the embeddings of their pieces.
pub const DENSE_GROUP: usize = 4;

/// Starts an aligner with default settings.
pub fn configure<'a>() -> Aligner<'a> {
    Aligner::default()
}

/// Aligns two lists of units with default settings.
pub fn align(source: &[&str], target: &[&str]) -> Vec<Bead> {
    configure().align(source, target)
}

impl<'a> Aligner<'a> {
    /// Replaces the settings.
    pub fn config(mut self, config: AlignConfig) -> Self {
        self.config = config;
        self
    }

    /// The settings in use.
    pub fn settings(&self) -> AlignConfig {
        self.config
    }

    /// Uses bilingual lexicons (each side's words to shared concept ids).
    pub fn lexicons(mut self, source: Option<&'a dyn ConceptSource>, target: Option<&'a dyn ConceptSource>) -> Self {
        self.concepts = [source, target];
        self
    }

    /// Adds dense embeddings of each side's units to the similarity of beads (accurate
    /// mode); used only when both are given.
    pub fn embedders(mut self, source: Option<&'a dyn Embedder>, target: Option<&'a dyn Embedder>) -> Self {
        self.embedders = [source, target];
        self
    }

    /// Aligns `source` units with `target` units. Beads come in document order and cover
    /// every unit of both sides exactly once.
    pub fn align(&self, source: &[&str], target: &[&str]) -> Vec<Bead> {
        self.align_with_vectors(source, target).0
    }

    /// Like [`Aligner::align`], and also returns the unit vectors the last round used
    /// (learned translations included), for scoring other pairings of the same units.
    pub fn align_with_vectors(&self, source: &[&str], target: &[&str]) -> (Vec<Bead>, PairVectors) {
        let alignment = self.align_until(source, target, &|| false);
        (alignment.beads, alignment.vectors)
    }

    /// Like [`Aligner::align_with_vectors`], but skips the learning rounds left once
    /// `stop()` says so, and also returns the dense similarity used.
    pub fn align_until(&self, source: &[&str], target: &[&str], stop: &dyn Fn() -> bool) -> Alignment {
        let mut keys = PairKeys::new(source, target, self.concepts);
        let mut vectors = keys.vectors(self.config.signals);
        let dense = match self.embedders {
            [Some(s), Some(t)] => Some(DenseSimilarity::new(
                [s.group_embeddings(source, DENSE_GROUP), t.group_embeddings(target, DENSE_GROUP)],
                self.config.dense_margin,
            )),
            _ => None,
        };
        let mut beads = align_vectors(&vectors, &self.config, dense.as_ref());
        for _ in 0..self.config.learning_rounds {
            if stop() {
                return Alignment { beads, vectors, dense, complete: false };
            }
            let ranges: Vec<_> = beads.iter().map(|b| (b.source.clone(), b.target.clone())).collect();
            if keys.learn_translations(&ranges) == 0 {
                break;
            }
            // The previous round's vectors go before the next ones are built.
            drop(vectors);
            vectors = keys.vectors(self.config.signals);
            beads = align_vectors(&vectors, &self.config, dense.as_ref());
        }
        Alignment { beads, vectors, dense, complete: true }
    }
}

/// Aligns prepared unit vectors, with the units' dense similarity when given.
fn align_vectors(v: &PairVectors, config: &AlignConfig, dense: Option<&DenseSimilarity>) -> Vec<Bead> {
    let (n, m) = (v.source.len(), v.target.len());
    if n == 0 || m == 0 {
        return (0..n)
            .map(|i| Bead { source: i..i + 1, target: 0..0, similarity: 0.0 })
            .chain((0..m).map(|j| Bead { source: 0..0, target: j..j + 1, similarity: 0.0 }))
            .collect();
    }
    let wide = AlignConfig { max_group: config.max_group.max(config.wide_group), ..*config };
    let config = if n + m <= config.wide_limit { &wide } else { config };
    let scorer = Scorer::new(v, config, dense);
    let chain = anchor_chain(v, &scorer, config);
    let lengths: Vec<(f32, f32)> = chain.iter().map(|&(s, t)| (v.source[s].len, v.target[t].len)).collect();
    let model = config
        .length
        .unwrap_or_else(|| LengthModel::from_pairs(&lengths, LengthModel::from_totals(&v.source, &v.target)));
    let corridor = Corridor::around_anchors(&chain, n, m, config.max_group);
    let scorer = scorer.with_length(model);
    run_dp(&scorer, &corridor, config)
}

/// Bead shapes tried by the search: (source units, target units).
fn shapes(max_group: usize) -> Vec<(usize, usize)> {
    let mut out = vec![(1, 0), (0, 1)];
    for k in 1..=max_group {
        out.push((1, k));
        if k > 1 {
            out.push((k, 1));
        }
    }
    out.extend([(2, 2), (2, 3), (3, 2)].into_iter().filter(|&(a, b)| a.max(b) <= max_group));
    out
}

/// Scores candidate beads from unit vectors, with caches of the dot products needed.
struct Scorer<'v> {
    v: &'v PairVectors,
    config: AlignConfig,
    length: LengthModel,
    source_norm: Vec<f32>,
    target_norm: Vec<f32>,
    /// Dot products of each source unit with the next `max_group - 1` source units
    /// (`max_group` slots a unit, slot 0 unused).
    source_next: Vec<f32>,
    target_next: Vec<f32>,
    /// Dense similarity of unit groups (accurate mode).
    dense: Option<&'v DenseSimilarity>,
}

impl<'v> Scorer<'v> {
    fn new(v: &'v PairVectors, config: &AlignConfig, dense: Option<&'v DenseSimilarity>) -> Self {
        let g = config.max_group;
        let next = |units: &[crate::signals::UnitVector]| -> Vec<f32> {
            let mut d = vec![0.0; units.len() * g];
            for p in 0..units.len() {
                for k in 1..g {
                    if let Some(u) = units.get(p + k) {
                        d[p * g + k] = dot(&units[p].entries, &u.entries);
                    }
                }
            }
            d
        };
        Scorer {
            v,
            config: *config,
            length: LengthModel::from_totals(&v.source, &v.target),
            source_norm: v.source.iter().map(|u| u.norm_sq()).collect(),
            target_norm: v.target.iter().map(|u| u.norm_sq()).collect(),
            source_next: next(&v.source),
            target_next: next(&v.target),
            dense,
        }
    }

    fn with_length(mut self, length: LengthModel) -> Self {
        self.length = length;
        self
    }

    fn group_norm_sq(&self, norm: &[f32], next: &[f32], r: Range<usize>) -> f32 {
        let g = self.config.max_group;
        let mut total = 0.0;
        for p in r.clone() {
            total += norm[p];
            for q in p + 1..r.end {
                total += 2.0 * next[p * g + q - p];
            }
        }
        total
    }

    /// Cosine similarity of two unit groups, or `None` when either has no shared key.
    fn similarity(&self, s: Range<usize>, t: Range<usize>, cross: &impl Fn(usize, usize) -> f32) -> Option<f32> {
        let has_keys =
            |units: &[crate::signals::UnitVector], r: &Range<usize>| r.clone().any(|p| !units[p].entries.is_empty());
        if !has_keys(&self.v.source, &s) || !has_keys(&self.v.target, &t) {
            return None;
        }
        let mut d = 0.0;
        for p in s.clone() {
            for q in t.clone() {
                d += cross(p, q);
            }
        }
        let ns = self.group_norm_sq(&self.source_norm, &self.source_next, s);
        let nt = self.group_norm_sq(&self.target_norm, &self.target_next, t);
        Some((d / (ns * nt).sqrt().max(1e-9)).clamp(0.0, 1.0))
    }

    /// Score of aligning source units `s` with target units `t` (both non-empty).
    fn bead_score(&self, s: Range<usize>, t: Range<usize>, cross: impl Fn(usize, usize) -> f32) -> (f32, f32) {
        let c = &self.config;
        let ls: f32 = s.clone().map(|p| self.v.source[p].len).sum();
        let lt: f32 = t.clone().map(|q| self.v.target[q].len).sum();
        let extra = (s.len() + t.len() - 2) as f32;
        let sim = self.similarity(s.clone(), t.clone(), &cross);
        let idle = sim.map_or(0, |sim| self.idle_members(s.clone(), t.clone(), sim, &cross));
        let similarity = c.similarity_score(sim, self.dense.map(|d| d.excess(&s, &t)));
        let score = c.length_weight * self.length.score(ls, lt) + similarity
            - c.merge_cost * extra
            - c.idle_member_cost * idle as f32;
        (score, sim.unwrap_or(0.0))
    }

    /// Members of a group (on a side with several units) that have keys to match but match
    /// little on the other side, compared with the bead as a whole: a unit without
    /// counterpart absorbed into a bead.
    fn idle_members(&self, s: Range<usize>, t: Range<usize>, sim: f32, cross: &impl Fn(usize, usize) -> f32) -> usize {
        let c = &self.config;
        let idle = |own: &Range<usize>, other: &Range<usize>, is_source: bool| {
            if own.len() < 2 {
                return 0;
            }
            let (units, norms, other_norm) = if is_source {
                (
                    &self.v.source,
                    &self.source_norm,
                    self.group_norm_sq(&self.target_norm, &self.target_next, other.clone()),
                )
            } else {
                (
                    &self.v.target,
                    &self.target_norm,
                    self.group_norm_sq(&self.source_norm, &self.source_next, other.clone()),
                )
            };
            own.clone()
                .filter(|&u| !units[u].entries.is_empty())
                .filter(|&u| {
                    let d: f32 = other.clone().map(|o| if is_source { cross(u, o) } else { cross(o, u) }).sum();
                    let alone = d / (norms[u] * other_norm).sqrt().max(1e-9);
                    alone < c.idle_share * sim
                })
                .count()
        };
        idle(&s, &t, true) + idle(&t, &s, false)
    }

    fn null_score(&self, len: f32) -> f32 {
        if len == 0.0 {
            0.0
        } else {
            -self.config.null_cost
        }
    }
}

/// Dense similarity that unrelated units reach: the mean over unit pairs far from the
/// diagonal plus `margin` standard deviations.
fn unrelated_level(d: &[GroupEmbeddings; 2], margin: f32) -> f32 {
    let (n, m) = (d[0].len(), d[1].len());
    if n == 0 || m == 0 {
        return 0.0;
    }
    let samples = 2000.min(n * m);
    let mut values = Vec::with_capacity(samples);
    for k in 0..samples {
        let i = k * 7919 % n;
        let j = (i * m / n + m / 2 + k * 31) % m;
        values.push(d[0].cosine(&(i..i + 1), &d[1], &(j..j + 1)));
    }
    let mean = values.iter().sum::<f32>() / samples as f32;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / samples as f32;
    mean + margin * var.sqrt()
}

/// Heaviest monotone chain of anchor candidates: unit pairs linked by a rare shared key
/// and similar enough.
fn anchor_chain(v: &PairVectors, scorer: &Scorer, config: &AlignConfig) -> Vec<(usize, usize)> {
    let mut candidates: Vec<(usize, usize, f32)> = Vec::new();
    for &(s, t, _) in &v.hapax_links {
        if candidates.last().is_some_and(|&(ls, lt, _)| (ls, lt) == (s, t)) {
            continue;
        }
        let sim = scorer
            .similarity(s..s + 1, t..t + 1, &|p, q| dot(&v.source[p].entries, &v.target[q].entries))
            .unwrap_or(0.0);
        if sim >= config.anchor_similarity {
            candidates.push((s, t, sim));
        }
    }
    heaviest_chain(&candidates)
}

/// Weighted longest increasing subsequence in both coordinates, O(k log k).
fn heaviest_chain(candidates: &[(usize, usize, f32)]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    // By source ascending, target descending, so that one source unit is used at most once.
    order.sort_by(|&a, &b| candidates[a].0.cmp(&candidates[b].0).then(candidates[b].1.cmp(&candidates[a].1)));
    let size = candidates.iter().map(|c| c.1 + 2).max().unwrap_or(1);
    // Fenwick tree over target positions holding the best (weight, candidate) ending below.
    let mut tree: Vec<(f32, usize)> = vec![(0.0, usize::MAX); size + 1];
    let mut best: Vec<(f32, usize)> = vec![(0.0, usize::MAX); candidates.len()];
    for &k in &order {
        let (_, t, w) = candidates[k];
        let mut i = t; // prefix over targets < t
        let mut prev = (0.0, usize::MAX);
        while i > 0 {
            if tree[i].0 > prev.0 {
                prev = tree[i];
            }
            i &= i - 1;
        }
        best[k] = (prev.0 + w, prev.1);
        let mut i = t + 1;
        while i <= size {
            if best[k].0 > tree[i].0 {
                tree[i] = (best[k].0, k);
            }
            i += i & i.wrapping_neg();
        }
    }
    let mut end = (0..candidates.len()).max_by(|&a, &b| best[a].0.total_cmp(&best[b].0));
    let mut chain = Vec::new();
    while let Some(k) = end {
        chain.push((candidates[k].0, candidates[k].1));
        end = (best[k].1 != usize::MAX).then_some(best[k].1);
    }
    chain.reverse();
    chain
}

/// The cells of the search: for each source position `i` (0..=n), target positions
/// `lo[i]..=hi[i]`.
struct Corridor {
    lo: Vec<usize>,
    hi: Vec<usize>,
    offset: Vec<usize>,
}

impl Corridor {
    /// Segments between consecutive anchors are searched whole when small, else in a band
    /// around their diagonal.
    fn around_anchors(chain: &[(usize, usize)], n: usize, m: usize, max_group: usize) -> Corridor {
        const FULL_SEGMENT_CELLS: usize = 250_000;
        let margin = 2 * max_group + 2;
        let mut points = vec![(0usize, 0usize)];
        points.extend(chain.iter().map(|&(s, t)| (s, t)));
        points.push((n, m));
        let mut lo = vec![usize::MAX; n + 1];
        let mut hi = vec![0usize; n + 1];
        for w in points.windows(2) {
            let ((s0, t0), (s1, t1)) = (w[0], w[1]);
            let (ds, dt) = (s1 - s0, t1.saturating_sub(t0));
            let full = (ds + 1) * (dt + 1) <= FULL_SEGMENT_CELLS;
            let half = (ds.abs_diff(dt) / 2 + 100).max(margin);
            for i in s0..=s1.min(n) {
                let (a, b) = if full {
                    (t0.saturating_sub(margin), t1 + margin + 1)
                } else {
                    let centre = t0 + (i - s0) * dt / ds.max(1);
                    (centre.saturating_sub(half), centre + half)
                };
                lo[i] = lo[i].min(a);
                hi[i] = hi[i].max(b.min(m));
            }
        }
        // Monotone, inside the grid, and reaching both corners.
        for i in 1..=n {
            lo[i] = lo[i].max(lo[i - 1]);
        }
        for i in (0..n).rev() {
            hi[i] = hi[i].min(hi[i + 1]);
        }
        lo[0] = 0;
        hi[n] = m;
        for i in 0..=n {
            hi[i] = hi[i].max(lo[i]).min(m);
            lo[i] = lo[i].min(hi[i]);
        }
        let mut offset = Vec::with_capacity(n + 2);
        let mut total = 0;
        for i in 0..=n {
            offset.push(total);
            total += hi[i] - lo[i] + 1;
        }
        offset.push(total);
        Corridor { lo, hi, offset }
    }

    fn cell(&self, i: usize, j: usize) -> Option<usize> {
        (j >= self.lo[i] && j <= self.hi[i]).then(|| self.offset[i] + j - self.lo[i])
    }

    fn cells(&self) -> usize {
        *self.offset.last().unwrap_or(&0)
    }
}

/// Dot products of source unit `p` with the target units its beads can reach.
struct CrossDots {
    start: Vec<usize>,
    rows: Vec<Vec<f32>>,
}

impl CrossDots {
    fn new(v: &PairVectors, corridor: &Corridor, max_group: usize) -> CrossDots {
        let n = v.source.len();
        let mut start = Vec::with_capacity(n);
        let mut rows = Vec::with_capacity(n);
        for p in 0..n {
            let a = corridor.lo[p].saturating_sub(max_group);
            let b = corridor.hi[(p + max_group).min(n)].min(v.target.len());
            start.push(a);
            rows.push((a..b).map(|q| dot(&v.source[p].entries, &v.target[q].entries)).collect());
        }
        CrossDots { start, rows }
    }

    fn get(&self, p: usize, q: usize) -> f32 {
        q.checked_sub(self.start[p]).and_then(|k| self.rows[p].get(k)).copied().unwrap_or(0.0)
    }
}

fn run_dp(scorer: &Scorer, corridor: &Corridor, config: &AlignConfig) -> Vec<Bead> {
    let v = scorer.v;
    let (n, m) = (v.source.len(), v.target.len());
    let shapes = shapes(config.max_group);
    let cross = CrossDots::new(v, corridor, config.max_group);
    let cells = corridor.cells();
    let mut score = vec![f32::NEG_INFINITY; cells];
    let mut back = vec![u8::MAX; cells];
    score[0] = 0.0;
    for i in 0..=n {
        for j in corridor.lo[i]..=corridor.hi[i] {
            if i == 0 && j == 0 {
                continue;
            }
            let mut best = (f32::NEG_INFINITY, u8::MAX);
            for (k, &(a, b)) in shapes.iter().enumerate() {
                if a > i || b > j {
                    continue;
                }
                let Some(prev) = corridor.cell(i - a, j - b) else { continue };
                let base = score[prev];
                if base == f32::NEG_INFINITY {
                    continue;
                }
                let s = match (a, b) {
                    (1, 0) => scorer.null_score(v.source[i - 1].len),
                    (0, 1) => scorer.null_score(v.target[j - 1].len),
                    _ => scorer.bead_score(i - a..i, j - b..j, |p, q| cross.get(p, q)).0,
                };
                if base + s > best.0 {
                    best = (base + s, k as u8);
                }
            }
            if let Some(c) = corridor.cell(i, j) {
                score[c] = best.0;
                back[c] = best.1;
            }
        }
    }
    let mut beads = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let Some(c) = corridor.cell(i, j) else { break };
        let Some(&(a, b)) = shapes.get(back[c] as usize) else { break };
        let similarity =
            if a > 0 && b > 0 { scorer.bead_score(i - a..i, j - b..j, |p, q| cross.get(p, q)).1 } else { 0.0 };
        beads.push(Bead { source: i - a..i, target: j - b..j, similarity });
        i -= a;
        j -= b;
    }
    beads.reverse();
    beads
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ladder(beads: &[Bead]) -> Vec<String> {
        beads.iter().map(Bead::ladder).collect()
    }

    #[test]
    fn identical_texts_align_one_to_one() {
        let units = ["First line 1.", "Second line with more words 2.", "Third 3.", "Fourth and last 4."];
        assert_eq!(ladder(&align(&units, &units)), ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]"]);
    }

    #[test]
    fn dropped_unit_becomes_a_deletion() {
        let src = ["Alpha 1901 Zermatt.", "Beta 1902 Grindelwald.", "Gamma 1903 Saas.", "Delta 1904 Arolla."];
        let tgt = ["Alpha 1901 Zermatt.", "Gamma 1903 Saas.", "Delta 1904 Arolla, Grindelwald."];
        assert_eq!(ladder(&align(&src, &tgt)), ["[0]:[0]", "[1]:[]", "[2]:[1]", "[3]:[2]"]);
    }

    #[test]
    fn split_sentence_becomes_one_to_two() {
        let src = [
            "In 1865 Whymper reached the Matterhorn summit with six companions, and four died on the descent.",
            "The rope broke 1866.",
        ];
        let tgt = [
            "En 1865 Whymper atteignit le sommet du Matterhorn avec six compagnons.",
            "Quatre moururent à la descente.",
            "La corde cassa 1866.",
        ];
        assert_eq!(ladder(&align(&src, &tgt)), ["[0]:[0, 1]", "[1]:[2]"]);
    }

    #[test]
    fn empty_sides() {
        assert_eq!(ladder(&align(&[], &["a"])), ["[]:[0]"]);
        assert_eq!(ladder(&align(&["a", "b"], &[])), ["[0]:[]", "[1]:[]"]);
        assert!(align(&[], &[]).is_empty());
    }

    #[test]
    fn heaviest_chain_skips_crossing_candidates() {
        let chain = heaviest_chain(&[(0, 0, 1.0), (1, 5, 0.5), (2, 2, 1.0), (3, 3, 1.0), (4, 1, 0.4)]);
        assert_eq!(chain, [(0, 0), (2, 2), (3, 3)]);
    }
}
