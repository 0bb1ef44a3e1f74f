//! Bilingual lexicons: one language's words mapped to English pivot concepts.
//!
//! A concept is the [`concept_id`] of an English lemma, so two lexicons are compared
//! without any shared table: German `Regierung`, Arabic `الحكومة` and English `governments`
//! all give `concept_id("government")`. Keys are [`normalize`]d word forms (inflected
//! forms are listed in the file); [`Lexicon::concepts`] adds the per-language
//! handling a table cannot hold: French elision, Arabic clitics, German compounds,
//! Russian and Turkish suffixes.
//!
//! File format (integers are LEB128 varints):
//! `b"TDLX"`, version byte `1`, three ASCII bytes of the ISO 639-3 code;
//! the concept count, then each concept's English lemma as length and UTF-8 bytes
//! (most used first, so common concepts have one-byte indices);
//! the key count, then each key front-coded against the previous one as shared prefix
//! length, suffix length and suffix bytes (keys strictly increasing in byte order);
//! then for each key in the same order its concept count (0 to [`MAX_CONCEPTS`]; 0 marks a
//! function word) and that many concept indices, and nothing after. Keys and lists are
//! apart because gzip packs them far better so. Ids are hashed from the lemmas on load.

use crate::text::fold;
use std::collections::HashMap;
use std::fmt;

const MAGIC: &[u8; 4] = b"TDLX";
const VERSION: u8 = 1;
/// Most concepts a word keeps (its most common senses first).
pub const MAX_CONCEPTS: usize = 6;

/// The table key of a word. [`fold`] for most scripts; Arabic keeps its letters, because
/// `fold` transliterates letters that words differ by to the same ASCII (ض and د, ح and ه,
/// ع dropped), and only its variants are merged: alef forms, ta marbuta with ha, alef
/// maqsura with ya, hamza carriers with their letter; harakat, tatweel and hamza go.
pub fn normalize(word: &str) -> String {
    if !word.chars().any(|c| matches!(c, '\u{0620}'..='\u{064A}' | '\u{0671}'..='\u{06D3}')) {
        return fold(word);
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
            'ة' | 'ۀ' => out.push('ه'),
            'ى' | 'ئ' | 'ی' => out.push('ي'),
            'ؤ' => out.push('و'),
            'ک' => out.push('ك'),
            'ء' | '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' => {}
            c if c.is_alphanumeric() => out.push(c),
            _ => {}
        }
    }
    out
}

/// Stable 32-bit id of an English concept: FNV-1a of the lowercased lemma.
pub fn concept_id(english_lemma: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in english_lemma.to_lowercase().bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// Why a lexicon could not be read or built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LexiconError {
    /// The bytes do not start with the lexicon magic.
    NotALexicon,
    /// The file has a format version this reader does not know.
    Version(u8),
    /// The file ends before its contents do.
    Truncated,
    /// The file is structurally wrong; the text says where.
    Corrupt(&'static str),
    /// The language code is not three lowercase ASCII letters.
    BadLanguage(String),
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LexiconError::NotALexicon => write!(f, "not a transdiff lexicon file"),
            LexiconError::Version(v) => write!(f, "unsupported lexicon format version {v}"),
            LexiconError::Truncated => write!(f, "lexicon file is truncated"),
            LexiconError::Corrupt(what) => write!(f, "corrupt lexicon file: {what}"),
            LexiconError::BadLanguage(code) => write!(f, "bad lexicon language code {code:?}"),
        }
    }
}

impl std::error::Error for LexiconError {}

/// One language's table into English pivot concepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lexicon {
    lang: String,
    /// English lemma of each concept index, most used first.
    names: Vec<String>,
    /// [`concept_id`] of each concept index.
    ids: Vec<u32>,
    /// All keys concatenated, in increasing order.
    key_bytes: String,
    /// End offset of each key in `key_bytes`.
    key_ends: Vec<u32>,
    /// Concept indices of all keys concatenated.
    lists: Vec<u32>,
    /// End offset of each key's concepts in `lists`.
    list_ends: Vec<u32>,
}

impl Lexicon {
    /// Builds a lexicon from `(word, English lemmas)` entries: words are [`normalize`]d into keys,
    /// entries whose keys fold together are merged taking their lemmas in turns, in the order
    /// given (duplicates dropped), and each key keeps at most [`MAX_CONCEPTS`] lemmas. An entry with no lemmas marks a
    /// function word: its key stays with no concepts, whatever else folds to it, and
    /// [`Lexicon::concepts`] does not take it apart (Arabic `بعد` is not `ب` + `عد`).
    pub fn from_entries<I, W, L>(lang: &str, entries: I) -> Result<Lexicon, LexiconError>
    where
        I: IntoIterator<Item = (W, Vec<L>)>,
        W: AsRef<str>,
        L: AsRef<str>,
    {
        check_lang(lang.as_bytes())?;
        let mut groups: HashMap<String, Vec<Vec<String>>> = HashMap::new();
        let mut function_keys = Vec::new();
        for (word, lemmas) in entries {
            let key = normalize(word.as_ref());
            let lemmas: Vec<String> =
                lemmas.iter().map(|l| l.as_ref().trim().to_lowercase()).filter(|l| !l.is_empty()).collect();
            if key.is_empty() {
                continue;
            }
            if lemmas.is_empty() {
                function_keys.push(key);
                continue;
            }
            groups.entry(key).or_default().push(lemmas);
        }
        // Words that fold together take turns, so each keeps its first senses
        // (German `wurde` "became" and `Würde` "dignity").
        let mut merged: HashMap<String, Vec<String>> = groups
            .into_iter()
            .map(|(key, lists)| {
                let mut list: Vec<String> = Vec::new();
                let longest = lists.iter().map(Vec::len).max().unwrap_or(0);
                for rank in 0..longest {
                    for lemma in lists.iter().filter_map(|l| l.get(rank)) {
                        if list.len() < MAX_CONCEPTS && !list.contains(lemma) {
                            list.push(lemma.clone());
                        }
                    }
                }
                (key, list)
            })
            .collect();
        for key in function_keys {
            merged.insert(key, Vec::new());
        }
        let mut uses: HashMap<&str, usize> = HashMap::new();
        for lemma in merged.values().flatten() {
            *uses.entry(lemma).or_default() += 1;
        }
        let mut names: Vec<(&str, usize)> = uses.into_iter().collect();
        names.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let index: HashMap<&str, u32> = names.iter().enumerate().map(|(i, (n, _))| (*n, i as u32)).collect();
        let mut keys: Vec<(&String, &Vec<String>)> = merged.iter().collect();
        keys.sort_unstable();
        let mut lex = Lexicon {
            lang: lang.to_string(),
            names: names.iter().map(|(n, _)| n.to_string()).collect(),
            ids: names.iter().map(|(n, _)| concept_id(n)).collect(),
            key_bytes: String::new(),
            key_ends: Vec::with_capacity(keys.len()),
            lists: Vec::new(),
            list_ends: Vec::with_capacity(keys.len()),
        };
        for (key, list) in keys {
            lex.key_bytes.push_str(key);
            lex.key_ends.push(lex.key_bytes.len() as u32);
            lex.lists.extend(list.iter().map(|l| index[l.as_str()]));
            lex.list_ends.push(lex.lists.len() as u32);
        }
        Ok(lex)
    }

    /// Reads a lexicon file (the bytes of a www/lexicons/*.bin file).
    pub fn from_bytes(bytes: &[u8]) -> Result<Lexicon, LexiconError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(4)? != MAGIC {
            return Err(LexiconError::NotALexicon);
        }
        let version = r.take(1)?[0];
        if version != VERSION {
            return Err(LexiconError::Version(version));
        }
        let lang = r.take(3)?;
        check_lang(lang)?;
        let lang = String::from_utf8_lossy(lang).into_owned();

        let name_count = r.count(2)?;
        let mut names = Vec::with_capacity(name_count);
        for _ in 0..name_count {
            let len = r.count(1)?;
            let name = std::str::from_utf8(r.take(len)?).map_err(|_| LexiconError::Corrupt("concept is not UTF-8"))?;
            if name.is_empty() {
                return Err(LexiconError::Corrupt("empty concept"));
            }
            names.push(name.to_string());
        }

        let key_count = r.count(4)?;
        let mut raw = Vec::new();
        let mut key_ends = Vec::with_capacity(key_count);
        let mut lists = Vec::new();
        let mut list_ends = Vec::with_capacity(key_count);
        let mut prev_start = 0usize;
        for _ in 0..key_count {
            let shared = r.varint()? as usize;
            let suffix = r.varint()? as usize;
            let prev_len = raw.len() - prev_start;
            if shared > prev_len || suffix == 0 {
                return Err(LexiconError::Corrupt("key prefix"));
            }
            let start = raw.len();
            raw.extend_from_within(prev_start..prev_start + shared);
            raw.extend_from_slice(r.take(suffix)?);
            if !key_ends.is_empty() && raw[prev_start..start] >= raw[start..] {
                return Err(LexiconError::Corrupt("keys out of order"));
            }
            key_ends.push(raw.len() as u32);
            prev_start = start;
        }
        for _ in 0..key_count {
            let len = r.varint()? as usize;
            if len > MAX_CONCEPTS {
                return Err(LexiconError::Corrupt("concept list length"));
            }
            for _ in 0..len {
                let concept = r.varint()?;
                if concept as usize >= names.len() {
                    return Err(LexiconError::Corrupt("concept index"));
                }
                lists.push(concept);
            }
            list_ends.push(lists.len() as u32);
        }
        if r.remaining() != 0 {
            return Err(LexiconError::Corrupt("trailing bytes"));
        }
        let key_bytes = String::from_utf8(raw).map_err(|_| LexiconError::Corrupt("key is not UTF-8"))?;
        // Every key must end on a character boundary for lookups to slice it.
        if key_ends.iter().any(|&e| !key_bytes.is_char_boundary(e as usize)) {
            return Err(LexiconError::Corrupt("key is not UTF-8"));
        }
        let ids = names.iter().map(|n| concept_id(n)).collect();
        Ok(Lexicon { lang, names, ids, key_bytes, key_ends, lists, list_ends })
    }

    /// Writes the lexicon in the file format [`Lexicon::from_bytes`] reads.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.key_bytes.len() + self.lists.len() * 2 + 64);
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        out.extend_from_slice(self.lang.as_bytes());
        write_varint(&mut out, self.names.len() as u32);
        for name in &self.names {
            write_varint(&mut out, name.len() as u32);
            out.extend_from_slice(name.as_bytes());
        }
        write_varint(&mut out, self.key_ends.len() as u32);
        let mut prev: &[u8] = &[];
        for i in 0..self.key_ends.len() {
            let key = self.key(i).as_bytes();
            let shared = prev.iter().zip(key).take_while(|(a, b)| a == b).count();
            write_varint(&mut out, shared as u32);
            write_varint(&mut out, (key.len() - shared) as u32);
            out.extend_from_slice(&key[shared..]);
            prev = key;
        }
        for i in 0..self.key_ends.len() {
            let list = self.list(i);
            write_varint(&mut out, list.len() as u32);
            for &concept in list {
                write_varint(&mut out, concept);
            }
        }
        out
    }

    /// ISO 639-3 code of the language it covers ("eng", "deu", "fra", "ara", "spa", "rus", "tur").
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// Number of keys (folded word forms, function words included) in the table.
    pub fn len(&self) -> usize {
        self.key_ends.len()
    }

    /// True when the table has no keys.
    pub fn is_empty(&self) -> bool {
        self.key_ends.is_empty()
    }

    /// English pivot concept ids of a word as it appears in text (any case, with diacritics,
    /// clitics, inflection): normalised, lemmatised, decompounded, looked up. Empty when unknown.
    pub fn concepts(&self, word: &str) -> Vec<u32> {
        let key = normalize(word);
        if key.is_empty() {
            return Vec::new();
        }
        if let Some(found) = self.get(&key) {
            return found;
        }
        let special = match self.lang.as_str() {
            "fra" => self.french_elision(word, &key),
            "ara" => self.arabic_clitics(word),
            "deu" => self.decompound(&key),
            "rus" => self.known_stem(&key, 4, 5),
            "tur" => self.known_stem(&key, 3, usize::MAX),
            _ => None,
        };
        special.or_else(|| self.hyphenated(word)).unwrap_or_default()
    }

    /// Concept ids of an exact key.
    fn get(&self, key: &str) -> Option<Vec<u32>> {
        let mut lo = 0;
        let mut hi = self.key_ends.len();
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.key(mid).cmp(key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    return Some(self.list(mid).iter().map(|&c| self.ids[c as usize]).collect())
                }
            }
        }
        None
    }

    /// Concept ids of an exact key that is not a function word.
    fn content(&self, key: &str) -> Option<Vec<u32>> {
        self.get(key).filter(|ids| !ids.is_empty())
    }

    fn key(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.key_ends[i - 1] as usize };
        &self.key_bytes[start..self.key_ends[i] as usize]
    }

    fn list(&self, i: usize) -> &[u32] {
        let start = if i == 0 { 0 } else { self.list_ends[i - 1] as usize };
        &self.lists[start..self.list_ends[i] as usize]
    }

    /// `l'homme`, `d'abord`, `qu'il`, `lhomme` (already folded): the word after the elided article.
    fn french_elision(&self, word: &str, key: &str) -> Option<Vec<u32>> {
        const ELIDED: [&str; 12] = ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"];
        if let Some((head, rest)) = word.split_once(['\'', '’']) {
            if ELIDED.contains(&fold(head).as_str()) {
                return self.get(&normalize(rest));
            }
        }
        ELIDED.iter().find_map(|e| {
            let rest = key.strip_prefix(e)?;
            let starts_vowel = rest.starts_with(['a', 'e', 'i', 'o', 'u', 'y', 'h']);
            if starts_vowel && rest.len() >= 2 {
                self.get(rest)
            } else {
                None
            }
        })
    }

    /// Strips Arabic proclitics (و ف, then ب ك ل or س, then the article ال, or لل), harakat
    /// and pronoun or nisba suffixes, keeping the longest remainder that is in the table.
    fn arabic_clitics(&self, word: &str) -> Option<Vec<u32>> {
        let letters: Vec<char> =
            word.chars().filter(|&c| !matches!(c as u32, 0x0640 | 0x064B..=0x065F | 0x0670)).collect();
        let mut candidates: Vec<(usize, String)> = Vec::new();
        for prefix in arabic_prefix_lengths(&letters) {
            let stem = &letters[prefix..];
            for suffix in ARABIC_SUFFIXES.iter().map(|s| s.chars().collect::<Vec<char>>()) {
                if stem.len() < suffix.len() + 2 || !stem.ends_with(&suffix) {
                    continue;
                }
                let rest = &stem[..stem.len() - suffix.len()];
                let mut text: String = rest.iter().collect();
                candidates.push((rest.len(), text.clone()));
                // A feminine noun before a pronoun writes its ta marbuta as ta: حكومتها.
                if !suffix.is_empty() && text.ends_with('ت') {
                    text.pop();
                    text.push('ة');
                    candidates.push((rest.len(), text));
                }
            }
        }
        candidates.sort_by_key(|c| std::cmp::Reverse(c.0));
        candidates.iter().find_map(|(_, c)| self.get(&normalize(c)))
    }

    /// Splits an unknown German compound into known parts (each at least 3 letters, linking
    /// `s`, `es`, `n`, `en`, `e` or `er` allowed after a part), fewest parts first and then the
    /// longest first part, and returns the first two concepts of each part in order.
    fn decompound(&self, key: &str) -> Option<Vec<u32>> {
        const MIN: usize = 3;
        const LINKS: [&str; 7] = ["", "s", "es", "n", "en", "e", "er"];
        let n = key.len();
        if !key.is_ascii() || n < 2 * MIN {
            return None;
        }
        // best[i]: the fewest parts covering key[i..], with the start of the part after the first.
        let mut best: Vec<Option<(usize, usize, usize)>> = vec![None; n + 1];
        for i in (0..=n - MIN).rev() {
            for end in (i + MIN..=n).rev() {
                if self.content(&key[i..end]).is_none() {
                    continue;
                }
                if end == n {
                    best[i] = Some((1, end, n));
                    break;
                }
                for link in LINKS {
                    let next = end + link.len();
                    if next > n || !key[end..].starts_with(link) {
                        continue;
                    }
                    if let Some((parts, _, _)) = best[next] {
                        if best[i].is_none_or(|(p, _, _)| parts + 1 < p) {
                            best[i] = Some((parts + 1, end, next));
                        }
                    }
                }
            }
        }
        best[0]?;
        let mut out = Vec::new();
        let mut i = 0;
        while let Some((_, end, next)) = best[i] {
            for id in self.get(&key[i..end])?.into_iter().take(2) {
                if !out.contains(&id) {
                    out.push(id);
                }
            }
            if next >= n {
                break;
            }
            i = next;
        }
        Some(out)
    }

    /// For suffixing languages: the longest known prefix of at least `min_stem` bytes that
    /// leaves at most `max_suffix` bytes.
    fn known_stem(&self, key: &str, min_stem: usize, max_suffix: usize) -> Option<Vec<u32>> {
        (min_stem..key.len())
            .rev()
            .take_while(|&end| key.len() - end <= max_suffix)
            .filter(|&end| key.is_char_boundary(end))
            .find_map(|end| self.content(&key[..end]))
    }

    /// `well-known`: the concepts of the parts of a hyphenated word.
    fn hyphenated(&self, word: &str) -> Option<Vec<u32>> {
        let parts: Vec<&str> = word.split(['-', '‐', '‑']).filter(|p| !p.is_empty()).collect();
        if parts.len() < 2 {
            return None;
        }
        let mut out = Vec::new();
        for part in parts {
            for id in self.concepts(part) {
                if out.len() < MAX_CONCEPTS && !out.contains(&id) {
                    out.push(id);
                }
            }
        }
        (!out.is_empty()).then_some(out)
    }
}

/// Pronoun (and nisba) suffixes tried on Arabic words, the empty one first.
const ARABIC_SUFFIXES: [&str; 14] = ["", "ه", "ها", "هم", "هما", "هن", "ك", "كم", "كما", "كن", "نا", "ي", "ني", "ية"];

/// Lengths of the proclitic prefixes `letters` may start with (0 included).
fn arabic_prefix_lengths(letters: &[char]) -> Vec<usize> {
    let mut out = vec![0];
    let conj = usize::from(matches!(letters.first(), Some('و' | 'ف')));
    let mut starts = vec![0];
    if conj == 1 {
        out.push(1);
        starts.push(1);
    }
    for &s in &starts {
        let rest = &letters[s..];
        if rest.starts_with(&['ل', 'ل']) {
            out.push(s + 2);
        }
        if rest.starts_with(&['ا', 'ل']) {
            out.push(s + 2);
        }
        if matches!(rest.first(), Some('ب' | 'ك' | 'ل' | 'س')) {
            out.push(s + 1);
            if rest[1..].starts_with(&['ا', 'ل']) {
                out.push(s + 3);
            }
        }
    }
    out.retain(|&p| letters.len() >= p + 2);
    out.sort_unstable();
    out.dedup();
    out
}

fn check_lang(code: &[u8]) -> Result<(), LexiconError> {
    if code.len() == 3 && code.iter().all(u8::is_ascii_lowercase) {
        Ok(())
    } else {
        Err(LexiconError::BadLanguage(String::from_utf8_lossy(code).into_owned()))
    }
}

fn write_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], LexiconError> {
        if n > self.remaining() {
            return Err(LexiconError::Truncated);
        }
        let out = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    /// A count of items that take at least `min_bytes` each; one the rest of the file
    /// cannot hold is an error, not a reason to allocate.
    fn count(&mut self, min_bytes: usize) -> Result<usize, LexiconError> {
        let n = self.varint()? as usize;
        if n > self.remaining() / min_bytes {
            return Err(LexiconError::Truncated);
        }
        Ok(n)
    }

    fn varint(&mut self) -> Result<u32, LexiconError> {
        let mut v: u32 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.take(1)?[0];
            if shift == 28 && b > 0x0f {
                return Err(LexiconError::Corrupt("varint overflow"));
            }
            v |= u32::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(LexiconError::Corrupt("varint overflow"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(words: &[&str]) -> Vec<u32> {
        words.iter().map(|w| concept_id(w)).collect()
    }

    fn lex(lang: &str, entries: &[(&str, &[&str])]) -> Lexicon {
        Lexicon::from_entries(lang, entries.iter().map(|(w, c)| (*w, c.to_vec()))).unwrap()
    }

    #[test]
    fn concept_ids_are_fnv1a_of_lowercase() {
        assert_eq!(concept_id(""), 0x811c_9dc5);
        assert_eq!(concept_id("a"), 0xe40c_292c);
        assert_eq!(concept_id("Government"), concept_id("government"));
    }

    #[test]
    fn keys_are_folded_and_merged() {
        let l = lex("deu", &[("schön", &["beautiful", "nice"]), ("schon", &["already", "beautiful", "yet"])]);
        assert_eq!(l.len(), 1);
        assert_eq!(l.concepts("SCHON"), ids(&["beautiful", "already", "nice", "yet"]));
    }

    #[test]
    fn lists_are_capped_and_concepts_numbered_by_use() {
        let many = ["a", "b", "c", "d", "e", "f", "g", "h"];
        let l = lex("eng", &[("x", &many), ("y", &["f", "Z"])]);
        assert_eq!(l.concepts("x").len(), MAX_CONCEPTS);
        assert_eq!(l.names, ["f", "a", "b", "c", "d", "e", "z"]);
        assert_eq!(l.concepts("y"), ids(&["f", "z"]));
    }

    #[test]
    fn arabic_keys_keep_consonants_and_merge_variants() {
        assert_ne!(normalize("ضد"), normalize("عدد"));
        assert_ne!(normalize("حال"), normalize("هال"));
        assert_eq!(normalize("أحمد"), normalize("احمد"));
        assert_eq!(normalize("مدرسة"), normalize("مدرسه"));
        assert_eq!(normalize("عَرَبِيّ"), normalize("عربي"));
        assert_eq!(normalize("على"), normalize("علي"));
        assert_eq!(normalize("Zürich"), "zurich");
    }

    #[test]
    fn function_words_have_no_concepts_and_stay_whole() {
        let l = lex("ara", &[("عد", &["count"]), ("بعد", &[]), ("أن", &["now"]), ("إن", &[]), ("آن", &["now"])]);
        assert!(l.concepts("بعد").is_empty());
        assert!(l.concepts("أن").is_empty());
        assert!(l.concepts("وبعد").is_empty());
        assert_eq!(l.concepts("عد"), ids(&["count"]));
        assert_eq!(Lexicon::from_bytes(&l.to_bytes()).unwrap(), l);
    }

    #[test]
    fn french_elision() {
        let l = lex("fra", &[("homme", &["man"]), ("abord", &["first"])]);
        assert_eq!(l.concepts("l'homme"), ids(&["man"]));
        assert_eq!(l.concepts("L’Homme"), ids(&["man"]));
        assert_eq!(l.concepts("lhomme"), ids(&["man"]));
        assert_eq!(l.concepts("d'abord"), ids(&["first"]));
        assert!(l.concepts("x'homme").is_empty());
    }

    #[test]
    fn arabic_clitics_and_variants() {
        let l = lex("ara", &[("حكومة", &["government"]), ("كتاب", &["book"])]);
        for w in ["الحكومة", "والحكومة", "بالحكومة", "للحكومة", "حكومتها", "وحكومتهم", "الحكومه", "الْحُكُومَة"]
        {
            assert_eq!(l.concepts(w), ids(&["government"]), "{w}");
        }
        assert_eq!(l.concepts("وكتابك"), ids(&["book"]));
        assert!(l.concepts("و").is_empty());
    }

    #[test]
    fn german_compounds() {
        let l = lex(
            "deu",
            &[
                ("nord", &["north"]),
                ("ost", &["east"]),
                ("wand", &["wall"]),
                ("wänden", &["wall"]),
                ("regierung", &["government"]),
                ("sprecher", &["speaker"]),
            ],
        );
        assert_eq!(l.concepts("Nordostwand"), ids(&["north", "east", "wall"]));
        assert_eq!(l.concepts("Nordostwänden"), ids(&["north", "east", "wall"]));
        assert_eq!(l.concepts("Regierungssprecher"), ids(&["government", "speaker"]));
        let with_function_word = lex("deu", &[("und", &[]), ("wand", &["wall"])]);
        assert!(with_function_word.concepts("Undwand").is_empty());
        assert!(l.concepts("Nordxyz").is_empty());
    }

    #[test]
    fn russian_stress_and_endings() {
        let l = lex("rus", &[("право", &["right", "law"]), ("ёлка", &["fir"])]);
        assert_eq!(l.concepts("пра́во"), ids(&["right", "law"]));
        assert_eq!(l.concepts("Елка"), ids(&["fir"]));
        assert_eq!(l.concepts("правом"), ids(&["right", "law"]));
        assert!(l.concepts("прав").is_empty());
    }

    #[test]
    fn turkish_suffixes() {
        let l = lex("tur", &[("insan", &["human"]), ("hak", &["right"])]);
        assert_eq!(l.concepts("İnsanların"), ids(&["human"]));
        assert_eq!(l.concepts("haklar"), ids(&["right"]));
    }

    #[test]
    fn hyphenated_words() {
        let l = lex("eng", &[("well", &["well"]), ("know", &["know"]), ("known", &["know"])]);
        assert_eq!(l.concepts("well-known"), ids(&["well", "know"]));
    }

    #[test]
    fn round_trip_is_identical() {
        let l = lex(
            "deu",
            &[
                ("Haus", &["house", "home"]),
                ("Häuser", &["house", "home"]),
                ("Hausbau", &["house", "construction"]),
                ("Zürich", &["zurich"]),
            ],
        );
        let bytes = l.to_bytes();
        let back = Lexicon::from_bytes(&bytes).unwrap();
        assert_eq!(back, l);
        assert_eq!(back.to_bytes(), bytes);
        assert_eq!(back.lang(), "deu");
    }

    #[test]
    fn corrupt_files_are_errors() {
        let bytes = lex("eng", &[("house", &["house"]), ("houses", &["house"])]).to_bytes();
        for n in 0..bytes.len() {
            assert!(Lexicon::from_bytes(&bytes[..n]).is_err(), "prefix {n}");
        }
        assert_eq!(Lexicon::from_bytes(b"PK\x03\x04xxxxxxxx"), Err(LexiconError::NotALexicon));
        let mut v2 = bytes.clone();
        v2[4] = 2;
        assert_eq!(Lexicon::from_bytes(&v2), Err(LexiconError::Version(2)));
        for i in 4..bytes.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut b = bytes.clone();
                b[i] ^= flip;
                let _ = Lexicon::from_bytes(&b);
            }
        }
        let mut long = bytes;
        long.push(0);
        assert_eq!(Lexicon::from_bytes(&long), Err(LexiconError::Corrupt("trailing bytes")));
    }
}
