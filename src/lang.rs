//! Language, script and direction of a text, by `whatlang` with a script-based fallback.

use crate::report::LanguageInfo;
use whatlang::{Lang, Script};

/// Detects the language of `text`.
///
/// Returns `und` with `reliable: false` when the text is too short or mixed to tell;
/// the script (and so the direction) is still given when letters are present.
pub fn detect(text: &str) -> LanguageInfo {
    let sample = sample(text);
    let script = whatlang::detect_script(sample);
    match whatlang::detect(sample) {
        Some(info) => info_for(info.lang(), Some(info.script()), info.is_reliable(), false),
        None => LanguageInfo {
            lang: "und".into(),
            name: "Unknown".into(),
            script: script.map_or_else(|| "Unknown".to_string(), |s| s.name().to_string()),
            direction: direction_of(script).into(),
            reliable: false,
            overridden: false,
        },
    }
}

/// Language info for a user-given ISO 639-3 code (or a whatlang English name), if known.
pub fn from_code(code: &str) -> Option<LanguageInfo> {
    let code = code.trim().to_ascii_lowercase();
    let lang = Lang::from_code(&code)
        .or_else(|| alias(&code).and_then(Lang::from_code))
        .or_else(|| Lang::all().iter().copied().find(|l| l.eng_name().eq_ignore_ascii_case(&code)))?;
    Some(info_for(lang, None, true, true))
}

/// Common codes whatlang spells differently (ISO 639-1, macro-language codes).
fn alias(code: &str) -> Option<&'static str> {
    Some(match code {
        "en" => "eng",
        "de" | "ger" => "deu",
        "fr" | "fre" => "fra",
        "es" => "spa",
        "it" => "ita",
        "pt" => "por",
        "nl" | "dut" => "nld",
        "ru" => "rus",
        "uk" => "ukr",
        "pl" => "pol",
        "tr" => "tur",
        "ar" | "arb" => "ara",
        "he" => "heb",
        "fa" | "per" | "fas" => "pes",
        "ur" => "urd",
        "hi" => "hin",
        "zh" | "chi" | "zho" => "cmn",
        "ja" => "jpn",
        "ko" => "kor",
        "el" | "gre" => "ell",
        "vi" => "vie",
        "id" => "ind",
        "sw" | "swa" => "swh",
        _ => return None,
    })
}

fn info_for(lang: Lang, script: Option<Script>, reliable: bool, overridden: bool) -> LanguageInfo {
    let script = script.or_else(|| default_script(lang));
    LanguageInfo {
        lang: lang.code().into(),
        name: lang.eng_name().into(),
        script: script.map_or_else(|| "Unknown".to_string(), |s| s.name().to_string()),
        direction: direction_of(script).into(),
        reliable,
        overridden,
    }
}

fn default_script(lang: Lang) -> Option<Script> {
    Some(match lang {
        Lang::Ara | Lang::Pes | Lang::Urd => Script::Arabic,
        Lang::Heb | Lang::Yid => Script::Hebrew,
        Lang::Rus | Lang::Ukr | Lang::Bul | Lang::Srp | Lang::Mkd | Lang::Bel => Script::Cyrillic,
        Lang::Ell => Script::Greek,
        Lang::Cmn => Script::Mandarin,
        Lang::Jpn => Script::Hiragana,
        Lang::Kor => Script::Hangul,
        Lang::Hin | Lang::Mar | Lang::Nep => Script::Devanagari,
        _ => Script::Latin,
    })
}

/// `rtl` for Arabic and Hebrew script, else `ltr`.
fn direction_of(script: Option<Script>) -> &'static str {
    match script {
        Some(Script::Arabic | Script::Hebrew) => "rtl",
        _ => "ltr",
    }
}

/// The first 20 000 bytes of `text` (cut on a char boundary): enough to detect, bounded in cost.
fn sample(text: &str) -> &str {
    let mut end = text.len().min(20_000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_languages_and_direction() {
        let en = detect("The committee approved the budget on Tuesday after a long debate about schools.");
        assert_eq!((en.lang.as_str(), en.direction.as_str()), ("eng", "ltr"));
        let ar = detect("وافقت اللجنة على الميزانية يوم الثلاثاء بعد نقاش طويل حول المدارس والمستشفيات");
        assert_eq!((ar.lang.as_str(), ar.direction.as_str()), ("ara", "rtl"));
    }

    #[test]
    fn unknown_for_empty_text() {
        let none = detect("  12 ");
        assert_eq!(none.lang, "und");
        assert!(!none.reliable);
    }

    #[test]
    fn codes_and_aliases() {
        assert_eq!(from_code("de").unwrap().lang, "deu");
        assert_eq!(from_code("arb").unwrap().direction, "rtl");
        assert_eq!(from_code("German").unwrap().lang, "deu");
        assert!(from_code("xx").is_none());
    }
}
