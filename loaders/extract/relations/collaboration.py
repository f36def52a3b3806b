"""Who works with whom: "i samverkan med", "tillsammans med", "samarbete mellan",
"samverkar X med Y" (the subject after the verb), "X och Y samarbetar kring Z"."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span

from ansvarsgraf.loaders.extract.graphbuild import Reading, Sentence
from ansvarsgraf.loaders.extract.relations.common import (
    ORGS_SELF, chain_left, chain_right, clause_subject, keys, noun_phrase_head,
)

_ADVERBS = frozenset("också även nära främst bland annat tätt aktivt sedan dessutom redan "
                     "gemensamt idag fortsatt".split())


def _recommended(r: Reading, s: Sentence, pos: int) -> bool:
    """"Socialnämnden bör utveckla samverkan med X", or an item of the auditors' list of
    recommendations: advice, not a fact."""
    if not r.audit:
        return False
    if any(t.lower_ == "bör" for t in r.doc[s.start:pos]):
        return True
    return any(ev.start == s.char_start for k, evs in r.mention_ev.items()
               if r.nodes[k].label == "Recommendation" for ev in evs)


def _passive_before(r: Reading, s: Sentence, pos: int) -> bool:
    """A passive verb ("anordnas", "genomförs", "drivs") just before the cue."""
    prev = [t for t in r.doc[s.start:pos] if not t.is_space][-2:]
    return any(t.lower_.endswith(("as", "ås", "es", "rs", "ts")) and len(t.text) > 4 and t.is_lower for t in prev)


def _pairs(r: Reading, si: int, left: list, right: list, rec: dict[str, Any]) -> None:
    ev = r.evidence(si, rec["id"], rec["confidence"])
    for a in keys(r, left, si):
        for b in keys(r, right, si):
            if a != b:
                r.edge("COLLABORATES_WITH", a, b, ev)


def collaboration(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    s = r.sentences[si]
    if _recommended(r, s, cue.start):
        return
    left = chain_left(r, s, cue.start, max_gap=5, any_words=True) or clause_subject(r, s, cue.start)
    if not left:
        left = chain_left(r, s, cue.start, max_gap=8)
    left = noun_phrase_head(r, s, left)  # "Enheten inom förvaltningen bedriver X i samarbete med Y"
    right = chain_right(r, s, cue.end)
    if not left and right and not r.audit and r.municipality and _passive_before(r, s, cue.start):
        # "Samhällsorienteringen anordnas tillsammans med Smedjebackens kommun" on the
        # municipality's own page or plan: the municipality is the one that works with them
        ev = r.evidence(si, rec["id"], rec["confidence"] * 0.8)
        me = r.node("Municipality", r.municipality)
        for b in keys(r, right, si):
            if b != me:
                r.edge("COLLABORATES_WITH", me, b, ev)
        return
    if not left and right and not any(t.is_alpha for t in r.doc[s.start:cue.start]):
        # "Tillsammans med Röda korset driver kommunen ...": the subject follows the verb
        left = chain_right(r, s, right[-1].end + 1, labels=ORGS_SELF, max_gap=0)
    _pairs(r, si, left, right, rec)


def collaboration_verb(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    """"Enligt uppgift samverkar arbetsmarknadsenheten med AF" (subject after the verb)
    and "Hälsocentralen och mottagningsenheten ska samarbeta kring X" (a joint subject,
    no "med"); "samverkar med" itself is read by `collaboration`."""
    s = r.sentences[si]
    if _recommended(r, s, cue.start):
        return
    k = cue.end
    while k < s.end and (r.doc[k].is_space or r.doc[k].lower_ in _ADVERBS):
        k += 1
    if k < s.end and r.doc[k].lower_ == "med":
        return
    inverted = chain_right(r, s, k, labels=ORGS_SELF, max_gap=0)
    if inverted and inverted[-1].end < s.end and r.doc[inverted[-1].end].lower_ == "med":
        _pairs(r, si, inverted, chain_right(r, s, inverted[-1].end + 1), rec)
        return
    joint = chain_left(r, s, cue.start, max_gap=3, any_words=True)
    if len(joint) >= 2:
        for i, a in enumerate(joint):
            _pairs(r, si, [a], joint[i + 1:], rec)


def collaboration_between(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    s = r.sentences[si]
    if _recommended(r, s, cue.start):
        return
    ks = keys(r, chain_right(r, s, cue.end), si)
    ev = r.evidence(si, rec["id"], rec["confidence"])
    for i, a in enumerate(ks):
        for b in ks[i + 1:]:
            r.edge("COLLABORATES_WITH", a, b, ev)
