//! The embedding table, kept entropy coded in memory: every row is a byte-aligned run of
//! canonical Huffman codes (most significant bit first) for its 6-bit codes, and is decoded
//! when a token needs it. That keeps about 23 MB resident instead of 65 MB of bytes, and a
//! row decodes in about a microsecond, next to the hundreds the layers above spend on it.

use super::ModelError;

/// Longest Huffman code; each decoding table has `1 << LOOKUP_BITS` entries.
pub(crate) const LOOKUP_BITS: u32 = 12;

/// A decoding table: entry `i` is `symbol | length << 8` for the code that starts the
/// `LOOKUP_BITS`-bit window `i` (length 0: no code does).
#[derive(Debug, Clone)]
pub(crate) struct Lookup(Vec<u16>);

impl Lookup {
    /// The canonical code for per-symbol code `lengths` (0 = unused symbol): codes are
    /// handed out in order of (length, symbol), each the previous one plus one, shifted left
    /// when the length grows. Fails when the lengths are no prefix code.
    pub(crate) fn new(lengths: &[u8]) -> Result<Lookup, ModelError> {
        let bad = || ModelError::Corrupt("Huffman code lengths".into());
        let mut order: Vec<(u8, usize)> =
            lengths.iter().enumerate().filter(|(_, &l)| l > 0).map(|(s, &l)| (l, s)).collect();
        order.sort_unstable();
        let mut table = vec![0u16; 1 << LOOKUP_BITS];
        let mut code: u32 = 0;
        let mut prev = 0u8;
        for (i, &(len, symbol)) in order.iter().enumerate() {
            if u32::from(len) > LOOKUP_BITS || symbol > 255 {
                return Err(bad());
            }
            if i > 0 {
                code += 1;
            }
            code <<= len - prev;
            prev = len;
            if code >= 1 << len {
                return Err(bad());
            }
            let shift = LOOKUP_BITS - u32::from(len);
            let first = (code << shift) as usize;
            table[first..first + (1 << shift)].fill(symbol as u16 | u16::from(len) << 8);
        }
        Ok(Lookup(table))
    }
}

/// The coded table and what decoding needs.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub(crate) rows: usize,
    pub(crate) dim: usize,
    /// `values[chunk][code]`: the value a code stands for in the rows of a chunk (row `r` is
    /// in chunk `r % chunks`), `code * scale + lo` rounded as the reference rounds it.
    values: Vec<[f32; 256]>,
    lookups: Vec<Lookup>,
    row_lookup: Vec<u8>,
    /// Byte offsets of the rows in `data` (`rows + 1` of them).
    row_start: Vec<u32>,
    data: Vec<u8>,
}

impl Table {
    /// Assembles a table; `row_bytes` are the coded rows' lengths.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        rows: usize,
        dim: usize,
        scale: &[f32],
        lo: &[f32],
        bits: u8,
        lookups: Vec<Lookup>,
        row_lookup: Vec<u8>,
        row_bytes: &[u16],
        data: Vec<u8>,
    ) -> Result<Table, ModelError> {
        let bad = |what: &str| ModelError::Corrupt(format!("embedding table: {what}"));
        if scale.len() != lo.len() || scale.is_empty() || row_lookup.len() != rows || row_bytes.len() != rows {
            return Err(bad("sizes"));
        }
        if !(1..=8).contains(&bits) || row_lookup.iter().any(|&t| t as usize >= lookups.len()) {
            return Err(bad("code tables"));
        }
        let mut row_start = Vec::with_capacity(rows + 1);
        let mut at = 0u64;
        row_start.push(0);
        for &n in row_bytes {
            at += u64::from(n);
            row_start.push(u32::try_from(at).map_err(|_| bad("size"))?);
        }
        if at != data.len() as u64 {
            return Err(bad("row lengths"));
        }
        let values = scale
            .iter()
            .zip(lo)
            .map(|(&s, &l)| {
                let mut v = [0f32; 256];
                for (code, slot) in v.iter_mut().enumerate() {
                    *slot = code as f32 * s + l;
                }
                v
            })
            .collect();
        Ok(Table { rows, dim, values, lookups, row_lookup, row_start, data })
    }

    /// Decodes row `row` (a piece id below `rows`) into `out` (`dim` values). Damaged data
    /// decodes to wrong values, never to a panic.
    pub(crate) fn row(&self, row: usize, out: &mut [f32]) {
        let lookup = &self.lookups[self.row_lookup[row] as usize].0;
        let values = &self.values[row % self.values.len()];
        let bytes = &self.data[self.row_start[row] as usize..self.row_start[row + 1] as usize];
        let mut next = 0;
        let mut acc: u64 = 0;
        let mut have: u32 = 0; // valid bits at the bottom of acc
        for slot in out.iter_mut() {
            if have < LOOKUP_BITS {
                while have <= 56 {
                    acc = acc << 8 | u64::from(bytes.get(next).copied().unwrap_or(0));
                    next += 1;
                    have += 8;
                }
            }
            let window = (acc >> (have - LOOKUP_BITS)) as usize & ((1 << LOOKUP_BITS) - 1);
            let entry = lookup[window];
            let len = u32::from(entry >> 8).max(1);
            have -= len;
            *slot = values[(entry & 0xFF) as usize];
        }
    }

    /// Heap bytes held.
    pub(crate) fn memory(&self) -> usize {
        self.data.len() + 4 * self.row_start.len() + self.row_lookup.len() + (self.lookups.len() << (LOOKUP_BITS + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Codes `symbols` MSB first with the canonical code of `lengths` (test-side encoder).
    fn encode(lengths: &[u8], symbols: &[u8]) -> Vec<u8> {
        let mut order: Vec<(u8, usize)> =
            lengths.iter().enumerate().filter(|(_, &l)| l > 0).map(|(s, &l)| (l, s)).collect();
        order.sort_unstable();
        let mut codes = vec![(0u32, 0u8); lengths.len()];
        let (mut code, mut prev) = (0u32, 0u8);
        for (i, &(len, s)) in order.iter().enumerate() {
            if i > 0 {
                code += 1;
            }
            code <<= len - prev;
            prev = len;
            codes[s] = (code, len);
        }
        let mut bits = Vec::new();
        for &s in symbols {
            let (c, l) = codes[s as usize];
            for b in (0..l).rev() {
                bits.push((c >> b) & 1 == 1);
            }
        }
        bits.chunks(8).map(|c| c.iter().enumerate().fold(0u8, |a, (i, &b)| a | (b as u8) << (7 - i))).collect()
    }

    #[test]
    fn rows_decode_to_their_values() {
        // four symbols: 0 -> "0", 1 -> "10", 2 -> "110", 3 -> "111"
        let lengths = [1, 2, 3, 3];
        let rows: [&[u8]; 3] = [&[0, 1, 2, 3, 0, 0], &[3, 3, 3, 3, 3, 3], &[0, 0, 0, 0, 0, 1]];
        let coded: Vec<Vec<u8>> = rows.iter().map(|r| encode(&lengths, r)).collect();
        assert_eq!(coded[0], vec![0b0101_1011, 0b1000_0000]);
        let row_bytes: Vec<u16> = coded.iter().map(|c| c.len() as u16).collect();
        let table = Table::new(
            3,
            6,
            &[0.5, 2.0],
            &[-1.0, 0.0],
            2,
            vec![Lookup::new(&lengths).unwrap()],
            vec![0; 3],
            &row_bytes,
            coded.concat(),
        )
        .unwrap();
        let mut out = [0f32; 6];
        table.row(0, &mut out);
        assert_eq!(out, [-1.0, -0.5, 0.0, 0.5, -1.0, -1.0]);
        table.row(1, &mut out); // chunk 1: code * 2
        assert_eq!(out, [6.0; 6]);
        table.row(2, &mut out);
        assert_eq!(out, [-1.0, -1.0, -1.0, -1.0, -1.0, -0.5]);
    }

    #[test]
    fn long_codes_and_bad_lengths() {
        // a skewed code reaching the 12-bit limit
        let mut lengths = vec![0u8; 64];
        for (s, l) in lengths.iter_mut().enumerate().take(12) {
            *l = (s + 1) as u8;
        }
        lengths[12] = 12;
        let lookup = Lookup::new(&lengths).unwrap();
        let symbols: Vec<u8> = (0..13).chain((0..13).rev()).collect();
        let coded = encode(&lengths, &symbols);
        let table =
            Table::new(1, symbols.len(), &[1.0], &[0.0], 6, vec![lookup], vec![0], &[coded.len() as u16], coded)
                .unwrap();
        let mut out = vec![0f32; symbols.len()];
        table.row(0, &mut out);
        assert_eq!(out, symbols.iter().map(|&s| s as f32).collect::<Vec<_>>());
        // over-full: three codes of length 1
        assert!(Lookup::new(&[1, 1, 1]).is_err());
        assert!(Lookup::new(&[13]).is_err());
    }
}
