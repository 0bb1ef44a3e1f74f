//! Turns two texts into a [`Report`].

use crate::lang;
use crate::report::*;
use serde::{Deserialize, Serialize};

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

/// Settings of a comparison.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CompareOptions {
    /// How paragraphs are found.
    pub units: Units,
    /// ISO 639 code of the source language, to override detection.
    pub source_lang: Option<String>,
    /// ISO 639 code of the target language, to override detection.
    pub target_lang: Option<String>,
}

/// Why a comparison could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A language code that is not known.
    UnknownLanguage(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::UnknownLanguage(code) => write!(f, "unknown language code {code:?}"),
        }
    }
}

impl std::error::Error for Error {}

/// Compares `source` with `target` and returns the full report.
pub fn compare(source: &str, target: &str, options: &CompareOptions) -> Result<Report, Error> {
    let language = |text: &str, code: &Option<String>| match code {
        Some(code) => lang::from_code(code).ok_or_else(|| Error::UnknownLanguage(code.clone())),
        None => Ok(lang::detect(text)),
    };
    let side = |text: &str, code: &Option<String>| -> Result<Side, Error> {
        let language = language(text, code)?;
        let paragraphs = paragraphs(text, options.units)
            .into_iter()
            .map(|text| Paragraph { text, status: Status::Matched, pair: None, noise_reason: None, sentences: vec![] })
            .collect();
        Ok(Side { lang: language.lang.clone(), language, paragraphs })
    };
    let mut source = side(source, &options.source_lang)?;
    let mut target = side(target, &options.target_lang)?;
    let n = source.paragraphs.len().min(target.paragraphs.len());
    let pairs = (0..n)
        .map(|i| Pair { source: vec![i], target: vec![i], score: 0.0, moved: false, flags: vec![], sentences: vec![], diff: None })
        .collect();
    for (i, p) in source.paragraphs.iter_mut().enumerate() {
        p.pair = (i < n).then_some(i);
        p.status = if i < n { Status::Matched } else { Status::Dropped };
    }
    for (i, p) in target.paragraphs.iter_mut().enumerate() {
        p.pair = (i < n).then_some(i);
        p.status = if i < n { Status::Matched } else { Status::Added };
    }
    Ok(Report { version: REPORT_VERSION, source, target, pairs, summary: Summary::default(), notices: vec![] })
}

fn paragraphs(text: &str, units: Units) -> Vec<String> {
    match units {
        Units::Lines => text.lines().map(str::to_string).collect(),
        Units::Auto => text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect(),
    }
}
