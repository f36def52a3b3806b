"""The auditors' recommendations: "rekommenderar vi X att:" with a list, and "X bör"."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span

from ansvarsgraf.loaders.extract.graphbuild import Reading
from ansvarsgraf.loaders.extract.relations.common import (
    chain_left, chain_right, clause_end, ends_with_colon, keys, list_items, phrase,
)


def recommendation(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    """"rekommenderar vi kommunstyrelsen att: • ..." -> one Recommendation per item."""
    s = r.sentences[si]
    to = chain_right(r, s, cue.end, labels=frozenset({"Board", "Unit"}), max_gap=1,
                     skip=frozenset({"vi", "till"}))
    to = [m for m in to if m.label in ("Board", "Unit")]
    targets = keys(r, to, si)
    after = to[-1].end if to else cue.end
    if ends_with_colon(r, s):
        items = list_items(r, si)
        r.used_lists.add(si)
        for ii, text in items:
            rk = r.node("Recommendation", text, ev=r.evidence(ii, rec["id"], rec["confidence"]))
            for k in targets:
                r.edge("ADDRESSED_TO", rk, k, r.evidence(ii, rec["id"], rec["confidence"]))
        return
    att = next((t.i for t in r.doc[after:s.end] if t.lower_ == "att"), None)
    if att is None or att - after > 2:
        return
    text = phrase(r, att + 1, clause_end(r, s, att + 1, 40, at_cues=False))
    if not text:
        return
    rk = r.node("Recommendation", text, ev=r.evidence(si, rec["id"], rec["confidence"]))
    for k in targets:
        r.edge("ADDRESSED_TO", rk, k, r.evidence(si, rec["id"], rec["confidence"]))


def should(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    """"Socialnämnden bör säkerställa ...": the auditors' judgement as a recommendation."""
    if not r.audit:
        return
    s = r.sentences[si]
    to = [m for m in chain_left(r, s, cue.start, labels=frozenset({"Board", "Unit"}), max_gap=1)
          if m.label in ("Board", "Unit")]
    if not to:
        return
    text = phrase(r, cue.end, clause_end(r, s, cue.end, 40, at_cues=False))
    if not text or len(text.split()) < 2:
        return
    rk = r.node("Recommendation", text, ev=r.evidence(si, rec["id"], rec["confidence"]))
    for k in keys(r, to, si):
        r.edge("ADDRESSED_TO", rk, k, r.evidence(si, rec["id"], rec["confidence"]))
