//! Invariants every report and every alignment must hold, whatever the input; shared by
//! `tests/properties.rs`, `tests/regressions.rs` and the fuzz target (`fuzz/`).

use transdiff::{segment, Bead, Report, Side, Status, Units};

/// Whitespace, byte-order marks and zero-width spaces: what carries no content.
fn is_blank(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}')
}

/// Lines as `Units::Lines` cuts them: at `\n`, `\r\n` or `\r`; a final line break does
/// not start another line.
pub fn lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\n' | b'\r' => {
                out.push(&text[start..i]);
                i += if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The characters that carry content: no whitespace, and no hyphens, which rejoining a word
/// split at a line end may remove.
fn content_chars(text: &str) -> String {
    text.chars().filter(|&c| !is_blank(c) && c != '-' && c != '\u{ad}').collect()
}

fn utf16_slice(text: &str, start: usize, end: usize) -> Option<String> {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(units.get(start..end)?).ok()
}

/// Checks a report of `compare(source, target)` with `units`; panics with a message on the
/// first broken invariant.
pub fn check_report(source: &str, target: &str, units: Units, report: &Report) {
    check_side("source", source, units, &report.source);
    check_side("target", target, units, &report.target);
    for p in &report.source.paragraphs {
        assert!(p.status != Status::Added, "a source paragraph marked added: {:?}", p.text);
    }
    for p in &report.target.paragraphs {
        assert!(p.status != Status::Dropped, "a target paragraph marked dropped: {:?}", p.text);
    }
    let (ns, nt) = (report.source.paragraphs.len(), report.target.paragraphs.len());
    let mut source_pair = vec![None; ns];
    let mut target_pair = vec![None; nt];
    for (k, pair) in report.pairs.iter().enumerate() {
        assert!(!pair.source.is_empty() && !pair.target.is_empty(), "pair {k} has an empty side: {pair:?}");
        for (ids, seen, n, name) in
            [(&pair.source, &mut source_pair, ns, "source"), (&pair.target, &mut target_pair, nt, "target")]
        {
            for &i in ids {
                assert!(i < n, "pair {k}: {name} paragraph {i} out of range ({n})");
                assert!(seen[i].is_none(), "{name} paragraph {i} in pairs {:?} and {k}", seen[i]);
                seen[i] = Some(k);
            }
        }
        let expected = if pair.moved { Status::Moved } else { Status::Matched };
        for &i in &pair.source {
            assert_eq!(report.source.paragraphs[i].status, expected, "source paragraph {i} of pair {k}");
        }
        for &j in &pair.target {
            assert_eq!(report.target.paragraphs[j].status, expected, "target paragraph {j} of pair {k}");
        }
        for flag in &pair.flags {
            for (excerpts, side, ids, name) in [
                (&flag.source, &report.source, &pair.source, "source"),
                (&flag.target, &report.target, &pair.target, "target"),
            ] {
                for e in excerpts {
                    assert!(
                        ids.contains(&e.paragraph),
                        "{:?} points at {name} paragraph outside pair {k}: {e:?}",
                        flag.kind
                    );
                    let text = &side.paragraphs[e.paragraph].text;
                    assert!(
                        e.start <= e.end && e.end <= text.encode_utf16().count(),
                        "{:?} excerpt out of range of {text:?}: {e:?}",
                        flag.kind
                    );
                    assert_eq!(
                        utf16_slice(text, e.start, e.end).as_deref(),
                        Some(e.text.as_str()),
                        "{:?} excerpt of {text:?}",
                        flag.kind
                    );
                }
            }
        }
        for bead in &pair.sentences {
            for (ids, side, members) in
                [(&bead.source, &report.source, &pair.source), (&bead.target, &report.target, &pair.target)]
            {
                for &[p, s] in ids {
                    assert!(members.contains(&p), "sentence bead of pair {k} names paragraph {p} outside it");
                    assert!(s < side.paragraphs[p].sentences.len(), "sentence {s} of paragraph {p} out of range");
                }
            }
        }
    }
    for (side, pair_of, name) in [(&report.source, source_pair, "source"), (&report.target, target_pair, "target")] {
        for (i, (p, k)) in side.paragraphs.iter().zip(pair_of).enumerate() {
            assert_eq!(p.pair, k, "{name} paragraph {i}: `pair` disagrees with `pairs`");
            let paired = matches!(p.status, Status::Matched | Status::Moved);
            assert_eq!(paired, k.is_some(), "{name} paragraph {i} is {:?} with pair {k:?}", p.status);
        }
    }
    let count = |side: &Side, st: Status| side.paragraphs.iter().filter(|p| p.status == st).count();
    let s = &report.summary;
    assert_eq!(s.matched, count(&report.source, Status::Matched));
    assert_eq!(s.dropped, count(&report.source, Status::Dropped));
    assert_eq!(s.added, count(&report.target, Status::Added));
    assert_eq!(s.moved, report.pairs.iter().filter(|p| p.moved).count());
}

/// Every paragraph of the input is in the side once, in order, with its text.
fn check_side(name: &str, input: &str, units: Units, side: &Side) {
    match units {
        Units::Lines => {
            let lines = lines(input);
            assert_eq!(side.paragraphs.len(), lines.len(), "{name}: one paragraph per line");
            for (i, (p, line)) in side.paragraphs.iter().zip(&lines).enumerate() {
                assert_eq!(p.text, *line, "{name} line {i}: kept byte for byte");
            }
        }
        Units::Auto => {
            for p in &side.paragraphs {
                assert!(p.text.chars().any(|c| !is_blank(c)), "{name}: blank paragraph {:?}", p.text);
            }
            if !segment::looks_like_html(input) {
                let kept: String = side.paragraphs.iter().map(|p| content_chars(&p.text)).collect();
                assert_eq!(kept, content_chars(input), "{name}: paragraphs lose or add content");
            }
        }
    }
    for (i, p) in side.paragraphs.iter().enumerate() {
        let len = p.text.encode_utf16().count();
        let mut previous = 0;
        for span in &p.sentences {
            assert!(
                previous <= span.start && span.start <= span.end && span.end <= len,
                "{name} paragraph {i}: sentence spans {:?} not ordered within {len}",
                p.sentences
            );
            previous = span.end;
        }
    }
}

/// Beads cover `0..n` source and `0..m` target units once each, in order.
pub fn check_beads(beads: &[Bead], n: usize, m: usize) {
    let (mut s, mut t) = (0, 0);
    for bead in beads {
        assert!(bead.source.start == s && bead.source.end >= s, "source gap or overlap at {s}: {beads:?}");
        assert!(bead.target.start == t && bead.target.end >= t, "target gap or overlap at {t}: {beads:?}");
        (s, t) = (bead.source.end, bead.target.end);
    }
    assert_eq!((s, t), (n, m), "beads end at ({s}, {t}), not at the units' ends ({n}, {m})");
}
