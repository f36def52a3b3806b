"""Who is party to an agreement: "Parterna i denna avsiktsförklaring är X och Y",
"Parter: X och Y", "Överenskommelsen är ingången mellan X, genom Y, och Z". (An
agreement "med X" / "mellan X och Y" in its own name is read in extract/__init__.py.)"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span

from ansvarsgraf.loaders.extract.graphbuild import Reading, Sentence
from ansvarsgraf.loaders.extract.relations.common import clause_end, orgs

_MADE = frozenset("ingången ingånget ingångna ingått ingicks tecknad tecknat tecknade tecknats tecknades "
                  "träffad träffat träffats slutet slutits upprättad upprättat upprättats undertecknad "
                  "undertecknat undertecknats".split())


def _agreement(r: Reading, s: Sentence, si: int, pos: int) -> str:
    """The agreement the sentence speaks of: one named before `pos`, or else the only
    agreement of the report ("denna överenskommelse" in the agreement itself)."""
    named = [m for m in s.mentions if m.label == "Agreement" and m.end <= pos]
    if named:
        return r.mention_node(named[-1], si)
    known = [k for k in r.node_order if r.nodes[k].label == "Agreement"]
    return known[0] if len(known) == 1 else ""


def parties(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    s = r.sentences[si]
    low = [t.lower_ for t in r.doc[cue.start:s.end]]
    if cue.text.lower() == "mellan":
        before = [t.lower_ for t in r.doc[max(s.start, cue.start - 3):cue.start]]
        if not set(before) & _MADE:
            return
        start = cue.end
    else:  # "Parterna (i denna avsiktsförklaring) är X och Y" / "Parter: X och Y"
        at = next((i for i, w in enumerate(low[:8]) if w in ("är", ":")), None)
        if at is None:
            return
        start = cue.start + at + 1
    target = _agreement(r, s, si, cue.end)
    if not target:
        return
    end = clause_end(r, s, start, 40, at_cues=False)
    ev = r.evidence(si, rec["id"], rec["confidence"])
    for m in orgs(s):
        if start <= m.start < end:
            k = r.mention_node(m, si)
            if k:
                r.edge("PARTY_TO", k, target, ev)
