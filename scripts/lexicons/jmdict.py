#!/usr/bin/env python3
"""Builds the Japanese word -> English lemma table behind www/lexicons/jpn.bin.

Reads JMdict as Debian's FreeDict package dict-freedict-jpn-eng ships it (dictd files
under /usr/share/dictd), keys each entry by its written forms (kanji, and kana for words
usually written in kana), reduces the English glosses to lemmas with build.py's functions
and writes `OUT/jpn.tsv` with cedict.py's writer (most frequent forms first by wordfreq).
Same package versions give byte-identical output.
Usage: jmdict.py OUT_DIR
"""

import gzip
import os
import re
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build  # noqa: E402
import cedict  # noqa: E402
from wordfreq import get_frequency_dict  # noqa: E402

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f々]")
KANA = re.compile(r"[\u3040-\u30ff]+")
HIRAGANA = re.compile(r"[\u3040-\u309f]+")
# Written form in the head line: `[tags]` and `(notes)` before it, `/IPA/` after it.
FORM = re.compile(r"(?:\s*(?:\[[^\]]*\]|\([^)]*\)))*\s*([^\s,/\[(]+)\s*/[^/]*/")
SENSE = re.compile(r"^([1-9][0-9]?)\.(?:\s+|$)(.*)")
NOTE = re.compile(r"^\s*Note: (.*)")
INNERMOST = re.compile(r"\([^()]*\)|\{[^{}]*\}|\[[^\[\]]*\]")
UK = "word usually written using kana alone"
# JMdict's usage notes ("misc" tags), longest first: the gloss follows them on the same
# line without a break ("archaismJapan"), so they are cut off by name.
NOTES = sorted("""abbreviation|aphorism (pithy saying)|archaism|children's language|colloquialism|
dated term|derogatory|euphemistic|familiar language|female term or language|formal or literary term|
historical term|honorific or respectful (sonkeigo) language|humble (kenjougo) language|
idiomatic expression|Internet slang|jocular, humorous term|male term or language|manga slang|
obscure term|obsolete term|onomatopoeic or mimetic word|poetical term|polite (teineigo) language|
proverb|quotation|rare term|rare|rude or X-rated term|sensitive|slang|vulgar expression or word|
word usually written using kanji alone|yojijukugo""".replace("\n", "").split("|") + [UK],
               key=lambda n: (-len(n), n))

# Function words written in kanji (nominalisers, conjunctions, suffixes): their glosses
# are senses the text seldom means (事 "incident", 及び "as well", 的 "target").
FUNCTION_WORDS = set("事 為 等 又 又は 及 及び 並びに 若しくは 且つ 乃至 其 此 之 乃 於 迄 也 而 様 的".split())


def entries():
    """Yields (head line, body lines) of each JMdict entry, in file order."""
    data = gzip.open(f"{build.DICTD}/freedict-jpn-eng.dict.dz").read()
    seen = set()
    with open(f"{build.DICTD}/freedict-jpn-eng.index", encoding="utf-8") as index:
        for line in index:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3 or parts[0].startswith("00database"):
                continue
            off, size = (build.decode64(p) for p in parts[1:])
            if (off, size) not in seen:
                seen.add((off, size))
                head, *body = data[off:off + size].decode("utf-8", "replace").split("\n")
                yield head, body


def unbracket(text):
    """Text without (nested) parentheses, braces and square brackets."""
    while True:
        shorter = INNERMOST.sub(" ", text)
        if shorter == text:
            return text
        text = shorter


def senses(body):
    """(rank, gloss piece) of an entry: numbered senses ranked in order, each gloss split at
    commas and semicolons; part-of-speech lines, cross-references and notes dropped."""
    out = []
    rank = 0
    for line in body:
        m = SENSE.match(line)
        if m:
            rank, line = int(m.group(1)) - 1, m.group(2)
        m = NOTE.match(line)
        if m:
            line = m.group(1)
            note = next((n for n in NOTES if line.startswith(n)), "")
            line = line[len(note):]
        for piece in re.split(r"[,;]", unbracket(line)):
            piece = piece.strip(" .!?\"'…")
            if piece and not KANA.search(piece) and not HAN.search(piece):
                out.append((rank, piece))
    return out


def forms(head, body):
    """Written forms keyed: those with kanji; kana ones when the entry has no kanji form or
    is usually written in kana, except one kana or two hiragana (particles, endings)."""
    written = FORM.findall(head)
    kanji = {f for f in written if HAN.search(f)}
    if kanji and not any(UK in line for line in body):
        return sorted(kanji)
    kana = {f for f in written if KANA.fullmatch(f) and len(f) > (2 if HIRAGANA.fullmatch(f) else 1)}
    return sorted(kanji | kana)


def score_table(english):
    """Written form -> {English lemma: score}, senses weighted by rank."""
    table = defaultdict(lambda: defaultdict(float))
    for head, body in entries():
        keys = forms(head, body)
        if not keys:
            continue
        for rank, piece in senses(body):
            concepts = [build.FUNCTION] if english.function_only(piece) else english.concepts(piece, 3)
            for key in keys:
                build.add(table, key, concepts, 1 / (1 + rank))
    return build.without_function_words(table)


def main():
    freq = get_frequency_dict("ja")
    table = score_table(build.English())
    cedict.write(f"{sys.argv[1]}/jpn.tsv", table, lambda w: freq.get(w, 0.0), FUNCTION_WORDS)


if __name__ == "__main__":
    main()
