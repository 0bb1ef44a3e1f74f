//! What is wrong inside an aligned pair: sentences left out or added, numbers and names
//! that disagree, weak support, and for same-language pairs the word diff.

use crate::align::{AlignConfig, Aligner, Embedder};
use crate::report::{DiffOp, Excerpt, Flag, FlagKind, Pair, SentenceBead};
use crate::segment::Block;
use crate::signals::{ConceptSource, LengthModel};
use crate::text::{tokenize, utf16_offset, Token, TokenKind};
use similar::{capture_diff_slices, Algorithm, DiffTag};
use std::collections::{HashMap, HashSet};

/// A sentence of a pair: its paragraph, its index in the paragraph and its byte range.
struct Sentence<'a> {
    paragraph: usize,
    index: usize,
    start: usize,
    end: usize,
    text: &'a str,
}

fn sentences_of<'a>(ids: &[usize], texts: &'a [String], blocks: &'a [Vec<Block>]) -> Vec<Sentence<'a>> {
    ids.iter()
        .flat_map(|&p| {
            let text = texts[p].as_str();
            blocks[p].iter().enumerate().map(move |(index, b)| Sentence {
                paragraph: p,
                index,
                start: b.start,
                end: b.end,
                text: &text[b.start..b.end],
            })
        })
        .collect()
}

/// Least length (characters) of a sentence whose absence is flagged.
const MIN_OMITTED_CHARS: usize = 12;

/// Of sentences left without counterpart, those long enough to flag; the shorter ones go
/// to `kept`, for the number and name checks.
fn flaggable<'s, 'a>(sentences: Vec<&'s Sentence<'a>>, kept: &mut Vec<&'s Sentence<'a>>) -> Vec<&'s Sentence<'a>> {
    let (long, short): (Vec<_>, Vec<_>) =
        sentences.into_iter().partition(|x| x.text.chars().count() >= MIN_OMITTED_CHARS);
    kept.extend(short);
    long
}

/// What the flags of every pair of one comparison need to know.
pub struct Context<'a> {
    /// Source paragraph texts.
    pub source_texts: &'a [String],
    /// Target paragraph texts.
    pub target_texts: &'a [String],
    /// Sentences of every source and target paragraph (byte ranges).
    pub sentences: [&'a [Vec<Block>]; 2],
    /// Both sides are in the same language.
    pub same_language: bool,
    /// Each side's lexicon, when loaded.
    pub concepts: [Option<&'a dyn ConceptSource>; 2],
    /// Folded word counts of the whole target, to judge spellings against the document.
    pub target_words: HashMap<String, usize>,
    /// The language pair's paragraph length model.
    pub length: LengthModel,
    /// Each side's sentence embedder, in accurate mode.
    pub embedders: [Option<&'a dyn Embedder>; 2],
}

/// Sentence lengths vary more around the language pair's ratio than paragraph lengths.
const SENTENCE_SIGMA_FACTOR: f32 = 2.0;

/// Weight of dense similarity between sentences: half the paragraphs', as a sentence's
/// embedding is noisier and its translation more often spread over its neighbours.
const SENTENCE_DENSE_WEIGHT: f32 = 10.0;

/// Sentence alignment inside a pair of paragraph groups, with the document's length model.
pub fn sentence_beads(source: &[usize], target: &[usize], ctx: &Context) -> Vec<SentenceBead> {
    let s = sentences_of(source, ctx.source_texts, ctx.sentences[0]);
    let t = sentences_of(target, ctx.target_texts, ctx.sentences[1]);
    let su: Vec<&str> = s.iter().map(|x| x.text).collect();
    let tu: Vec<&str> = t.iter().map(|x| x.text).collect();
    let length = LengthModel { sigma: ctx.length.sigma * SENTENCE_SIGMA_FACTOR, ..ctx.length };
    let config = AlignConfig {
        learning_rounds: 0,
        length: Some(length),
        dense_weight: SENTENCE_DENSE_WEIGHT,
        ..AlignConfig::default()
    };
    Aligner::default()
        .config(config)
        .lexicons(ctx.concepts[0], ctx.concepts[1])
        .embedders(ctx.embedders[0], ctx.embedders[1])
        .align(&su, &tu)
        .into_iter()
        .map(|b| SentenceBead {
            source: b.source.map(|k| [s[k].paragraph, s[k].index]).collect(),
            target: b.target.map(|k| [t[k].paragraph, t[k].index]).collect(),
        })
        .collect()
}

fn excerpt(texts: &[String], paragraph: usize, start: usize, end: usize) -> Excerpt {
    let text = &texts[paragraph];
    Excerpt {
        paragraph,
        start: utf16_offset(text, start),
        end: utf16_offset(text, end),
        text: text[start..end].to_string(),
    }
}

/// All flags of a pair whose `sentences` are already aligned.
pub fn pair_flags(pair: &Pair, ctx: &Context) -> Vec<Flag> {
    let (source_texts, target_texts) = (ctx.source_texts, ctx.target_texts);
    let s = sentences_of(&pair.source, source_texts, ctx.sentences[0]);
    let t = sentences_of(&pair.target, target_texts, ctx.sentences[1]);
    let find = |list: &[Sentence], id: [usize; 2]| list.iter().position(|x| [x.paragraph, x.index] == id);
    let mut flags = Vec::new();
    let aligned_beads = pair.sentences.iter().filter(|b| !b.source.is_empty() && !b.target.is_empty()).count();
    let mut kept_source: Vec<&Sentence> = Vec::new();
    let mut kept_target: Vec<&Sentence> = Vec::new();
    for bead in &pair.sentences {
        let ss: Vec<&Sentence> = bead.source.iter().filter_map(|&id| find(&s, id)).map(|k| &s[k]).collect();
        let ts: Vec<&Sentence> = bead.target.iter().filter_map(|&id| find(&t, id)).map(|k| &t[k]).collect();
        match (ss.is_empty(), ts.is_empty()) {
            (false, true) if aligned_beads > 0 => flags.extend(flaggable(ss, &mut kept_source).iter().map(|x| Flag {
                kind: FlagKind::PartialOmission,
                message: format!("This source sentence has no counterpart in the target: “{}”", shorten(x.text)),
                source: vec![excerpt(source_texts, x.paragraph, x.start, x.end)],
                target: vec![],
            })),
            (true, false) if aligned_beads > 0 => flags.extend(flaggable(ts, &mut kept_target).iter().map(|x| Flag {
                kind: FlagKind::PartialAddition,
                message: format!("This target sentence has no counterpart in the source: “{}”", shorten(x.text)),
                source: vec![],
                target: vec![excerpt(target_texts, x.paragraph, x.start, x.end)],
            })),
            _ => {
                kept_source.extend(ss);
                kept_target.extend(ts);
            }
        }
    }
    // Numbers and names are compared over the whole pair, leaving out sentences reported as
    // omitted or added: sentence boundaries rarely agree exactly.
    let src_tokens = tokens_of(&kept_source);
    let tgt_tokens = tokens_of(&kept_target);
    flags.extend(number_flags(&src_tokens, &tgt_tokens, source_texts, target_texts));
    flags.extend(name_flags(&src_tokens, &tgt_tokens, source_texts, target_texts, &ctx.target_words, ctx.concepts));
    let has_lexicon = ctx.concepts.iter().all(Option::is_some);
    if (ctx.same_language || has_lexicon) && pair.score < LOW_SIMILARITY && !pair.moved {
        flags.push(Flag {
            kind: FlagKind::LowSimilarity,
            message: format!(
                "These paragraphs are aligned by position but share little (similarity {:.2}): check for a mistranslation or a rewrite.",
                pair.score
            ),
            source: pair.source.iter().map(|&p| excerpt(source_texts, p, 0, source_texts[p].len())).collect(),
            target: pair.target.iter().map(|&p| excerpt(target_texts, p, 0, target_texts[p].len())).collect(),
        });
    }
    if ctx.same_language {
        flags.extend(substitution_flags(pair, source_texts, target_texts));
    }
    flags
}

/// Similarity below which an aligned pair is flagged as weakly supported.
const LOW_SIMILARITY: f32 = 0.1;

/// Tokens of sentences, with the paragraph each came from and byte offsets in it.
fn tokens_of(sentences: &[&Sentence]) -> Vec<(usize, Token)> {
    sentences
        .iter()
        .flat_map(|x| {
            tokenize(x.text).into_iter().map(move |mut t| {
                t.start += x.start;
                t.end += x.start;
                (x.paragraph, t)
            })
        })
        .collect()
}

/// A number as written: its paragraph, byte range, value and digit runs.
struct Written {
    paragraph: usize,
    start: usize,
    end: usize,
    value: String,
    digits: String,
    runs: Vec<String>,
}

fn written_numbers(side: &[(usize, Token)], texts: &[String]) -> Vec<Written> {
    side.iter()
        .filter(|(_, t)| t.kind == TokenKind::Number)
        .map(|(p, t)| {
            let raw = &texts[*p][t.start..t.end];
            let runs: Vec<String> = raw
                .split(|c: char| crate::numbers::digit_value(c).is_none())
                .filter(|r| !r.is_empty())
                .map(|r| {
                    r.chars()
                        .filter_map(crate::numbers::digit_value)
                        .map(|d| char::from_digit(d, 10).unwrap_or('0'))
                        .collect()
                })
                .collect();
            Written { paragraph: *p, start: t.start, end: t.end, value: t.folded.clone(), digits: runs.concat(), runs }
        })
        .collect()
}

/// Whether a number is accounted for on the other side: an equal value, all its digit runs
/// (`20.30` and `20 h 30`), or its digits written in several groups (`071 23 55 55`).
fn accounted(n: &Written, other: &NumberIndex) -> bool {
    if other.values.contains(n.value.as_str()) {
        return true;
    }
    if n.runs.len() > 1 && n.runs.iter().all(|r| other.runs.contains(r.as_str())) {
        return true;
    }
    // Written in groups: consecutive numbers whose digits, joined, give this one's.
    (1..n.digits.len()).any(|cut| {
        other.starts.get(&n.digits[..cut]).is_some_and(|positions| {
            positions.iter().take(8).any(|&i| {
                let mut joined = String::new();
                other.list[i..].iter().take(6).any(|o| {
                    joined.push_str(&o.digits);
                    joined.len() > o.digits.len() && joined == n.digits
                })
            })
        })
    })
}

/// The numbers of one side, indexed for [`accounted`].
struct NumberIndex<'a> {
    list: &'a [Written],
    values: HashSet<&'a str>,
    runs: HashSet<&'a str>,
    /// Positions in `list` by digits.
    starts: HashMap<&'a str, Vec<usize>>,
}

impl<'a> NumberIndex<'a> {
    fn new(list: &'a [Written]) -> Self {
        let mut starts: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, w) in list.iter().enumerate() {
            starts.entry(w.digits.as_str()).or_default().push(i);
        }
        NumberIndex {
            list,
            values: list.iter().map(|w| w.value.as_str()).collect(),
            runs: list.iter().flat_map(|w| w.runs.iter().map(String::as_str)).collect(),
            starts,
        }
    }
}

/// A number alone on one side is reported from this many digits: smaller ones are often
/// written in words on the other side ("Article 1" / "Article premier").
const MIN_MISSING_DIGITS: usize = 2;

/// Whether two unaccounted numbers look like one number changed into the other: as many
/// digits, or one digit added, removed or changed.
fn plausible_change(a: &Written, b: &Written) -> bool {
    a.digits.len() == b.digits.len() || edit_distance(&a.digits, &b.digits, 1) <= 1
}

/// Numbers that disagree. A number changed into another (`2,000` and `3,000`) is a
/// [`FlagKind::NumberMismatch`]; a number with nothing like it on the other side, which
/// is often written in words there, is a [`FlagKind::NumberMissing`].
fn number_flags(src: &[(usize, Token)], tgt: &[(usize, Token)], st: &[String], tt: &[String]) -> Vec<Flag> {
    let (a, b) = (written_numbers(src, st), written_numbers(tgt, tt));
    let (index_a, index_b) = (NumberIndex::new(&a), NumberIndex::new(&b));
    let lone_a: Vec<&Written> = a.iter().filter(|n| !accounted(n, &index_b)).collect();
    let mut lone_b: Vec<Option<&Written>> = b.iter().filter(|n| !accounted(n, &index_a)).map(Some).collect();
    let text = |texts: &[String], n: &Written| texts[n.paragraph][n.start..n.end].trim().to_string();
    let excerpt_of = |texts: &[String], n: &Written| excerpt(texts, n.paragraph, n.start, n.end);
    let mut flags = Vec::new();
    for s in lone_a {
        let changed = lone_b.iter_mut().find(|t| t.is_some_and(|t| plausible_change(s, t))).and_then(Option::take);
        if changed.is_none() && s.digits.len() < MIN_MISSING_DIGITS {
            continue;
        }
        flags.push(match changed {
            Some(t) => Flag {
                kind: FlagKind::NumberMismatch,
                message: format!("The source says {} where the target says {}.", text(st, s), text(tt, t)),
                source: vec![excerpt_of(st, s)],
                target: vec![excerpt_of(tt, t)],
            },
            None => Flag {
                kind: FlagKind::NumberMissing,
                message: format!(
                    "The number {} in the source has no equal in the target (perhaps written in words, or left out).",
                    text(st, s)
                ),
                source: vec![excerpt_of(st, s)],
                target: vec![],
            },
        });
    }
    for t in lone_b.into_iter().flatten().filter(|t| t.digits.len() >= MIN_MISSING_DIGITS) {
        flags.push(Flag {
            kind: FlagKind::NumberMissing,
            message: format!(
                "The number {} in the target has no equal in the source (perhaps written in words, or added).",
                text(tt, t)
            ),
            source: vec![],
            target: vec![excerpt_of(tt, t)],
        });
    }
    flags
}

/// Optimal string alignment distance (Levenshtein with adjacent transpositions), capped.
fn edit_distance(a: &str, b: &str, cap: usize) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > cap {
        return cap + 1;
    }
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(prev2[j - 2] + 1);
            }
        }
        prev2 = std::mem::replace(&mut prev, row);
    }
    prev[b.len()].min(cap + 1)
}

/// Whether two spellings differ only in their ending (inflection: `Nadelhorns` and
/// `Nadelhorn`, `Alpen` and `Alpes`), which languages legitimately do.
fn differ_in_ending_only(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    common + 2 >= a.chars().count().min(b.chars().count())
}

/// A name as compared: folded, with the German `ae`/`oe`/`ue` spellings of umlauts undone.
fn name_form(folded: &str) -> String {
    folded.replace("ae", "a").replace("oe", "o").replace("ue", "u")
}

/// Whether `a` and `b` differ by one letter swapped for a letter of the same sound class
/// (`Redaktion` and `Rédaction`): a usual difference between languages, not a misspelling.
fn same_sound_variant(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() != b.len() {
        return false;
    }
    let diffs: Vec<(char, char)> = a.iter().zip(&b).filter(|(x, y)| x != y).map(|(x, y)| (*x, *y)).collect();
    let class = |c: char| crate::text::skeleton(&c.to_string());
    diffs.len() == 1 && !class(diffs[0].0).is_empty() && class(diffs[0].0) == class(diffs[0].1)
}

/// Names (capitalised words) spelled differently on the two sides: `Kahl` and `Cahel`.
/// Differences in the ending are inflection, and a rendering the target uses throughout
/// is a translation choice; a spelling that deviates from the one the target uses
/// elsewhere, or a single-letter slip, is flagged.
fn name_flags(
    src: &[(usize, Token)],
    tgt: &[(usize, Token)],
    st: &[String],
    tt: &[String],
    target_words: &HashMap<String, usize>,
    concepts: [Option<&dyn ConceptSource>; 2],
) -> Vec<Flag> {
    // Two ordinary words of their languages (`Alles` and `Elles` opening a sentence), or a
    // name and its translation (`Kalifornien` and `Californie`), are not a misspelling.
    let words_of_their_languages = |s: &Token, t: &Token| {
        let (Some(sc), Some(tc)) = (concepts[0], concepts[1]) else { return false };
        let (a, b) = (sc.concepts(&s.folded), tc.concepts(&t.folded));
        (!a.is_empty() && !b.is_empty()) || a.iter().any(|c| b.contains(c))
    };
    let is_name =
        |t: &Token| t.kind == TokenKind::Word && t.capitalized && t.folded.chars().count() >= 4 && t.folded.is_ascii();
    fn counts(side: &[(usize, Token)]) -> HashMap<&str, usize> {
        let mut c: HashMap<&str, usize> = HashMap::new();
        for (_, t) in side {
            *c.entry(t.folded.as_str()).or_insert(0) += 1;
        }
        c
    }
    let (src_parts, tgt_parts) = (hyphen_parts(src, st), hyphen_parts(tgt, tt));
    let (src, tgt) = (src_parts.as_slice(), tgt_parts.as_slice());
    let (src_counts, tgt_counts) = (counts(src), counts(tgt));
    let count_src = |w: &str| src_counts.get(w).copied().unwrap_or(0);
    let count_tgt = |w: &str| tgt_counts.get(w).copied().unwrap_or(0);
    // Each spelling once: a name repeated a thousand times is judged once.
    fn distinct(side: &[(usize, Token)], is_name: impl Fn(&Token) -> bool) -> Vec<&(usize, Token)> {
        let mut seen = HashSet::new();
        side.iter().filter(|(_, t)| is_name(t) && seen.insert(t.folded.as_str())).collect()
    }
    let (src_names, tgt_names) = (distinct(src, is_name), distinct(tgt, is_name));
    let in_target_document = |w: &str| target_words.get(w).copied().unwrap_or(0);
    let mut flags = Vec::new();
    let mut used = std::collections::HashSet::new();
    for (tp, t) in tgt_names.into_iter().filter(|(_, t)| count_src(&t.folded) == 0) {
        let len = t.folded.chars().count();
        let cap = if len >= 7 { 2 } else { 1 };
        let sounds_alike = |s: &Token| s.skeleton.len() >= 2 && s.skeleton == t.skeleton;
        // A one-letter slip of a name the target otherwise keeps (`Mythen` twice in the
        // target, once as `Mytehn`) counts even when the target has the name as often as
        // the source: a translation may repeat a name the source said once.
        let lone_slip = |s: &Token| {
            in_target_document(&t.folded) <= count_tgt(&t.folded)
                && edit_distance(&s.folded, &t.folded, 1) == 1
                && !same_sound_variant(&s.folded, &t.folded)
        };
        let best = src_names
            .iter()
            .filter(|(_, s)| (count_src(&s.folded) > count_tgt(&s.folded) || lone_slip(s)) && !used.contains(&s.folded))
            .filter(|(_, s)| {
                !differ_in_ending_only(&s.folded, &t.folded)
                    && name_form(&s.folded) != name_form(&t.folded)
                    && !words_of_their_languages(s, t)
            })
            .map(|(sp, s)| (edit_distance(&s.folded, &t.folded, 2), sp, s))
            .filter(|(d, _, s)| {
                (*d <= cap && s.folded.chars().next() == t.folded.chars().next()) || (*d <= 2 && sounds_alike(s))
            })
            .filter(|(d, _, s)| {
                // A spelling the target uses throughout is a translation choice; one that
                // departs from the source's, which the target keeps elsewhere, is not.
                let target_keeps_source_spelling = in_target_document(&s.folded) > count_tgt(&s.folded);
                let target_uses_this_spelling = in_target_document(&t.folded) >= 2;
                let slip = (*d == 1 && !same_sound_variant(&s.folded, &t.folded)) || (*d == 2 && sounds_alike(s));
                target_keeps_source_spelling || (!target_uses_this_spelling && slip)
            })
            .min_by_key(|(d, _, _)| *d);
        if let Some((_, sp, s)) = best {
            used.insert(s.folded.clone());
            flags.push(Flag {
                kind: FlagKind::NameMismatch,
                message: format!(
                    "The name “{}” in the source is spelled “{}” in the target.",
                    &st[*sp][s.start..s.end],
                    &tt[*tp][t.start..t.end]
                ),
                source: vec![excerpt(st, *sp, s.start, s.end)],
                target: vec![excerpt(tt, *tp, t.start, t.end)],
            });
        }
    }
    flags
}

/// The tokens of each part of a hyphenated `word` (none without a hyphen), with offsets
/// into `word`.
fn parts_of_hyphenated(word: &str) -> Vec<Token> {
    let mut out = Vec::new();
    if !word.contains('-') {
        return out;
    }
    let mut at = 0;
    for part in word.split('-') {
        out.extend(tokenize(part).into_iter().map(|mut t| {
            t.start += at;
            t.end += at;
            t
        }));
        at += part.len() + 1;
    }
    out
}

/// The words of `tokens` with each hyphenated word also split into its parts, so that a
/// name inside a compound (`St. Moritz-Bad`, `Baden-Württemberg`) is compared on its own.
fn hyphen_parts(tokens: &[(usize, Token)], texts: &[String]) -> Vec<(usize, Token)> {
    let mut out = Vec::with_capacity(tokens.len());
    for (p, t) in tokens {
        if t.kind == TokenKind::Word {
            out.extend(parts_of_hyphenated(&texts[*p][t.start..t.end]).into_iter().map(|mut w| {
                w.start += t.start;
                w.end += t.start;
                (*p, w)
            }));
        }
        out.push((*p, t.clone()));
    }
    out
}

/// Counts of the folded words of a whole side, for judging spellings against the document.
pub fn word_counts(texts: &[String]) -> HashMap<String, usize> {
    let tokens: Vec<(usize, Token)> =
        texts.iter().enumerate().flat_map(|(p, text)| tokenize(text).into_iter().map(move |t| (p, t))).collect();
    let mut counts = HashMap::new();
    // The parts of a hyphenated word count too, as the name checks compare them.
    for (_, t) in hyphen_parts(&tokens, texts).into_iter().filter(|(_, t)| t.kind == TokenKind::Word) {
        *counts.entry(t.folded).or_insert(0) += 1;
    }
    counts
}

/// Word tokens of a pair's paragraphs, with their paragraph.
fn words_of(ids: &[usize], texts: &[String]) -> Vec<(usize, Token)> {
    ids.iter().flat_map(|&p| tokenize(&texts[p]).into_iter().map(move |t| (p, t))).collect()
}

/// The word-level diff of a same-language pair.
pub fn word_diff(pair: &Pair, source_texts: &[String], target_texts: &[String]) -> Vec<DiffOp> {
    let a = words_of(&pair.source, source_texts);
    let b = words_of(&pair.target, target_texts);
    let ka: Vec<&str> = a.iter().map(|(_, t)| t.folded.as_str()).collect();
    let kb: Vec<&str> = b.iter().map(|(_, t)| t.folded.as_str()).collect();
    let join = |side: &[(usize, Token)], texts: &[String], r: std::ops::Range<usize>| -> String {
        side[r].iter().map(|(p, t)| &texts[*p][t.start..t.end]).collect::<Vec<_>>().join(" ")
    };
    capture_diff_slices(Algorithm::Patience, &ka, &kb)
        .iter()
        .map(|op| {
            let (tag, ra, rb) = op.as_tag_tuple();
            DiffOp {
                op: match tag {
                    DiffTag::Equal => "equal",
                    DiffTag::Delete => "delete",
                    DiffTag::Insert => "insert",
                    DiffTag::Replace => "replace",
                }
                .into(),
                source: join(&a, source_texts, ra),
                target: join(&b, target_texts, rb),
            }
        })
        .collect()
}

/// Single words (or short runs) replaced by others in a same-language pair.
fn substitution_flags(pair: &Pair, source_texts: &[String], target_texts: &[String]) -> Vec<Flag> {
    let a = words_of(&pair.source, source_texts);
    let b = words_of(&pair.target, target_texts);
    let ka: Vec<&str> = a.iter().map(|(_, t)| t.folded.as_str()).collect();
    let kb: Vec<&str> = b.iter().map(|(_, t)| t.folded.as_str()).collect();
    capture_diff_slices(Algorithm::Patience, &ka, &kb)
        .iter()
        .filter_map(|op| {
            let (tag, ra, rb) = op.as_tag_tuple();
            if tag != DiffTag::Replace || ra.len() > 3 || rb.len() > 3 {
                return None;
            }
            let span = |side: &[(usize, Token)], r: &std::ops::Range<usize>| {
                let (p, first) = &side[r.start];
                let last = side[r.end - 1..r.end].iter().rev().find(|(q, _)| q == p).map_or(first.end, |(_, t)| t.end);
                (*p, first.start, last)
            };
            let (sp, ss, se) = span(&a, &ra);
            let (tp, ts, te) = span(&b, &rb);
            if a[ra.clone()].iter().chain(&b[rb.clone()]).all(|(_, t)| t.kind == TokenKind::Number) {
                return None; // numbers have their own flag
            }
            Some(Flag {
                kind: FlagKind::WordSubstitution,
                message: format!("“{}” became “{}”.", &source_texts[sp][ss..se], &target_texts[tp][ts..te]),
                source: vec![excerpt(source_texts, sp, ss, se)],
                target: vec![excerpt(target_texts, tp, ts, te)],
            })
        })
        .collect()
}

fn shorten(text: &str) -> String {
    const MAX: usize = 120;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflected_names_are_not_misspellings() {
        assert!(differ_in_ending_only("nadelhorns", "nadelhorn"));
        assert!(differ_in_ending_only("alpen", "alpes"));
        assert!(!differ_in_ending_only("dring", "drnig"));
        assert!(!differ_in_ending_only("kahl", "cahel"));
    }

    #[test]
    fn edit_distance_counts_transpositions_once() {
        assert_eq!(edit_distance("whymper", "whympre", 2), 1);
        assert_eq!(edit_distance("kahl", "cahel", 3), 2);
        assert_eq!(edit_distance("berlin", "paris", 2), 3);
    }
}
