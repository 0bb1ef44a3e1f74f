#!/usr/bin/env python3
"""Builds the word -> English lemma tables behind www/lexicons/*.bin.

For each language it reads the Debian FreeDict dictionaries (dictd files under
/usr/share/dictd), scores every (word, English concept) pair found in them, expands
dictionary lemmas to their inflected forms with simplemma's tables, prunes by wordfreq
frequency and writes `OUT/LANG.tsv`: one line per word form, `form<TAB>lemma lemma ...`
with the English lemmas best first, then the language's function words with none. `examples/build_lexicon.rs` folds and hashes these
into the binary files, so keys are normalised by the same Rust code that looks them up.

Everything is sorted, so the same packages give byte-identical output.
Usage: build.py OUT_DIR (writes every language: English keeps the concepts the others use)
"""

import functools
import gzip
import math
import re
import sys
from collections import defaultdict

import simplemma
from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory
from wordfreq import get_frequency_dict

DICTD = "/usr/share/dictd"
B64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}

# language: (ISO 639-1 for simplemma and wordfreq, most keys kept).
LANGS = {
    "eng": ("en", 150000),
    "deu": ("de", 135000),
    "fra": ("fr", 120000),
    "spa": ("es", 120000),
    "ara": ("ar", 150000),
    "rus": ("ru", 150000),
    "tur": ("tr", 150000),
}

# Sources per language: (dictd name, how to read it, weight). "fwd": LANG -> English,
# "rev": English -> LANG, "pivot": German -> LANG, reached through the German table.
SOURCES = {
    "deu": [("deu-eng", "fwd", 1.0), ("eng-deu", "rev", 1.0)],
    "fra": [("fra-eng", "fwd", 1.0), ("eng-fra", "rev", 1.0), ("deu-fra", "pivot", 0.5)],
    "spa": [("spa-eng", "fwd", 1.0), ("eng-spa", "rev", 0.7), ("deu-spa", "pivot", 0.5)],
    "ara": [("ara-eng", "fwd", 1.0), ("eng-ara", "rev", 1.0)],
    "rus": [("eng-rus", "rev", 1.0), ("deu-rus", "pivot", 0.6), ("fra-rus", "pivot-fra", 0.4)],
    "tur": [("tur-eng", "fwd", 1.0), ("eng-tur", "rev", 1.0), ("deu-tur", "pivot", 0.5)],
}

# English words that carry no concept of their own (and dictionary shorthand).
STOP = set("""
a an the and or but nor if then else than so as of to in on at by for from with without into onto
upon about above below over under between among through during before after against off out up down
is am are was were be been being have has had do does did done will would shall should can could may
might must ought i me my mine myself you your yours yourself yourselves he him his himself she her hers
herself it its itself we us our ours ourselves they them their theirs themselves one ones oneself
one's someone somebody something sb sth sb's sth's etc eg e.g i.e ie this that these those who whom
whose which what where when why how there here not no yes very too also just only all any some each
every both either neither such own same other another more most less least much many few s t
""".split())

# Function words of each language: their translations are English function words, and
# the dictionaries' other senses for them are noise ("في" is "in", not "vic").
FUNCTION_WORDS = {
    "deu": """der die das und in ich ist nicht zu den von mit es ein eine einen einem einer eines auf
        für im sie sich auch dem des als er an dass daß so bei wie aber aus hat sind nach noch wir du
        war nur wenn oder wird was werden am man um haben zum kann über da dann schon habe ja mir
        sein seine seiner ihre ihrer ihren vor mal zur durch hier mich bis doch ihr diese dieser
        dieses vom ins ob denn sowie jede jeder jedes""",
    "fra": """de la le et l à les est en des d un que a pas une du il pour dans je qui c au ce sur qu
        par on ne plus avec j n mais se vous s ça tu elle son y ai ou si sont nous comme être ils
        cette sa aux me ont t m était été mon ses lui leur leurs ces cet elles dont où""",
    "spa": """de la que el en y a los no un se por es del las con una para lo su al como me si pero te
        o mi le este sus esta ya ha cuando yo ser son sin hay está fue tu muy sobre nos porque eso
        esto ni donde ese esa estos estas han sea""",
    "ara": """في من على إلى الى عن مع بعد أن إن ان لا ما لم لن قد هذا هذه ذلك تلك التي الذي الذين هو هي هم
        هن أنا نحن أنت كل أو ثم حتى إذا إلا كما أي غير عند لدى منذ كان كانت يكون فقد وقد لقد ليس
        له لها لهم به بها فيه فيها عليه عليها أيضا حيث هناك هنا و ف ب ل يا""",
    "rus": """в и на не с что я по а как из это за для о к но то у его он от все так же мы до ты
        только был если когда было мне меня уже еще ещё бы или их они при будет чтобы есть она во вы
        может нет были со была также вот ее её чем быть где под этом вас да даже того этого том ли
        ни об ко этот эта эти этих этим этой эту этому тот та те то тех тем той ту тому который
        которые которая которого которых которой которым каждый свой своя своё свое свои своих
        своего своей свою своим своими своем сам сама само сами весь вся всё все всех всем всего
        всей всю кто кого кому чего чему ком""",
    "tur": """ve bir bu için de da ile ne daha en gibi o ki ya mi mı mu mü ise bile şu diye veya ama
        her olan olarak""",
}
FUNCTION_WORDS = {lang: set(words.split()) for lang, words in FUNCTION_WORDS.items()}

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
BRACKETS = re.compile(r"<[^>]*>|\[[^\]]*\]|\([^)]*\)|\{[^}]*\}|(?:^|\s)/[^/]*/")
CONCEPT = re.compile(r"[a-z][a-z'-]*[a-z]")
NUMBERED = re.compile(r"^\s*\d+\.\s+(.*?)(?:\s+\d+\.)?\s*$")


def read_dictd(name):
    """Yields (headword, entry lines) of one dictd dictionary, in file order."""
    data = gzip.open(f"{DICTD}/freedict-{name}.dict.dz").read()
    seen = set()
    with open(f"{DICTD}/freedict-{name}.index", encoding="utf-8") as index:
        for line in index:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3 or parts[0].startswith("00database"):
                continue
            off, size = (decode64(p) for p in parts[1:])
            if (off, size) in seen:
                continue
            seen.add((off, size))
            lines = data[off:off + size].decode("utf-8", "replace").split("\n")
            head = re.split(r" /| <| \[", lines[0], maxsplit=1)[0].strip()
            yield head, lines[1:]


def decode64(s):
    n = 0
    for c in s:
        n = n * 64 + B64[c]
    return n


def translations(lines):
    """The translation pieces of an entry, in order: numbered senses if it has them,
    otherwise the unindented lines (Ding), split at commas, semicolons and colons."""
    numbered = [m.group(1) for m in map(NUMBERED.match, lines) if m]
    if not numbered:
        numbered = [l for l in lines if l.strip() and not l.startswith("  ") and not l.strip().startswith("see:")]
    pieces = []
    for line in numbered:
        # Ding glues the abbreviation "ppl" to plurals ("peopleppl").
        line = re.sub(r"(?<=[a-z])ppl\b", "", BRACKETS.sub(" ", line))
        for piece in re.split(r"[,;:]|\s\|\s", line):
            piece = piece.strip(" .!?\"'…")
            if piece:
                pieces.append(piece)
    return pieces


class English:
    """English lemmas, shared by every language so concepts agree."""

    def __init__(self):
        self.cache = {}

    def lemma(self, word):
        word = word.lower().replace("’", "'")
        if word not in self.cache:
            self.cache[word] = simplemma.lemmatize(word, lang="en").lower()
        return self.cache[word]

    @staticmethod
    def function_only(phrase):
        """True when the phrase has words and all of them are function words ("the", "and")."""
        words = WORD.findall(phrase)
        return bool(words) and all(w.lower() in STOP for w in words)

    def concepts(self, phrase, most):
        """Lemmas of the content words of an English phrase; none when it has more than `most`."""
        phrase = re.sub(r"^to\s+", "", phrase.strip())
        # Hyphenated words give their parts, as the reader does for unknown ones ("north-east").
        words = [p for w in WORD.findall(phrase) for p in w.split("-") if p.lower() not in STOP]
        if not words or len(words) > most:
            return []
        return [l for l in (self.lemma(w) for w in words) if l not in STOP and CONCEPT.fullmatch(l)]


def single_word(text):
    """The one word of a dictionary headword or translation (German `sich` and English
    `to` dropped, `…` stripped, Arabic article ال cut off), or None for a phrase."""
    text = BRACKETS.sub(" ", text).replace("…", " ").strip(" .!?\"'")
    text = re.sub(r"^(sich|to)\s+", "", text)
    words = WORD.findall(text)
    if len(words) != 1 or words[0] != text:
        return None
    text = text.lower()
    # The run-time reader strips the article too, so keys are the bare nouns.
    if re.match(r"^[اأإآ]ل.{3}", text):
        text = text[2:]
    return text


FUNCTION = ""  # pseudo-concept scoring translations made of function words only


def add(table, word, concepts, weight):
    """Adds `weight` to each concept of `word` (shared among the words of a phrase)."""
    for c in concepts:
        table[word][c] += weight / (1 + 0.5 * (len(concepts) - 1))


def score_table(lang, english, german):
    """word -> {English lemma: score} from every source of `lang`. Words taken from the
    translation side must be known to simplemma (or, from English dictionaries, to
    wordfreq) as words of `lang`: some entries mix in definitions in the source language."""
    code = LANGS[lang][0]
    lemma_of, _ = lemma_tables(code)
    listed = set(get_frequency_dict(code))
    script = re.compile(r"[\u0400-\u04ff-]+" if lang == "rus" else r".+")

    def known(word, kind):
        return bool(word) and script.fullmatch(word) and (word in lemma_of or (kind == "rev" and word in listed))

    table = defaultdict(lambda: defaultdict(float))
    for name, kind, weight in SOURCES[lang]:
        for head, lines in read_dictd(name):
            pieces = translations(lines)
            if kind == "fwd":
                word = single_word(head)
                if word:
                    for pos, piece in enumerate(pieces):
                        concepts = [FUNCTION] if english.function_only(piece) else english.concepts(piece, 3)
                        add(table, word, concepts, weight / (1 + pos))
            elif kind == "rev":
                concepts = [FUNCTION] if english.function_only(head) else english.concepts(head, 2)
                if concepts:
                    for pos, piece in enumerate(pieces):
                        word = single_word(piece)
                        if known(word, kind):
                            add(table, word, concepts, weight / (1 + pos))
            else:
                source = german if kind == "pivot" else fra_table(english, german)
                via = single_word(head)
                if via in source:
                    concepts = ranked(source[via])[:3]
                    for pos, piece in enumerate(pieces):
                        word = single_word(piece)
                        if known(word, kind):
                            for rank, c in enumerate(concepts):
                                table[word][c] += weight / (1 + pos) / (1 + rank)
    return without_function_words(table)


def without_function_words(table):
    """Drops words translated mostly by function words (German "der" is "the", and its
    other translations are noise), and the function pseudo-concept of the others."""
    out = {}
    for word, scores in table.items():
        function = scores.pop(FUNCTION, 0.0)
        if scores and function <= sum(scores.values()):
            out[word] = scores
    return out


FRA = {}


def fra_table(english, german):
    """The French scores (built once), for French-pivoted sources."""
    if not FRA:
        FRA.update(score_table("fra", english, german))
    return FRA


EN_FREQ = get_frequency_dict("en")


def prior(concept):
    """Weight of an English concept by its frequency: dictionaries list rare senses
    (\"chap\", \"golly\" for Mensch) as prominently as common ones."""
    zipf = math.log10(EN_FREQ.get(concept, 0.0) * 1e9) if EN_FREQ.get(concept) else 0.0
    return ((1 + max(zipf, 0.0)) / 8) ** 2


def ranked(scores):
    """Concepts by score times frequency prior, then name (a total order, so output is stable)."""
    return [c for c, _ in sorted(scores.items(), key=lambda kv: (-round(kv[1] * prior(kv[0]), 9), kv[0]))]


@functools.lru_cache(maxsize=None)
def lemma_tables(code):
    """(form -> lemma, lemma -> forms) from simplemma, lowercased."""
    lemma_of = {}
    for form, lemma in sorted(DefaultDictionaryFactory().get_dictionary(code).items()):
        lemma_of.setdefault(form.lower(), lemma.lower())
    forms = defaultdict(list)
    for form, lemma in lemma_of.items():
        forms[lemma].append(form)
    return lemma_of, forms


def expand(table, code):
    """Each dictionary word and each inflected form of it -> (its own scores, the scores
    lent to it): a dictionary word's own senses come first (German `Würde` "dignity" before
    the `werden` senses of `würde`). Forms of a word get its scores at 0.8; a dictionary
    word that is itself an inflected form (`Menschen`) lends its senses to its lemma and the
    lemma's other forms at 0.4 only, as lemma tables err (Arabic `آنسة` "miss" is listed
    under `إنسان` "human")."""
    lemma_of, forms_of = lemma_tables(code)
    out = defaultdict(lambda: (defaultdict(float), defaultdict(float)))
    for word, scores in table.items():
        lemma = lemma_of.get(word, word)
        own = set(forms_of.get(word, []))
        for form in sorted({word, lemma, *own, *forms_of.get(lemma, [])}):
            factor = 1.0 if form == word else 0.8 if form in own else 0.4
            for c, s in scores.items():
                out[form][form != word][c] += s * factor
    return out


def english_table(english, code, used):
    """English forms (wordfreq's words and simplemma's forms) -> their own lemma, for the
    lemmas some other language uses: no other word can match the rest."""
    lemma_of, _ = lemma_tables(code)
    words = set(w for w in get_frequency_dict(code) if WORD.fullmatch(w) and "-" not in w) | set(lemma_of) | used
    out = {}
    for w in words:
        lemma = english.lemma(w)
        if lemma in used and w not in STOP:
            out[w] = ({lemma: 1.0}, {})
    return out


def best(scores):
    """At most six concepts, best first, each weighing at least a quarter of the best."""
    concepts = ranked(scores)[:6]
    top = scores[concepts[0]] * prior(concepts[0]) if concepts else 0.0
    return [c for c in concepts if scores[c] * prior(c) >= 0.25 * top]


def write(path, table, lang, most):
    """Writes the `most` most frequent forms, most frequent first (ties alphabetically:
    where forms fold together, as Arabic العام and آلام do, the reader keeps the first
    one's concepts first); returns the concepts written."""
    code = LANGS[lang][0]
    freq = get_frequency_dict(code)
    rows = []
    for form, (own, lent) in table.items():
        concepts = best(own)
        concepts += [c for c in best(lent) if c not in concepts][: 6 - len(concepts)]
        if concepts and " " not in form:
            rows.append((-freq.get(form, 0.0), form, concepts))
    rows.sort(key=lambda r: (r[0], r[1]))
    rows = rows[:most]
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for _, form, concepts in rows:
            f.write(f"{form}\t{' '.join(concepts)}\n")
        # Function words last, with no concepts: the Rust builder keeps their keys empty,
        # whatever else folds to them (Arabic إن, أن and آن "now" all fold to `an`), and the
        # reader does not take them apart.
        for form in sorted(FUNCTION_WORDS.get(lang, ())):
            f.write(f"{form}\t\n")
    print(f"{path}: {len(rows)} of {len(table)} forms", file=sys.stderr)
    return {c for _, _, concepts in rows for c in concepts}


def main():
    out_dir = sys.argv[1]
    english = English()
    german = score_table("deu", english, {})
    used = set()
    for lang, (code, most) in LANGS.items():
        if lang != "eng":
            table = expand(german if lang == "deu" else score_table(lang, english, german), code)
            used |= write(f"{out_dir}/{lang}.tsv", table, lang, most)
    code, most = LANGS["eng"]
    write(f"{out_dir}/eng.tsv", english_table(english, code, used), "eng", most)


if __name__ == "__main__":
    main()
