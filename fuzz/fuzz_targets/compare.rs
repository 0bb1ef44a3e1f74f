//! Feeds arbitrary bytes to `compare` in both unit modes and to `align` line by line, and
//! checks the invariants of `tests/invariants/mod.rs`. The bytes are cut at the first 0xFF (never valid
//! UTF-8) into source and target; invalid UTF-8 becomes U+FFFD, as a browser's paste would.
#![no_main]

#[path = "../../tests/invariants/mod.rs"]
mod invariants;

use libfuzzer_sys::fuzz_target;
use transdiff::{CompareOptions, Units};

fuzz_target!(|data: &[u8]| {
    let cut = data.iter().position(|&b| b == 0xff).unwrap_or(data.len());
    let source = String::from_utf8_lossy(&data[..cut]);
    let target = String::from_utf8_lossy(data.get(cut + 1..).unwrap_or_default());
    for units in [Units::Auto, Units::Lines] {
        let options = CompareOptions { units, ..Default::default() };
        let report = transdiff::compare(&source, &target, &options).expect("no language override: no error");
        invariants::check_report(&source, &target, units, &report);
    }
    let (s, t) = (invariants::lines(&source), invariants::lines(&target));
    invariants::check_beads(&transdiff::align(&s, &t), s.len(), t.len());
});
