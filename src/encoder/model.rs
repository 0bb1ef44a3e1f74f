//! The encoder's layers and forward pass.
//!
//! Per token: the embedding row (512), projected to 768 and layer-normalised; its three
//! thirds feed three convolution branches over n-grams of order 2, 3 and 5 (with 0, 1 and 2
//! tokens of left context, zeros beyond the sentence), each two layers of `relu(window ·
//! W + b)` with a residual connection; the embedding and the three branch outputs (1280)
//! are layer-normalised together. Per sentence: the token features summed and projected to
//! 512 (`Σ (f · W + b)`, so that the sums of several sentences add up; the BOS and EOS
//! tokens' own terms are kept aside too), divided by the square root of the token count,
//! then a small dense head with `relu` and `tanh`, and L2 normalisation.
//!
//! Sentences are processed in flat micro-batches: the tokens of several sentences stacked
//! into one matrix, so that each weight panel is streamed once per micro-batch.

use super::linalg::{add, dot, layernorm, matmul, relu, Matrix};
use super::table::Table;
use super::{ModelError, Pooled, DIM};

/// Width of the embedding rows.
pub(crate) const EMB: usize = 512;
/// Width of one convolution branch.
const CNN: usize = 256;
/// (n-gram order, tokens of left context) of the three branches.
const ORDERS: [(usize, usize); 3] = [(2, 0), (3, 1), (5, 2)];
/// Width of the token features: the embedding and the three branches.
const FEAT: usize = EMB + 3 * CNN;
/// Tokens per micro-batch (a longer sentence is a batch of its own).
pub(crate) const TOKEN_BUDGET: usize = 384;

/// One convolution branch.
#[derive(Debug, Clone)]
struct Branch {
    order: usize,
    left: usize,
    w1: Matrix,
    b1: Vec<f32>,
    w2: Matrix,
    b2: Vec<f32>,
}

/// The layers.
#[derive(Debug, Clone)]
pub(crate) struct Layers {
    proj: Matrix,
    proj_b: Vec<f32>,
    ln_g_all: Vec<f32>,
    ln_b_all: Vec<f32>,
    branches: Vec<Branch>,
    ln_g: Vec<f32>,
    ln_b: Vec<f32>,
    cnn_w: Matrix,
    cnn_b: Vec<f32>,
    d0: Matrix,
    d1: Matrix,
    d2: Matrix,
    d3: Matrix,
    p1: Matrix,
    p3: Matrix,
    eps: f32,
}

/// A dense parameter as read from the model file: its shape and row-major values.
pub(crate) struct Tensor {
    pub(crate) name: String,
    pub(crate) shape: Vec<usize>,
    pub(crate) values: Vec<f32>,
}

impl Layers {
    /// Takes the named tensors, checking every shape.
    pub(crate) fn new(mut tensors: Vec<Tensor>) -> Result<Layers, ModelError> {
        let mut take = |name: &str, shape: &[usize]| -> Result<Vec<f32>, ModelError> {
            let i = tensors
                .iter()
                .position(|t| t.name == name)
                .ok_or_else(|| ModelError::Corrupt(format!("missing tensor {name}")))?;
            let t = tensors.swap_remove(i);
            if t.shape != shape {
                return Err(ModelError::Corrupt(format!("tensor {name} has shape {:?}, not {shape:?}", t.shape)));
            }
            Ok(t.values)
        };
        let mut mat = |name: &str, k: usize, n: usize| -> Result<Matrix, ModelError> {
            Ok(Matrix::from_rows(&take(name, &[k, n])?, k, n))
        };
        let proj = mat("proj", EMB, 3 * CNN)?;
        let mut branches = Vec::new();
        for (order, left) in ORDERS {
            branches.push(Branch {
                order,
                left,
                w1: mat(&format!("w1_{order}"), order * CNN, CNN)?,
                b1: Vec::new(),
                w2: mat(&format!("w2_{order}"), order * CNN, CNN)?,
                b2: Vec::new(),
            });
        }
        let cnn_w = mat("cnn_W", FEAT, DIM)?;
        let d0 = mat("d0", DIM, 320)?;
        let d1 = mat("d1", 320, 320)?;
        let d2 = mat("d2", 320, DIM)?;
        let d3 = mat("d3", DIM, DIM)?;
        let p1 = mat("p1", DIM, 320)?;
        let p3 = mat("p3", 320, DIM)?;
        for b in &mut branches {
            b.b1 = take(&format!("b1_{}", b.order), &[CNN])?;
            b.b2 = take(&format!("b2_{}", b.order), &[CNN])?;
        }
        let eps = take("eps", &[1])?[0];
        Ok(Layers {
            proj,
            proj_b: take("proj_b", &[3 * CNN])?,
            ln_g_all: take("ln_g_all", &[3 * CNN])?,
            ln_b_all: take("ln_b_all", &[3 * CNN])?,
            branches,
            ln_g: take("ln_g", &[FEAT])?,
            ln_b: take("ln_b", &[FEAT])?,
            cnn_w,
            cnn_b: take("cnn_b", &[DIM])?,
            d0,
            d1,
            d2,
            d3,
            p1,
            p3,
            eps,
        })
    }

    /// Heap bytes held.
    pub(crate) fn memory(&self) -> usize {
        let m = [&self.proj, &self.cnn_w, &self.d0, &self.d1, &self.d2, &self.d3, &self.p1, &self.p3];
        m.iter().map(|m| m.memory()).sum::<usize>()
            + self.branches.iter().map(|b| b.w1.memory() + b.w2.memory()).sum::<usize>()
    }

    /// Pools a micro-batch: `ids` holds the sentences' tokens back to back, `lens` their
    /// counts; one `Pooled` per sentence is pushed to `out`.
    pub(crate) fn pool_batch(
        &self,
        table: &Table,
        ids: &[u32],
        lens: &[usize],
        s: &mut Scratch,
        out: &mut Vec<Pooled>,
    ) {
        let n = ids.len();
        s.resize(n);
        // features: [embedding | branch 2 | branch 3 | branch 5] per token
        let feats = &mut s.feats[..n * FEAT];
        for (t, &id) in ids.iter().enumerate() {
            let row = (id as usize).min(table.rows - 1);
            table.row(row, &mut feats[t * FEAT..t * FEAT + EMB]);
        }
        for t in 0..n {
            s.emb[t * EMB..(t + 1) * EMB].copy_from_slice(&feats[t * FEAT..t * FEAT + EMB]);
        }
        let x = &mut s.x[..n * 3 * CNN];
        matmul(&s.emb, n, &self.proj, Some(&self.proj_b), x);
        layernorm(x, 3 * CNN, &self.ln_g_all, &self.ln_b_all, self.eps);

        // sentence of each token: [start, end)
        let mut bounds = Vec::with_capacity(n);
        let mut at = 0;
        for &len in lens {
            bounds.extend(std::iter::repeat_n((at, at + len), len));
            at += len;
        }
        for (i, br) in self.branches.iter().enumerate() {
            let width = br.order * CNN;
            // input of the branch: its third of x
            for t in 0..n {
                s.xs[t * CNN..(t + 1) * CNN].copy_from_slice(&x[t * 3 * CNN + i * CNN..t * 3 * CNN + (i + 1) * CNN]);
            }
            window(&s.xs[..n * CNN], &bounds, br.order, br.left, &mut s.win[..n * width]);
            let h = &mut s.h[..n * CNN];
            matmul(&s.win, n, &br.w1, Some(&br.b1), h);
            relu(h);
            add(h, &s.xs[..n * CNN]);
            window(h, &bounds, br.order, br.left, &mut s.win[..n * width]);
            let c = &mut s.c[..n * CNN];
            matmul(&s.win, n, &br.w2, Some(&br.b2), c);
            relu(c);
            add(c, h);
            for t in 0..n {
                feats[t * FEAT + EMB + i * CNN..t * FEAT + EMB + (i + 1) * CNN]
                    .copy_from_slice(&c[t * CNN..(t + 1) * CNN]);
            }
        }
        layernorm(feats, FEAT, &self.ln_g, &self.ln_b, self.eps);

        // per sentence: Σ_t f_t, then · cnn_W + count · cnn_b
        let sums = &mut s.sums[..3 * lens.len() * FEAT];
        sums.fill(0.0);
        let mut at = 0;
        for (k, &len) in lens.iter().enumerate() {
            let acc = &mut sums[k * FEAT..(k + 1) * FEAT];
            for t in at..at + len {
                add(acc, &feats[t * FEAT..(t + 1) * FEAT]);
            }
            at += len;
        }
        // and the first and last token's own terms (BOS and EOS), to drop them at joins
        let m = lens.len();
        let mut at = 0;
        for (k, &len) in lens.iter().enumerate() {
            let ends = &mut sums[(m + 2 * k) * FEAT..(m + 2 * k + 2) * FEAT];
            ends[..FEAT].copy_from_slice(&feats[at * FEAT..(at + 1) * FEAT]);
            ends[FEAT..].copy_from_slice(&feats[(at + len - 1) * FEAT..(at + len) * FEAT]);
            at += len;
        }
        let proj = &mut s.pooled[..3 * m * DIM];
        matmul(sums, 3 * m, &self.cnn_w, None, proj);
        let row = |r: usize, count: f32| -> [f32; DIM] {
            let mut v = [0f32; DIM];
            for ((o, &p), &b) in v.iter_mut().zip(&proj[r * DIM..(r + 1) * DIM]).zip(&self.cnn_b) {
                *o = p + count * b;
            }
            v
        };
        for (k, &len) in lens.iter().enumerate() {
            out.push(Pooled {
                projected_sum: row(k, len as f32),
                bos: row(m + 2 * k, 1.0),
                eos: row(m + 2 * k + 1, 1.0),
                tokens: len as u32,
            });
        }
    }

    /// The embeddings of pooled features (`rows` of `DIM` sums with their token counts).
    pub(crate) fn head(&self, sums: &[f32], counts: &[f32], out: &mut [[f32; DIM]]) {
        let m = counts.len();
        let mut mean = sums[..m * DIM].to_vec();
        for (row, &c) in mean.chunks_exact_mut(DIM).zip(counts) {
            let inv = 1.0 / c.max(1.0).sqrt();
            row.iter_mut().for_each(|v| *v *= inv);
        }
        let mut y0 = vec![0f32; m * 320];
        matmul(&mean, m, &self.d0, None, &mut y0);
        relu(&mut y0);
        let mut y1 = vec![0f32; m * 320];
        matmul(&mean, m, &self.p1, None, &mut y1);
        let mut t = vec![0f32; m * 320];
        matmul(&y0, m, &self.d1, None, &mut t);
        add(&mut y1, &t);
        relu(&mut y1);
        let mut y2 = vec![0f32; m * DIM];
        matmul(&y1, m, &self.d2, None, &mut y2);
        relu(&mut y2);
        let mut z = vec![0f32; m * DIM];
        matmul(&y1, m, &self.p3, None, &mut z);
        let mut t = vec![0f32; m * DIM];
        matmul(&y2, m, &self.d3, None, &mut t);
        add(&mut z, &t);
        for (row, o) in z.chunks_exact_mut(DIM).zip(out.iter_mut()) {
            row.iter_mut().for_each(|v| *v = v.tanh());
            let inv = 1.0 / dot(row, row).max(self.eps).sqrt();
            for (o, &v) in o.iter_mut().zip(row.iter()) {
                *o = v * inv;
            }
        }
    }
}

/// Gathers the n-gram windows: row `t` of `out` is the rows `t - left .. t - left + order`
/// of `x` (`CNN` wide each), zeros where that leaves `t`'s sentence.
fn window(x: &[f32], bounds: &[(usize, usize)], order: usize, left: usize, out: &mut [f32]) {
    let width = order * CNN;
    for (t, &(start, end)) in bounds.iter().enumerate() {
        let row = &mut out[t * width..(t + 1) * width];
        for (o, slot) in row.chunks_exact_mut(CNN).enumerate() {
            let src = (t + o).wrapping_sub(left);
            if src >= start && src < end {
                slot.copy_from_slice(&x[src * CNN..(src + 1) * CNN]);
            } else {
                slot.fill(0.0);
            }
        }
    }
}

/// Buffers of a micro-batch, kept across batches.
#[derive(Default)]
pub(crate) struct Scratch {
    emb: Vec<f32>,
    x: Vec<f32>,
    xs: Vec<f32>,
    win: Vec<f32>,
    h: Vec<f32>,
    c: Vec<f32>,
    feats: Vec<f32>,
    sums: Vec<f32>,
    pooled: Vec<f32>,
}

impl Scratch {
    fn resize(&mut self, n: usize) {
        let grow = |v: &mut Vec<f32>, len: usize| {
            if v.len() < len {
                v.resize(len, 0.0);
            }
        };
        grow(&mut self.emb, n * EMB);
        grow(&mut self.x, n * 3 * CNN);
        grow(&mut self.xs, n * CNN);
        grow(&mut self.win, n * 5 * CNN);
        grow(&mut self.h, n * CNN);
        grow(&mut self.c, n * CNN);
        grow(&mut self.feats, n * FEAT);
        grow(&mut self.sums, 3 * n * FEAT);
        grow(&mut self.pooled, 3 * n * DIM);
    }
}
