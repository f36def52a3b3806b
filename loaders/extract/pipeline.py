"""The spaCy pipeline, built once per process: blank Swedish tokenizer, sentences that
respect line structure (headings, bullets, wrapped lines), lemmas from the Swedish
lookup table of spacy-lookups-data, and two SpanRulers whose patterns are data files.

Only the lemmas the rules use are kept from the 660,000-entry lookup table (the cue
verbs, and present-tense verbs to recognise duty lists): the whole table costs about
250 MB, which would break the 400 MB budget.
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ansvarsgraf.loaders.extract import resources
from ansvarsgraf.loaders.extract.matching import IndexedMatcher

BULLETS = frozenset("•·▪◦●○■□–-*‣⁃")
_FINAL = frozenset(".!?…")
# A line that ends in one of these words goes on, even across a blank line (PDF text).
_GOES_ON = frozenset("av med och att för till i på om den det de en ett som samt eller inom under "
                     "från mellan hos vid efter enligt kring rörande avseende gällande".split())
_ENTRY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*"((?:[^"\\]|\\.)*)"')


def _wanted_lemmas() -> frozenset[str]:
    out: set[str] = set()
    for p in resources.cue_patterns():
        for tok in p["pattern"] if isinstance(p["pattern"], list) else ():
            lem = tok.get("LEMMA")
            if isinstance(lem, str):
                out.add(lem)
            elif isinstance(lem, dict):
                out.update(lem.get("IN", []))
    return frozenset(out)


@lru_cache(maxsize=1)
def lemma_table() -> tuple[dict[str, str], frozenset[str]]:
    """(form -> lemma for the lemmas the rules name, present-tense verb forms)."""
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "sv_lemma_lookup.json.gz"
    wanted = _wanted_lemmas()
    table: dict[str, str] = {}
    present: set[str] = set()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        raw = fh.read()
    for m in _ENTRY.finditer(raw):
        form, lemma = m.group(1), m.group(2)
        if lemma in wanted:
            table[form] = lemma
        if form.endswith("r") and lemma.endswith("a") and form in (
                lemma + "r", lemma[:-1] + "er", lemma[:-1] + "r", lemma[:-1]):
            present.add(form)
    del raw
    for lemma in wanted:
        table.setdefault(lemma, lemma)
    return table, frozenset(present)


@Language.component("ansvarsgraf_lemmas")
def lemmatize(doc: Doc) -> Doc:
    table = lemma_table()[0]
    for tok in doc:
        lem = table.get(tok.lower_)
        if lem is not None:
            tok.lemma_ = lem
        else:
            tok.lemma = tok.lower  # words the rules never name keep their own form
    return doc


def _is_heading_number(text: str) -> bool:
    return bool(re.fullmatch(r"\d+(\.\d+)*\.?", text))


@Language.component("ansvarsgraf_sentences")
def sentences(doc: Doc) -> Doc:
    """Sentence starts from punctuation and from line structure: a blank line, a bullet,
    or a line break after a finished line starts a sentence; a line break inside a
    sentence that goes on in lower case (a wrapped line) does not."""
    text = doc.text
    starts = numpy.full(len(doc), -1, dtype="int64")
    prev: Any = None
    first_of_sent: Any = None
    for tok in doc:
        if tok.i == 0:
            starts[0] = 1
            prev = None if tok.is_space else tok
            first_of_sent = tok
            continue
        if tok.is_space:
            continue
        if prev is None:
            starts[tok.i] = 1
            prev = first_of_sent = tok
            continue
        gap = text[prev.idx + len(prev.text): tok.idx]
        lines = gap.count("\n")
        first = tok.text[0]
        if tok.text in BULLETS and (lines or prev.text in _FINAL or prev.text in ":;"):
            start = True
        elif lines >= 2:
            start = not (first.islower() and prev.lower_ in _GOES_ON)
        elif lines == 1:
            start = not (first.islower() and prev.text[-1] not in ".!?:;")
        else:
            start = prev.text in _FINAL and (first.isupper() or first.isdigit() or first in "•”\"")
            if start and prev.text == "." and prev.i > 0 and first_of_sent is not None \
                    and first_of_sent.i == prev.i - 1 and _is_heading_number(doc[prev.i - 1].text):
                start = False  # "1. Fullmäktige antar ...": an enumeration marker
            if prev.text == ":" and tok.text in BULLETS:
                start = True
        if start:
            starts[tok.i] = 1
            first_of_sent = tok
        prev = tok
    # one call: setting Token.is_sent_start one by one re-checks the whole Doc each time
    doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
    return doc


# -- making the patterns fast ---------------------------------------------------------
# spaCy's Matcher tries every pattern's first token at every token of the Doc, and a
# first token tested with IN or REGEX costs a Python call each time. So the patterns are
# compiled as they load: a first-token IN list becomes one pattern per word, and a
# first-token REGEX becomes a token class that the `ansvarsgraf_classes` component
# writes once per distinct word (into TAG, and a second class into NORM).

_CLASSES: list[tuple[str, re.Pattern[str], str]] = []  # (attribute, regex, class name)
_CLASS_MEMO: dict[str, tuple[int, str]] = {}


def _class_of(attr: str, regex: str) -> str:
    for a, rx, name in _CLASSES:
        if a == attr and rx.pattern == regex:
            return name
    name = f"rx{len(_CLASSES)}"
    _CLASSES.append((attr, re.compile(regex), name))
    return name


def compile_patterns(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for rec in records:
        pat = rec["pattern"]
        base = {"label": rec["label"], "id": rec["id"]}
        if not isinstance(pat, list) or not pat:
            out.append({**base, "pattern": pat})
            continue
        first, rest = pat[0], pat[1:]
        keys = [k for k in first if k != "OP"]
        if "OP" in first or len(keys) != 1 or not isinstance(first[keys[0]], dict):
            out.append({**base, "pattern": pat})
            continue
        attr, spec = keys[0], first[keys[0]]
        if set(spec) == {"IN"}:
            for value in spec["IN"]:
                out.append({**base, "pattern": [{attr: value}, *rest]})
        elif set(spec) == {"REGEX"} and attr in ("LOWER", "TEXT"):
            name = _class_of(attr, spec["REGEX"])
            out.append({**base, "pattern": [{"TAG": name}, *rest]})
            out.append({**base, "pattern": [{"NORM": name}, *rest]})
        else:
            out.append({**base, "pattern": pat})
    return out


@Language.component("ansvarsgraf_classes")
def token_classes(doc: Doc) -> Doc:
    """Write each token's first two pattern classes into TAG and NORM (see above)."""
    strings = doc.vocab.strings
    none = strings.add("-")
    for tok in doc:
        hit = _CLASS_MEMO.get(tok.text)
        if hit is None:
            names = [n for a, rx, n in _CLASSES
                     if rx.search(tok.lower_ if a == "LOWER" else tok.text)][:2]
            hit = (strings.add(names[0]) if names else none, names[1] if len(names) > 1 else "")
            if len(_CLASS_MEMO) < 500_000:
                _CLASS_MEMO[tok.text] = hit
        tok.tag = hit[0]
        if hit[1]:
            tok.norm_ = hit[1]
    return doc


@Language.factory("ansvarsgraf_token_patterns", default_config={"spans_key": "mentions",
                                                                "source": "entities"})
def token_patterns(nlp: Language, name: str, spans_key: str, source: str) -> IndexedMatcher:
    """The token patterns of `patterns/<source>.jsonl`, matched into doc.spans[spans_key]."""
    records = resources.entity_patterns() if source == "entities" else resources.cue_patterns()
    m = IndexedMatcher(spans_key)
    for p in compile_patterns(records):
        m.add(p["label"], p["id"], p["pattern"])
    return m


@lru_cache(maxsize=1)
def nlp() -> Language:
    """The pipeline; built on first use and kept for the life of the process."""
    pipe = spacy.blank("sv")
    # spaCy's 1,000,000-character limit guards the memory of parsers and NER, which this
    # pipeline has none of; the file size limit and the per-document time budget bound
    # a long report instead.
    pipe.max_length = 1 << 31
    pipe.add_pipe("ansvarsgraf_sentences")
    pipe.add_pipe("ansvarsgraf_lemmas")
    pipe.add_pipe("ansvarsgraf_classes")
    gaz = resources.gazetteers()
    mentions = pipe.add_pipe("span_ruler", name="mentions",
                             config={"spans_key": "mentions", "phrase_matcher_attr": "LOWER",
                                     "validate": False})
    phrases = [{"label": label, "pattern": surface, "id": f"{rule}|{canonical}"}
               for surface, label, canonical, rule in gaz.surface_forms()]
    mentions.add_patterns(phrases)  # type: ignore[attr-defined]
    pipe.add_pipe("ansvarsgraf_token_patterns", name="mention_patterns",
                  config={"spans_key": "mentions", "source": "entities"})
    pipe.add_pipe("ansvarsgraf_token_patterns", name="cues",
                  config={"spans_key": "cues", "source": "cues"})
    return pipe


def present_verbs() -> frozenset[str]:
    return lemma_table()[1]
