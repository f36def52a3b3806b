"""The auditors' verdicts: "vår bedömning är att X (inte / delvis) säkerställer" -> the
report ASSESSED the board, graded by patterns/verdicts.tsv."""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Span

from ansvarsgraf.loaders.extract import resources
from ansvarsgraf.loaders.extract.graphbuild import Reading
from ansvarsgraf.loaders.extract.relations.common import chain_right, keys, words


def assessed(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    """"Vår samlade bedömning är att kommunstyrelsen delvis säkerställer ...": the
    report grades each board named; the grading words decide the verdict."""
    s = r.sentences[si]
    boards = chain_right(r, s, cue.end, labels=frozenset({"Board"}), max_gap=0)
    boards = [m for m in boards if m.label == "Board"]
    if not boards:
        return
    pivot = next((t.i for t in r.doc[boards[-1].end:s.end] if t.lower_ in ("men", "medan", "däremot")
                  or t.text == ";"), s.end)
    v = verdict_of(" ".join(words(r, boards[-1].end, pivot)).lower())
    for k in keys(r, boards, si):
        r.edge("ASSESSED", r.report_key, k, r.evidence(si, rec["id"], rec["confidence"]), verdict=v)
    if pivot < s.end:  # "..., medan socialnämnden inte säkerställer ...": a second verdict
        more = [m for m in chain_right(r, s, pivot + 1, labels=frozenset({"Board"}), max_gap=1,
                                       skip=frozenset({"att"})) if m.label == "Board"]
        if more:
            v2 = verdict_of(" ".join(words(r, more[-1].end, s.end)).lower())
            for k in keys(r, more, si):
                r.edge("ASSESSED", r.report_key, k, r.evidence(si, rec["id"], rec["confidence"]), verdict=v2)


def verdict_of(clause: str) -> str:
    for phrase_, v in resources.verdicts():
        parts = [re.escape(p) for p in phrase_.split()]
        pat = r"\b" + r"\s+(?:\w+\s+)?".join(parts) + r"\b"
        if re.search(pat, clause):
            return v
    return "yes"
