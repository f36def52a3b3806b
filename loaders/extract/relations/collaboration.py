"""Who works with whom: "i samverkan med", "tillsammans med", "samarbete mellan"."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span

from ansvarsgraf.loaders.extract.graphbuild import Reading
from ansvarsgraf.loaders.extract.relations.common import chain_left, chain_right, clause_subject, keys


def collaboration(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    s = r.sentences[si]
    left = chain_left(r, s, cue.start, max_gap=5, any_words=True) or clause_subject(r, s, cue.start)
    if not left:
        left = chain_left(r, s, cue.start, max_gap=8)
    right = chain_right(r, s, cue.end)
    ev = r.evidence(si, rec["id"], rec["confidence"])
    for a in keys(r, left, si):
        for b in keys(r, right, si):
            r.edge("COLLABORATES_WITH", a, b, ev)


def collaboration_between(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    s = r.sentences[si]
    ks = keys(r, chain_right(r, s, cue.end), si)
    ev = r.evidence(si, rec["id"], rec["confidence"])
    for i, a in enumerate(ks):
        for b in ks[i + 1:]:
            r.edge("COLLABORATES_WITH", a, b, ev)
