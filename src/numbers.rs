//! Numbers across scripts and locales: digits of any script, thousands and decimal
//! separators (`1,200`, `1.200`, `1 200`, `1'200`, `١٬٢٠٠`), and scale words
//! (`70 thousand`, `70 Tausend`, `70 ألف`, `7万`).

use crate::text::{Token, TokenKind};

/// Value of a decimal digit of any supported script, or `None`.
pub fn digit_value(c: char) -> Option<u32> {
    let base = match c as u32 {
        0x30..=0x39 => 0x30,
        0x660..=0x669 => 0x660,
        0x6F0..=0x6F9 => 0x6F0,
        0x966..=0x96F => 0x966,
        0x9E6..=0x9EF => 0x9E6,
        0xE50..=0xE59 => 0xE50,
        0xFF10..=0xFF19 => 0xFF10,
        _ => return None,
    };
    Some(c as u32 - base)
}

fn is_group_separator(c: char) -> bool {
    matches!(c, ',' | '.' | '\'' | '’' | ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '٬' | '٫')
}

fn is_space_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Whether the separator at the start of `rest` joins the next digit group. A space joins
/// only a run of spaced thousands groups: exactly three digits follow it.
fn separator_continues(rest: &str, seps: &[char]) -> bool {
    let mut chars = rest.chars();
    let Some(sep) = chars.next() else { return false };
    if !is_group_separator(sep) {
        return false;
    }
    if !is_space_separator(sep) {
        return seps.iter().all(|s| !is_space_separator(*s));
    }
    let digits = chars.clone().take_while(|c| digit_value(*c).is_some()).count();
    digits == 3 && seps.iter().all(|s| *s == sep)
}

fn can_be_decimal(c: char) -> bool {
    matches!(c, ',' | '.' | '٫')
}

/// Reads the number starting at byte `start` of `text` (which must be a digit) and returns
/// the byte end and the value. Thousands groups are joined when every group after the first
/// has three digits; a final group of another length after `.`, `,` or `٫` is a decimal part;
/// anything else (dates such as `9.11.2001`) ends the number at the first group.
pub fn scan_number(text: &str, start: usize) -> (usize, f64) {
    // Inside a sequence that did not read as one number (a date), each group stands alone.
    let mut before = text[..start].chars().rev();
    let continues_split = matches!((before.next(), before.next()), (Some(s), Some(d))
        if is_group_separator(s) && !is_space_separator(s) && digit_value(d).is_some());
    let mut groups: Vec<(String, usize)> = Vec::new(); // digits, byte end
    let mut seps: Vec<char> = Vec::new();
    let mut pos = start;
    loop {
        let mut digits = String::new();
        for c in text[pos..].chars() {
            match digit_value(c) {
                Some(d) => {
                    digits.push(char::from_digit(d, 10).unwrap_or('0'));
                    pos += c.len_utf8();
                }
                None => break,
            }
        }
        groups.push((digits, pos));
        let mut rest = text[pos..].chars();
        match (rest.next(), rest.next()) {
            (Some(_), Some(_)) if continues_split || !separator_continues(&text[pos..], &seps) => break,
            (Some(s), Some(d)) if is_group_separator(s) && digit_value(d).is_some() => {
                seps.push(s);
                pos += s.len_utf8();
            }
            _ => break,
        }
    }
    let value_of = |int: &str, frac: &str| -> f64 {
        let s = if frac.is_empty() { int.to_string() } else { format!("{int}.{frac}") };
        s.parse().unwrap_or(0.0)
    };
    let first = &groups[0].0;
    if seps.is_empty() {
        return (groups[0].1, value_of(first, ""));
    }
    // Thousands groups: all separators alike, every later group exactly three digits.
    let thousands_run = seps.iter().take_while(|&&s| s == seps[0]).count();
    let run_is_thousands = first.len() <= 3 && groups[1..=thousands_run].iter().all(|(g, _)| g.len() == 3);
    if run_is_thousands && thousands_run == seps.len() {
        let joined: String = groups.iter().map(|(g, _)| g.as_str()).collect();
        return (groups.last().map_or(pos, |g| g.1), value_of(&joined, ""));
    }
    if seps.len() == 1 && can_be_decimal(seps[0]) {
        return (groups[1].1, value_of(first, &groups[1].0));
    }
    if run_is_thousands && thousands_run + 1 == seps.len() && can_be_decimal(seps[thousands_run]) {
        let joined: String = groups[..=thousands_run].iter().map(|(g, _)| g.as_str()).collect();
        return (groups[thousands_run + 1].1, value_of(&joined, &groups[thousands_run + 1].0));
    }
    if run_is_thousands && !is_space_separator(seps[0]) {
        let joined: String = groups[..=thousands_run].iter().map(|(g, _)| g.as_str()).collect();
        return (groups[thousands_run].1, value_of(&joined, ""));
    }
    (groups[0].1, value_of(first, ""))
}

/// Canonical text of a value: integers without a fraction, others with up to six decimals.
pub fn canonical(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e18 {
        format!("{}", value as i64)
    } else {
        let s = format!("{value:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Multiplier of a scale word, looked up by its folded form.
fn scale_of(folded: &str) -> Option<f64> {
    Some(match folded {
        "thousand" | "thousands" | "tausend" | "mille" | "mil" | "mila" | "tysiach" | "tysiachi" | "tysyach"
        | "tysyachi" | "tysyacha" | "tys" | "alf" | "alaf" | "hzar" | "bin" | "duizend" | "tysiecy" | "ribu"
        | "elfu" | "nghin" | "ngan" | "千" => 1e3,
        "万" | "萬" | "만" => 1e4,
        "lakh" | "lakhs" | "लाख" => 1e5,
        "million" | "millions" | "millionen" | "mio" | "millon" | "millones" | "milione" | "milioni" | "milhao"
        | "milhoes" | "milion" | "miliony" | "milionow" | "miljoen" | "milyon" | "milioun" | "millionov"
        | "milliona" | "mln" | "mlywn" | "mlyyn" | "mlayyn" | "mylywn" | "juta" => 1e6,
        "亿" | "億" => 1e8,
        "crore" | "crores" | "करोड़" => 1e7,
        "billion" | "billions" | "milliarde" | "milliarden" | "mrd" | "milliard" | "milliards" | "miliardo"
        | "miliardi" | "milyar" | "milliardov" | "milliarda" | "mlrd" | "mlyar" | "mlyarat" | "miliard" | "miljard"
        | "bilion" => 1e9,
        _ => return None,
    })
}

/// Folds a scale word that follows a number into the number's value and span.
pub fn apply_scale_words(tokens: &mut Vec<Token>) {
    let mut i = 0;
    while i + 1 < tokens.len() {
        if tokens[i].kind == TokenKind::Number && tokens[i + 1].kind != TokenKind::Number {
            if let Some(scale) = scale_of(&tokens[i + 1].folded) {
                let value = tokens[i].value.unwrap_or(0.0) * scale;
                tokens[i].value = Some(value);
                tokens[i].folded = canonical(value);
                tokens[i].end = tokens[i + 1].end;
                tokens.remove(i + 1);
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use crate::text::{tokenize, TokenKind};

    fn values(text: &str) -> Vec<String> {
        tokenize(text).into_iter().filter(|t| t.kind == TokenKind::Number).map(|t| t.folded).collect()
    }

    #[test]
    fn thousands_separators_of_all_locales() {
        for s in ["1,200", "1.200", "1 200", "1'200", "1\u{202f}200", "١٬٢٠٠", "۱۲۰۰"] {
            assert_eq!(values(s), ["1200"], "{s}");
        }
        assert_eq!(values("2,000,000 and 2.000.000"), ["2000000", "2000000"]);
    }

    #[test]
    fn decimals() {
        assert_eq!(values("3,5 3.5 ٣٫٥"), ["3.5", "3.5", "3.5"]);
        assert_eq!(values("1,234.56 1.234,56"), ["1234.56", "1234.56"]);
    }

    #[test]
    fn dates_and_times_split() {
        assert_eq!(values("9.11.2001"), ["9", "11", "2001"]);
        assert_eq!(values("10:30"), ["10", "30"]);
        assert_eq!(values("in 2019 200 people"), ["2019", "200"]);
    }

    #[test]
    fn scale_words_across_languages() {
        assert_eq!(values("70 thousand"), ["70000"]);
        assert_eq!(values("70.000"), ["70000"]);
        assert_eq!(values("70 ألف"), ["70000"]);
        assert_eq!(values("70 Tausend"), ["70000"]);
        assert_eq!(values("7万"), ["70000"]);
        assert_eq!(values("3,5 Millionen"), ["3500000"]);
        assert_eq!(values("2 млн"), ["2000000"]);
    }

    #[test]
    fn scale_word_extends_span() {
        let t = tokenize("about 70 thousand people");
        assert_eq!(&"about 70 thousand people"[t[1].start..t[1].end], "70 thousand");
    }
}
