//! The few dense kernels the encoder needs, written for the compiler to vectorise: weights
//! are packed at load time into panels of 16 output columns, so the inner loop of a matrix
//! product keeps a block of rows × 16 columns of sums in registers while it streams one
//! panel front to back. The same code becomes SSE2 natively, AVX2 + FMA where the
//! processor has them (checked once at run time), and 128-bit SIMD in WebAssembly built
//! with `+simd128`.

/// Columns per panel.
pub(crate) const PANEL: usize = 16;
/// Rows of the left operand processed per pass over a panel (kept in cache meanwhile).
const ROW_BLOCK: usize = 64;

/// A weight matrix `k × n` (input × output), packed in panels of `PANEL` columns: element
/// `(p, j)` is at `(j / PANEL) * k * PANEL + p * PANEL + j % PANEL`; `n` is padded up to a
/// whole panel with zero columns.
#[derive(Debug, Clone)]
pub(crate) struct Matrix {
    pub(crate) k: usize,
    pub(crate) n: usize,
    data: Vec<f32>,
}

impl Matrix {
    /// Packs a row-major `k × n` matrix.
    pub(crate) fn from_rows(rows: &[f32], k: usize, n: usize) -> Matrix {
        assert_eq!(rows.len(), k * n);
        let panels = n.div_ceil(PANEL);
        let mut data = vec![0f32; panels * k * PANEL];
        for p in 0..k {
            for (j, &v) in rows[p * n..(p + 1) * n].iter().enumerate() {
                data[(j / PANEL) * k * PANEL + p * PANEL + j % PANEL] = v;
            }
        }
        Matrix { k, n, data }
    }

    /// Heap bytes held.
    pub(crate) fn memory(&self) -> usize {
        4 * self.data.len()
    }
}

/// `out = a · w + bias` for `m` rows: `a` is `m × w.k` and `out` is `m × w.n`, row-major.
pub(crate) fn matmul(a: &[f32], m: usize, w: &Matrix, bias: Option<&[f32]>, out: &mut [f32]) {
    assert!(a.len() >= m * w.k && out.len() >= m * w.n);
    if let Some(b) = bias {
        assert_eq!(b.len(), w.n);
    }
    #[cfg(target_arch = "x86_64")]
    if avx2_fma() {
        // SAFETY: the processor supports AVX2 and FMA (checked just above).
        unsafe { matmul_avx2(a, m, w, bias, out) };
        return;
    }
    kernel::<2, false>(a, m, w, bias, out);
}

#[cfg(target_arch = "x86_64")]
fn avx2_fma() -> bool {
    use std::sync::atomic::{AtomicU8, Ordering};
    static STATE: AtomicU8 = AtomicU8::new(0); // 0 unknown, 1 no, 2 yes
    match STATE.load(Ordering::Relaxed) {
        0 => {
            let yes = std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma");
            STATE.store(if yes { 2 } else { 1 }, Ordering::Relaxed);
            yes
        }
        s => s == 2,
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn matmul_avx2(a: &[f32], m: usize, w: &Matrix, bias: Option<&[f32]>, out: &mut [f32]) {
    kernel::<4, true>(a, m, w, bias, out);
}

#[inline(always)]
fn madd<const FMA: bool>(a: f32, b: f32, c: f32) -> f32 {
    if FMA {
        a.mul_add(b, c)
    } else {
        a * b + c
    }
}

/// The product, `MR` rows at a time against one panel; `FMA` fuses multiply and add (only
/// where the processor has it: elsewhere `mul_add` is a slow library call).
#[inline(always)]
fn kernel<const MR: usize, const FMA: bool>(a: &[f32], m: usize, w: &Matrix, bias: Option<&[f32]>, out: &mut [f32]) {
    let (k, n) = (w.k, w.n);
    let zero = [0f32; PANEL];
    for r0 in (0..m).step_by(ROW_BLOCK) {
        let r1 = (r0 + ROW_BLOCK).min(m);
        for (q, panel) in w.data.chunks_exact(k * PANEL).enumerate() {
            let j0 = q * PANEL;
            let width = PANEL.min(n - j0);
            let mut init = zero;
            if let Some(b) = bias {
                init[..width].copy_from_slice(&b[j0..j0 + width]);
            }
            let mut i = r0;
            while i + MR <= r1 {
                let rows = &a[i * k..(i + MR) * k];
                let mut acc = [init; MR];
                for (p, wrow) in panel.chunks_exact(PANEL).enumerate() {
                    let wrow: &[f32; PANEL] = wrow.try_into().unwrap();
                    let xs: [f32; MR] = std::array::from_fn(|r| rows[r * k + p]);
                    for (acc, &x) in acc.iter_mut().zip(&xs) {
                        *acc = std::array::from_fn(|j| madd::<FMA>(x, wrow[j], acc[j]));
                    }
                }
                for (r, acc) in acc.iter().enumerate() {
                    out[(i + r) * n + j0..(i + r) * n + j0 + width].copy_from_slice(&acc[..width]);
                }
                i += MR;
            }
            while i < r1 {
                let row = &a[i * k..(i + 1) * k];
                let mut acc = init;
                for (p, wrow) in panel.chunks_exact(PANEL).enumerate() {
                    let x = row[p];
                    for j in 0..PANEL {
                        acc[j] = madd::<FMA>(x, wrow[j], acc[j]);
                    }
                }
                out[i * n + j0..i * n + j0 + width].copy_from_slice(&acc[..width]);
                i += 1;
            }
        }
    }
}

/// Layer normalisation of each `width`-wide row of `x` in place: zero mean, unit variance
/// (`eps` added to the variance), then scaled by `gamma` and shifted by `beta`.
pub(crate) fn layernorm(x: &mut [f32], width: usize, gamma: &[f32], beta: &[f32], eps: f32) {
    for row in x.chunks_exact_mut(width) {
        let mean = sum(row) / width as f32;
        let mut var = 0f32;
        for v in row.iter_mut() {
            *v -= mean;
        }
        var += dot(row, row);
        let inv = 1.0 / (var / width as f32 + eps).sqrt();
        for ((v, &g), &b) in row.iter_mut().zip(gamma).zip(beta) {
            *v = *v * inv * g + b;
        }
    }
}

/// Sum of a slice, in eight interleaved partial sums (so that it vectorises).
pub(crate) fn sum(x: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let chunks = x.chunks_exact(8);
    let rest = chunks.remainder();
    for c in chunks {
        for j in 0..8 {
            acc[j] += c[j];
        }
    }
    acc.iter().sum::<f32>() + rest.iter().sum::<f32>()
}

/// Dot product, in eight interleaved partial sums.
pub(crate) fn dot(x: &[f32], y: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let n = x.len().min(y.len());
    let (xc, yc) = (x[..n].chunks_exact(8), y[..n].chunks_exact(8));
    let (xr, yr) = (xc.remainder(), yc.remainder());
    for (a, b) in xc.zip(yc) {
        for j in 0..8 {
            acc[j] += a[j] * b[j];
        }
    }
    acc.iter().sum::<f32>() + xr.iter().zip(yr).map(|(a, b)| a * b).sum::<f32>()
}

/// `max(x, 0)` in place.
pub(crate) fn relu(x: &mut [f32]) {
    for v in x {
        *v = v.max(0.0);
    }
}

/// `x += y`, element by element.
pub(crate) fn add(x: &mut [f32], y: &[f32]) {
    for (a, b) in x.iter_mut().zip(y) {
        *a += b;
    }
}

/// IEEE half-precision bits to `f32`.
pub(crate) fn f16_to_f32(h: u16) -> f32 {
    let sign = u32::from(h >> 15) << 31;
    let exp = u32::from(h >> 10) & 0x1F;
    let man = u32::from(h) & 0x3FF;
    let bits = match (exp, man) {
        (0, 0) => sign,
        (0, _) => {
            // subnormal: normalise the mantissa
            let shift = man.leading_zeros() - 21;
            sign | (113 - shift) << 23 | ((man << shift) & 0x3FF) << 13
        }
        (0x1F, _) => sign | 0x7F80_0000 | man << 13,
        _ => sign | (exp + 112) << 23 | man << 13,
    };
    f32::from_bits(bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(a: &[f32], m: usize, k: usize, b: &[f32], n: usize) -> Vec<f32> {
        let mut c = vec![0f32; m * n];
        for i in 0..m {
            for p in 0..k {
                for j in 0..n {
                    c[i * n + j] += a[i * k + p] * b[p * n + j];
                }
            }
        }
        c
    }

    #[test]
    fn matmul_matches_the_naive_product() {
        // sizes around the row block, the row tile and the panel width
        for &(m, k, n) in &[(1, 3, 5), (7, 19, 33), (70, 40, 48), (130, 8, 16), (3, 1, 17)] {
            let a: Vec<f32> = (0..m * k).map(|i| ((i * 7 % 13) as f32 - 6.0) / 4.0).collect();
            let b: Vec<f32> = (0..k * n).map(|i| ((i * 5 % 11) as f32 - 5.0) / 8.0).collect();
            let bias: Vec<f32> = (0..n).map(|j| j as f32).collect();
            let w = Matrix::from_rows(&b, k, n);
            let mut out = vec![f32::NAN; m * n];
            matmul(&a, m, &w, Some(&bias), &mut out);
            let want = naive(&a, m, k, &b, n);
            for (i, (o, e)) in out.iter().zip(&want).enumerate() {
                assert!((o - e - bias[i % n]).abs() < 1e-4, "{m}x{k}x{n} at {i}: {o} vs {e}");
            }
            matmul(&a, m, &w, None, &mut out);
            assert!(out.iter().zip(&want).all(|(o, e)| (o - e).abs() < 1e-4));
        }
    }

    #[test]
    fn layernorm_normalises_rows() {
        let mut x = vec![1.0, 2.0, 3.0, 4.0, 10.0, 10.0, 10.0, 10.0];
        layernorm(&mut x, 4, &[1.0, 1.0, 2.0, 2.0], &[0.0, 0.0, 0.0, 1.0], 1e-12);
        let s = (1.25f32).sqrt();
        let want = [-1.5 / s, -0.5 / s, 2.0 * 0.5 / s, 2.0 * 1.5 / s + 1.0];
        for (a, b) in x[..4].iter().zip(want) {
            assert!((a - b).abs() < 1e-5);
        }
        assert_eq!(&x[4..], &[0.0, 0.0, 0.0, 1.0]);
    }

    #[test]
    fn small_helpers() {
        let x: Vec<f32> = (1..=19).map(|i| i as f32).collect();
        assert_eq!(sum(&x), 190.0);
        assert_eq!(dot(&x, &x), (1..=19).map(|i| (i * i) as f32).sum::<f32>());
        let mut y = vec![-1.0, 2.0];
        relu(&mut y);
        add(&mut y, &[1.0, 1.0]);
        assert_eq!(y, vec![1.0, 3.0]);
        assert_eq!(f16_to_f32(0x3C00), 1.0);
        assert_eq!(f16_to_f32(0xC000), -2.0);
        assert_eq!(f16_to_f32(0x3555), 0.333_251_95);
        assert_eq!(f16_to_f32(0x0001), 5.960_464_5e-8);
        assert_eq!(f16_to_f32(0x7C00), f32::INFINITY);
        assert_eq!(f16_to_f32(0x8000), -0.0);
    }
}
