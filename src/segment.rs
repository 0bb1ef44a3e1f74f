//! Paragraphs and sentences of pasted text as it really comes: blank-line separated,
//! one paragraph a line, hard-wrapped (PDF, e-mail) or pasted HTML.
//!
//! Segments are byte ranges into the input, so nothing is rewritten or lost;
//! [`paragraph_text`] gives the reflowed text of a hard-wrapped paragraph.

use crate::numbers::digit_value;
use crate::text::is_ideograph;

/// A byte range `[start, end)` into the text it was cut from, trimmed of surrounding whitespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Block {
    /// The slice of `text` this block covers.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

// ---------------------------------------------------------------------------------------------
// Paragraphs

/// Paragraphs of `text`.
///
/// With `one_per_line`, every line is one paragraph, empty lines included (a final line
/// break does not start another). Otherwise paragraphs are worked out from the text's shape:
/// blank lines separate them, a line break inside a sentence joins, and hard-wrapped text
/// (lines filled to a common width, as pasted from a PDF or an e-mail) is joined into one
/// block spanning several lines; whitespace-only input gives no paragraphs.
pub fn paragraphs(text: &str, one_per_line: bool) -> Vec<Block> {
    let lines: Vec<Block> = line_ranges(text).into_iter().map(|(s, e)| trimmed(text, s, e)).collect();
    if one_per_line {
        return lines;
    }
    let info: Vec<LineInfo> = lines.iter().map(|b| LineInfo::new(text, *b)).collect();
    let wrapped_at = wrap_width(&info).filter(|&w| looks_hard_wrapped(&info, w));
    let mut out: Vec<Block> = Vec::new();
    let mut open = false; // whether `out.last()` may take the next line
    for (i, line) in info.iter().enumerate() {
        if line.width == 0 {
            open = false;
            continue;
        }
        let joins = open && joins_previous(&info[i - 1], line, wrapped_at);
        match out.last_mut() {
            Some(last) if joins => last.end = line.block.end,
            _ => out.push(line.block),
        }
        open = true;
    }
    out
}

/// The text of a paragraph with its line breaks undone: wrapped lines joined with single
/// spaces (none between CJK characters) and a word split by a hyphen at a line end rejoined
/// (`Wort-` + `ende` gives `Wortende`; `Ost-` + `und` keeps `Ost- und`).
pub fn paragraph_text(text: &str, block: &Block) -> String {
    let raw = block.slice(text);
    let mut out = String::with_capacity(raw.len());
    for (s, e) in line_ranges(raw) {
        let line = raw[s..e].trim();
        if line.is_empty() {
            continue;
        }
        let first = line.chars().next().unwrap_or(' ');
        let cjk_join = out.chars().next_back().is_some_and(is_cjk) && is_cjk(first);
        if out.ends_with('\u{ad}') || (out.ends_with('-') && splits_word(&out, line)) {
            out.pop();
        } else if !out.is_empty() && !cjk_join {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// Words after which a hyphen at a line end is kept (`Ost- und Westteil`, `pre- and post-war`).
const SUSPENDED_HYPHEN_WORDS: &[&str] = &[
    "und", "oder", "bzw", "sowie", "bis", "and", "or", "to", "et", "ou", "y", "o", "e", "en", "of", "i", "a", "и",
    "или",
];

/// Whether a hyphen ending `before` splits a word continued by `line`: a letter precedes
/// it and the line goes on with a lowercase word that is not a conjunction.
fn splits_word(before: &str, line: &str) -> bool {
    let mut back = before.chars().rev();
    back.next();
    let letter_before = back.next().is_some_and(char::is_alphabetic);
    let next_word: String = line.chars().take_while(|c| c.is_alphabetic()).collect();
    let conjunction = SUSPENDED_HYPHEN_WORDS.contains(&next_word.as_str());
    letter_before && next_word.chars().next().is_some_and(char::is_lowercase) && !conjunction
}

/// What paragraph finding needs to know about one line.
struct LineInfo {
    block: Block,
    /// Width in columns after trimming.
    width: usize,
    /// Leading whitespace before the text.
    indent: usize,
    /// Width of the first word.
    first_word: usize,
    /// The line ends a sentence or clause (`.`, `!`, `?`, `:` and the like, maybe quoted).
    ends_sentence: bool,
    /// The line starts with a lowercase letter.
    starts_lowercase: bool,
    /// The line starts with a list marker (`- `, `* `, `• `, `1. `, `a) `).
    list_item: bool,
}

impl LineInfo {
    fn new(text: &str, block: Block) -> Self {
        let line = block.slice(text);
        let line_start = text[..block.start].rfind(['\n', '\r']).map_or(0, |p| p + 1);
        let indent = text[line_start..block.start].chars().count();
        let last = line.trim_end_matches(is_closer).chars().next_back();
        let first = line.chars().next();
        LineInfo {
            block,
            width: display_width(line),
            indent,
            first_word: line.split_whitespace().next().map_or(0, first_word_width),
            ends_sentence: last.is_some_and(|c| is_terminator(c, "und") || matches!(c, ':' | ';')),
            starts_lowercase: first.is_some_and(char::is_lowercase),
            list_item: is_list_marker(line),
        }
    }
}

/// Width of a line in columns: CJK characters take two.
fn display_width(line: &str) -> usize {
    line.chars().map(|c| if is_cjk(c) { 2 } else { 1 }).sum()
}

/// Width of the first word of a line; a CJK character is a word by itself.
fn first_word_width(word: &str) -> usize {
    match word.chars().next() {
        Some(c) if is_cjk(c) => 2,
        _ => word.chars().count(),
    }
}

fn is_list_marker(line: &str) -> bool {
    let mut words = line.split_whitespace();
    let Some(marker) = words.next() else {
        return false;
    };
    if words.next().is_none() {
        return false;
    }
    if matches!(marker, "-" | "*" | "•" | "–" | "—" | "·" | "▪" | "‣" | "◦" | "+") {
        return true;
    }
    let body = marker.trim_end_matches(['.', ')']);
    body.len() < marker.len()
        && !body.is_empty()
        && body.len() <= 3
        && (body.chars().all(|c| digit_value(c).is_some())
            || body.chars().all(|c| c.is_ascii_lowercase()) && body.len() == 1)
}

/// The width text seems wrapped at: the longest line, or the 90th percentile on longer texts
/// (so a few unwrapped lines do not count). `None` without at least two lines.
fn wrap_width(lines: &[LineInfo]) -> Option<usize> {
    let mut lengths: Vec<usize> = lines.iter().map(|l| l.width).filter(|&n| n > 0).collect();
    if lengths.len() < 2 {
        return None;
    }
    lengths.sort_unstable();
    let index = if lengths.len() < 10 { lengths.len() - 1 } else { (lengths.len() - 1) * 9 / 10 };
    Some(lengths[index])
}

/// Whether the line after `a` would have started with a word that did not fit on `a`.
fn filled(a: &LineInfo, b: &LineInfo, width: usize) -> bool {
    (a.width + 1 + b.first_word) * 4 >= width * 3
}

/// Hard-wrapped text has most line breaks after a filled line, and most of those inside a
/// sentence; the width must be one people wrap at.
fn looks_hard_wrapped(lines: &[LineInfo], width: usize) -> bool {
    if !(30..=200).contains(&width) {
        return false;
    }
    let (mut breaks, mut full, mut inside) = (0, 0, 0);
    for pair in lines.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a.width == 0 || b.width == 0 {
            continue;
        }
        breaks += 1;
        if filled(a, b, width) {
            full += 1;
            if !a.ends_sentence || b.starts_lowercase {
                inside += 1;
            }
        }
    }
    breaks > 0 && full * 10 >= breaks * 6 && inside * 2 >= full
}

/// Whether line `b` continues the paragraph of line `a` (they are consecutive, non-blank).
/// `wrap_width` is set when the whole text is hard-wrapped.
fn joins_previous(a: &LineInfo, b: &LineInfo, wrap_width: Option<usize>) -> bool {
    if b.list_item || b.indent > a.indent + 1 {
        return false;
    }
    let mid_sentence = !a.ends_sentence && b.starts_lowercase;
    mid_sentence || wrap_width.is_some_and(|w| filled(a, b, w))
}

/// Byte ranges of the lines of `text` without their breaks (`\n`, `\r\n`, `\r`); a final
/// break does not start another line.
fn line_ranges(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push((start, i));
                i += 1;
                start = i;
            }
            b'\r' => {
                out.push((start, i));
                i += if bytes.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < bytes.len() {
        out.push((start, bytes.len()));
    }
    out
}

fn is_blank(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}')
}

/// `text[start..end]` trimmed of whitespace (and byte-order marks) as a block.
fn trimmed(text: &str, start: usize, end: usize) -> Block {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start_matches(is_blank).len();
    let len = s.trim_matches(is_blank).len();
    Block { start: start + lead, end: start + lead + len }
}

// ---------------------------------------------------------------------------------------------
// HTML

/// Tags whose contents are never text.
const RAW_TEXT_TAGS: &[&str] = &["script", "style", "noscript", "template", "iframe", "object", "svg"];

/// Tags that start and end a block of text.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "br",
    "hr",
    "blockquote",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "figure",
    "figcaption",
    "pre",
    "address",
    "details",
    "summary",
    "title",
    "caption",
    "form",
    "fieldset",
    "body",
    "html",
    "head",
];

/// Whether `text` looks like pasted HTML: it starts with `<` and has block tags.
pub fn looks_like_html(text: &str) -> bool {
    text.trim_start_matches(is_blank).starts_with('<')
        && text.match_indices('<').any(|(i, _)| {
            let name = tag_name(text, i + 1 + usize::from(text[i + 1..].starts_with('/')));
            BLOCK_TAGS.contains(&name.to_ascii_lowercase().as_str())
        })
}

/// The ASCII alphanumeric run starting at byte `at` (a tag name), possibly empty.
fn tag_name(text: &str, at: usize) -> &str {
    let rest = text.get(at..).unwrap_or("");
    let len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    &rest[..len]
}

/// The text of pasted HTML with its block structure: one blank line between blocks
/// (paragraphs, headings, list items, `br`...), whitespace inside a block collapsed,
/// entities decoded, comments and `script`/`style`/`noscript`/`template` contents dropped.
/// A plain string transform: nothing is fetched or run.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut block = String::new();
    let mut in_pre = 0usize;
    let mut i = 0;
    while i < html.len() {
        let rest = &html[i..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = comment.find("-->").map_or(html.len(), |p| i + 4 + p + 3);
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            i = rest.find('>').map_or(html.len(), |p| i + p + 1);
        } else if let Some(tag) = rest.strip_prefix('<') {
            let closing = tag.starts_with('/');
            let name_start = i + 1 + usize::from(closing);
            let name = tag_name(html, name_start).to_ascii_lowercase();
            if name.is_empty() || !name.as_bytes()[0].is_ascii_alphabetic() {
                push_char(&mut block, '<', in_pre > 0);
                i += 1;
                continue;
            }
            i = tag_end(html, name_start + name.len());
            if RAW_TEXT_TAGS.contains(&name.as_str()) && !closing && !html[..i].ends_with("/>") {
                i = raw_text_end(html, i, &name);
            } else if BLOCK_TAGS.contains(&name.as_str()) {
                if name == "pre" {
                    in_pre = if closing { in_pre.saturating_sub(1) } else { in_pre + 1 };
                }
                flush_block(&mut out, &mut block);
            } else if matches!(name.as_str(), "td" | "th" | "img") {
                push_char(&mut block, ' ', false);
            }
        } else if rest.starts_with('&') {
            let (decoded, used) = decode_entity(rest);
            for c in decoded.chars() {
                push_char(&mut block, c, in_pre > 0);
            }
            i += used;
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            push_char(&mut block, c, in_pre > 0);
            i += c.len_utf8();
        }
    }
    flush_block(&mut out, &mut block);
    out
}

/// Byte after the `>` closing the tag whose attributes start at `from`; a quote opens a
/// quoted value only right after `=` (so `title=don't` does not swallow the page).
fn tag_end(html: &str, from: usize) -> usize {
    let mut quote = None;
    let mut after_equals = false;
    for (j, b) in html.as_bytes()[from..].iter().enumerate() {
        match (quote, *b) {
            (None, b'"' | b'\'') if after_equals => quote = Some(*b),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return from + j + 1,
            _ => {}
        }
        if !b.is_ascii_whitespace() {
            after_equals = *b == b'=';
        }
    }
    html.len()
}

/// Byte after the end tag `</name>` closing raw text that starts at `from` (or the end).
fn raw_text_end(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    let mut j = from;
    while let Some(p) = html[j..].find("</") {
        let at = j + p + 2;
        if bytes.len() >= at + name.len() && bytes[at..at + name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return tag_end(html, at + name.len());
        }
        j = at;
    }
    html.len()
}

/// Appends `c` to a block, collapsing whitespace (kept as line breaks inside `pre`).
fn push_char(block: &mut String, c: char, preformatted: bool) {
    if preformatted && c == '\n' {
        block.push('\n');
    } else if c.is_whitespace() {
        if !block.is_empty() && !block.ends_with([' ', '\n']) {
            block.push(' ');
        }
    } else {
        block.push(c);
    }
}

fn flush_block(out: &mut String, block: &mut String) {
    let text = block.trim();
    if !text.is_empty() {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(text);
    }
    block.clear();
}

/// Decodes the character reference at the start of `s` (which starts with `&`): returns the
/// text and the bytes used; an unknown or malformed reference stays a literal `&`.
fn decode_entity(s: &str) -> (String, usize) {
    let literal = ("&".to_string(), 1);
    let Some(semi) = s.bytes().take(40).position(|b| b == b';') else {
        return literal;
    };
    let name = &s[1..semi];
    if let Some(number) = name.strip_prefix('#') {
        let value = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16),
            None => number.parse::<u32>(),
        };
        return match value {
            Ok(v) => (char::from_u32(v).filter(|&c| c != '\0').unwrap_or('\u{fffd}').to_string(), semi + 1),
            Err(_) => literal,
        };
    }
    match named_entity(name) {
        Some(text) => (text.to_string(), semi + 1),
        None => literal,
    }
}

/// The common named character references.
fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" | "AMP" => "&",
        "lt" | "LT" => "<",
        "gt" | "GT" => ">",
        "quot" | "QUOT" => "\"",
        "apos" => "'",
        "nbsp" | "ensp" | "emsp" | "thinsp" => " ",
        "shy" | "zwnj" | "zwj" | "lrm" | "rlm" => "",
        "ndash" => "–",
        "mdash" => "—",
        "hellip" => "…",
        "laquo" => "«",
        "raquo" => "»",
        "lsquo" => "‘",
        "rsquo" => "’",
        "sbquo" => "‚",
        "ldquo" => "“",
        "rdquo" => "”",
        "bdquo" => "„",
        "lsaquo" => "‹",
        "rsaquo" => "›",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "euro" => "€",
        "pound" => "£",
        "yen" => "¥",
        "cent" => "¢",
        "deg" => "°",
        "middot" => "·",
        "bull" => "•",
        "times" => "×",
        "divide" => "÷",
        "para" => "¶",
        "sect" => "§",
        "prime" => "′",
        "auml" => "ä",
        "ouml" => "ö",
        "uuml" => "ü",
        "Auml" => "Ä",
        "Ouml" => "Ö",
        "Uuml" => "Ü",
        "szlig" => "ß",
        "eacute" => "é",
        "egrave" => "è",
        "ecirc" => "ê",
        "euml" => "ë",
        "Eacute" => "É",
        "agrave" => "à",
        "aacute" => "á",
        "acirc" => "â",
        "atilde" => "ã",
        "aring" => "å",
        "aelig" => "æ",
        "ccedil" => "ç",
        "Ccedil" => "Ç",
        "iacute" => "í",
        "igrave" => "ì",
        "icirc" => "î",
        "iuml" => "ï",
        "oacute" => "ó",
        "ograve" => "ò",
        "ocirc" => "ô",
        "otilde" => "õ",
        "oslash" => "ø",
        "oelig" => "œ",
        "uacute" => "ú",
        "ugrave" => "ù",
        "ucirc" => "û",
        "ntilde" => "ñ",
        "Ntilde" => "Ñ",
        "iexcl" => "¡",
        "iquest" => "¿",
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------------
// Sentences

/// Sentences of `text` (a paragraph; `lang` an ISO 639-3 code or `und`): trimmed ranges
/// covering all its non-space text, closing quotes and brackets kept with their sentence.
///
/// A sentence ends at `.` `!` `?` `…` `。` `！` `？` `؟` `۔` `।` followed by a space (CJK ends
/// need none) and at a blank line. Not an end: abbreviations, initials, ordinals before a
/// month or after an article (German-style `am 3. Mai`), decimals, URLs, a list number
/// opening the paragraph, or any end followed by a lowercase word. Linear in the text length.
pub fn sentences(text: &str, lang: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_end = 0; // end of the last non-space char of the current sentence
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        if is_blank(c) {
            if let (Some(s), '\n' | '\r') = (start, c) {
                let after = if c == '\r' && bytes.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 };
                let gap = bytes[after..].iter().take_while(|b| matches!(b, b' ' | b'\t')).count();
                if matches!(bytes.get(after + gap), Some(b'\n' | b'\r')) {
                    out.push(Block { start: s, end: last_end });
                    start = None;
                }
            }
            i += c.len_utf8();
            continue;
        }
        let sentence_start = *start.get_or_insert(i);
        if is_terminator(c, lang) {
            let mut end = end_run(text, i, lang);
            let spaced = lang == "fra" || text[..i].ends_with(is_blank);
            if let Some(quote) =
                text[end..].strip_prefix([' ', '\u{a0}', '\u{202f}']).filter(|r| spaced && r.starts_with('»'))
            {
                // French spacing: `« Vraiment ? »`.
                end = end_run(text, text.len() - quote.len(), lang);
            }
            last_end = end;
            if ends_sentence(text, sentence_start, i, end, lang) {
                out.push(Block { start: sentence_start, end });
                start = None;
            }
            i = end;
        } else {
            i += c.len_utf8();
            last_end = i;
        }
    }
    if let Some(s) = start {
        out.push(Block { start: s, end: last_end });
    }
    out
}

fn is_terminator(c: char, lang: &str) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '…'
            | '。'
            | '！'
            | '？'
            | '｡'
            | '؟'
            | '۔'
            | '।'
            | '։'
            | '።'
            | '။'
            | '॥'
            | '‽'
            | '⁇'
            | '⁈'
            | '⁉'
            | '\u{37e}'
    ) || (c == ';' && lang == "ell")
}

/// Ends that need no space after them.
fn is_cjk_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡')
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '”'
            | '“'
            | '’'
            | '‘'
            | '»'
            | '«'
            | '›'
            | '‹'
            | ')'
            | ']'
            | '}'
            | '」'
            | '』'
            | '）'
            | '】'
            | '〕'
            | '〉'
            | '》'
            | '＂'
    )
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '‘'
            | '„'
            | '‚'
            | '«'
            | '»'
            | '‹'
            | '('
            | '['
            | '{'
            | '¿'
            | '¡'
            | '「'
            | '『'
            | '（'
            | '—'
            | '–'
            | '-'
    )
}

fn is_cjk(c: char) -> bool {
    is_ideograph(c) || matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF)
}

/// End of the run of terminators and closing quotes/brackets starting at `from`.
fn end_run(text: &str, from: usize, lang: &str) -> usize {
    let run = text[from..].char_indices().find(|&(_, c)| !(is_terminator(c, lang) || is_closer(c)));
    run.map_or(text.len(), |(j, _)| from + j)
}

/// Whether the run of terminators `text[at..end]` ends the sentence begun at `start`.
fn ends_sentence(text: &str, start: usize, at: usize, end: usize, lang: &str) -> bool {
    let run = &text[at..end];
    let mut after = text[end..].chars();
    let Some(following) = after.next() else {
        return true;
    };
    let first = run.chars().next().unwrap_or('.');
    if is_cjk_terminator(first) || run.chars().any(is_cjk_terminator) {
        return true;
    }
    if !following.is_whitespace() {
        return matches!(first, '!' | '?') && is_cjk(following);
    }
    // The first letter of the next word, past spaces and opening quotes (a bounded look).
    let rest = text[end..].trim_start();
    let next = rest.chars().take(8).find(|c| !is_opener(*c));
    if next.is_some_and(char::is_lowercase) {
        return false;
    }
    let dots = run.chars().take_while(|&c| c == '.').count();
    if first != '.' || dots > 1 || run.len() > dots {
        // `!`, `?`, an ellipsis, or a period with a closing quote or bracket.
        return true;
    }
    let (word_start, word) = word_before(text, start, at);
    if word.is_empty() {
        return true;
    }
    if word.chars().all(|c| digit_value(c).is_some()) {
        return !(word_start == start || is_ordinal(text, start, word_start, word, rest, lang));
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 1 && word.chars().count() == 1 && !(word == "I" && matches!(lang, "eng" | "und")) {
        return false; // an initial, or `z. B.`, `т. е.`
    }
    let dotted = word.contains('.') && !word.chars().any(|c| digit_value(c).is_some());
    if dotted && word.split('.').all(|part| part.chars().count() <= 3) {
        return false; // `U.S.`, `e.g.`, `J.-C.`
    }
    let lower = word.to_lowercase();
    match abbreviation(&lower, lang) {
        Some(Abbreviation::Always) => false,
        Some(Abbreviation::BeforeNumber) => next.is_none_or(|c| digit_value(c).is_none()),
        None => true,
    }
}

/// The word right before byte `at` (no space between) within the sentence, at most 64 bytes
/// back, without opening punctuation; with its start (punctuation included).
fn word_before(text: &str, sentence_start: usize, at: usize) -> (usize, &str) {
    let mut lo = at.saturating_sub(64).max(sentence_start);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let window = &text[lo..at];
    let start =
        window.rfind(char::is_whitespace).map_or(lo, |p| lo + p + window[p..].chars().next().map_or(1, char::len_utf8));
    let word = text[start..at].trim_start_matches(is_opener);
    (start, word)
}

/// Languages that write ordinals as a number and a period (`9. September`, `2. Weltkrieg`).
const ORDINAL_LANGS: &[&str] = &[
    "deu", "dan", "nob", "nno", "nor", "fin", "ces", "slk", "pol", "tur", "hun", "hrv", "srp", "bos", "slv", "est",
    "lav", "lit", "isl", "und",
];

/// Month names that follow an ordinal day.
const MONTHS: &[&str] = &[
    "januar",
    "jänner",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
    "marts",
    "maj",
    "december",
    "desember",
    "mars",
    "ocak",
    "şubat",
    "mart",
    "nisan",
    "mayıs",
    "haziran",
    "temmuz",
    "ağustos",
    "eylül",
    "ekim",
    "kasım",
    "aralık",
    "ledna",
    "února",
    "března",
    "dubna",
    "května",
    "června",
    "července",
    "srpna",
    "září",
    "října",
    "listopadu",
    "prosince",
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
    "tammikuuta",
    "helmikuuta",
    "maaliskuuta",
    "huhtikuuta",
    "toukokuuta",
    "kesäkuuta",
    "heinäkuuta",
    "elokuuta",
    "syyskuuta",
    "lokakuuta",
    "marraskuuta",
    "joulukuuta",
];

/// German words after which a number with a period is an ordinal (`der 2. Weltkrieg`).
const ORDINAL_LEADS: &[&str] = &[
    "der", "die", "das", "dem", "den", "des", "am", "im", "vom", "zum", "zur", "beim", "bis", "ab", "seit", "ein",
    "eine", "einem", "einen", "einer", "vor", "nach", "um", "jede", "jeder", "jedes", "jeden",
];

/// Whether the number `word` (followed by a period and `rest`) is an ordinal in `lang`.
fn is_ordinal(text: &str, start: usize, word_start: usize, word: &str, rest: &str, lang: &str) -> bool {
    if !ORDINAL_LANGS.contains(&lang) || word.len() > 3 {
        return false;
    }
    let next_word: String = rest.chars().take(16).take_while(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
    if word.len() <= 2 && MONTHS.contains(&next_word.as_str()) {
        return true;
    }
    let (_, previous) = word_before(text, start, text[..word_start].trim_end().len().max(start));
    (lang == "deu" || lang == "und") && ORDINAL_LEADS.contains(&previous.to_lowercase().as_str())
}

/// How an abbreviation with a period behaves.
#[derive(Clone, Copy)]
enum Abbreviation {
    /// Never ends a sentence (`Dr.`, `bzw.`).
    Always,
    /// Does not end a sentence before a number (`No. 5`, `Art. 3`).
    BeforeNumber,
}

/// Abbreviations in every language (lowercase, without the final period).
const GENERIC_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "ca", "approx", "gen", "col", "lt", "sgt", "capt", "gov",
    "sen", "rep", "rev", "hon", "mt", "jan", "feb", "febr", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "okt",
    "nov", "dec", "dez", "cf", "vgl", "bzw", "mio", "mrd",
];

/// Abbreviations that only hold before a number, in every language.
const NUMBER_ABBREVIATIONS: &[&str] =
    &["no", "nr", "nos", "art", "pp", "vol", "fig", "ch", "sec", "tel", "abs", "pag", "pág", "núm", "str"];

/// Per-language abbreviations (lowercase, without the final period).
fn language_abbreviations(lang: &str) -> &'static [&'static str] {
    match lang {
        "eng" => &["dept", "univ", "assn", "bros", "est", "fl", "ft", "ave", "blvd", "corp", "mssrs", "messrs"],
        "deu" => &[
            "ggf", "evtl", "inkl", "ggü", "hr", "fr", "frl", "dipl", "ing", "sog", "allg", "bspw", "insb", "zzgl",
            "jh", "jhd", "geb", "gest", "hl", "ff", "usf", "abt", "bd", "bzgl", "ehem", "max", "min", "mind", "urspr",
            "zit",
        ],
        "fra" => &[
            "m", "mm", "mme", "mlle", "pr", "av", "apr", "env", "ste", "éd", "chap", "janv", "févr", "déc", "cie",
            "réf",
        ],
        "spa" => &[
            "sra", "srta", "dra", "dña", "ud", "uds", "av", "avda", "aprox", "ej", "lic", "ing", "sto", "sta", "gral",
            "pza",
        ],
        "ita" => &["sig", "sigg", "dott", "ing", "avv", "arch", "on", "es", "geom", "rag", "gen"],
        "por" => &["sra", "dra", "av", "ex", "pág", "sto", "sta", "eng", "lda"],
        "nld" => &["dhr", "mevr", "mr", "bijv", "nl", "blz", "jl", "mw", "ir", "drs", "ing"],
        "rus" | "ukr" | "bel" | "bul" => &[
            "гг",
            "др",
            "пр",
            "им",
            "ул",
            "стр",
            "тыс",
            "млн",
            "млрд",
            "руб",
            "коп",
            "проф",
            "акад",
            "см",
            "ср",
            "англ",
            "рус",
            "напр",
            "просп",
            "пер",
        ],
        "tur" => &["doç", "yrd", "av", "sn", "vb", "bkz", "örn", "cad", "sok", "mah", "vd"],
        "pol" => &[
            "mgr", "inż", "np", "tzw", "tj", "ul", "al", "godz", "św", "płk", "ok", "tys", "mln", "mld", "zł", "ds",
            "prof", "wg",
        ],
        _ => &[],
    }
}

/// How `word` (lowercase, no final period) behaves as an abbreviation in `lang`.
fn abbreviation(word: &str, lang: &str) -> Option<Abbreviation> {
    let lang_list = if lang == "und" { language_abbreviations("eng") } else { language_abbreviations(lang) };
    if GENERIC_ABBREVIATIONS.contains(&word) || lang_list.contains(&word) {
        Some(Abbreviation::Always)
    } else if NUMBER_ABBREVIATIONS.contains(&word) {
        Some(Abbreviation::BeforeNumber)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split<'a>(text: &'a str, lang: &str) -> Vec<&'a str> {
        sentences(text, lang).iter().map(|b| b.slice(text)).collect()
    }

    fn paras(text: &str) -> Vec<String> {
        paragraphs(text, false).iter().map(|b| paragraph_text(text, b)).collect()
    }

    #[test]
    fn one_per_line_keeps_every_line() {
        let text = "First.\r\n\r\n  Second line  \rThird\nFourth\n";
        let blocks = paragraphs(text, true);
        let lines: Vec<&str> = blocks.iter().map(|b| b.slice(text)).collect();
        assert_eq!(lines, ["First.", "", "Second line", "Third", "Fourth"]);
        assert_eq!(paragraphs("a\n\n", true).len(), 2);
        assert!(paragraphs("", true).is_empty());
        assert_eq!(paragraphs("\n", true).len(), 1);
    }

    #[test]
    fn blank_lines_separate_paragraphs() {
        let text = "\u{feff}Title\n\nFirst paragraph here.\n\n\n   Second one.  \n";
        assert_eq!(paras(text), ["Title", "First paragraph here.", "Second one."]);
        assert!(paragraphs("  \n \t\r\n ", false).is_empty());
        assert!(paragraphs("", false).is_empty());
    }

    #[test]
    fn lines_that_are_paragraphs_stay_apart() {
        let text = "Breaking: the council voted.\nIt was a close vote, officials said.\nThe mayor welcomed the decision on Monday.\nCritics disagreed.";
        assert_eq!(paragraphs(text, false).len(), 4);
    }

    #[test]
    fn crlf_input() {
        let text = "One paragraph.\r\n\r\nAnother paragraph.\r\n";
        assert_eq!(paras(text), ["One paragraph.", "Another paragraph."]);
    }

    #[test]
    fn hard_wrapped_text_is_joined() {
        let text = "The committee met on Tuesday to discuss the budget for the coming year,\n\
                    and after a long debate about schools and hospitals it approved a plan\n\
                    that raises spending by three percent.\n\
                    \n\
                    Critics said the plan was not enough to cover the rising costs of energy\n\
                    and staff, and they promised to bring the matter up again in the spring\n\
                    session of the council.\n";
        let blocks = paragraphs(text, false);
        assert_eq!(blocks.len(), 2);
        assert!(blocks[0].slice(text).contains('\n'), "raw range spans the wrapped lines");
        assert!(paragraph_text(text, &blocks[0])
            .starts_with("The committee met on Tuesday to discuss the budget for the coming year, and after"));
    }

    #[test]
    fn hard_wrapped_without_blank_lines_breaks_at_short_lines() {
        let text = "Die Stadt hat am Dienstag beschlossen, den Haushalt für das kommende Jahr\n\
                    deutlich zu erhöhen, nachdem die Debatte über Schulen und Krankenhäuser\n\
                    lange gedauert hatte.\n\
                    Kritiker sagten, der Plan reiche nicht aus, um die steigenden Kosten für\n\
                    Energie und Personal zu decken, und kündigten neuen Widerstand an.\n";
        let p = paras(text);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[1].starts_with("Kritiker"));
    }

    #[test]
    fn dehyphenates_only_split_words() {
        let text = "Das ist ein sehr langes Wort-\nende und der Ost-\nund Westteil der Stadt.";
        let blocks = paragraphs(text, false);
        assert_eq!(blocks.len(), 1);
        assert_eq!(
            paragraph_text(text, &blocks[0]),
            "Das ist ein sehr langes Wortende und der Ost- und Westteil der Stadt."
        );
    }

    #[test]
    fn cjk_wrapped_lines_join_without_spaces() {
        let text = "人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，\n并应以兄弟关系的精神相对待。";
        let blocks = paragraphs(text, false);
        assert_eq!(blocks.len(), 1);
        assert_eq!(
            paragraph_text(text, &blocks[0]),
            "人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，并应以兄弟关系的精神相对待。"
        );
    }

    #[test]
    fn list_items_stay_apart() {
        let text = "Ingredients you need for the cake recipe below\n- two eggs\n- flour\n1. Mix them";
        assert_eq!(paragraphs(text, false).len(), 4);
    }

    #[test]
    fn html_to_text_keeps_blocks_drops_scripts() {
        let html = "<!DOCTYPE html><html><head><title>T</title><style>p{color:red}</style></head><body>\
                    <h1>Caf&eacute; &amp; Bar</h1><script>var x = '<p>no</p>';</script>\
                    <p>First   <b>bold</b>\n paragraph&nbsp;&#8212;&#x41;.</p><!-- <p>hidden</p> -->\
                    <div>Line<br>break</div><ul><li>a &lt; b</li><li>c</li></ul><noscript>off</noscript>\
                    <p>&bogus; &amp</p></body></html>";
        assert!(looks_like_html(html));
        let text = html_to_text(html);
        assert_eq!(text, "T\n\nCafé & Bar\n\nFirst bold paragraph —A.\n\nLine\n\nbreak\n\na < b\n\nc\n\n&bogus; &amp");
        assert!(!looks_like_html("1 < 2 and <b>bold</b>"));
        assert!(!looks_like_html("<3 you"));
    }

    #[test]
    fn html_oddities_do_not_panic() {
        for html in ["<", "<p", "<script>never closed", "&#xFFFFFF;", "&#0;", "<p a='>'>x</p>", "<<>>", "&", "<!--"] {
            html_to_text(html);
        }
        assert_eq!(html_to_text("<p a='>'>x</p>"), "x");
        assert_eq!(html_to_text("&#xFFFFFF;"), "\u{fffd}");
    }

    #[test]
    fn english_sentences() {
        let text = "Dr. Smith met Mr. J. R. R. Tolkien in the U.S. on Monday. It cost $3.5 million, i.e. a lot! \
                    Did he agree? He said \"no.\" Then he left (see below.) Prices rose 1,200 units... and fell. \
                    See www.example.com/a.b or mail me@example.org. The end";
        assert_eq!(
            split(text, "eng"),
            [
                "Dr. Smith met Mr. J. R. R. Tolkien in the U.S. on Monday.",
                "It cost $3.5 million, i.e. a lot!",
                "Did he agree?",
                "He said \"no.\"",
                "Then he left (see below.)",
                "Prices rose 1,200 units... and fell.",
                "See www.example.com/a.b or mail me@example.org.",
                "The end",
            ]
        );
    }

    #[test]
    fn wrapped_mail_with_sentence_ends_at_line_ends() {
        let text = "Thanks for the draft. I read it twice and I think the second part is.\n\
                    Still too long. Could you cut the section about the budget and move\n\
                    the quotes from the mayor up to the top? Then send it back to me.\n\
                    \n\
                    Best,\n\
                    Anna\n";
        let p = paras(text);
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[0].ends_with("send it back to me."));
        assert_eq!(split("So did I. Then we left.", "eng").len(), 2);
    }

    #[test]
    fn html_attribute_apostrophes_do_not_swallow_the_page() {
        assert_eq!(html_to_text("<p title=don't>One</p><p class=\"a>b\">Two</p>"), "One\n\nTwo");
    }

    #[test]
    fn etc_ends_only_before_uppercase() {
        assert_eq!(split("Inflation was 3.5. Then it fell to 1.200. Fine.", "eng").len(), 3);
        assert_eq!(split("Apples, pears etc. are fruit. We ate etc. Then we left.", "eng").len(), 3);
    }

    #[test]
    fn german_sentences_with_ordinals_and_abbreviations() {
        let text = "Am 9. September kam er z. B. mit Prof. Müller bzw. Nr. 5 an. Der 2. Weltkrieg endete 1945. \
                    Es kamen ca. 1.200 Leute, u. a. Kinder. »Ja.« Dann ging er.";
        assert_eq!(
            split(text, "deu"),
            [
                "Am 9. September kam er z. B. mit Prof. Müller bzw. Nr. 5 an.",
                "Der 2. Weltkrieg endete 1945.",
                "Es kamen ca. 1.200 Leute, u. a. Kinder.",
                "»Ja.«",
                "Dann ging er.",
            ]
        );
    }

    #[test]
    fn list_number_at_paragraph_start() {
        assert_eq!(
            split("1. Introduction of the plan. More text.", "eng"),
            ["1. Introduction of the plan.", "More text."]
        );
    }

    #[test]
    fn french_russian_sentences() {
        assert_eq!(
            split("M. Dupont est né en 52 av. J.-C. à Rome. Il est mort. « Vraiment ? » Oui.", "fra"),
            ["M. Dupont est né en 52 av. J.-C. à Rome.", "Il est mort.", "« Vraiment ? »", "Oui."]
        );
        assert_eq!(
            split("Это было в 1990 г. в Москве, т. е. давно. Потом он уехал. Правда?", "rus"),
            ["Это было в 1990 г. в Москве, т. е. давно.", "Потом он уехал.", "Правда?"]
        );
    }

    #[test]
    fn arabic_hindi_chinese_sentences() {
        assert_eq!(
            split("هل جاء الوزير؟ نعم، جاء يوم الثلاثاء، وتحدث طويلا. ثم غادر.", "ara"),
            ["هل جاء الوزير؟", "نعم، جاء يوم الثلاثاء، وتحدث طويلا.", "ثم غادر."]
        );
        assert_eq!(split("यह एक वाक्य है। यह दूसरा है। तीसरा", "hin"), ["यह एक वाक्य है।", "यह दूसरा है।", "तीसरा"]);
        assert_eq!(
            split("他说：“我们走吧。”大家都同意了！你呢？好的", "cmn"),
            ["他说：“我们走吧。”", "大家都同意了！", "你呢？", "好的"]
        );
    }

    #[test]
    fn other_european_sentences() {
        assert_eq!(
            split("El Sr. García llegó ayer. ¿Qué pasó? ¡Nada!", "spa"),
            ["El Sr. García llegó ayer.", "¿Qué pasó?", "¡Nada!"]
        );
        assert_eq!(
            split("Spotkanie odbyło się 3. Maja, np. w Warszawie. Potem wyjechał.", "pol"),
            ["Spotkanie odbyło się 3. Maja, np. w Warszawie.", "Potem wyjechał."]
        );
        assert_eq!(
            split("Toplantı 9. Eylül günü yapıldı. Bakan istifa etti.", "tur"),
            ["Toplantı 9. Eylül günü yapıldı.", "Bakan istifa etti."]
        );
        assert_eq!(
            split("Dhr. Jansen kwam bijv. te laat. Daarna ging hij weg.", "nld"),
            ["Dhr. Jansen kwam bijv. te laat.", "Daarna ging hij weg."]
        );
    }

    #[test]
    fn semicolons_do_not_end_sentences_except_greek_questions() {
        assert_eq!(split("One; two; three.", "eng").len(), 1);
        assert_eq!(split("Τι κάνεις; Καλά.", "ell").len(), 2);
    }

    #[test]
    fn sentences_cover_all_text() {
        let text = "  Hello there.  Wow!!  \n\n Next part without end";
        let got = split(text, "und");
        assert_eq!(got, ["Hello there.", "Wow!!", "Next part without end"]);
        assert!(sentences("", "eng").is_empty());
        assert!(sentences(" \n\t ", "eng").is_empty());
    }

    #[test]
    fn huge_single_line_is_fast() {
        let text = "Dr. Who said 3.5 times, i.e. often. ".repeat(5_000_000 / 36);
        let started = std::time::Instant::now();
        let got = sentences(&text, "eng");
        assert_eq!(got.len(), 5_000_000 / 36);
        let p = paragraphs(&text, false);
        assert_eq!(p.len(), 1);
        assert!(started.elapsed().as_secs_f32() < 10.0);
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        const ALPHABET: &[u8] = b".!? \n\r<>&;#xa1Z-\"'\xc2\xab\xc2\xbb\xe3\x80\x82\xd8\x9f\xe0\xa5\xa4\xff";
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for round in 0..300 {
            let bytes: Vec<u8> = (0..(round * 7 % 400))
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    ALPHABET[(state % ALPHABET.len() as u64) as usize]
                })
                .collect();
            let text = String::from_utf8_lossy(&bytes);
            for lang in ["eng", "deu", "und", "ell"] {
                for b in sentences(&text, lang) {
                    assert!(b.start <= b.end && text.is_char_boundary(b.start) && text.is_char_boundary(b.end));
                }
            }
            for b in paragraphs(&text, false).iter().chain(&paragraphs(&text, true)) {
                paragraph_text(&text, b);
            }
            html_to_text(&text);
            looks_like_html(&text);
        }
    }
}
