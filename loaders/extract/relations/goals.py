"""Goals and steering documents: who set a goal ("har satt som mål att"), who adopted
a policy ("fastställde", "antogs av"), and what derives from what (delmål under an
övergripande mål, a strategy that "bygger på" a vision, goal lists and goal sections)."""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Span

from ansvarsgraf.loaders.extract import names
from ansvarsgraf.loaders.extract.graphbuild import Reading
from ansvarsgraf.loaders.extract.mentions import is_genitive
from ansvarsgraf.loaders.extract.pipeline import present_verbs
from ansvarsgraf.loaders.extract.relations.common import (
    _FINITE, chain_left, chain_right, clause_end, ends_with_colon, keys, list_items, phrase, words,
)


def goal_set(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    """"Kommunstyrelsen har satt som mål att Y": a goal Y the board owns."""
    s = r.sentences[si]
    subj = chain_left(r, s, cue.start)
    if not subj and rec.get("subject") == "sentence":  # "har X, under ..., satt som mål att"
        subj = [m for m in s.mentions if m.label in ("Board", "Unit", "Forum") and m.end <= cue.start][:1]
    a = cue.end
    while a < s.end and (r.doc[a].is_space or r.doc[a].text == ":"):
        a += 1
    end = clause_end(r, s, a, 40)
    text = phrase(r, a, end)
    if not subj or not text:
        return
    g = r.node("Goal", text, ev=r.evidence(si, rec["id"], rec["confidence"]))
    low = [t.lower_ for t in r.doc[s.start:cue.start]]
    for i, w in enumerate(low):  # "under den övergripande målsättningen Y, satt som mål att"
        if w in ("målsättningen", "målet") and i > 0 and low[i - 1] == "övergripande":
            b = s.start + i + 1
            stop = next((t.i for t in r.doc[b:cue.start] if t.text == ","), cue.start)
            over = phrase(r, b, stop)
            if over:
                o = r.node("Goal", over, ev=r.evidence(si, "goal-overarching", 0.8))
                r.edge("DERIVED_FROM", g, o, r.evidence(si, "derived-under-overarching-goal", 0.8))
                for k in keys(r, subj, si):
                    if r.label_of(k) == "Board":
                        r.edge("OWNS", k, o, r.evidence(si, "owns-overarching-goal", 0.6))
            break
    for k in keys(r, subj, si):
        rel = "OWNS" if r.label_of(k) == "Board" else "RESPONSIBLE_FOR"
        r.edge(rel, k, g, r.evidence(si, rec["id"], rec["confidence"]))


def goal_is(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    """"... nämndens prioriterade områden och målet är att "Y"": Y is a goal of the board
    the sentence names (an inference, so a lower confidence)."""
    s = r.sentences[si]
    before = [t for t in r.doc[s.start:cue.start] if not t.is_space]
    prep = before[-1].lower_ if before else ""
    if prep in ("för", "med"):
        return  # "ansvarar för målet att ...": the responsibility rule reads it
    conf = 0.8 if prep == "om" else rec["confidence"]  # "har beslutat om målet att": decided
    a = cue.end
    while a < s.end and (r.doc[a].is_space or r.doc[a].text in "”“\"«"):
        a += 1
    b = a
    while b < s.end and r.doc[b].text not in "”“\"»" and r.doc[b].text not in ".;":
        b += 1
    text = phrase(r, a, b)
    if not text:
        return
    g = r.node("Goal", text, ev=r.evidence(si, rec["id"], rec["confidence"]))
    boards = [m for m in s.mentions if m.label == "Board" and m.end <= cue.start]
    policies = [m for m in s.mentions if m.label == "Policy" and m.end <= cue.start]
    if boards:
        r.edge("OWNS", r.mention_node(boards[-1], si), g, r.evidence(si, rec["id"], conf))
    elif policies:  # "I integrationsstrategin anges målet att ...": a goal the policy sets
        r.edge("DERIVED_FROM", g, r.mention_node(policies[-1], si),
               r.evidence(si, "derived-goal-in-policy", 0.8))


def goal_by_policy(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    """"Enligt kommunens handlingsplan ska alla nyanlända erbjudas ...": a goal derived
    from the policy that states it."""
    s = r.sentences[si]
    pol = [m for m in s.mentions if m.label == "Policy" and cue.end <= m.start <= cue.end + 2]
    if not pol:
        return
    k = pol[0].end
    while k < s.end and r.doc[k].is_space:
        k += 1
    if k >= s.end or r.doc[k].lower_ not in ("ska", "skall"):
        return
    end = clause_end(r, s, k + 1, 40)
    ws = words(r, k + 1, end)
    if len(ws) < 3:
        return
    g = r.node("Goal", names.statement(ws), ev=r.evidence(si, rec["id"], rec["confidence"]))
    r.edge("DERIVED_FROM", g, r.mention_node(pol[0], si), r.evidence(si, rec["id"], rec["confidence"]))


def adopt(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    """"Kommunfullmäktige fastställde Integrationsstrategi 2018-2022"."""
    s = r.sentences[si]
    subj = [m for m in chain_left(r, s, cue.start, labels=frozenset({"Board"})) if m.label == "Board"]
    obj = [m for m in s.mentions if m.label in ("Policy", "Goal") and cue.end <= m.start < cue.end + 15]
    if not subj or not obj:
        return
    p = r.mention_node(obj[0], si)
    for k in keys(r, subj, si):
        r.edge("OWNS", k, p, r.evidence(si, rec["id"], rec["confidence"]))


def adopt_passive(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    """"Integrationsstrategi 2018-2022 antogs av kommunfullmäktige"."""
    s = r.sentences[si]
    obj = [m for m in s.mentions if m.label == "Policy" and m.end <= cue.start]
    subj = [m for m in chain_right(r, s, cue.end) if m.label == "Board"]
    if not subj or not obj:
        return
    p = r.mention_node(obj[-1], si)
    for k in keys(r, subj, si):
        r.edge("OWNS", k, p, r.evidence(si, rec["id"], rec["confidence"]))


def document_meta(r: Reading, si: int, cue: Span, rec: dict[str, Any], title_policy: str) -> None:
    """A steering document's header ("Beslutsinstans ... Kommunfullmäktige",
    "Dokumentansvarig ... Kommunstyrelsen"): the first board named after the label."""
    if not title_policy:
        return
    prev = r.doc[cue.start - 1] if cue.start > 0 else None
    at_line_start = prev is None or "\n" in prev.text or "\n" in prev.whitespace_ or cue.start == r.sentences[si].start
    if not at_line_start and not cue.text.endswith(":"):
        return  # "har socialnämnden beslutat om ...": a verb in running text, not a header field
    text = r.text.clean
    line_end = text.find("\n", r.doc[cue.end - 1].idx)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[r.doc[cue.end - 1].idx + len(r.doc[cue.end - 1].text):line_end]
    rest = re.sub(r"^/\S*", "", rest.strip())  # "Dokumentansvarig/processägare": one label
    if rest.strip(" \t:") and not any(m.label == "Board" and m.start >= cue.end and
                                       r.doc[m.start].idx < line_end for m in r.sentences[si].mentions):
        return  # "Ansvarig nämnd: Fastställs senare", "Ansvarig: –": the field names no board
    for sj in range(si, min(si + 8, len(r.sentences))):
        boards = [m for m in r.sentences[sj].mentions if m.label == "Board" and m.start >= cue.end]
        if boards:
            b = r.mention_node(boards[0], sj)
            ev = r.evidence(si, rec["id"], rec["confidence"], until=sj)
            r.pending_owners.append((b, si, ev, title_policy, rec["rel"]))
            return


def resolve_owners(r: Reading) -> None:
    """An "Ansvarig nämnd: X" line right under a goal makes X the goal's owner; in a
    document's header it makes X answer for the document."""
    goal_ends = sorted((ev.end, k) for k, evs in r.mention_ev.items()
                       if r.nodes[k].label == "Goal" for ev in evs)
    for board, si, ev, title_policy, rel in r.pending_owners:
        start = r.sentences[si].char_start
        before = [k for end, k in goal_ends if end <= start and
                  not r.text.clean[end:start].strip(" \t\n.")]
        if before and rel == "RESPONSIBLE_FOR":
            r.edge("OWNS", board, before[-1], ev)
        else:
            r.edge(rel, board, title_policy, ev)


def derived(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    """"Strategin bygger på Vision Ljusdal 2030", "utgår från", "följer"."""
    s = r.sentences[si]
    labels = ("Policy", "Goal")
    src = [m for m in s.mentions if m.label in labels and m.end <= cue.start]
    dst = [m for m in s.mentions if m.label in labels and cue.end <= m.start < cue.end + 8]
    if not src or not dst:
        return
    r.edge("DERIVED_FROM", r.mention_node(src[-1], si), r.mention_node(dst[0], si),
           r.evidence(si, rec["id"], rec["confidence"]))


def goal_list(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    """A lead-in naming goals or priorities ("De prioriterade områdena i strategin är:",
    "Programmet ... skall:") followed by a list: each item is a goal derived from the
    policy the lead-in names."""
    s = r.sentences[si]
    if si in r.used_lists or not ends_with_colon(r, s):
        return
    items = list_items(r, si)
    if not items:
        return
    r.used_lists.add(si)
    policies = [m for m in s.mentions if m.label == "Policy"]
    p = r.mention_node(policies[0], si) if policies else r.title_policy
    parent = _owned_goal_named(r, si)
    owners = _deciding_boards(r, si, cue.start)
    verbs = present_verbs()
    for n, (ii, text) in enumerate(items, 1):
        if text.split()[0].lower() in verbs:
            continue  # "Anordnar nätverksträffar": a duty, not a goal
        g = r.node("Goal", text, ev=r.evidence(ii, rec["id"], rec["confidence"]))
        if r.doc[r.sentences[ii].start].text.isdigit():
            r.numbered_goals[int(r.doc[r.sentences[ii].start].text)] = g
        if parent or p:
            r.edge("DERIVED_FROM", g, parent or p, r.evidence(ii, rec["id"], rec["confidence"]))
        for k in owners:
            r.edge("OWNS", k, g, r.evidence(si, "owns-decided-goal-list", 0.85, until=ii))


_DECIDED = frozenset("beslutat beslutade antagit antog fastställt fastställde satt ställt".split())


def _deciding_boards(r: Reading, si: int, pos: int) -> list[str]:
    """"... har socialnämnden beslutat om följande nämndmål:": the board that decided the
    goals of the list owns them (not a board named only in the genitive)."""
    s = r.sentences[si]
    if not any(t.lower_ in _DECIDED for t in r.doc[s.start:pos]):
        return []
    boards = [m for m in s.mentions if m.label == "Board" and m.end <= pos and not is_genitive(r.doc, m)]
    return keys(r, boards[-1:], si)


def _owned_goal_named(r: Reading, si: int) -> str:
    """"Med utgångspunkt i kommunfullmäktiges mål om ett inkluderande Eslöv ...": a goal
    named after its owner's genitive; it is the parent of the goals that follow."""
    s = r.sentences[si]
    for m in s.mentions:
        if m.label != "Board" or not is_genitive(r.doc, m) or m.end + 1 >= s.end:
            continue
        if r.doc[m.end].lower_ not in ("mål", "målsättning", "vision") or r.doc[m.end + 1].lower_ not in ("om", "att"):
            continue
        a = m.end + 2
        b = a
        while b < s.end and r.doc[b].text not in ",.;:" and r.doc[b].lower_ not in _FINITE:
            b += 1
        text = phrase(r, a, b)
        if len(text.split()) < 2:
            return ""
        g = r.node("Goal", text, ev=r.evidence(si, "goal-named-by-owner", 0.75))
        r.edge("OWNS", r.mention_node(m, si), g, r.evidence(si, "goal-named-by-owner", 0.75))
        return g
    return ""


_GOAL_HEADING = re.compile(r"(övergripande |prioriterade |strategiska |våra )?(mål|målen|målsättning(ar)?|"
                           r"effektmål|delmål|delmålen|mål och delmål|nämndmål(en)?|verksamhetsmål(en)?)"
                           r"( \d{4}(–|-)?(\d{4})?)?( och (indikatorer|nyckeltal|mått|aktiviteter|uppföljning))?",
                           re.IGNORECASE)
# "Delmål 2: Väntetiden ... ska ...": a numbered goal on its own line, anywhere
_NUMBERED_GOAL = re.compile(r"(?:del|effekt|nämnd)?mål (\d+)\s*:?", re.IGNORECASE)
# lines under a goal heading that measure a goal rather than state one
_MEASURE = frozenset("indikator indikatorer mått nyckeltal målvärde utfall aktivitet aktiviteter "
                     "ansvarig uppföljning".split())


def section_goals(r: Reading, title_policy: str, done: set[int]) -> None:
    """Sentences under a goal heading ("Övergripande mål", "Delmål") are goals; a
    delmål derives from the overarching goals before it, an overarching goal from the
    document's own policy."""
    heading: str | None = None
    overarching: list[str] = []
    for si, s in enumerate(r.sentences):
        ws = words(r, s.start, s.end)
        while ws and (ws[0].isdigit() or ws[0] == "." or re.fullmatch(r"\d+(\.\d+)*\.?", ws[0])):
            ws = ws[1:]
        if s.new_line and 0 < len(ws) <= 5 and ws[-1] not in ".:;!?," and ws[0][:1].isupper():
            head = " ".join(ws)
            heading = head.lower() if _GOAL_HEADING.fullmatch(head) else None
            continue
        numbered = _NUMBERED_GOAL.match(" ".join(ws[:3])) if s.new_line else None
        if numbered and len(ws) > 4 and si not in done:
            text = names.statement(ws[len(numbered.group(0).split()):])
            if text and " ska " in f" {text} " or text and heading is not None:
                g = r.node("Goal", text, ev=r.evidence(si, "goal-numbered-line", 0.75))
                r.numbered_goals[int(numbered.group(1))] = g
                parent = overarching if ws[0].lower().startswith("delmål") else []
                for o in parent:
                    r.edge("DERIVED_FROM", g, o, r.evidence(si, "derived-sub-goal", 0.7))
                if not parent and title_policy:
                    r.edge("DERIVED_FROM", g, title_policy, r.evidence(si, "derived-goal-section", 0.6))
                continue
        if heading is None or si in done or s.bullet and si - 1 in r.used_lists:
            continue
        if ws and (ws[0].lower().rstrip(":") in _MEASURE or ws[-1] == ":"):
            continue
        lead = 0
        low = [w.lower() for w in ws]
        if low[:1] == ["med"] and "grund" in low[:8]:  # "Med det övergripande målet som grund ska ..."
            lead = low.index("grund") + 1
            if lead < len(ws) and low[lead] in ("ska", "skall"):
                lead += 1
        text = names.statement(ws[lead:])
        if not text or len(ws) > 45:
            continue
        g = r.node("Goal", text, ev=r.evidence(si, "goal-section", 0.7))
        if heading.startswith("delmål") and overarching:
            for o in overarching:
                r.edge("DERIVED_FROM", g, o, r.evidence(si, "derived-sub-goal", 0.7))
        else:
            overarching.append(g)
            if title_policy:
                r.edge("DERIVED_FROM", g, title_policy, r.evidence(si, "derived-goal-section", 0.6))
