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

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ansvarsgraf.loaders.extract import resources

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
    prev: Any = None
    for tok in doc:
        if tok.i == 0:
            tok.is_sent_start = True
            prev = None if tok.is_space else tok
            continue
        if tok.is_space:
            tok.is_sent_start = False
            continue
        if prev is None:
            tok.is_sent_start = True
            prev = tok
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
            if start and prev.text == "." and prev.i > 0 and doc[prev.i - 1].is_sent_start \
                    and _is_heading_number(doc[prev.i - 1].text):
                start = False  # "1. Fullmäktige antar ...": an enumeration marker
            if prev.text == ":" and tok.text in BULLETS:
                start = True
        tok.is_sent_start = start
        prev = tok
    return doc


@lru_cache(maxsize=1)
def nlp() -> Language:
    """The pipeline; built on first use and kept for the life of the process."""
    pipe = spacy.blank("sv")
    pipe.add_pipe("ansvarsgraf_sentences")
    pipe.add_pipe("ansvarsgraf_lemmas")
    gaz = resources.gazetteers()
    mentions = pipe.add_pipe("span_ruler", name="mentions",
                             config={"spans_key": "mentions", "phrase_matcher_attr": "LOWER",
                                     "validate": False})
    phrases = [{"label": label, "pattern": surface, "id": f"{rule}|{canonical}"}
               for surface, label, canonical, rule in gaz.surface_forms()]
    mentions.add_patterns(
        [{"label": p["label"], "pattern": p["pattern"], "id": p["id"]}
         for p in resources.entity_patterns()] + phrases)  # type: ignore[attr-defined]
    cues = pipe.add_pipe("span_ruler", name="cues",
                         config={"spans_key": "cues", "phrase_matcher_attr": "LOWER",
                                 "validate": False})
    cues.add_patterns([{"label": p["label"], "pattern": p["pattern"], "id": p["id"]}
                       for p in resources.cue_patterns()])  # type: ignore[attr-defined]
    return pipe


def present_verbs() -> frozenset[str]:
    return lemma_table()[1]
