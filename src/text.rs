//! Tokens and their matching keys: words folded to ASCII, consonant skeletons, numbers.
//!
//! Everything here works on any script: Latin diacritics are stripped, Cyrillic, Greek,
//! Arabic, Persian and Hebrew are transliterated, digits of any script are read as numbers.

use crate::numbers;
use unicode_normalization::char::decompose_canonical;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (with inner apostrophes or hyphens).
    Word,
    /// A number, with its value in [`Token::value`].
    Number,
    /// A CJK character (each one is a token: the scripts do not separate words).
    Ideograph,
}

/// One token of a text with the keys it is matched by.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Byte range in the text it came from.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// What it is.
    pub kind: TokenKind,
    /// Lowercase, folded to ASCII where the script allows (`Zürich` -> `zurich`, `Москва` -> `moskva`).
    pub folded: String,
    /// Consonant skeleton of `folded` (`Muhammad`, `Mohamed` and `محمد` all give `mmd`).
    pub skeleton: String,
    /// For numbers, the value after locale and scale-word normalisation.
    pub value: Option<f64>,
    /// True when the word starts with an uppercase letter (a name candidate).
    pub capitalized: bool,
}

/// Splits `text` into word, number and ideograph tokens; numbers take a following
/// scale word ("70 thousand", "70 ألف") into their value.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if numbers::digit_value(c).is_some() {
            let (end, value) = numbers::scan_number(text, start);
            while chars.peek().is_some_and(|&(i, _)| i < end) {
                chars.next();
            }
            tokens.push(number_token(start, end, value));
        } else if is_ideograph(c) {
            chars.next();
            let end = start + c.len_utf8();
            tokens.push(Token {
                start,
                end,
                kind: TokenKind::Ideograph,
                folded: c.to_string(),
                skeleton: String::new(),
                value: None,
                capitalized: false,
            });
        } else if c.is_alphabetic() {
            let mut end = start;
            while let Some(&(i, ch)) = chars.peek() {
                let joiner = (ch == '\'' || ch == '’' || ch == '-')
                    && text[i + ch.len_utf8()..].chars().next().is_some_and(|n| n.is_alphabetic() && !is_ideograph(n));
                if (ch.is_alphabetic() && !is_ideograph(ch)) || is_mark(ch) || joiner {
                    end = i + ch.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let word = &text[start..end];
            let folded = fold(word);
            tokens.push(Token {
                start,
                end,
                kind: TokenKind::Word,
                skeleton: skeleton(&folded),
                capitalized: c.is_uppercase(),
                folded,
                value: None,
            });
        } else {
            chars.next();
        }
    }
    numbers::apply_scale_words(&mut tokens);
    tokens
}

fn number_token(start: usize, end: usize, value: f64) -> Token {
    Token {
        start,
        end,
        kind: TokenKind::Number,
        folded: numbers::canonical(value),
        skeleton: String::new(),
        value: Some(value),
        capitalized: false,
    }
}

/// True for Han, Hiragana, Katakana, Hangul and other CJK characters.
pub fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// True for combining marks (diacritics, Arabic harakat) that belong to the word before them.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x0900..=0x0903 | 0x093A..=0x094F)
}

/// Lowercases and folds a word to ASCII where its script allows; other scripts are kept lowercased.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        for l in c.to_lowercase() {
            fold_char(l, &mut out);
        }
    }
    out
}

fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        }
        return;
    }
    if let Some(t) = transliterate(c) {
        out.push_str(t);
        return;
    }
    if is_mark(c) || c == '’' || c == 'ـ' {
        return;
    }
    let mut base = None;
    decompose_canonical(c, |d| {
        if base.is_none() && d.is_ascii_alphabetic() {
            base = Some(d);
        }
    });
    match base {
        Some(b) => out.push(b),
        None => out.push(c),
    }
}

/// ASCII transliteration of letters that do not decompose to ASCII.
fn transliterate(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'ł' => "l",
        'đ' | 'ð' => "d",
        'þ' => "th",
        'ı' => "i",
        // Cyrillic
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' | 'є' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'і' | 'й' => "i",
        'ї' => "yi",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'ю' => "yu",
        'я' => "ya",
        'ґ' => "g",
        'ў' => "u",
        'ј' => "j",
        'љ' => "lj",
        'њ' => "nj",
        'ћ' => "c",
        'џ' => "dz",
        // Greek
        'α' | 'ά' => "a",
        'β' => "v",
        'γ' => "g",
        'δ' => "d",
        'ε' | 'έ' => "e",
        'ζ' => "z",
        'η' | 'ή' => "i",
        'θ' => "th",
        'ι' | 'ί' | 'ϊ' | 'ΐ' => "i",
        'κ' => "k",
        'λ' => "l",
        'μ' => "m",
        'ν' => "n",
        'ξ' => "x",
        'ο' | 'ό' => "o",
        'π' => "p",
        'ρ' => "r",
        'σ' | 'ς' => "s",
        'τ' => "t",
        'υ' | 'ύ' | 'ϋ' | 'ΰ' => "y",
        'φ' => "f",
        'χ' => "ch",
        'ψ' => "ps",
        'ω' | 'ώ' => "o",
        // Arabic and Persian (alef, ya and ta marbuta variants folded together)
        'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' | 'ى' => "a",
        'ب' => "b",
        'ت' => "t",
        'ث' => "th",
        'ج' => "j",
        'ح' => "h",
        'خ' => "kh",
        'د' => "d",
        'ذ' => "dh",
        'ر' => "r",
        'ز' => "z",
        'س' => "s",
        'ش' => "sh",
        'ص' => "s",
        'ض' => "d",
        'ط' => "t",
        'ظ' => "z",
        'ع' | 'ء' => "",
        'غ' => "gh",
        'ف' => "f",
        'ق' => "q",
        'ك' | 'ک' => "k",
        'ل' => "l",
        'م' => "m",
        'ن' => "n",
        'ه' | 'ة' | 'ۀ' => "h",
        'و' | 'ؤ' => "w",
        'ي' | 'ئ' | 'ی' => "y",
        'پ' => "p",
        'چ' => "ch",
        'ژ' => "zh",
        'گ' => "g",
        'ڤ' => "v",
        // Hebrew
        'א' | 'ע' => "",
        'ב' => "b",
        'ג' => "g",
        'ד' => "d",
        'ה' => "h",
        'ו' => "v",
        'ז' => "z",
        'ח' => "ch",
        'ט' | 'ת' => "t",
        'י' => "y",
        'כ' | 'ך' | 'ק' => "k",
        'ל' => "l",
        'מ' | 'ם' => "m",
        'נ' | 'ן' => "n",
        'ס' => "s",
        'פ' | 'ף' => "p",
        'צ' | 'ץ' => "ts",
        'ר' => "r",
        'ש' => "sh",
        _ => return None,
    })
}

/// Consonant skeleton of a folded word: vowels and `h` dropped, close consonants merged
/// (c/k/q, v/w/b-less, z/s), doubles collapsed. Empty for words that are not ASCII-folded.
pub fn skeleton(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len());
    if !folded.is_ascii() {
        return out;
    }
    let mut last = '\0';
    for c in folded.chars() {
        let mapped = match c {
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'h' => continue,
            'c' | 'k' | 'q' | 'g' => 'k',
            'w' | 'v' | 'f' | 'p' | 'b' => 'v',
            'z' | 's' | 'x' => 's',
            'j' => 'j',
            d if d.is_ascii_digit() => continue,
            o => o,
        };
        if mapped != last {
            out.push(mapped);
            last = mapped;
        }
    }
    out
}

/// Number of UTF-16 code units in `s` (JavaScript string length).
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// Converts a byte offset in `s` to a UTF-16 offset.
pub fn utf16_offset(s: &str, byte: usize) -> usize {
    utf16_len(&s[..byte])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.folded).collect()
    }

    #[test]
    fn folds_latin_cyrillic_greek() {
        assert_eq!(folded("Zürich Straße Œuvre"), ["zurich", "strasse", "oeuvre"]);
        assert_eq!(folded("Москва Київ"), ["moskva", "kiyiv"]);
        assert_eq!(folded("Αθήνα"), ["athina"]);
    }

    #[test]
    fn arabic_variants_fold_together() {
        assert_eq!(fold("أحمد"), fold("احمد"));
        assert_eq!(fold("مدرسة"), fold("مدرسه"));
        assert_eq!(fold("عَرَبِيّ"), fold("عربي"));
    }

    #[test]
    fn skeletons_match_across_scripts_and_spellings() {
        assert_eq!(skeleton(&fold("Muhammad")), skeleton(&fold("محمد")));
        assert_eq!(skeleton(&fold("Mohamed")), skeleton(&fold("Muhammad")));
        assert_eq!(skeleton(&fold("Kahl")), skeleton(&fold("Cahel")));
        assert_eq!(skeleton(&fold("Moscow")), skeleton(&fold("Москва")));
        assert_ne!(skeleton(&fold("Berlin")), skeleton(&fold("Paris")));
    }

    #[test]
    fn words_keep_inner_apostrophes_and_hyphens() {
        assert_eq!(folded("l'homme well-known -x"), ["lhomme", "wellknown", "x"]);
    }

    #[test]
    fn ideographs_are_single_tokens() {
        let t = tokenize("人人生而自由");
        assert_eq!(t.len(), 6);
        assert!(t.iter().all(|t| t.kind == TokenKind::Ideograph));
    }

    #[test]
    fn utf16_offsets() {
        assert_eq!(utf16_offset("a😀b", 5), 3);
        assert_eq!(utf16_len("日本"), 2);
    }
}
