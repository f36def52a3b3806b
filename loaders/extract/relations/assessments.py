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


_GRADED = re.compile(r"\b(uppfylld|uppfyllt|uppfyllda|ja|nej|delvis|i huvudsak|inte|ej)\b")


def assessed_answer(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    """A question-and-answer layout ("Revisionsfråga 2: Har kultur- och fritidsnämnden
    säkerställt ...? Bedömning: Ej uppfylld."): the answer grades the board the question
    names; only an answer in grading words ("uppfylld", "delvis", "ja") counts."""
    s = r.sentences[si]
    if any(t.is_alpha for t in r.doc[s.start:cue.start]):
        return  # "Vår bedömning: ..." mid-sentence: read by `assessed`
    answer = " ".join(words(r, cue.end, s.end)).lower()
    if not answer.strip(" .") and si + 1 < len(r.sentences):
        answer = r.sentences[si + 1].text.lower()
    first = re.split(r"[.;]", answer, maxsplit=1)[0]
    if not _GRADED.search(first):
        return
    for sj in range(si - 1, max(-1, si - 4), -1):
        q = r.sentences[sj]
        if not q.text.rstrip().endswith("?"):
            continue
        boards = [m for m in q.mentions if m.label == "Board"]
        if boards:
            v = verdict_of(first)
            for k in keys(r, boards[:1], sj):
                r.edge("ASSESSED", r.report_key, k, r.evidence(sj, rec["id"], rec["confidence"], until=si),
                       verdict=v)
        return
