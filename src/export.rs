//! Exports of a [`Report`]: Markdown, a self-contained HTML page, and the aligned pairs as
//! TSV and TMX. Pure string functions; every piece of input text is escaped for its format.

use crate::report::{DiffOp, Flag, FlagKind, Pair, Report, Side, Status, Verdict};
use std::fmt::Write;

/// The page's own style sheet, inlined in the HTML report so it looks the same offline.
const PAGE_CSS: &str = include_str!("../www/style.css");

/// A row of the side-by-side view: a pair, or one unpaired paragraph.
struct Row<'a> {
    status: Status,
    pair: Option<&'a Pair>,
    source: Vec<usize>,
    target: Vec<usize>,
}

/// The rows in reading order, as the page lays them out (`www/layout.js`): each pair where its
/// first source paragraph stands, unpaired source paragraphs in place, unpaired target
/// paragraphs just before the next in-order pair (or at the end).
fn rows(report: &Report) -> Vec<Row<'_>> {
    let mut layout = Layout { report, rows: Vec::new(), shown: vec![false; report.pairs.len()], next_target: 0 };
    for (index, paragraph) in report.source.paragraphs.iter().enumerate() {
        match paragraph.pair {
            None => layout.rows.push(Row { status: paragraph.status, pair: None, source: vec![index], target: vec![] }),
            Some(p) if p < layout.shown.len() && !layout.shown[p] => layout.show(p),
            Some(_) => {}
        }
    }
    for index in 0..report.pairs.len() {
        if !layout.shown[index] {
            layout.show(index);
        }
    }
    layout.flush(usize::MAX);
    layout.rows
}

/// The state of [`rows`] while it walks the report.
struct Layout<'a> {
    report: &'a Report,
    rows: Vec<Row<'a>>,
    shown: Vec<bool>,
    next_target: usize,
}

impl<'a> Layout<'a> {
    /// Adds the unpaired target paragraphs before `end`.
    fn flush(&mut self, end: usize) {
        let paragraphs = &self.report.target.paragraphs;
        while self.next_target < end.min(paragraphs.len()) {
            let paragraph = &paragraphs[self.next_target];
            if paragraph.pair.is_none() {
                self.rows.push(Row {
                    status: paragraph.status,
                    pair: None,
                    source: vec![],
                    target: vec![self.next_target],
                });
            }
            self.next_target += 1;
        }
    }

    fn show(&mut self, index: usize) {
        let pair: &'a Pair = &self.report.pairs[index];
        self.shown[index] = true;
        if !pair.moved {
            if let Some(&first) = pair.target.iter().min() {
                self.flush(first);
            }
        }
        let status = if pair.moved { Status::Moved } else { Status::Matched };
        self.rows.push(Row { status, pair: Some(pair), source: pair.source.clone(), target: pair.target.clone() });
    }
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::Matched => "matched",
        Status::Moved => "moved",
        Status::Dropped => "dropped",
        Status::Added => "added",
        Status::Noise => "noise",
        Status::Outside => "outside",
    }
}

fn status_label(status: Status) -> &'static str {
    match status {
        Status::Matched => "✓ Matched",
        Status::Moved => "↕ Moved",
        Status::Dropped => "− Dropped: not in the target",
        Status::Added => "+ Added: not in the source",
        Status::Noise => "· Site furniture",
        Status::Outside => "· Outside the article",
    }
}

fn kind_word(kind: FlagKind) -> &'static str {
    match kind {
        FlagKind::NumberMismatch => "number_mismatch",
        FlagKind::NumberMissing => "number_missing",
        FlagKind::NameMismatch => "name_mismatch",
        FlagKind::PartialOmission => "partial_omission",
        FlagKind::PartialAddition => "partial_addition",
        FlagKind::LowSimilarity => "low_similarity",
        FlagKind::WordSubstitution => "word_substitution",
    }
}

fn kind_label(kind: FlagKind) -> &'static str {
    match kind {
        FlagKind::NumberMismatch => "Number changed",
        FlagKind::NumberMissing => "Number missing",
        FlagKind::NameMismatch => "Name mismatch",
        FlagKind::PartialOmission => "Part left out",
        FlagKind::PartialAddition => "Part added",
        FlagKind::LowSimilarity => "Possible mistranslation",
        FlagKind::WordSubstitution => "Word replaced",
    }
}

fn verdict_word(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Versions => "versions",
        Verdict::Unrelated => "unrelated",
        Verdict::Empty => "empty",
    }
}

fn verdict_sentence(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Versions => "The target is a version of the source.",
        Verdict::Unrelated => "These texts look unrelated: they share only a few passages.",
        Verdict::Empty => "One side is empty: there is nothing to compare.",
    }
}

fn language_name(side: &Side) -> &str {
    if side.language.lang == "und" {
        "unknown language"
    } else {
        &side.language.name
    }
}

fn joined(side: &Side, indices: &[usize]) -> String {
    indices.iter().filter_map(|&i| side.paragraphs.get(i)).map(|p| p.text.as_str()).collect::<Vec<_>>().join(" ")
}

fn flag_total(report: &Report) -> usize {
    report.summary.flags.values().sum()
}

fn percent(share: f32) -> u32 {
    (share * 100.0).round() as u32
}

// ---- Markdown ----------------------------------------------------------------------------

/// Escapes Markdown syntax so text shows literally, also inside table cells and block quotes:
/// inline markers, raw HTML, line breaks, and a list marker at the start.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            '\r' | '\n' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    let digits = out.bytes().take_while(u8::is_ascii_digit).count();
    if out.starts_with(['-', '+']) {
        out.insert(0, '\\');
    } else if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

/// The report as Markdown: a summary, then one section per row in reading order.
pub fn to_markdown(report: &Report) -> String {
    let (source, target) = (&report.source, &report.target);
    let s = &report.summary;
    let mut out = String::new();
    let _ = writeln!(out, "# transdiff report: {} → {}\n", md(language_name(source)), md(language_name(target)));
    let _ = writeln!(out, "| coverage | matched | dropped | added | moved | flags | noise | outside |");
    let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- | --- | --- |");
    let _ = writeln!(
        out,
        "| {}% | {} | {} | {} | {} | {} | {} | {} |\n",
        percent(s.coverage),
        s.matched,
        s.dropped,
        s.added,
        s.moved,
        flag_total(report),
        s.noise,
        s.outside
    );
    for notice in &report.notices {
        let _ = writeln!(out, "> {}\n", md(notice));
    }
    for (n, row) in rows(report).iter().enumerate() {
        let _ = writeln!(out, "## {}. {}\n", n + 1, status_label(row.status));
        for (name, side, indices) in [("Source", source, &row.source), ("Target", target, &row.target)] {
            if indices.is_empty() {
                continue;
            }
            let numbers: Vec<String> = indices.iter().map(|i| format!("¶{}", i + 1)).collect();
            let _ = writeln!(out, "**{name}** ({}):\n", numbers.join(", "));
            for &i in indices {
                if let Some(p) = side.paragraphs.get(i) {
                    let _ = writeln!(out, "> {}\n", md(&p.text));
                }
            }
        }
        for flag in row.pair.map_or(&[][..], |p| &p.flags[..]) {
            let _ = writeln!(out, "- **{}**: {}", kind_label(flag.kind), md(&flag.message));
        }
        if row.pair.is_some_and(|p| !p.flags.is_empty()) {
            out.push('\n');
        }
    }
    out
}

// ---- HTML --------------------------------------------------------------------------------

/// Escapes text for HTML element content and attribute values (the XML escaping, which
/// HTML accepts too).
fn html(text: &str) -> String {
    xml(text)
}

/// Byte offset in `text` of a UTF-16 offset (clamped to the text, rounded down to a char).
fn byte_at(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (byte, c) in text.char_indices() {
        if units >= utf16 {
            return byte;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// A paragraph's text with the excerpts flags point at (on this side) in `<mark>`s that
/// explain themselves on hover and focus and carry the numbers of their flags in the list.
fn highlighted(text: &str, paragraph: usize, flags: &[Flag], side: Excerpts, row_id: &str) -> String {
    let ranges: Vec<(usize, usize, usize)> = flags
        .iter()
        .enumerate()
        .flat_map(|(n, flag)| side(flag).iter().filter(|e| e.paragraph == paragraph).map(move |e| (e, n)))
        .map(|(e, n)| (byte_at(text, e.start), byte_at(text, e.end), n))
        .filter(|(start, end, _)| start < end)
        .collect();
    let mut cuts: Vec<usize> = ranges.iter().flat_map(|&(s, e, _)| [s, e]).chain([0, text.len()]).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::new();
    for window in cuts.windows(2) {
        let (start, end) = (window[0], window[1]);
        let piece = html(&text[start..end]);
        let covering: Vec<usize> = ranges.iter().filter(|r| r.0 <= start && r.1 >= end).map(|r| r.2).collect();
        let Some(&first) = covering.first() else {
            out.push_str(&piece);
            continue;
        };
        let title: Vec<String> =
            covering.iter().map(|&n| html(&format!("{}: {}", kind_label(flags[n].kind), flags[n].message))).collect();
        let numbers: Vec<String> = covering.iter().map(|n| (n + 1).to_string()).collect();
        let described: Vec<String> = numbers.iter().map(|n| format!("{row_id}-flag-{n}")).collect();
        let _ = write!(
            out,
            r#"<mark class="flag-{}" tabindex="0" title="{}" aria-describedby="{}" data-flags="{}">{piece}</mark>"#,
            kind_word(flags[first].kind),
            title.join("&#10;"),
            described.join(" "),
            numbers.join(",")
        );
    }
    out
}

/// Which excerpts of a flag belong to one side.
type Excerpts = fn(&Flag) -> &[crate::report::Excerpt];

fn html_cell(report: &Report, name: &str, row: &Row, row_id: &str) -> String {
    let (side, indices) = if name == "source" { (&report.source, &row.source) } else { (&report.target, &row.target) };
    let label = format!("{} · {}", if name == "source" { "Source" } else { "Target" }, language_name(side));
    if indices.is_empty() {
        let nothing = if name == "source" { "Nothing in the source" } else { "Nothing in the target" };
        return format!(
            r#"<div class="cell cell-{name} empty" dir="ltr" data-label="{}"><p class="nothing">{nothing}</p></div>"#,
            html(&label)
        );
    }
    let flags = row.pair.map_or(&[][..], |p| &p.flags[..]);
    let excerpts: Excerpts = if name == "source" { |f| &f.source[..] } else { |f| &f.target[..] };
    let mut out = format!(
        r#"<div class="cell cell-{name}" dir="{}" data-label="{}">"#,
        html(&side.language.direction),
        html(&label)
    );
    for &i in indices {
        let Some(paragraph) = side.paragraphs.get(i) else { continue };
        let _ = write!(
            out,
            r#"<p class="paragraph" id="{name}-{i}"><span class="paragraph-number">¶{}</span>{}</p>"#,
            i + 1,
            highlighted(&paragraph.text, i, flags, excerpts, row_id)
        );
    }
    out.push_str("</div>");
    out
}

fn html_diff(ops: &[DiffOp]) -> String {
    let mut out = String::from(r#"<p class="diff"><span class="diff-label">Word changes:</span> "#);
    for op in ops {
        match op.op.as_str() {
            "equal" => out.push_str(&html(&op.source)),
            _ => {
                if !op.source.is_empty() {
                    let _ = write!(out, "<del>{}</del>", html(&op.source));
                }
                if !op.target.is_empty() {
                    let _ = write!(out, "<ins>{}</ins>", html(&op.target));
                }
            }
        }
        out.push(' ');
    }
    out.push_str("</p>");
    out
}

fn html_row(report: &Report, row: &Row, number: usize) -> String {
    let status = status_word(row.status);
    let row_id = format!("row-{number}");
    let mut out =
        format!(r#"<article class="row row-{status}" id="{row_id}" data-status="{status}"><div class="row-status">"#);
    let _ = write!(out, r#"<span class="badge">{}</span>"#, status_label(row.status));
    if let Some(pair) = row.pair {
        let _ = write!(out, r#"<span class="score">similarity {}%</span>"#, percent(pair.score));
        if !pair.flags.is_empty() {
            let n = pair.flags.len();
            let _ = write!(out, r#"<span class="flag-count">⚠ {n} flag{}</span>"#, if n == 1 { "" } else { "s" });
        }
    }
    let reasons: Vec<&str> = row
        .source
        .iter()
        .filter_map(|&i| report.source.paragraphs.get(i))
        .chain(row.target.iter().filter_map(|&i| report.target.paragraphs.get(i)))
        .filter_map(|p| p.noise_reason.as_deref())
        .collect();
    if !reasons.is_empty() {
        let _ = write!(out, r#"<span class="noise-reason">({})</span>"#, html(&reasons.join("; ")));
    }
    out.push_str("</div>");
    out.push_str(&html_cell(report, "source", row, &row_id));
    out.push_str(&html_cell(report, "target", row, &row_id));
    if let Some(pair) = row.pair {
        if let Some(ops) = pair.diff.as_deref().filter(|ops| ops.iter().any(|op| op.op != "equal")) {
            out.push_str(&html_diff(ops));
        }
        if !pair.flags.is_empty() {
            out.push_str(r#"<ol class="flags">"#);
            for (n, flag) in pair.flags.iter().enumerate() {
                let kind = kind_word(flag.kind);
                let _ = write!(
                    out,
                    r#"<li class="flag flag-{kind}" data-kind="{kind}" id="{row_id}-flag-{}"><span class="flag-kind">{}</span> <span class="flag-message">{}</span></li>"#,
                    n + 1,
                    kind_label(flag.kind),
                    html(&flag.message)
                );
            }
            out.push_str("</ol>");
        }
    }
    out.push_str("</article>");
    out
}

/// The report as one HTML page that opens offline and needs no script: the page's style sheet
/// inlined, the rows side by side, site furniture and text outside the article in `<details>`.
pub fn to_html(report: &Report) -> String {
    let (source, target) = (language_name(&report.source), language_name(&report.target));
    let s = &report.summary;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>transdiff report: {} → {}</title>\n<style>\n{PAGE_CSS}</style>\n</head>\n<body>\n\
         <header class=\"page-header\"><h1>transdiff report</h1></header>\n<main>\n<section class=\"result\">\n",
        html(source),
        html(target)
    );
    let _ = write!(
        out,
        r#"<div class="summary"><p class="summary-languages">{} → {}</p><p class="summary-verdict verdict-{}">{}</p><dl class="summary-counts">"#,
        html(source),
        html(target),
        verdict_word(s.verdict),
        verdict_sentence(s.verdict)
    );
    let counts = [
        ("coverage", "coverage of the source", format!("{}%", percent(s.coverage))),
        ("matched", "matched", s.matched.to_string()),
        ("dropped", "dropped", s.dropped.to_string()),
        ("added", "added", s.added.to_string()),
        ("moved", "moved", s.moved.to_string()),
        ("flags", "flagged", flag_total(report).to_string()),
        ("noise", "furniture", s.noise.to_string()),
        ("outside", "outside", s.outside.to_string()),
    ];
    for (key, label, value) in counts {
        let _ = write!(out, r#"<div class="count count-{key}"><dt>{label}</dt><dd>{value}</dd></div>"#);
    }
    out.push_str("</dl></div>\n<ul class=\"notices\">");
    for notice in &report.notices {
        let _ = write!(out, "<li>{}</li>", html(notice));
    }
    let _ = write!(
        out,
        "</ul>\n<div class=\"rows\">\n<div class=\"rows-header\"><span>Source · {}</span><span>Target · {}</span></div>\n",
        html(source),
        html(target)
    );
    let all = rows(report);
    let mut i = 0;
    while i < all.len() {
        let folded = |row: &Row| matches!(row.status, Status::Noise | Status::Outside);
        if !folded(&all[i]) {
            out.push_str(&html_row(report, &all[i], i + 1));
            out.push('\n');
            i += 1;
            continue;
        }
        let run = all[i..].iter().take_while(|row| folded(row)).count();
        let _ = writeln!(
            out,
            "<details class=\"fold\"><summary>{run} paragraph{} of site furniture or text outside the article</summary>",
            if run == 1 { "" } else { "s" }
        );
        for (n, row) in all.iter().enumerate().skip(i).take(run) {
            out.push_str(&html_row(report, row, n + 1));
            out.push('\n');
        }
        out.push_str("</details>\n");
        i += run;
    }
    let _ = write!(
        out,
        "</div>\n</section>\n</main>\n<footer class=\"page-footer\"><p>Made with transdiff {} · \
         hover over or tab to a highlight to read what it means</p></footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    );
    out
}

// ---- TSV and TMX -------------------------------------------------------------------------

/// A TSV field: tabs and line breaks become spaces, so each pair stays on one line.
fn tsv_field(text: &str) -> String {
    text.split(['\t', '\n', '\r']).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The aligned pairs as tab-separated values: a header with the two language codes, then
/// one line per pair.
pub fn to_tsv(report: &Report) -> String {
    let mut out = format!("{}\t{}\n", tsv_field(&report.source.lang), tsv_field(&report.target.lang));
    for pair in &report.pairs {
        let _ = writeln!(
            out,
            "{}\t{}",
            tsv_field(&joined(&report.source, &pair.source)),
            tsv_field(&joined(&report.target, &pair.target))
        );
    }
    out
}

/// Escapes text for XML content and attributes; drops characters XML 1.0 does not allow.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            _ => out.push(c),
        }
    }
    out
}

/// The aligned pairs as a TMX 1.4 translation memory, one translation unit per pair.
pub fn to_tmx(report: &Report) -> String {
    let (source_lang, target_lang) = (xml(&report.source.lang), xml(&report.target.lang));
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n");
    let _ = writeln!(
        out,
        "  <header creationtool=\"transdiff\" creationtoolversion=\"{}\" segtype=\"paragraph\" o-tmf=\"transdiff\" \
         adminlang=\"en\" srclang=\"{source_lang}\" datatype=\"plaintext\"/>\n  <body>",
        env!("CARGO_PKG_VERSION")
    );
    for pair in &report.pairs {
        let status = if pair.moved { "moved" } else { "matched" };
        let _ = writeln!(out, "    <tu>\n      <prop type=\"x-status\">{status}</prop>");
        for (lang, side, indices) in
            [(&source_lang, &report.source, &pair.source), (&target_lang, &report.target, &pair.target)]
        {
            let _ = writeln!(out, "      <tuv xml:lang=\"{lang}\"><seg>{}</seg></tuv>", xml(&joined(side, indices)));
        }
        out.push_str("    </tu>\n");
    }
    out.push_str("  </body>\n</tmx>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{compare, CompareOptions};

    const EVIL: &str = "<script>alert(1)</script> & \"q\" 'a' | *b* \t tab\u{1}";

    fn report() -> Report {
        let source = format!("Article 1. All human beings are born free.\n\nArticle 2. {EVIL}\n\nArticle 3. Everyone has the right to life, liberty and security of person. Paris has 2,000 bridges.");
        let target = "Article 1. All human beings are born free.\n\nAdvertisement\n\nArticle 3. Everyone has the right to life, liberty and security of person. Parris has 3,000 bridges.";
        compare(&source, target, &CompareOptions::default()).unwrap()
    }

    #[test]
    fn rows_cover_every_paragraph_once() {
        let report = report();
        let rows = rows(&report);
        let mut source: Vec<usize> = rows.iter().flat_map(|r| r.source.clone()).collect();
        let mut target: Vec<usize> = rows.iter().flat_map(|r| r.target.clone()).collect();
        source.sort_unstable();
        target.sort_unstable();
        assert_eq!(source, (0..report.source.paragraphs.len()).collect::<Vec<_>>());
        assert_eq!(target, (0..report.target.paragraphs.len()).collect::<Vec<_>>());
    }

    #[test]
    fn markdown_escapes_text() {
        let markdown = to_markdown(&report());
        assert!(markdown.starts_with("# transdiff report: English → English"));
        assert!(!markdown.contains("<script>"), "{markdown}");
        assert!(markdown.contains("&lt;script\\>alert(1)&lt;/script\\>"), "{markdown}");
        assert!(markdown.contains("\\| \\*b\\*"));
        assert_eq!(md("1. A list? - no"), "1\\. A list? - no");
        assert_eq!(md("- or + this"), "\\- or + this");
    }

    #[test]
    fn html_is_self_contained_and_escaped() {
        let page = to_html(&report());
        assert!(page.starts_with("<!doctype html>"));
        assert!(page.contains("<style>") && page.contains(".row-dropped"));
        assert!(!page.contains("<script") && !page.contains("<link"), "no script and no external file");
        assert!(
            page.contains("&lt;script&gt;alert(") && page.contains("&lt;/script&gt; &amp; &quot;q&quot; &apos;a&apos;")
        );
        assert!(page.contains("default-src 'none'"));
        assert!(page.contains(r#"class="row row-dropped""#) || page.contains(r#"class="row row-noise""#));
    }

    #[test]
    fn html_highlights_flags_at_utf16_offsets() {
        let report = report();
        let marked: usize = report.pairs.iter().map(|p| p.flags.len()).sum();
        assert!(marked > 0, "the test report has flags");
        let page = to_html(&report);
        assert!(page.contains(r#"<mark class="flag-"#), "{page}");
        assert!(page.contains(r#"tabindex="0" title=""#));
    }

    #[test]
    fn byte_at_converts_utf16_offsets() {
        assert_eq!(byte_at("aé😀b", 0), 0);
        assert_eq!(byte_at("aé😀b", 2), 3);
        assert_eq!(byte_at("aé😀b", 4), 7);
        assert_eq!(byte_at("aé😀b", 99), 8);
    }

    #[test]
    fn tsv_has_one_line_per_pair() {
        let report = report();
        let tsv = to_tsv(&report);
        let lines: Vec<&str> = tsv.lines().collect();
        assert_eq!(lines[0], "eng\teng");
        assert_eq!(lines.len(), report.pairs.len() + 1);
        assert!(lines.iter().all(|line| line.matches('\t').count() == 1), "{tsv}");
    }

    #[test]
    fn tmx_is_escaped_xml() {
        let report = report();
        let tmx = to_tmx(&report);
        assert!(tmx.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">"));
        assert_eq!(tmx.matches("<tu>").count(), report.pairs.len());
        assert_eq!(tmx.matches("<tuv xml:lang=\"eng\">").count(), 2 * report.pairs.len());
        assert!(!tmx.contains('\u{1}') && !tmx.contains("<script"));
        assert_eq!(xml(EVIL), "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &apos;a&apos; | *b* \t tab");
    }
}
