//! The unigram tokenizer: the model's pieces in a compact byte trie, and the Viterbi search
//! for the segmentation of a normalised text with the highest total piece score.

use super::normalize::Normalizer;
use super::ModelError;

/// The pieces as a byte trie laid out level by level: the children of node `n` are the
/// nodes `child_start[n]..child_start[n + 1]`, sorted by their `label` byte; `piece[n]` is
/// the id plus one of the piece spelled by the path to `n`, 0 when the path is only a
/// prefix. About 9 bytes a node (330,000 nodes for the 128,000 pieces of the model).
#[derive(Debug, Clone)]
pub(crate) struct PieceTrie {
    labels: Vec<u8>,
    child_start: Vec<u32>,
    piece: Vec<u32>,
}

impl PieceTrie {
    /// Builds the trie; when two pieces are spelled alike, the later id wins.
    pub(crate) fn new(pieces: &[&[u8]]) -> PieceTrie {
        let mut order: Vec<u32> = (0..pieces.len() as u32).filter(|&i| !pieces[i as usize].is_empty()).collect();
        order.sort_by(|&a, &b| pieces[a as usize].cmp(pieces[b as usize]).then(a.cmp(&b)));
        let mut labels = vec![0u8];
        let mut piece = vec![0u32];
        let mut parent = vec![0u32];
        // node[k]: the node reached so far by order[k]'s piece (all start at the root)
        let mut node = vec![0u32; order.len()];
        let mut depth = 0;
        let mut alive: Vec<usize> = (0..order.len()).collect();
        while !alive.is_empty() {
            let mut last: Option<(u32, u8)> = None;
            let mut next = Vec::with_capacity(alive.len());
            for &k in &alive {
                let bytes = pieces[order[k] as usize];
                let key = (node[k], bytes[depth]);
                if last != Some(key) {
                    labels.push(key.1);
                    piece.push(0);
                    parent.push(key.0);
                    last = Some(key);
                }
                let id = (labels.len() - 1) as u32;
                node[k] = id;
                if bytes.len() == depth + 1 {
                    piece[id as usize] = order[k] + 1;
                } else {
                    next.push(k);
                }
            }
            alive = next;
            depth += 1;
        }
        // Nodes come level by level, each level sorted by (parent, label): the children of
        // a node are contiguous and in parent order.
        let mut child_start = vec![0u32; labels.len() + 1];
        for &p in &parent[1..] {
            child_start[p as usize + 1] += 1;
        }
        child_start[0] = 1;
        for i in 1..child_start.len() {
            child_start[i] += child_start[i - 1];
        }
        PieceTrie { labels, child_start, piece }
    }

    /// The child of `node` labelled `byte`.
    #[inline]
    fn child(&self, node: u32, byte: u8) -> Option<u32> {
        let lo = self.child_start[node as usize] as usize;
        let hi = self.child_start[node as usize + 1] as usize;
        self.labels[lo..hi].binary_search(&byte).ok().map(|i| (lo + i) as u32)
    }

    /// Calls `found(length in bytes, piece id)` for every piece that is a prefix of `text`,
    /// shortest first.
    #[inline]
    pub(crate) fn prefixes(&self, text: &[u8], mut found: impl FnMut(usize, u32)) {
        let mut node = 0;
        for (i, &b) in text.iter().enumerate() {
            match self.child(node, b) {
                Some(n) => node = n,
                None => return,
            }
            let p = self.piece[node as usize];
            if p != 0 {
                found(i + 1, p - 1);
            }
        }
    }

    /// Heap bytes held.
    pub(crate) fn memory(&self) -> usize {
        self.labels.len() + 4 * (self.child_start.len() + self.piece.len())
    }
}

/// The tokenizer: normaliser, pieces and scores, and the special ids.
#[derive(Debug, Clone)]
pub(crate) struct Tokenizer {
    pub(crate) normalizer: Normalizer,
    trie: PieceTrie,
    scores: Vec<f32>,
    unk_score: f64,
    pub(crate) unk: u32,
    pub(crate) bos: u32,
    pub(crate) eos: u32,
}

impl Tokenizer {
    /// A tokenizer over `pieces` (UTF-8 bytes) with their `scores`.
    pub(crate) fn new(
        normalizer: Normalizer,
        pieces: &[&[u8]],
        scores: Vec<f32>,
        (unk, bos, eos): (u32, u32, u32),
    ) -> Result<Tokenizer, ModelError> {
        if pieces.len() != scores.len() || pieces.is_empty() {
            return Err(ModelError::Corrupt("vocabulary".into()));
        }
        if pieces.iter().any(|p| std::str::from_utf8(p).is_err()) {
            return Err(ModelError::Corrupt("a piece is not UTF-8".into()));
        }
        let min = scores.iter().copied().fold(f32::INFINITY, f32::min);
        Ok(Tokenizer { normalizer, trie: PieceTrie::new(pieces), scores, unk_score: min as f64 - 10.0, unk, bos, eos })
    }

    /// Number of pieces.
    pub(crate) fn len(&self) -> usize {
        self.scores.len()
    }

    /// Heap bytes held (trie, scores, normaliser excluded).
    pub(crate) fn memory(&self) -> usize {
        self.trie.memory() + 4 * self.scores.len()
    }

    /// Piece ids of `text` between BOS and EOS; `[BOS, UNK, EOS]` when nothing is left after
    /// normalisation.
    pub(crate) fn encode(&self, text: &str, out: &mut Vec<u32>) {
        out.push(self.bos);
        let normalized = self.normalizer.normalize(text);
        if normalized.is_empty() {
            out.push(self.unk);
        } else {
            self.viterbi(&normalized, out);
        }
        out.push(self.eos);
    }

    /// The best segmentation of `text` (normalised, non-empty), appended to `out`.
    ///
    /// Every lattice node starting at a position shares the best path ending there, so a
    /// left-to-right pass over character boundaries suffices: `best[p]` is the score of the
    /// best path to byte offset `p`, `(start[p], id[p])` its last piece. Scores add in f64
    /// and only a strictly better score replaces a path, so ties keep the piece found first
    /// (the earlier start, then the shorter piece), as sentencepiece does. A character no
    /// single-character piece covers becomes UNK with the lowest score minus 10.
    pub(crate) fn viterbi(&self, text: &str, out: &mut Vec<u32>) {
        let bytes = text.as_bytes();
        let n = bytes.len();
        let mut best = vec![f64::NEG_INFINITY; n + 1];
        let mut start = vec![0u32; n + 1];
        let mut id = vec![0u32; n + 1];
        best[0] = 0.0;
        for (i, ch) in text.char_indices() {
            let base = best[i];
            let char_end = i + ch.len_utf8();
            let mut single = false;
            self.trie.prefixes(&bytes[i..], |len, piece| {
                let j = i + len;
                let score = base + self.scores[piece as usize] as f64;
                if score > best[j] {
                    best[j] = score;
                    start[j] = i as u32;
                    id[j] = piece;
                }
                single |= j == char_end;
            });
            if !single {
                let score = base + self.unk_score;
                if score > best[char_end] {
                    best[char_end] = score;
                    start[char_end] = i as u32;
                    id[char_end] = self.unk;
                }
            }
        }
        let first = out.len();
        let mut p = n;
        while p > 0 {
            out.push(id[p]);
            p = start[p] as usize;
        }
        out[first..].reverse();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokenizer(pieces: &[(&str, f32)]) -> Tokenizer {
        let bytes: Vec<&[u8]> = pieces.iter().map(|(p, _)| p.as_bytes()).collect();
        let scores = pieces.iter().map(|&(_, s)| s).collect();
        let normalizer = Normalizer::new(&[], true, true, true).unwrap();
        Tokenizer::new(normalizer, &bytes, scores, (0, 1, 2)).unwrap()
    }

    #[test]
    fn trie_finds_every_prefix_piece() {
        let pieces: Vec<&[u8]> = vec![b"ab", b"a", b"abc", b"b", b"", b"abd", "é".as_bytes(), b"ab"];
        let trie = PieceTrie::new(&pieces);
        let mut found = Vec::new();
        trie.prefixes(b"abcd", |len, id| found.push((len, id)));
        // "ab" is spelled twice: the later id (7) wins
        assert_eq!(found, vec![(1, 1), (2, 7), (3, 2)]);
        found.clear();
        trie.prefixes("éa".as_bytes(), |len, id| found.push((len, id)));
        assert_eq!(found, vec![(2, 6)]);
        found.clear();
        trie.prefixes(b"xa", |len, id| found.push((len, id)));
        assert!(found.is_empty());
    }

    #[test]
    fn viterbi_picks_the_best_total_score() {
        let t = tokenizer(&[
            ("<unk>", 0.0),
            ("<s>", 0.0),
            ("</s>", 0.0),
            ("▁", -1.0),
            ("a", -2.0),
            ("b", -2.0),
            ("ab", -3.0),
            ("▁ab", -3.5),
            ("c", -1.0),
            ("abc", -6.0),
        ]);
        let mut ids = Vec::new();
        t.encode("ab abc", &mut ids);
        // ▁ab (-3.5) beats ▁ + ab (-4); ▁ab + c (-4.5) beats ▁ + abc (-7)
        assert_eq!(ids, vec![1, 7, 7, 8, 2]);
        ids.clear();
        // unknown characters fall back to UNK, one character each (score min - 10)
        t.encode("aé", &mut ids);
        assert_eq!(ids, vec![1, 3, 4, 0, 2]);
        ids.clear();
        t.encode("   ", &mut ids);
        assert_eq!(ids, vec![1, 0, 2]);
    }

    #[test]
    fn ties_keep_the_first_path() {
        // "ab" as a + b (-2) or ab (-2): the path relaxed first (a then b ends later) loses to
        // the one found first at the end position: a single piece found from start 0.
        let t = tokenizer(&[
            ("<unk>", 0.0),
            ("<s>", 0.0),
            ("</s>", 0.0),
            ("▁", -1.0),
            ("▁a", -1.0),
            ("b", -1.0),
            ("▁ab", -2.0),
        ]);
        let mut ids = Vec::new();
        t.viterbi("▁ab", &mut ids);
        // ▁ab (from 0) is relaxed before ▁a + b (from 4): equal scores keep ▁ab
        assert_eq!(ids, vec![6]);
    }
}
