"""Where a body sits: "organisatoriskt ligger inom", "tillhör", "ingår i", "inom X
finns Y", and a forum's members ("en grupp där X och Y ingår", "består av")."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span

from ansvarsgraf.loaders.extract.graphbuild import Reading
from ansvarsgraf.loaders.extract.relations.common import ORGS_SELF, chain_left, clause_subject, chain_right, keys, orgs


def part_of(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    s = r.sentences[si]
    child = chain_left(r, s, cue.start, labels=ORGS_SELF, max_gap=3, any_words=True) \
        or clause_subject(r, s, cue.start)  # "X är en del av Y och lyder under Z"
    start = cue.end
    if rec["id"] == "part-organisatoriskt":
        prep = next((t.i for t in r.doc[cue.end:s.end] if t.lower_ in ("under", "inom", "i", "till")), None)
        if prep is None:
            return
        if not child:
            child = [m for m in orgs(s) if cue.end <= m.start < prep][:1]
        start = prep + 1
    parent = chain_right(r, s, start, max_gap=2, skip=frozenset({"under", "inom", "i", "till", "den", "det"}))
    if not child or not parent:
        return
    p = r.mention_node(parent[0], si)
    forum = r.label_of(p) == "Forum"
    child = [m for m in child if m.label != "SELF" or forum]  # "Kommunen deltar i X-forum"
    for k in keys(r, child, si):
        r.edge("MEMBER_OF" if forum else "PART_OF", k, p, r.evidence(si, rec["id"], rec["confidence"]))


def ingar(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    """"en grupp där X, Y och Z ingår" (members) or "X ingår i Y" (part)."""
    s = r.sentences[si]
    dar = next((t.i for t in r.doc[s.start:cue.start] if t.lower_ == "där"), None)
    if dar is not None:
        forum = [m for m in s.mentions if m.end <= dar and m.label == "Forum"]
        members = [m for m in orgs(s) if dar < m.start and m.end <= cue.start and _member_ok(r, m)]
        conf = rec["confidence"]
        if not forum and r.doc[dar - 1].lower_ in ("grupp", "grupper", "arbetsgrupp", "nätverk") \
                and si + 1 < len(r.sentences):  # "en grupp där ... ingår. Gruppens möten benämns X"
            nxt = r.sentences[si + 1]
            if r.doc[nxt.start].lower_.startswith(("gruppen", "gruppens", "denna", "den")):
                forum = [m for m in nxt.mentions if m.label == "Forum"][:1]
                conf = 0.6
        if forum:
            f = r.mention_node(forum[-1], si)
            for k in keys(r, members, si):
                r.edge("MEMBER_OF", k, f, r.evidence(si, "member-dar-ingar", conf))
        return
    if cue.end < s.end and r.doc[cue.end].lower_ == "i":
        part_of(r, si, cue, {**rec, "id": "part-ingar-i"})
        return
    lead = [t for t in r.doc[s.start:cue.start] if t.is_alpha]
    if lead and lead[0].lower_ == "i":  # "I styrgruppen ingår X, Y och Z" / "... representanter för X"
        forum = [m for m in s.mentions if m.label == "Forum" and m.end <= cue.start]
        if forum:
            f = r.mention_node(forum[-1], si)
            for m in orgs(s):
                if m.start >= cue.end and _member_ok(r, m):
                    r.edge("MEMBER_OF", r.mention_node(m, si), f,
                           r.evidence(si, "member-i-forum-ingar", rec["confidence"]))


def _member_ok(r: Reading, m) -> bool:
    """A member is an organisation; "kommunen" counts where it names the municipality
    (not the auditors' "vi")."""
    return m.label != "SELF" or (m.name == "kommunen" and bool(r.mention_node(m, r.sent_of[m.start])))


def members(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    s = r.sentences[si]
    forum = [m for m in s.mentions if m.end <= cue.start and m.label == "Forum"]
    if not forum:
        return
    f = r.mention_node(forum[-1], si)
    for m in [m for m in orgs(s) if m.start >= cue.end and m.label != "SELF"]:
        r.edge("MEMBER_OF", r.mention_node(m, si), f, r.evidence(si, rec["id"], rec["confidence"]))


def part_inom(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    """"Inom socialförvaltningen finns Enheten för nyanlända": the unit is part of it."""
    s = r.sentences[si]
    parent = chain_right(r, s, cue.end, max_gap=0)
    if not parent:
        return
    k = parent[-1].end
    while k < s.end and r.doc[k].is_space:
        k += 1
    if k >= s.end or r.doc[k].lower_ not in ("finns", "återfinns", "ligger", "verkar", "arbetar"):
        return
    child = chain_right(r, s, k + 1, labels=frozenset({"Unit", "Forum"}), max_gap=2,
                        skip=frozenset({"en", "ett", "också", "även", "dessutom", "bland", "annat"}))
    p = r.mention_node(parent[0], si)
    for c in keys(r, child, si):
        rel = "MEMBER_OF" if r.label_of(p) == "Forum" else "PART_OF"
        r.edge(rel, c, p, r.evidence(si, rec["id"], rec["confidence"]))
