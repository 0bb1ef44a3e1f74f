//! The JavaScript face of the library: thin wrappers that turn JS values into the core's
//! serde types and back. Nothing else in the crate knows about wasm-bindgen.

use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT_TYPES: &str = r#"
/** How the input is cut into paragraphs. */
export type Units = "auto" | "lines";

/** Settings of a comparison; every field is optional. */
export interface CompareOptions {
  units?: Units;
  /** ISO 639 code of the source language, to override detection. */
  source_lang?: string | null;
  /** ISO 639 code of the target language, to override detection. */
  target_lang?: string | null;
  /** Milliseconds after which the engine stops refining and adds a notice. */
  time_budget_ms?: number | null;
  /** Leave the sentence encoder out even when loaded (lexical signals only); default false. */
  fast?: boolean;
}

export type Status = "matched" | "dropped" | "added" | "moved" | "noise" | "outside";
export type FlagKind =
  | "number_mismatch" | "number_missing" | "name_mismatch" | "partial_omission"
  | "partial_addition" | "low_similarity" | "word_substitution";
export type Verdict = "versions" | "unrelated" | "empty";

export interface LanguageInfo {
  lang: string;
  name: string;
  script: string;
  direction: "ltr" | "rtl";
  reliable: boolean;
  overridden: boolean;
}

/** A half-open UTF-16 range inside a paragraph's text. */
export interface Span { start: number; end: number; }

export interface Paragraph {
  text: string;
  status: Status;
  pair: number | null;
  noise_reason?: string;
  sentences: Span[];
}

export interface Side {
  lang: string;
  language: LanguageInfo;
  paragraphs: Paragraph[];
}

/** A piece of paragraph text a flag points at; `start`/`end` are UTF-16 offsets. */
export interface Excerpt {
  paragraph: number;
  start: number;
  end: number;
  text: string;
}

export interface Flag {
  kind: FlagKind;
  message: string;
  source: Excerpt[];
  target: Excerpt[];
}

export interface DiffOp {
  op: "equal" | "delete" | "insert" | "replace";
  source: string;
  target: string;
}

/** Sentence ids are `[paragraph, sentence]` positions. */
export interface SentenceBead {
  source: [number, number][];
  target: [number, number][];
}

export interface Pair {
  source: number[];
  target: number[];
  score: number;
  moved: boolean;
  flags: Flag[];
  sentences: SentenceBead[];
  diff?: DiffOp[];
}

export interface Summary {
  verdict: Verdict;
  coverage: number;
  source_words: number;
  target_words: number;
  matched: number;
  dropped: number;
  added: number;
  moved: number;
  noise: number;
  outside: number;
  flags: Record<string, number>;
  /** Whether the sentence encoder took part (accurate mode). */
  accurate: boolean;
}

export interface Report {
  version: number;
  source: Side;
  target: Side;
  pairs: Pair[];
  summary: Summary;
  notices: string[];
}
"#;

thread_local! {
    /// Lexicons handed over by [`load_lexicon`] and the sentence encoder handed over by
    /// [`load_model`], used by every later [`compare`].
    static LEXICONS: RefCell<crate::Lexicons> = RefCell::new(crate::Lexicons::default());
}

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// Reads a lexicon file (the bytes of `www/lexicons/LANG.bin`) and keeps it for the
/// comparisons that follow; returns its ISO 639-3 language code.
#[wasm_bindgen]
pub fn load_lexicon(bytes: &[u8]) -> Result<String, JsError> {
    let lexicon = crate::lexicon::Lexicon::from_bytes(bytes).map_err(into_error)?;
    let lang = lexicon.lang().to_string();
    LEXICONS.with(|lexicons| lexicons.borrow_mut().insert(lexicon));
    Ok(lang)
}

/// Reads the sentence encoder's model file (the bytes of `www/model/use-m3.bin`) and keeps
/// it for the comparisons that follow (accurate mode, unless their options say `fast`);
/// returns the model's description (`key: value` lines). A second call replaces the model.
#[wasm_bindgen]
pub fn load_model(bytes: &[u8]) -> Result<String, JsError> {
    let encoder = crate::encoder::Encoder::from_bytes(bytes).map_err(into_error)?;
    let description = encoder.description().to_string();
    LEXICONS.with(|lexicons| lexicons.borrow_mut().set_encoder(encoder));
    Ok(description)
}

/// Whether a sentence encoder is loaded (by [`load_model`]).
#[wasm_bindgen]
pub fn model_loaded() -> bool {
    LEXICONS.with(|lexicons| lexicons.borrow().encoder().is_some())
}

/// Codes of the languages whose lexicons are loaded.
#[wasm_bindgen]
pub fn loaded_lexicons() -> Vec<String> {
    LEXICONS.with(|lexicons| lexicons.borrow().languages().into_iter().map(str::to_string).collect())
}

/// Compares `source` with `target` with the lexicons loaded so far; `options` is a
/// `CompareOptions` object, or undefined.
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn compare(
    source: &str,
    target: &str,
    #[wasm_bindgen(unchecked_param_type = "CompareOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsError> {
    let options: crate::CompareOptions = if options.is_undefined() || options.is_null() {
        Default::default()
    } else {
        serde_wasm_bindgen::from_value(options).map_err(into_error)?
    };
    let report = LEXICONS
        .with(|lexicons| crate::compare_timed(source, target, &options, &lexicons.borrow(), &now_ms))
        .map_err(into_error)?;
    to_js(&report)
}

/// The page's clock in milliseconds (`performance.now()` in a worker, a window or Node;
/// `Date.now()` where there is none), for the engine's time budget.
fn now_ms() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// Renders a `Report` (as returned by [`compare`]) as `json`, `markdown`, `html` (a
/// self-contained page), `tsv` or `tmx` (the aligned pairs).
#[wasm_bindgen]
pub fn export_report(
    #[wasm_bindgen(unchecked_param_type = "Report")] report: JsValue,
    format: &str,
) -> Result<String, JsError> {
    let report: crate::Report = serde_wasm_bindgen::from_value(report).map_err(into_error)?;
    Ok(match format {
        "json" => serde_json::to_string_pretty(&report).map_err(into_error)?,
        "markdown" => crate::export::to_markdown(&report),
        "html" => crate::export::to_html(&report),
        "tsv" => crate::export::to_tsv(&report),
        "tmx" => crate::export::to_tmx(&report),
        other => return Err(JsError::new(&format!("unknown export format {other:?}"))),
    })
}

/// The text of pasted or dropped HTML with its block structure (one blank line between
/// blocks); nothing in it is fetched, rendered or run.
#[wasm_bindgen]
pub fn html_to_text(html: &str) -> String {
    crate::segment::html_to_text(html)
}

/// Language, script and direction of `text`.
#[wasm_bindgen(unchecked_return_type = "LanguageInfo")]
pub fn detect_language(text: &str) -> Result<JsValue, JsError> {
    to_js(&crate::detect_language(text))
}

/// The crate's version, as in Cargo.toml.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Serializes core data as plain JS objects and arrays (maps become objects).
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(into_error)
}

/// Turns any core or conversion error into a JS `Error` carrying its message.
fn into_error(error: impl std::fmt::Display) -> JsError {
    JsError::new(&error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn get(value: &JsValue, path: &[&str]) -> JsValue {
        path.iter().fold(value.clone(), |v, key| js_sys::Reflect::get(&v, &JsValue::from_str(key)).unwrap())
    }

    fn length(value: &JsValue) -> u32 {
        js_sys::Array::from(value).length()
    }

    fn options(json: &str) -> JsValue {
        js_sys::JSON::parse(json).unwrap()
    }

    #[wasm_bindgen_test]
    fn compare_returns_plain_objects() {
        let report = compare("One.\n\nTwo.\n\nThree.", "Eins.\n\nZwei.", JsValue::UNDEFINED).unwrap();
        assert!(js_sys::Array::is_array(&get(&report, &["pairs"])));
        assert_eq!(length(&get(&report, &["source", "paragraphs"])), 3);
        let flags = get(&report, &["summary", "flags"]);
        assert!(flags.is_object() && !flags.is_instance_of::<js_sys::Map>(), "maps must become objects");
        let first = js_sys::Array::from(&get(&report, &["source", "paragraphs"])).get(0);
        assert_eq!(get(&first, &["text"]).as_string().as_deref(), Some("One."));
        assert!(get(&first, &["status"]).is_string());
    }

    #[wasm_bindgen_test]
    fn compare_reads_options() {
        let report = compare("a\nb", "c\nd", options(r#"{"units": "lines", "target_lang": "de"}"#)).unwrap();
        assert_eq!(length(&get(&report, &["source", "paragraphs"])), 2);
        assert_eq!(get(&report, &["target", "language", "overridden"]).as_bool(), Some(true));
        assert!(compare("a", "b", JsValue::NULL).is_ok());
    }

    #[wasm_bindgen_test]
    fn errors_become_js_errors_with_a_message() {
        let error: JsValue = compare("a", "b", options(r#"{"source_lang": "xx-nowhere"}"#)).unwrap_err().into();
        let message = get(&error, &["message"]).as_string().unwrap();
        assert!(message.contains("xx-nowhere"), "{message}");
        assert!(compare("a", "b", options(r#"{"units": 3}"#)).is_err());
    }

    #[wasm_bindgen_test]
    fn detect_language_gives_direction() {
        let arabic =
            detect_language("يولد جميع الناس أحراراً متساوين في الكرامة والحقوق، وقد وهبوا عقلاً وضميراً.").unwrap();
        assert_eq!(get(&arabic, &["direction"]).as_string().as_deref(), Some("rtl"));
        let english = detect_language("All human beings are born free and equal in dignity and rights.").unwrap();
        assert_eq!(get(&english, &["lang"]).as_string().as_deref(), Some("eng"));
    }

    #[wasm_bindgen_test]
    fn loads_lexicons_and_rejects_other_bytes() {
        let entries = [("haus", vec!["house"]), ("regierung", vec!["government"])];
        let lexicon = crate::lexicon::Lexicon::from_entries("deu", entries).unwrap();
        assert_eq!(load_lexicon(&lexicon.to_bytes()).unwrap(), "deu");
        assert!(loaded_lexicons().contains(&"deu".to_string()));
        assert!(load_lexicon(b"not a lexicon").is_err());
    }

    #[wasm_bindgen_test]
    fn load_model_rejects_other_bytes() {
        let before = model_loaded();
        let error: JsValue = load_model(b"not a model").unwrap_err().into();
        let message = get(&error, &["message"]).as_string().unwrap();
        assert!(message.contains("not a transdiff sentence encoder model file"), "{message}");
        assert_eq!(model_loaded(), before, "a failed load leaves the state as it was");
    }

    #[wasm_bindgen(inline_js = "export function read_model() {
        const fs = globalThis.process?.getBuiltinModule?.('fs');
        try { return fs ? fs.readFileSync('www/model/use-m3.bin') : undefined; } catch { return undefined; }
    }")]
    extern "C" {
        /// The bytes of `www/model/use-m3.bin` when the tests run in Node and it is built.
        fn read_model() -> Option<Vec<u8>>;
    }

    #[wasm_bindgen_test]
    fn loaded_model_makes_compare_accurate_unless_fast() {
        let Some(bytes) = read_model() else {
            return; // no model built (`make model`): the page then works lexically
        };
        assert!(load_model(&bytes).unwrap().contains("model:"));
        assert!(model_loaded());
        let (en, fr) = (
            "The cat sleeps on the sofa.\n\nThe weather is fine today.",
            "Le chat dort sur le canapé.\n\nIl fait beau aujourd'hui.",
        );
        let accurate = compare(en, fr, JsValue::UNDEFINED).unwrap();
        assert_eq!(get(&accurate, &["summary", "accurate"]).as_bool(), Some(true));
        let fast = compare(en, fr, options(r#"{"fast": true}"#)).unwrap();
        assert_eq!(get(&fast, &["summary", "accurate"]).as_bool(), Some(false));
    }

    #[wasm_bindgen_test]
    fn exports_a_report_in_every_format() {
        let report = compare("One.\n\nTwo & <b>.", "Eins.\n\nZwei.", JsValue::UNDEFINED).unwrap();
        let json = export_report(report.clone(), "json").unwrap();
        assert!(js_sys::JSON::parse(&json).is_ok());
        assert!(export_report(report.clone(), "html").unwrap().contains("&lt;b&gt;"));
        assert!(export_report(report.clone(), "tmx").unwrap().starts_with("<?xml"));
        assert!(export_report(report.clone(), "markdown").unwrap().starts_with("# transdiff report"));
        assert!(export_report(report.clone(), "tsv").unwrap().contains('\t'));
        assert!(export_report(report, "pdf").is_err());
        assert!(export_report(JsValue::from_str("no report"), "json").is_err());
    }

    #[wasm_bindgen_test]
    fn html_to_text_keeps_blocks_and_drops_scripts() {
        let text = html_to_text("<p>One <b>bold</b></p><script>alert(1)</script><p>Two</p>");
        assert_eq!(text.trim(), "One bold\n\nTwo");
    }

    #[wasm_bindgen_test]
    fn version_is_the_crate_version() {
        assert_eq!(version(), env!("CARGO_PKG_VERSION"));
    }
}
