//! transdiff compares an article with a version of it published elsewhere (a translation,
//! a summary, a rewrite): it lines up paragraphs and sentences across languages and scripts
//! and reports what was dropped, added, moved and changed.
//!
//! ```
//! let report = transdiff::compare("One.\n\nTwo.", "Eins.\n\nZwei.", &transdiff::CompareOptions::default()).unwrap();
//! assert_eq!(report.pairs.len(), 2);
//! ```
//!
//! The core is pure Rust with serde data in and out; `src/wasm.rs` is the only place that
//! knows about JavaScript.

pub mod accurate;
pub mod align;
mod compare;
pub mod encoder;
pub mod export;
mod flags;
pub mod furniture;
pub mod lang;
pub mod lexicon;
pub mod numbers;
pub mod report;
pub mod segment;
pub mod signals;
pub mod text;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use align::{align, configure, AlignConfig, Aligner, Bead};
pub use compare::{
    align_paragraphs, compare, compare_timed, compare_with, CompareOptions, Error, Lexicons, Link, Units,
    MAX_INPUT_BYTES,
};
pub use lang::detect as detect_language;
pub use report::*;
