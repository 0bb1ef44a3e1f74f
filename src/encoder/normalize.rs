//! SentencePiece's `nmt_nfkc` text normaliser, driven by the precompiled character map the
//! model carries: a darts-clone double-array trie over UTF-8 byte strings whose values
//! index NUL-terminated replacement strings. At each position the longest key matching the
//! input wins and is replaced; text no key matches is copied one character at a time. On top
//! of that come the whitespace rules of the model: runs of spaces collapse, leading and
//! trailing spaces go, a space is prefixed to the text (`add_dummy_prefix`) and every space
//! becomes U+2581 (`▁`).

use super::ModelError;

/// The space symbol that stands for a space in pieces: U+2581 LOWER ONE EIGHTH BLOCK.
pub(crate) const SPACE_SYMBOL: &str = "\u{2581}";

/// The normaliser: the double array, the replacement strings and the whitespace switches.
#[derive(Debug, Clone)]
pub(crate) struct Normalizer {
    units: Vec<u32>,
    replacements: Vec<u8>,
    add_dummy_prefix: bool,
    remove_extra_whitespaces: bool,
    escape_whitespaces: bool,
}

/// A darts-clone unit's offset to its children.
#[inline]
fn offset(unit: u32) -> usize {
    ((unit >> 10) << ((unit & 0x200) >> 6)) as usize
}

impl Normalizer {
    /// Reads a precompiled charsmap (`u32` trie size in bytes, the trie's units, then the
    /// replacement strings); an empty map normalises nothing but whitespace.
    pub(crate) fn new(
        charsmap: &[u8],
        add_dummy_prefix: bool,
        remove_extra_whitespaces: bool,
        escape_whitespaces: bool,
    ) -> Result<Normalizer, ModelError> {
        let (units, replacements) = if charsmap.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            let bad = || ModelError::Corrupt("normalisation map".into());
            let size = u32::from_le_bytes(charsmap.get(..4).ok_or_else(bad)?.try_into().unwrap()) as usize;
            let trie = charsmap.get(4..4usize.checked_add(size).ok_or_else(bad)?).ok_or_else(bad)?;
            if size % 4 != 0 || size == 0 {
                return Err(bad());
            }
            let units = trie.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().unwrap())).collect();
            (units, charsmap[4 + size..].to_vec())
        };
        Ok(Normalizer { units, replacements, add_dummy_prefix, remove_extra_whitespaces, escape_whitespaces })
    }

    /// The longest charsmap key at the start of `input`: (its length in bytes, the offset of
    /// its replacement), or `None` when no key matches there.
    fn longest_key(&self, input: &[u8]) -> Option<(usize, usize)> {
        let units = &self.units;
        let mut node = offset(*units.first()?);
        let mut best = None;
        for (i, &c) in input.iter().enumerate() {
            node ^= c as usize;
            let Some(&unit) = units.get(node) else { break };
            if unit & 0x8000_00FF != c as u32 {
                break;
            }
            node ^= offset(unit);
            if unit & 0x100 != 0 {
                let Some(&leaf) = units.get(node) else { break };
                best = Some((i + 1, (leaf & 0x7FFF_FFFF) as usize));
            }
        }
        best
    }

    /// What the text at the start of `input` (non-empty, starting on a character boundary)
    /// normalises to, and how many bytes that consumes.
    fn normalize_prefix<'a>(&'a self, input: &'a str) -> (&'a [u8], usize) {
        let bytes = input.as_bytes();
        if let Some((len, value)) = self.longest_key(bytes) {
            if value < self.replacements.len() {
                let rest = &self.replacements[value..];
                let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
                return (&rest[..end], len);
            }
        }
        let len = input.chars().next().map_or(1, char::len_utf8);
        (&bytes[..len], len)
    }

    /// Normalises `text` as the tokenizer sees it (spaces already escaped as `▁`).
    pub(crate) fn normalize(&self, text: &str) -> String {
        let space: &[u8] = if self.escape_whitespaces { SPACE_SYMBOL.as_bytes() } else { b" " };
        let strip = self.remove_extra_whitespaces;
        let mut pos = 0;
        if strip {
            while pos < text.len() {
                let (piece, consumed) = self.normalize_prefix(&text[pos..]);
                if piece != b" " {
                    break;
                }
                pos += consumed;
            }
        }
        if pos >= text.len() {
            return String::new();
        }
        let mut out: Vec<u8> = Vec::with_capacity(text.len() + 8);
        if self.add_dummy_prefix {
            out.extend_from_slice(space);
        }
        let mut prev_space = strip;
        while pos < text.len() {
            let (mut piece, consumed) = self.normalize_prefix(&text[pos..]);
            pos += consumed;
            if strip && prev_space {
                while let [b' ', rest @ ..] = piece {
                    piece = rest;
                }
            }
            if let Some(&last) = piece.last() {
                if piece.contains(&b' ') {
                    for &b in piece {
                        if b == b' ' {
                            out.extend_from_slice(space);
                        } else {
                            out.push(b);
                        }
                    }
                    prev_space = last == b' ';
                } else {
                    out.extend_from_slice(piece);
                    prev_space = false;
                }
            }
        }
        if strip {
            while out.ends_with(space) {
                out.truncate(out.len() - space.len());
            }
        }
        // Replacements are whole UTF-8 strings and copies are whole characters.
        String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Builds a darts-clone double array (as sentencepiece precompiles it) for a few keys,
    /// by brute force: enough for hand-made tests. Returns the charsmap bytes.
    pub(crate) fn charsmap(pairs: &[(&str, &str)]) -> Vec<u8> {
        let mut keys: Vec<(&[u8], usize)> = Vec::new();
        let mut replacements = Vec::new();
        for (from, to) in pairs {
            keys.push((from.as_bytes(), replacements.len()));
            replacements.extend_from_slice(to.as_bytes());
            replacements.push(0);
        }
        keys.sort();
        let mut units = vec![0u32; 1 << 12];
        let mut used = vec![false; 1 << 12];
        used[0] = true;
        // place(node, prefix): chooses the children's base for the keys under `prefix`.
        fn place(
            node: usize,
            prefix: &[u8],
            keys: &[(&[u8], usize)],
            units: &mut Vec<u32>,
            used: &mut Vec<bool>,
            bases: &mut Vec<usize>,
        ) {
            let below: Vec<&(&[u8], usize)> = keys.iter().filter(|(k, _)| k.starts_with(prefix)).collect();
            let leaf = below.iter().find(|(k, _)| k.len() == prefix.len()).map(|(_, v)| *v);
            let mut labels: Vec<u8> =
                below.iter().filter(|(k, _)| k.len() > prefix.len()).map(|(k, _)| k[prefix.len()]).collect();
            labels.dedup();
            if leaf.is_none() && labels.is_empty() {
                return;
            }
            // slot 0 of the children block (base ^ 0) holds the leaf value
            // each base serves one node only (as in darts-clone), or a walk could land on
            // another node's child with the same label
            let base = (1usize..)
                .map(|b| b << 8)
                .find(|&base| {
                    !bases.contains(&base)
                        && (leaf.is_none() || !used[base])
                        && labels.iter().all(|&c| !used[base ^ c as usize])
                })
                .unwrap();
            bases.push(base);
            let off = base ^ node;
            assert!(off < 1 << 21);
            units[node] |= (off as u32) << 10;
            if let Some(v) = leaf {
                units[node] |= 0x100;
                used[base] = true;
                units[base] = v as u32 | 0x8000_0000;
            }
            for &c in &labels {
                let child = base ^ c as usize;
                used[child] = true;
                units[child] = c as u32;
            }
            for &c in &labels {
                let mut p = prefix.to_vec();
                p.push(c);
                place(base ^ c as usize, &p, keys, units, used, bases);
            }
        }
        place(0, b"", &keys, &mut units, &mut used, &mut Vec::new());
        let mut out = ((units.len() * 4) as u32).to_le_bytes().to_vec();
        for u in units {
            out.extend_from_slice(&u.to_le_bytes());
        }
        out.extend_from_slice(&replacements);
        out
    }

    fn normalizer(pairs: &[(&str, &str)]) -> Normalizer {
        Normalizer::new(&charsmap(pairs), true, true, true).unwrap()
    }

    #[test]
    fn longest_key_wins() {
        let n = normalizer(&[("a", "A"), ("ab", "X"), ("abc", "Y"), ("ﬁ", "fi")]);
        assert_eq!(n.longest_key(b"abd"), Some((2, 2)));
        assert_eq!(n.longest_key(b"abcd").map(|(l, _)| l), Some(3));
        assert_eq!(n.longest_key(b"b"), None);
        assert_eq!(n.normalize("abcab a"), "▁YX▁A");
        assert_eq!(n.normalize("ﬁne"), "▁fine");
    }

    #[test]
    fn whitespace_rules() {
        let n = normalizer(&[("\t", " "), ("\u{3000}", " "), ("x", "  ")]);
        assert_eq!(n.normalize("  two   words  "), "▁two▁words");
        assert_eq!(n.normalize("\ttab\u{3000}\u{3000}ideo"), "▁tab▁ideo");
        assert_eq!(n.normalize(""), "");
        assert_eq!(n.normalize(" \t "), "");
        // a replacement holding spaces: leading spaces dropped after a space, the rest escaped
        assert_eq!(n.normalize("axb"), "▁a▁▁b");
        assert_eq!(n.normalize("a xb"), "▁a▁b");
    }

    #[test]
    fn no_map_copies_characters() {
        let n = Normalizer::new(&[], true, true, true).unwrap();
        assert_eq!(n.normalize(" Grüße,  世界 "), "▁Grüße,▁世界");
        let raw = Normalizer::new(&[], false, false, false).unwrap();
        assert_eq!(raw.normalize(" a  b "), " a  b ");
    }

    #[test]
    fn corrupt_map_is_an_error() {
        assert!(Normalizer::new(&[1, 2], true, true, true).is_err());
        assert!(Normalizer::new(&[16, 0, 0, 0, 1], true, true, true).is_err());
    }
}
