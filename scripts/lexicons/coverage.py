#!/usr/bin/env python3
"""Lexical coverage of the lexicons on the UDHR (held-out evaluation text).

For each language pair, over the gold paragraph alignment: the share of source content
words with a concept that some word of the aligned target paragraphs also has, against
the same share with the target paragraphs of every other gold pair (the random baseline),
and the share of source content words the source lexicon knows at all.
Content words: word tokens of three or more letters outside the language's 100 most
frequent words (wordfreq).

Usage: coverage.py LOOKUP_BINARY LEXICON_DIR [UDHR_DIR]
"""

import subprocess
import sys

from wordfreq import top_n_list

PAIRS = [("eng", "deu"), ("deu", "fra"), ("eng", "arb"), ("deu", "arb"), ("eng", "rus"),
         ("eng", "fra"), ("eng", "spa"), ("eng", "tur"),
         ("deu", "eng"), ("fra", "deu"), ("arb", "eng"), ("arb", "deu"), ("rus", "eng"),
         ("fra", "eng"), ("spa", "eng"), ("tur", "eng")]
LEXICON = {"arb": "ara"}
ISO1 = {"eng": "en", "deu": "de", "fra": "fr", "spa": "es", "arb": "ar", "rus": "ru", "tur": "tr"}


def lookup(binary, lexdir, lang, paragraphs):
    """[(word, {concept ids})] for each paragraph, through the Rust reader."""
    text = "".join(f"{LEXICON.get(lang, lang)}\t{p}\n" for p in paragraphs)
    out = subprocess.run([binary, lexdir], input=text, capture_output=True, text=True, check=True).stdout
    result = []
    for line in out.split("\n")[: len(paragraphs)]:
        words = []
        for field in filter(None, line.split("\t")):
            word, _, ids = field.rpartition("=")
            words.append((word, set(filter(None, ids.split(",")))))
        result.append(words)
    return result


def gold(udhr, src, tgt):
    """The gold paragraph alignment as [([src ids], [tgt ids])]."""
    out = subprocess.run([sys.executable, f"{udhr}/gold.py", src, tgt], capture_output=True, text=True, check=True).stdout
    pairs = []
    for line in out.split():
        a, b = line.split(":")
        pairs.append(([int(x) for x in a.strip("[]").split(",") if x], [int(x) for x in b.strip("[]").split(",") if x]))
    return pairs


def main():
    binary, lexdir = sys.argv[1], sys.argv[2]
    udhr = sys.argv[3] if len(sys.argv) > 3 else "/work/shared/eval/udhr"
    cache = {}

    def words_of(lang):
        if lang not in cache:
            with open(f"{udhr}/{lang}.txt", encoding="utf-8") as f:
                paragraphs = f.read().split("\n")
            cache[lang] = lookup(binary, lexdir, lang, paragraphs)
        return cache[lang]

    print(f"{'pair':9} {'content':>7} {'known':>6} {'aligned':>8} {'random':>7}")
    for src, tgt in PAIRS:
        stop = set(top_n_list(ISO1[src], 100))
        sw, tw = words_of(src), words_of(tgt)
        blocks = []
        for a, b in gold(udhr, src, tgt):
            content = [ids for i in a for w, ids in sw[i] if len(w) >= 3 and w.lower() not in stop]
            target = set().union(*(ids for j in b for _, ids in tw[j]))
            blocks.append((content, target))
        total = sum(len(c) for c, _ in blocks)
        known = sum(1 for c, _ in blocks for ids in c if ids)
        aligned = sum(1 for c, t in blocks for ids in c if ids & t)
        rand = 0.0
        for i, (c, _) in enumerate(blocks):
            others = [t for j, (_, t) in enumerate(blocks) if j != i]
            rand += sum(sum(1 for ids in c if ids & t) for t in others) / len(others)
        print(f"{src}-{tgt:5} {total:7d} {known / total:6.1%} {aligned / total:8.1%} {rand / total:7.1%}")


if __name__ == "__main__":
    main()
