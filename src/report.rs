//! The comparison report: plain serde data, the same for the CLI, the library and the page.
//!
//! The JSON shape is versioned by [`REPORT_VERSION`]; `source.paragraphs[].status`,
//! `target.paragraphs[].status` and `pairs[].source/target/flags[].kind` follow the
//! yardstick format described in the README.

use serde::{Deserialize, Serialize};

/// Version of the report's JSON shape; bumped on any incompatible change.
pub const REPORT_VERSION: u32 = 1;

/// What became of one paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Has a counterpart on the other side, in order.
    Matched,
    /// Source content with no counterpart in the target.
    Dropped,
    /// Target content with no counterpart in the source.
    Added,
    /// Has a counterpart, but out of order.
    Moved,
    /// Site furniture (ads, share prompts, "Read more" lines): not content.
    Noise,
    /// Outside the region the two texts have in common (an aggregator page around one article).
    Outside,
}

/// Language, script and direction of one side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LanguageInfo {
    /// ISO 639-3 code (`eng`, `deu`, `arb`, `cmn`...), or `und` when unknown.
    pub lang: String,
    /// English name of the language.
    pub name: String,
    /// Writing system (`Latin`, `Arabic`, `Cyrillic`, `Mandarin`...).
    pub script: String,
    /// `ltr` or `rtl`.
    pub direction: String,
    /// Whether the detection is trustworthy (false for short or mixed text).
    pub reliable: bool,
    /// True when the user set the language instead of detecting it.
    pub overridden: bool,
}

/// One paragraph of one side and its fate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paragraph {
    /// The paragraph's text, exactly as segmented from the input.
    pub text: String,
    /// What became of it.
    pub status: Status,
    /// Index into [`Report::pairs`] of the pair holding it, if any.
    pub pair: Option<usize>,
    /// Why it got a `noise` status (the cue that fired), if it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub noise_reason: Option<String>,
    /// Sentences of the paragraph as UTF-16 offset ranges into `text`.
    pub sentences: Vec<Span>,
}

/// A half-open UTF-16 range `[start, end)` inside a paragraph's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// First UTF-16 code unit.
    pub start: usize,
    /// One past the last UTF-16 code unit.
    pub end: usize,
}

/// One side of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Side {
    /// ISO 639-3 code, repeated from `language` for the yardstick format.
    pub lang: String,
    /// Detected (or user-set) language.
    pub language: LanguageInfo,
    /// The paragraphs, in input order.
    pub paragraphs: Vec<Paragraph>,
}

/// A piece of text a flag points at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Excerpt {
    /// Paragraph index on that side.
    pub paragraph: usize,
    /// UTF-16 range inside the paragraph's text.
    pub start: usize,
    /// End of the UTF-16 range.
    pub end: usize,
    /// The text of the range.
    pub text: String,
}

/// Kind of problem found in an aligned pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// A number was changed: the two sides give different numbers in the same place.
    NumberMismatch,
    /// A number on one side has nothing like it on the other (often written in words there).
    NumberMissing,
    /// A name is spelled differently or missing on the other side.
    NameMismatch,
    /// A source sentence or clause has no counterpart in the target.
    PartialOmission,
    /// A target sentence or clause has no counterpart in the source.
    PartialAddition,
    /// Aligned by position but weakly supported: a possible mistranslation.
    LowSimilarity,
    /// Same-language pair: a word was replaced by another.
    WordSubstitution,
}

/// A problem in an aligned pair, with what it points at on each side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    /// What kind of problem.
    pub kind: FlagKind,
    /// One sentence, in plain words, saying what was found.
    pub message: String,
    /// Where in the source.
    pub source: Vec<Excerpt>,
    /// Where in the target.
    pub target: Vec<Excerpt>,
}

/// One operation of a word-level diff of a same-language pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiffOp {
    /// `equal`, `delete`, `insert` or `replace`.
    pub op: String,
    /// Source text of the operation (empty for inserts).
    pub source: String,
    /// Target text of the operation (empty for deletes).
    pub target: String,
}

/// An aligned group of source and target paragraphs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    /// Source paragraph indices (one or more).
    pub source: Vec<usize>,
    /// Target paragraph indices (one or more).
    pub target: Vec<usize>,
    /// Similarity support for the pairing, 0 to 1.
    pub score: f32,
    /// True when the pair is out of order relative to its neighbours.
    pub moved: bool,
    /// Problems found inside the pair.
    pub flags: Vec<Flag>,
    /// Sentence alignment inside the pair: ladder beads over the sentences of the
    /// concatenated source and target paragraphs.
    pub sentences: Vec<SentenceBead>,
    /// Word-level diff, for same-language pairs only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<Vec<DiffOp>>,
}

/// A sentence-level bead inside a pair: sentence ids are (paragraph, sentence) positions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceBead {
    /// Source sentences as `[paragraph, sentence]` index pairs.
    pub source: Vec<[usize; 2]>,
    /// Target sentences as `[paragraph, sentence]` index pairs.
    pub target: Vec<[usize; 2]>,
}

/// Counts and coverage for the whole comparison.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Summary {
    /// Plain-words verdict: a version of the same text, or unrelated texts.
    pub verdict: Verdict,
    /// Share of the source's content words that sit in matched or moved paragraphs.
    pub coverage: f32,
    /// Words in the source's content paragraphs.
    pub source_words: usize,
    /// Words in the target's content paragraphs.
    pub target_words: usize,
    /// Source paragraphs matched (in order).
    pub matched: usize,
    /// Source paragraphs dropped.
    pub dropped: usize,
    /// Target paragraphs added.
    pub added: usize,
    /// Pairs out of order.
    pub moved: usize,
    /// Paragraphs (both sides) taken for site furniture.
    pub noise: usize,
    /// Paragraphs (both sides) outside the common region.
    pub outside: usize,
    /// Flags by kind.
    pub flags: std::collections::BTreeMap<String, usize>,
    /// Whether the sentence encoder took part (accurate mode).
    #[serde(default)]
    pub accurate: bool,
}

/// Whether the two texts are versions of each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The target is a version (translation, summary, rewrite) of the source.
    #[default]
    Versions,
    /// The texts share only a few passages.
    Unrelated,
    /// One side is empty: nothing to compare.
    Empty,
}

/// The full comparison of two texts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Shape version, [`REPORT_VERSION`].
    pub version: u32,
    /// The original.
    pub source: Side,
    /// The republished version.
    pub target: Side,
    /// Aligned groups, in source order (moved pairs included, marked `moved`).
    pub pairs: Vec<Pair>,
    /// Counts and coverage.
    pub summary: Summary,
    /// Plain-words notices for the reader (time budget hit, input truncated...).
    pub notices: Vec<String>,
}
