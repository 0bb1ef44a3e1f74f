//! Turns two texts into a [`Report`]: paragraphs, languages, furniture, alignment, moved
//! paragraphs, sentence alignment inside each pair, flags and a summary.

use crate::accurate::{self, SentenceCache, SideEmbedder};
use crate::align::{AlignConfig, Aligner, Bead, DenseSimilarity, Embedder};
use crate::encoder::Encoder;
use crate::flags;
use crate::furniture::furniture_cues;
use crate::lang;
use crate::lexicon::Lexicon;
use crate::report::*;
use crate::segment;
use crate::signals::{cosine, pair_vectors, ConceptSource, LengthModel, PairVectors, SignalConfig};
use crate::text::utf16_offset;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

/// How the input is cut into paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Units {
    /// Work out paragraphs from the text's shape (blank lines, hard wraps, HTML blocks).
    #[default]
    Auto,
    /// Every line is one paragraph; nothing is re-segmented.
    Lines,
}

/// Largest input accepted on each side, in bytes of UTF-8.
pub const MAX_INPUT_BYTES: usize = 16 << 20;

/// Settings of a comparison.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CompareOptions {
    /// Milliseconds after which the comparison stops refining and returns what it has, with
    /// a notice (used with [`compare_timed`], which is given a clock).
    pub time_budget_ms: Option<f64>,
    /// How paragraphs are found.
    pub units: Units,
    /// ISO 639 code of the source language, to override detection.
    pub source_lang: Option<String>,
    /// ISO 639 code of the target language, to override detection.
    pub target_lang: Option<String>,
    /// Leave the sentence encoder out even when it is loaded (lexical signals only).
    pub fast: bool,
}

/// Why a comparison could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A language code that is not known.
    UnknownLanguage(String),
    /// An input side larger than [`MAX_INPUT_BYTES`].
    TooLarge {
        /// `source` or `target`.
        side: &'static str,
        /// Its size in bytes.
        bytes: usize,
    },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::UnknownLanguage(code) => write!(f, "unknown language code {code:?}"),
            Error::TooLarge { side, bytes } => write!(
                f,
                "the {side} text is {:.1} MB; the limit is {} MB a side: compare it in parts",
                *bytes as f64 / 1e6,
                MAX_INPUT_BYTES >> 20
            ),
        }
    }
}

impl std::error::Error for Error {}

/// Language data loaded at run time: bilingual lexicons by language code, and for accurate
/// mode the sentence encoder.
#[derive(Debug, Clone, Default)]
pub struct Lexicons {
    by_lang: HashMap<String, Lexicon>,
    encoder: Option<Arc<Encoder>>,
}

impl Lexicons {
    /// Adds (or replaces) the lexicon of its language.
    pub fn insert(&mut self, lexicon: Lexicon) {
        self.by_lang.insert(lexicon.lang().to_string(), lexicon);
    }

    /// The lexicon of a language (ISO 639-3 code), if loaded.
    pub fn get(&self, lang: &str) -> Option<&Lexicon> {
        self.by_lang.get(lang)
    }

    /// Loads the sentence encoder: comparisons of texts in languages it knows then use it
    /// (accurate mode), unless [`CompareOptions::fast`] is set.
    pub fn set_encoder(&mut self, encoder: Encoder) {
        self.encoder = Some(Arc::new(encoder));
    }

    /// The sentence encoder, if loaded.
    pub fn encoder(&self) -> Option<&Encoder> {
        self.encoder.as_deref()
    }

    /// Codes of the loaded languages.
    pub fn languages(&self) -> Vec<&str> {
        let mut langs: Vec<&str> = self.by_lang.keys().map(String::as_str).collect();
        langs.sort_unstable();
        langs
    }
}

/// Furniture cue strength from which a paragraph is kept out of the alignment.
const FURNITURE_STRONG: f32 = 0.6;
/// Furniture cue strength from which a paragraph without counterpart is taken for noise.
const FURNITURE_WEAK: f32 = 0.35;
/// Least lexical similarity for a dropped and an added paragraph to be paired as moved.
const MOVED_SIMILARITY: f32 = 0.3;
/// With dense similarity, the bead score that pairs a dropped and an added paragraph as
/// moved, in units of the cost of one paragraph without counterpart: what leaving both
/// unpaired costs, and one more, since nothing around a moved paragraph supports it.
const MOVED_NULLS: f32 = 3.0;

/// The paragraph aligner over `embedders` (both or neither). In accurate mode it has no
/// idle-member cost: a group's dense similarity already falls when an unrelated paragraph
/// joins it, and in comparisons [`detach_idle_paragraphs`] takes such edge paragraphs out,
/// so the cost would only split true groups whose short members share no key with the
/// other side (a caption piece, a line broken off by OCR). The lexical engine has no other
/// evidence of an idle member and keeps it, as sentence alignment does.
fn paragraph_aligner<'a>(embedders: [Option<&'a dyn Embedder>; 2]) -> Aligner<'a> {
    let config = match embedders {
        [Some(_), Some(_)] => AlignConfig { idle_member_cost: 0.0, ..AlignConfig::default() },
        _ => AlignConfig::default(),
    };
    Aligner::default().config(config).embedders(embedders[0], embedders[1])
}

/// Both sides ready for alignment: paragraphs, languages, lexicons and the content
/// paragraphs that enter the alignment.
struct Pairing<'l> {
    src: Prepared,
    tgt: Prepared,
    /// Both sides are in one language (their words match as they are: no lexicons).
    same_language: bool,
    concepts: [Option<&'l dyn ConceptSource>; 2],
    src_ids: Vec<usize>,
    tgt_ids: Vec<usize>,
    /// The sentence encoder, when accurate mode applies to these texts.
    encoder: Option<&'l Encoder>,
    /// Why a loaded encoder is not used, for a notice.
    encoder_left_out: Option<String>,
}

impl<'l> Pairing<'l> {
    fn new(source: &str, target: &str, options: &CompareOptions, lexicons: &'l Lexicons) -> Result<Self, Error> {
        for (side, text) in [("source", source), ("target", target)] {
            if text.len() > MAX_INPUT_BYTES {
                return Err(Error::TooLarge { side, bytes: text.len() });
            }
        }
        let src = prepare(source, &options.source_lang, options.units)?;
        let tgt = prepare(target, &options.target_lang, options.units)?;
        let same_language = src.language.lang == tgt.language.lang && src.language.lang != "und";
        let lexicon = |p: &Prepared| lexicons.get(&p.language.lang).map(|l| l as &dyn ConceptSource);
        let concepts = if same_language { [None, None] } else { [lexicon(&src), lexicon(&tgt)] };
        let (src_ids, tgt_ids) = (content_ids(&src), content_ids(&tgt));
        let (mut encoder, mut encoder_left_out) = (lexicons.encoder().filter(|_| !options.fast), None);
        if encoder.is_some() {
            let unknown: Vec<&str> = [&src, &tgt]
                .into_iter()
                .map(|p| &p.language)
                .filter(|l| !accurate::supports(&l.lang))
                .map(|l| l.name.as_str())
                .collect();
            if let Some(name) = unknown.first() {
                encoder_left_out =
                    Some(format!("The sentence encoder does not know {name}: the texts were aligned without it."));
            } else if source.len().max(target.len()) > accurate::MAX_BYTES {
                encoder_left_out = Some(format!(
                    "The texts are longer than {} KiB a side: they were aligned without the sentence encoder, which would take long.",
                    accurate::MAX_BYTES >> 10
                ));
            }
            if encoder_left_out.is_some() {
                encoder = None;
            }
        }
        Ok(Pairing { src, tgt, same_language, concepts, src_ids, tgt_ids, encoder, encoder_left_out })
    }

    /// A sentence cache over the encoder, when accurate mode applies.
    fn sentence_cache(&self) -> Option<SentenceCache<'l>> {
        self.encoder.map(SentenceCache::new)
    }
}

/// Each side's embedder over `cache`, for [`Aligner::embedders`].
fn side_embedders<'c, 'e>(
    cache: &'c Option<SentenceCache<'e>>,
    src: &Prepared,
    tgt: &Prepared,
) -> Option<[SideEmbedder<'c, 'e>; 2]> {
    cache.as_ref().map(|c| [c.side(&src.language.lang), c.side(&tgt.language.lang)])
}

/// The embedders as the aligner takes them.
fn as_embedders<'a>(sides: &'a Option<[SideEmbedder<'_, '_>; 2]>) -> [Option<&'a dyn Embedder>; 2] {
    match sides {
        Some([s, t]) => [Some(s), Some(t)],
        None => [None, None],
    }
}

/// The texts of the paragraphs `ids` of one side.
fn units<'p>(side: &'p Prepared, ids: &[usize]) -> Vec<&'p str> {
    ids.iter().map(|&i| side.texts[i].as_str()).collect()
}

/// Content paragraphs, which enter the alignment: strong furniture and empty lines stay out.
fn content_ids(p: &Prepared) -> Vec<usize> {
    (0..p.texts.len())
        .filter(|&i| !p.texts[i].trim().is_empty() && p.cues[i].as_ref().is_none_or(|c| c.strength < FURNITURE_STRONG))
        .collect()
}

/// A paragraph alignment group: source and target paragraph indices (either may be empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// Source paragraph indices.
    pub source: Vec<usize>,
    /// Target paragraph indices.
    pub target: Vec<usize>,
}

impl Link {
    /// The link in the ladder format of the yardsticks: `[0, 1]:[2]`.
    pub fn ladder(&self) -> String {
        let list = |ids: &[usize]| ids.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
        format!("[{}]:[{}]", list(&self.source), list(&self.target))
    }
}

/// The paragraph alignment alone, every paragraph in one link, in document order: the
/// alignment `compare` starts from, with site furniture and empty paragraphs left
/// unaligned (a deletion or an insertion of their own), and a deleted and an inserted
/// paragraph that say the same (a move, as `compare` pairs them) in one link, at the place of
/// the source paragraph.
pub fn align_paragraphs(
    source: &str,
    target: &str,
    options: &CompareOptions,
    lexicons: &Lexicons,
) -> Result<Vec<Link>, Error> {
    let pairing = Pairing::new(source, target, options, lexicons)?;
    let cache = pairing.sentence_cache();
    let Pairing { src, tgt, concepts, src_ids, tgt_ids, .. } = pairing;
    let sides = side_embedders(&cache, &src, &tgt);
    let embedders = as_embedders(&sides);
    let (src_units, tgt_units) = (units(&src, &src_ids), units(&tgt, &tgt_ids));
    let aligner = paragraph_aligner(embedders).lexicons(concepts[0], concepts[1]);
    let alignment = aligner.align_until(&src_units, &tgt_units, &|| false);
    let length = paragraph_length_model(&alignment.beads, &alignment.vectors);
    let evidence = MovedEvidence {
        config: aligner.settings(),
        vectors: &alignment.vectors,
        dense: alignment.dense.as_ref(),
        length,
    };
    let moved: HashMap<usize, usize> =
        pair_moved(&alignment.beads, &evidence).iter().map(|p| (src_ids[p.source], tgt_ids[p.target])).collect();
    // Paragraphs left out of the alignment go back in at their place, each on its own.
    let left_out = |out: &mut Vec<Link>, next: &mut [usize; 2], until: [usize; 2]| {
        out.extend(
            (next[0]..until[0])
                .filter(|i| src_ids.binary_search(i).is_err())
                .map(|i| Link { source: vec![i], target: vec![] }),
        );
        out.extend(
            (next[1]..until[1])
                .filter(|j| tgt_ids.binary_search(j).is_err())
                .map(|j| Link { source: vec![], target: vec![j] }),
        );
        *next = [next[0].max(until[0]), next[1].max(until[1])];
    };
    let mut out = Vec::with_capacity(alignment.beads.len());
    let mut next = [0, 0];
    for bead in alignment.beads {
        let link = Link {
            source: bead.source.map(|k| src_ids[k]).collect(),
            target: bead.target.map(|k| tgt_ids[k]).collect(),
        };
        let until = [link.source.first().copied().unwrap_or(next[0]), link.target.first().copied().unwrap_or(next[1])];
        left_out(&mut out, &mut next, until);
        next = [link.source.last().map_or(next[0], |&i| i + 1), link.target.last().map_or(next[1], |&j| j + 1)];
        out.push(link);
    }
    left_out(&mut out, &mut next, [src.texts.len(), tgt.texts.len()]);
    Ok(pair_furniture(link_moved(out, &moved), &src, &tgt, concepts))
}

/// Links the deleted source paragraphs that `moved` pairs with an inserted target paragraph
/// (a paragraph found elsewhere, or facing its counterpart): the pair takes the place of
/// the deletion, and the insertion goes.
fn link_moved(links: Vec<Link>, moved: &HashMap<usize, usize>) -> Vec<Link> {
    let paired: HashSet<usize> = moved.values().copied().collect();
    links
        .into_iter()
        .filter_map(|mut link| {
            match (link.source.as_slice(), link.target.as_slice()) {
                ([s], []) => link.target.extend(moved.get(s)),
                ([], [t]) if paired.contains(t) => return None,
                _ => {}
            }
            Some(link)
        })
        .collect()
}

/// Least similarity for two furniture-like paragraphs facing each other to be paired.
const FURNITURE_PAIR: f32 = 0.3;

/// Pairs a deletion and an insertion that stand next to each other when both were left out
/// as furniture-like but say the same thing (a byline or a caption present on both sides).
fn pair_furniture(
    links: Vec<Link>,
    src: &Prepared,
    tgt: &Prepared,
    concepts: [Option<&dyn ConceptSource>; 2],
) -> Vec<Link> {
    let lone = |l: &Link| {
        (l.source.len() + l.target.len() == 1).then(|| (l.source.first().copied(), l.target.first().copied()))
    };
    let mut out: Vec<Link> = Vec::with_capacity(links.len());
    for link in links {
        let merged = match (out.last().and_then(lone), lone(&link)) {
            (Some((Some(i), None)), Some((None, Some(j)))) | (Some((None, Some(j))), Some((Some(i), None))) => {
                let v =
                    pair_vectors(&[src.texts[i].as_str()], &[tgt.texts[j].as_str()], concepts, SignalConfig::default());
                (cosine(&v, 0, 0) >= FURNITURE_PAIR).then_some(Link { source: vec![i], target: vec![j] })
            }
            _ => None,
        };
        match merged {
            Some(pair) => *out.last_mut().expect("a previous link") = pair,
            None => out.push(link),
        }
    }
    out
}

/// Compares `source` with `target` and returns the full report, without lexicons.
pub fn compare(source: &str, target: &str, options: &CompareOptions) -> Result<Report, Error> {
    compare_with(source, target, options, &Lexicons::default())
}

/// One side's paragraphs with their language and furniture cues.
struct Prepared {
    language: LanguageInfo,
    texts: Vec<String>,
    cues: Vec<Option<crate::furniture::Cue>>,
}

fn prepare(text: &str, code: &Option<String>, units: Units) -> Result<Prepared, Error> {
    let html;
    let text = if units == Units::Auto && segment::looks_like_html(text) {
        html = segment::html_to_text(text);
        &html
    } else {
        text
    };
    let texts: Vec<String> = match units {
        Units::Lines => lines(text),
        Units::Auto => segment::paragraphs(text, false).iter().map(|b| segment::paragraph_text(text, b)).collect(),
    };
    let language = match code {
        Some(code) => lang::from_code(code).ok_or_else(|| Error::UnknownLanguage(code.clone()))?,
        None => lang::detect(text),
    };
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let cues = furniture_cues(&refs, &language.lang);
    Ok(Prepared { language, texts, cues })
}

/// The lines of `text` exactly as written (line breaks `\n`, `\r\n` or `\r` removed); a
/// final line break does not start another line.
fn lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if matches!(bytes[i], b'\n' | b'\r') {
            out.push(text[start..i].to_string());
            i += if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
            start = i;
        } else {
            i += 1;
        }
    }
    if start < text.len() {
        out.push(text[start..].to_string());
    }
    out
}

/// Compares `source` with `target` using the lexicons of their languages when loaded.
pub fn compare_with(
    source: &str,
    target: &str,
    options: &CompareOptions,
    lexicons: &Lexicons,
) -> Result<Report, Error> {
    compare_timed(source, target, options, lexicons, &|| 0.0)
}

/// Like [`compare_with`], keeping to `options.time_budget_ms` as measured by `now`
/// (milliseconds from any origin): past the budget, learning rounds and the sentence
/// alignment of the remaining pairs are skipped and a notice says so.
pub fn compare_timed(
    source: &str,
    target: &str,
    options: &CompareOptions,
    lexicons: &Lexicons,
    now: &dyn Fn() -> f64,
) -> Result<Report, Error> {
    let deadline = options.time_budget_ms.map(|ms| now() + ms);
    let out_of_time = || deadline.is_some_and(|d| now() > d);
    let pairing = Pairing::new(source, target, options, lexicons)?;
    let cache = pairing.sentence_cache();
    let Pairing { src, tgt, same_language, concepts, src_ids, tgt_ids, encoder_left_out, .. } = pairing;
    let sides = side_embedders(&cache, &src, &tgt);
    let embedders = as_embedders(&sides);
    let (src_units, tgt_units) = (units(&src, &src_ids), units(&tgt, &tgt_ids));
    let aligner = paragraph_aligner(embedders).lexicons(concepts[0], concepts[1]);
    let alignment = aligner.align_until(&src_units, &tgt_units, &out_of_time);
    let (beads, vectors, learned_fully) = (alignment.beads, alignment.vectors, alignment.complete);
    let beads = detach_idle_paragraphs(beads, &vectors, alignment.dense.as_ref());
    // Relatedness can only be judged where similarity means something.
    let judged = same_language || concepts.iter().all(Option::is_some) || alignment.dense.is_some();
    let (beads, unrelated) =
        if judged { keep_shared_passages(beads, &vectors, alignment.dense.as_ref()) } else { (beads, false) };

    let mut source_status = vec![Status::Noise; src.texts.len()];
    let mut target_status = vec![Status::Noise; tgt.texts.len()];
    let mut groups: Vec<(Vec<usize>, Vec<usize>, f32, bool)> = Vec::new();
    for bead in &beads {
        let s: Vec<usize> = bead.source.clone().map(|k| src_ids[k]).collect();
        let t: Vec<usize> = bead.target.clone().map(|k| tgt_ids[k]).collect();
        match (s.is_empty(), t.is_empty()) {
            (false, false) => {
                s.iter().for_each(|&i| source_status[i] = Status::Matched);
                t.iter().for_each(|&j| target_status[j] = Status::Matched);
                groups.push((s, t, bead.similarity, false));
            }
            (false, true) => s.iter().for_each(|&i| source_status[i] = Status::Dropped),
            (true, false) => t.iter().for_each(|&j| target_status[j] = Status::Added),
            (true, true) => {}
        }
    }
    let length = paragraph_length_model(&beads, &vectors);
    if !unrelated {
        let evidence =
            MovedEvidence { config: aligner.settings(), vectors: &vectors, dense: alignment.dense.as_ref(), length };
        for pair in pair_moved(&beads, &evidence) {
            let (s, t) = (src_ids[pair.source], tgt_ids[pair.target]);
            let status = if pair.moved { Status::Moved } else { Status::Matched };
            source_status[s] = status;
            target_status[t] = status;
            groups.push((vec![s], vec![t], cosine(&vectors, pair.source, pair.target), pair.moved));
        }
    }

    mark_outside(&mut source_status, Status::Dropped);
    mark_outside(&mut target_status, Status::Added);

    // Unpaired paragraphs that look like furniture are noise, not content.
    for (prepared, status, gone) in
        [(&src, &mut source_status, Status::Dropped), (&tgt, &mut target_status, Status::Added)]
    {
        for (i, st) in status.iter_mut().enumerate() {
            if *st == gone && prepared.cues[i].as_ref().is_some_and(|c| c.strength >= FURNITURE_WEAK) {
                *st = Status::Noise;
            }
            if *st == Status::Noise && prepared.texts[i].trim().is_empty() {
                *st = gone;
            }
        }
    }

    groups.sort_by_key(|g| (g.0[0], g.1[0]));
    let sentences_of = |p: &Prepared| -> Vec<Vec<segment::Block>> {
        p.texts.iter().map(|t| segment::sentences(t, &p.language.lang)).collect()
    };
    let (src_sentences, tgt_sentences) = (sentences_of(&src), sentences_of(&tgt));
    let ctx = flags::Context {
        source_texts: &src.texts,
        target_texts: &tgt.texts,
        sentences: [&src_sentences, &tgt_sentences],
        same_language,
        concepts,
        target_words: flags::word_counts(&tgt.texts),
        length,
        embedders,
    };
    let mut unchecked_pairs = 0;
    let mut pairs: Vec<Pair> = groups
        .into_iter()
        .map(|(s, t, score, moved)| {
            let mut pair = Pair { source: s, target: t, score, moved, flags: vec![], sentences: vec![], diff: None };
            if out_of_time() {
                unchecked_pairs += 1;
                return pair;
            }
            pair.sentences = flags::sentence_beads(&pair.source, &pair.target, &ctx);
            pair.flags = flags::pair_flags(&pair, &ctx);
            if same_language {
                pair.diff = Some(flags::word_diff(&pair, &src.texts, &tgt.texts));
            }
            pair
        })
        .collect();
    for pair in &mut pairs {
        pair.flags.sort_by_key(|f| f.kind as u8);
    }

    let side =
        |p: Prepared, sentences: &[Vec<segment::Block>], status: Vec<Status>, pair_of: HashMap<usize, usize>| -> Side {
            let paragraphs = p
                .texts
                .iter()
                .enumerate()
                .map(|(i, text)| Paragraph {
                    sentences: sentences[i]
                        .iter()
                        .map(|b| Span { start: utf16_offset(text, b.start), end: utf16_offset(text, b.end) })
                        .collect(),
                    text: text.clone(),
                    status: status[i],
                    pair: pair_of.get(&i).copied(),
                    noise_reason: (status[i] == Status::Noise).then(|| noise_reason(&p, i)),
                })
                .collect();
            Side { lang: p.language.lang.clone(), language: p.language, paragraphs }
        };
    let mut source_pair = HashMap::new();
    let mut target_pair = HashMap::new();
    for (k, pair) in pairs.iter().enumerate() {
        for &i in &pair.source {
            source_pair.insert(i, k);
        }
        for &j in &pair.target {
            target_pair.insert(j, k);
        }
    }
    let source = side(src, &src_sentences, source_status, source_pair);
    let target = side(tgt, &tgt_sentences, target_status, target_pair);
    let mut summary = summarize(&source, &target, &pairs);
    summary.accurate = cache.is_some();
    if unrelated && summary.verdict == Verdict::Versions {
        summary.verdict = Verdict::Unrelated;
    }
    let mut notices: Vec<String> = encoder_left_out.into_iter().collect();
    if !learned_fully || unchecked_pairs > 0 {
        notices.push(format!(
            "The time budget ran out: the alignment was not refined further{}.",
            if unchecked_pairs > 0 {
                format!(
                    ", and {unchecked_pairs} aligned pairs were not checked sentence by sentence (no flags for them)"
                )
            } else {
                String::new()
            }
        ));
    }
    if summary.verdict == Verdict::Unrelated {
        notices.push(format!(
            "These texts do not look like versions of each other: aligned paragraphs share no more than paragraphs taken at random. {} shown as shared.",
            match pairs.len() {
                0 => "No passage is".to_string(),
                1 => "Only 1 passage that shares much is".to_string(),
                n => format!("Only {n} passages that share much are"),
            }
        ));
    }
    for (side, name) in [(&source, "source"), (&target, "target")] {
        let outside = side.paragraphs.iter().filter(|p| p.status == Status::Outside).count();
        if outside > 0 {
            notices.push(format!(
                "{outside} paragraphs of the {name} lie outside the part the two texts share (other articles on the same page?) and are left out of the comparison."
            ));
        }
    }
    if !same_language && concepts.iter().all(Option::is_none) {
        notices.push(format!(
            "No dictionary was loaded for {} and {}: paragraphs were lined up by length, numbers and names only.",
            source.language.name, target.language.name
        ));
    }
    Ok(Report { version: REPORT_VERSION, source, target, pairs, summary, notices })
}

fn noise_reason(p: &Prepared, i: usize) -> String {
    match &p.cues[i] {
        Some(cue) => cue.reason.clone(),
        None => "no counterpart and looks like site furniture".into(),
    }
}

/// Unmatched paragraphs at an edge of a side, at least this many...
const OUTSIDE_MIN_RUN: usize = 8;
/// ...and at least this share of the matched paragraphs of that side, are outside the
/// comparison.
const OUTSIDE_MIN_SHARE: f32 = 0.4;

/// A long run of unmatched paragraphs before the first or after the last match is the rest
/// of a page that holds several articles (an aggregator, a live blog), not content dropped
/// from or added to the article compared: it is marked `outside`.
fn mark_outside(status: &mut [Status], unmatched: Status) {
    let matched = status.iter().filter(|s| matches!(s, Status::Matched | Status::Moved)).count();
    let Some(first) = status.iter().position(|s| matches!(s, Status::Matched | Status::Moved)) else { return };
    let last = status.iter().rposition(|s| matches!(s, Status::Matched | Status::Moved)).unwrap_or(first);
    for range in [0..first, last + 1..status.len()] {
        let run = status[range.clone()].iter().filter(|s| **s == unmatched).count();
        if run >= OUTSIDE_MIN_RUN && run as f32 >= OUTSIDE_MIN_SHARE * matched as f32 {
            for s in &mut status[range] {
                if *s == unmatched {
                    *s = Status::Outside;
                }
            }
        }
    }
}

/// Aligned pairs must be this many times as similar as the best mismatched ones for the
/// texts to count as versions of each other.
const RELATED_FACTOR: f32 = 2.2;
/// Pairs this similar are the same text whatever the rest of the document looks like.
const NEAR_IDENTICAL: f32 = 0.9;
/// With dense similarity, versions of one text have aligned pairs this much more similar
/// (in cosine) than mismatched pairs; unrelated texts, even on one topic, stay within .05.
const DENSE_RELATED_GAP: f32 = 0.1;
/// In unrelated texts, a pair is kept as a shared passage from this similarity...
const SHARED_PASSAGE: f32 = 0.5;
/// ...and this many times the similarity of mismatched paragraphs.
const SHARED_FACTOR: f32 = 3.0;

/// Tells whether the texts are versions of each other at all: the aligned pairs must be
/// clearly more similar than mismatched pairs of the same texts (each pair's source against
/// the targets of pairs two and three places away), in dense similarity when there is one,
/// else in lexical similarity. If they are not, the alignment was forced: only the pairs
/// that share much are kept, the rest become unmatched.
fn keep_shared_passages(beads: Vec<Bead>, v: &PairVectors, dense: Option<&DenseSimilarity>) -> (Vec<Bead>, bool) {
    let pairs: Vec<&Bead> = beads.iter().filter(|b| !b.source.is_empty() && !b.target.is_empty()).collect();
    if pairs.len() < 6 {
        return (beads, false);
    }
    let mean = |x: &[f32]| x.iter().sum::<f32>() / x.len().max(1) as f32;
    let aligned: Vec<f32> = pairs.iter().map(|b| b.similarity).collect();
    // The search picks the best of its options, so the reference is the best of a few
    // mismatched options per pair, not one: the mean over pairs of the best similarity of
    // the pair's source to the targets of pairs two and three places away.
    let n = pairs.len();
    let mismatched = |similarity: &dyn Fn(&Bead, &Bead) -> f32| -> f32 {
        let best: Vec<f32> = (0..n)
            .map(|k| {
                [2, 3, n - 2, n - 3]
                    .iter()
                    .map(|off| similarity(pairs[k], pairs[(k + off) % n]))
                    .fold(f32::MIN, f32::max)
            })
            .collect();
        mean(&best)
    };
    let baseline = mismatched(&|s, t| cosine(v, s.source.start, t.target.start).max(0.0));
    // Near-identical pairs are versions even when every paragraph is alike (a repeated text).
    let related = match dense {
        Some(d) => {
            let aligned_dense: Vec<f32> = pairs.iter().map(|b| d.excess(&b.source, &b.target)).collect();
            let mismatched_dense = mismatched(&|s, t| d.excess(&s.source, &t.target));
            mean(&aligned) >= NEAR_IDENTICAL || mean(&aligned_dense) - mismatched_dense >= DENSE_RELATED_GAP
        }
        None => mean(&aligned) >= (RELATED_FACTOR * baseline).clamp(0.05, NEAR_IDENTICAL),
    };
    if related {
        return (beads, false);
    }
    let keep = (SHARED_FACTOR * baseline).clamp(SHARED_PASSAGE, NEAR_IDENTICAL);
    let mut out = Vec::with_capacity(beads.len());
    for b in beads {
        if b.source.is_empty() || b.target.is_empty() || b.similarity >= keep {
            out.push(b);
        } else {
            out.extend(b.source.clone().map(|i| Bead {
                source: i..i + 1,
                target: b.target.start..b.target.start,
                similarity: 0.0,
            }));
            out.extend(b.target.clone().map(|j| Bead {
                source: b.source.end..b.source.end,
                target: j..j + 1,
                similarity: 0.0,
            }));
        }
    }
    (out, true)
}

/// A paragraph in a group shares less than this part of its pair's similarity: detached.
const IDLE_SHARE: f32 = 0.4;
/// Shared keys a paragraph needs before its similarity alone is judged.
const IDLE_MIN_KEYS: usize = 8;

/// Takes out of many-to-one pairs the edge paragraphs that share much less with the other
/// side than the pair as a whole: a dropped or added paragraph absorbed by a neighbour.
/// Lexically, paragraphs long enough for their own similarity to mean something; with
/// dense similarity, paragraphs no closer to the other side than unrelated ones whose
/// removal leaves the pair at least as similar.
fn detach_idle_paragraphs(beads: Vec<Bead>, v: &PairVectors, dense: Option<&DenseSimilarity>) -> Vec<Bead> {
    let alone = |u: &crate::signals::UnitVector, others: &[crate::signals::UnitVector], r: Range<usize>| {
        let d: f32 = r.clone().map(|o| crate::signals::dot(&u.entries, &others[o].entries)).sum();
        let n: f32 = r.map(|o| others[o].norm_sq()).sum();
        d / (u.norm_sq() * n).sqrt().max(1e-9)
    };
    // Whether `member` (a unit at an edge of `own`, the bead's side it belongs to) is idle
    // in the bead, `own` against `other`.
    let idle = |bead: &Bead, is_source: bool, member: usize| -> bool {
        let (own, other) = if is_source { (&bead.source, &bead.target) } else { (&bead.target, &bead.source) };
        let (units, others) = if is_source { (&v.source, &v.target) } else { (&v.target, &v.source) };
        let u = &units[member];
        if u.entries.len() >= IDLE_MIN_KEYS && alone(u, others, other.clone()) < IDLE_SHARE * bead.similarity {
            return true;
        }
        let Some(d) = dense else { return false };
        let rest = if member == own.start { own.start + 1..own.end } else { own.start..own.end - 1 };
        let excess = |mine: &Range<usize>| {
            if is_source {
                d.excess(mine, other)
            } else {
                d.excess(other, mine)
            }
        };
        let rest = excess(&rest);
        rest > excess(own) && excess(&(member..member + 1)) < rest / 2.0
    };
    let mut out = Vec::with_capacity(beads.len());
    for mut bead in beads {
        let mut before = Vec::new();
        let mut after = Vec::new();
        loop {
            let (s, t) = (bead.source.clone(), bead.target.clone());
            if s.is_empty() || t.is_empty() || (s.len() < 2 && t.len() < 2) {
                break;
            }
            if s.len() >= 2 && idle(&bead, true, s.start) {
                before.push(Bead { source: s.start..s.start + 1, target: t.start..t.start, similarity: 0.0 });
                bead.source.start += 1;
            } else if s.len() >= 2 && idle(&bead, true, s.end - 1) {
                after.push(Bead { source: s.end - 1..s.end, target: t.end..t.end, similarity: 0.0 });
                bead.source.end -= 1;
            } else if t.len() >= 2 && idle(&bead, false, t.start) {
                before.push(Bead { source: s.start..s.start, target: t.start..t.start + 1, similarity: 0.0 });
                bead.target.start += 1;
            } else if t.len() >= 2 && idle(&bead, false, t.end - 1) {
                after.push(Bead { source: s.end..s.end, target: t.end - 1..t.end, similarity: 0.0 });
                bead.target.end -= 1;
            } else {
                break;
            }
        }
        out.extend(before);
        out.push(bead);
        out.extend(after.into_iter().rev());
    }
    out
}

/// What says that a dropped and an added paragraph are one paragraph moved.
struct MovedEvidence<'a> {
    /// The aligner's settings, which weigh lexical and dense similarity.
    config: AlignConfig,
    vectors: &'a PairVectors,
    dense: Option<&'a DenseSimilarity>,
    length: LengthModel,
}

impl MovedEvidence<'_> {
    /// How strongly source unit `s` and target unit `t` look like one paragraph, when they
    /// do enough to be paired: lexical similarity of at least [`MOVED_SIMILARITY`], or, with
    /// dense similarity, a bead score (as the aligner weighs lexical and dense similarity)
    /// of at least [`MOVED_NULLS`] unpaired paragraphs. Lengths must fit the language pair.
    fn strength(&self, s: usize, t: usize) -> Option<f32> {
        let v = self.vectors;
        if self.length.score(v.source[s].len, v.target[t].len) <= -1.0 {
            return None;
        }
        let sim = cosine(v, s, t);
        let Some(dense) = self.dense else {
            return (sim >= MOVED_SIMILARITY).then_some(sim);
        };
        let c = &self.config;
        let score = c.similarity_score(Some(sim), Some(dense.excess(&(s..s + 1), &(t..t + 1))));
        (sim >= MOVED_SIMILARITY || score >= MOVED_NULLS * c.null_cost).then_some(score)
    }
}

/// A dropped and an added unit found to be one paragraph (see [`pair_moved`]).
struct MovedPair {
    /// Source unit.
    source: usize,
    /// Target unit.
    target: usize,
    /// True when aligned units lie between them (a move), false when they face each other.
    moved: bool,
}

/// Pairs dropped and added units of `beads` that are one paragraph, strongest first: moved
/// when aligned units lie between them, otherwise matched where they stand.
fn pair_moved(beads: &[Bead], evidence: &MovedEvidence) -> Vec<MovedPair> {
    let dropped: Vec<usize> = beads.iter().filter(|b| b.target.is_empty()).flat_map(|b| b.source.clone()).collect();
    let added: Vec<usize> = beads.iter().filter(|b| b.source.is_empty()).flat_map(|b| b.target.clone()).collect();
    if dropped.is_empty() || added.is_empty() {
        return Vec::new();
    }
    let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
    for &s in &dropped {
        for &t in &added {
            if let Some(strength) = evidence.strength(s, t) {
                candidates.push((strength, s, t));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    // Index of the bead holding each unit, to tell a pair found in its place from a move.
    let mut bead_of = [vec![0; evidence.vectors.source.len()], vec![0; evidence.vectors.target.len()]];
    for (k, b) in beads.iter().enumerate() {
        b.source.clone().for_each(|s| bead_of[0][s] = k);
        b.target.clone().for_each(|t| bead_of[1][t] = k);
    }
    let mut used_s = vec![false; evidence.vectors.source.len()];
    let mut used_t = vec![false; evidence.vectors.target.len()];
    let mut pairs = Vec::new();
    for (_, s, t) in candidates {
        if used_s[s] || used_t[t] {
            continue;
        }
        used_s[s] = true;
        used_t[t] = true;
        let (a, b) = (bead_of[0][s].min(bead_of[1][t]), bead_of[0][s].max(bead_of[1][t]));
        let moved = beads[a..b].iter().any(|b| !b.source.is_empty() && !b.target.is_empty());
        pairs.push(MovedPair { source: s, target: t, moved });
    }
    pairs
}

/// The language pair's length model, fitted on the one-to-one paragraph pairs.
fn paragraph_length_model(beads: &[Bead], vectors: &PairVectors) -> LengthModel {
    let fitted: Vec<(f32, f32)> = beads
        .iter()
        .filter(|b| b.source.len() == 1 && b.target.len() == 1)
        .map(|b| (vectors.source[b.source.start].len, vectors.target[b.target.start].len))
        .collect();
    LengthModel::from_pairs(&fitted, LengthModel::from_totals(&vectors.source, &vectors.target))
}

fn word_count(text: &str) -> usize {
    crate::text::tokenize(text).len()
}

fn summarize(source: &Side, target: &Side, pairs: &[Pair]) -> Summary {
    let count = |side: &Side, st: Status| side.paragraphs.iter().filter(|p| p.status == st).count();
    let words = |side: &Side, keep: &dyn Fn(Status) -> bool| -> usize {
        side.paragraphs.iter().filter(|p| keep(p.status)).map(|p| word_count(&p.text)).sum()
    };
    let content = |s: Status| !matches!(s, Status::Noise | Status::Outside);
    let source_words = words(source, &content);
    let covered = words(source, &|s| matches!(s, Status::Matched | Status::Moved));
    let coverage = if source_words == 0 { 0.0 } else { covered as f32 / source_words as f32 };
    let mut flags = std::collections::BTreeMap::new();
    for f in pairs.iter().flat_map(|p| &p.flags) {
        let name = serde_json::to_value(f.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        *flags.entry(name).or_insert(0) += 1;
    }
    let verdict = if source_words == 0 || words(target, &content) == 0 {
        Verdict::Empty
    } else if coverage < 0.15 && pairs.iter().filter(|p| p.score >= 0.3).count() < 3 {
        Verdict::Unrelated
    } else {
        Verdict::Versions
    };
    Summary {
        verdict,
        coverage,
        source_words,
        target_words: words(target, &content),
        matched: count(source, Status::Matched),
        dropped: count(source, Status::Dropped),
        added: count(target, Status::Added),
        moved: pairs.iter().filter(|p| p.moved).count(),
        noise: count(source, Status::Noise) + count(target, Status::Noise),
        outside: count(source, Status::Outside) + count(target, Status::Outside),
        flags,
        accurate: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bead(s: Range<usize>, t: Range<usize>) -> Bead {
        Bead { source: s, target: t, similarity: 0.0 }
    }

    /// Pairs `pair_moved` finds in `beads` over the units, as (source, target, moved).
    fn moved_pairs(source: &[&str], target: &[&str], beads: &[Bead]) -> Vec<(usize, usize, bool)> {
        let vectors = pair_vectors(source, target, [None, None], SignalConfig::default());
        let evidence = MovedEvidence {
            config: AlignConfig::default(),
            vectors: &vectors,
            dense: None,
            length: LengthModel::from_totals(&vectors.source, &vectors.target),
        };
        pair_moved(beads, &evidence).iter().map(|p| (p.source, p.target, p.moved)).collect()
    }

    const UNITS: [&str; 3] = [
        "The council voted on Tuesday to build the tram line.",
        "Critics said the cost of 40 million was far too high.",
        "Work starts next spring and ends in 2027.",
    ];

    #[test]
    fn paragraph_found_elsewhere_is_moved() {
        let target = [UNITS[0], UNITS[2], UNITS[1]];
        let beads = [bead(0..1, 0..1), bead(1..2, 1..1), bead(2..3, 1..2), bead(3..3, 2..3)];
        assert_eq!(moved_pairs(&UNITS, &target, &beads), vec![(1, 2, true)]);
    }

    #[test]
    fn pair_left_apart_in_its_place_is_matched_not_moved() {
        let beads = [bead(0..1, 0..1), bead(1..2, 1..1), bead(2..2, 1..2), bead(2..3, 2..3)];
        assert_eq!(moved_pairs(&UNITS, &UNITS, &beads), vec![(1, 1, false)]);
    }

    #[test]
    fn align_links_a_moved_paragraph_where_its_source_is() {
        let source = [
            "The council voted on Tuesday to build the tram line through the old town.",
            "Critics said the cost of 40 million francs was far too high for a city of this size.",
            "Work starts next spring and the first trams should run in 2027.",
            "The mayor, Anna Keller, called the vote a turning point for the region.",
            "Shops along the route will receive 2 million in compensation during the works.",
        ];
        let target = [source[0], source[2], source[3], source[4], source[1]];
        let links = align_paragraphs(
            &source.join("\n"),
            &target.join("\n"),
            &CompareOptions { units: Units::Lines, ..CompareOptions::default() },
            &Lexicons::default(),
        )
        .unwrap();
        let ladder: Vec<String> = links.iter().map(Link::ladder).collect();
        assert_eq!(ladder, ["[0]:[0]", "[1]:[4]", "[2]:[1]", "[3]:[2]", "[4]:[3]"]);
    }
}
