"""Relation rules: each cue family of `patterns/cues.jsonl` is read by one function
here. The cue says what kind of relation a sentence states; the rule finds its ends
among the sentence's mentions (subject to the left, object to the right, the inverted
order "ansvarar Migrationsverket för"), expands coordinated ends ("X, Y och Z") and,
when the sentence ends in a colon, reads the list that follows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.tokens import Span

from ansvarsgraf.loaders.extract import names, resources
from ansvarsgraf.loaders.extract.graphbuild import Reading, Sentence
from ansvarsgraf.loaders.extract.mentions import ORGS, STOP_PUNCT, Mention, is_genitive
from ansvarsgraf.loaders.extract.pipeline import present_verbs

_FILLER = frozenset("som har hade själv också även nu redan därför är var det ensam fortfarande "
                    "ytterst direkt formellt huvudsakligen främst "
                    "sedan idag i dag numera formellt i sin tur dock bland annat exempelvis "
                    "gemensamt tillsammans ( ) , -".split())
_COORD = frozenset({",", "och", "samt", "eller", "respektive", "&"})
_CLAUSE_STOP = frozenset("men medan vilket eftersom dock därför".split())
_LIST_MARK = re.compile(r"^(\d+[.)]?|[a-zA-Z][.)])$")
_HEADING = re.compile(r"^\d+(\.\d+)*\.?\s+[A-ZÅÄÖ]")
MAX_LIST = 12


# -- helpers over one sentence -----------------------------------------------------

def orgs(s: Sentence) -> list[Mention]:
    return [m for m in s.mentions if m.label in ORGS or m.label == "SELF"]


def clause_subject(r: Reading, s: Sentence, pos: int) -> list[Mention]:
    """The subject of a coordinated predicate ("X tillhör Y och ansvarar för Z"): the
    organisations the sentence begins with, when the cue follows "och"."""
    prev = [t for t in r.doc[s.start:pos] if not t.is_space]
    if not any(t.lower_ in ("och", "samt") for t in prev[-4:]):
        return []
    first = [m for m in s.mentions if m.label in ORGS]
    if not first or any(t.is_alpha for t in r.doc[s.start:first[0].start]):
        return []
    if any(t.text == ":" for t in r.doc[first[0].end:pos]):
        return []  # "- Arbetsmarknadsdepartementet Kommunerna: Ansvarar ...": a label, not a subject
    return chain_right(r, s, first[0].start, max_gap=0)


def _gap_ok(r: Reading, a: int, b: int, max_gap: int = 6, s: Sentence | None = None) -> bool:
    inside = set()
    if s is not None:  # "Fullmäktige i Sandvikens kommun fastställde": a place is no gap
        for m in s.mentions:
            if m.label == "Municipality" and a <= m.start and m.end <= b:
                inside.update(range(m.start, m.end))
    toks = [t for t in r.doc[a:b] if not t.is_space and t.i not in inside]
    return len(toks) <= max_gap and all(t.lower_ in _FILLER or t.is_digit or t.like_num
                                        or (t.text.isupper() and t.is_alpha) for t in toks)


ORGS_SELF = ORGS | {"SELF"}


def chain_left(r: Reading, s: Sentence, pos: int, labels=ORGS_SELF, max_gap: int = 6,
               any_words: bool = False) -> list[Mention]:
    """The coordinated mentions that end just before token `pos` ("X, Y och Z ansvarar").
    With `any_words`, up to `max_gap` words of any kind may stand between ("X ligger
    organisatoriskt under")."""
    cands = [m for m in s.mentions if m.end <= pos and m.label in labels]
    cands = [m for m in cands if not (m.label == "SELF" and m.start > s.start and r.doc[m.start - 1].lower_
                                      in ("inom", "i", "av", "för", "från", "till", "med", "hos", "mellan"))]
    if not cands:
        return []
    last = cands[-1]
    if any_words:
        gap = [t for t in r.doc[last.end:pos] if not t.is_space]
        if len(gap) > max_gap or any((t.text in STOP_PUNCT and t.text != ",") or t.lower_ in ("och", "samt")
                                     for t in gap):
            return []
    elif not _gap_ok(r, last.end, pos, max_gap, s):
        return []
    out = [last]
    for m in reversed(cands[:-1]):
        between = [t for t in r.doc[m.end:out[-1].start] if not t.is_space]
        if between and all(t.lower_ in _COORD for t in between) and len(between) <= 2:
            out.append(m)
        else:
            break
    return list(reversed(out))


def chain_right(r: Reading, s: Sentence, pos: int, labels=ORGS, max_gap: int = 2,
                skip: frozenset[str] = frozenset()) -> list[Mention]:
    """The coordinated mentions that begin just after token `pos` ("med X och Y")."""
    cands = [m for m in s.mentions if m.start >= pos and m.label in labels]
    if not cands:
        return []
    first = cands[0]
    gap = [t for t in r.doc[pos:first.start] if not t.is_space and t.lower_ not in skip]
    if len(gap) > max_gap or any(t.text in STOP_PUNCT for t in gap):
        return []
    out = [first]
    for m in cands[1:]:
        between = [t for t in r.doc[out[-1].end:m.start] if not t.is_space]
        if between and all(t.lower_ in _COORD for t in between) and len(between) <= 2:
            out.append(m)
        else:
            break
    return out


def clause_end(r: Reading, s: Sentence, i: int, max_len: int = 30) -> int:
    """Where the phrase starting at token i ends: punctuation, "men"/"vilket", or "och"
    before a new finite verb ("samordnar X och har ett samarbete med Y")."""
    verbs = present_verbs()
    j = i
    while j < s.end and j - i < max_len:
        t = r.doc[j]
        if t.text in ".;:!?" or t.lower_ in _CLAUSE_STOP or (t.text == "," and j + 1 < s.end
                                                             and r.doc[j + 1].lower_ in _CLAUSE_STOP):
            break
        if t.lower_ in ("och", "samt") and j + 1 < s.end and j > i and (
                r.doc[j + 1].lower_ in verbs or r.doc[j + 1].lower_ in _FINITE):
            break
        if j > i and j in r.cue_starts:  # "ansvarar för X tillsammans med Y"
            break
        j += 1
    return j


_FINITE = frozenset("har är ska skall kan kommer får bör måste var hade".split())


def words(r: Reading, a: int, b: int) -> list[str]:
    return [t.text for t in r.doc[a:b] if not t.is_space]


def phrase(r: Reading, a: int, b: int) -> str:
    ws = words(r, a, b)
    if ws and ws[0].lower() == "att":
        ws = ws[1:]
    return names.statement(ws)


def keys(r: Reading, ms: list[Mention], si: int) -> list[str]:
    return [k for k in (r.mention_node(m, si) for m in ms) if k]


def ends_with_colon(r: Reading, s: Sentence) -> bool:
    """A list lead-in: the sentence ends in a colon, or in "att"/"följande" with bullets
    after it ("Vi rekommenderar nämnden att" + a bulleted list)."""
    toks = [t for t in r.doc[s.start:s.end] if not t.is_space]
    if not toks:
        return False
    if toks[-1].text == ":":
        return True
    si = r.sent_of[s.start]
    return toks[-1].lower_ in ("att", "följande") and si + 1 < len(r.sentences) \
        and r.sentences[si + 1].bullet


def list_items(r: Reading, si: int) -> list[tuple[int, str]]:
    """The items of a list after sentence si (which ends in a colon): bulleted or
    numbered items, or else short lines of their own until a heading or a new lead-in."""
    items: list[tuple[int, str]] = []
    j = si + 1
    if j >= len(r.sentences):
        return items
    bulleted = r.sentences[j].bullet
    number = 0
    while j < len(r.sentences) and len(items) < MAX_LIST:
        s = r.sentences[j]
        ws = words(r, s.start, s.end)
        if bulleted:
            if not s.bullet:
                break
            if ws and ws[0].isdigit():  # "1." "2." ...: a number out of turn is a new heading
                if int(ws[0]) != number + 1:
                    break
                number += 1
            while ws and (ws[0] in "•·▪◦●○■□–-*‣⁃" or _LIST_MARK.match(ws[0]) or ws[0] == "."):
                ws = ws[1:]
            if number and len(ws) <= 2 and items and ws and ws[-1] not in ".;" and \
                    all(r.sentences[k].text.rstrip().endswith((".", ";")) for k, _ in items):
                break  # "3. Ansvar" after full-sentence items: the next section's heading
        else:
            if not s.new_line or len(ws) > 40 or _HEADING.match(s.text) or not ws \
                    or not ws[0][:1].isupper():
                break
        text = names.statement(ws)
        if text:
            items.append((j, text))
        if ws and ws[-1] == ":":
            break
        j += 1
    return items


def object_target(r: Reading, s: Sentence, si: int, a: int, b: int, label: str = "Task") -> str:
    """The node a responsibility points at: a policy or agreement named right there, or
    else the phrase itself as a Task (or Goal)."""
    for m in s.mentions:
        if m.label in ("Policy", "Agreement") and a <= m.start < b and \
                _gap_ok(r, a, m.start, 3) or (m.label in ("Policy", "Agreement") and m.start <= a < m.end):
            return r.mention_node(m, si)
    ws = words(r, a, b)
    if len(ws) > 2 and ws[0].lower() in ("målet", "målsättningen", "delmålet") and ws[1].lower() == "att":
        label = "Goal"  # "ansvarar för målet att alla ...": a goal
        a = next(t.i for t in r.doc[a:b] if t.lower_ == "att") + 1
    text = phrase(r, a, b)
    if not text or len(text.split()) > 30:
        return ""
    ref = re.fullmatch(r"(?:[Mm]ål|[Dd]elmål) (\d+)", text)
    if ref and int(ref.group(1)) in r.numbered_goals:  # "ansvarar för mål 2" of a numbered list
        return r.numbered_goals[int(ref.group(1))]
    return r.node(label, text, ev=r.evidence(si, "object-phrase", 0.9))


# -- the rule families --------------------------------------------------------------

def responsibility(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    s = r.sentences[si]
    rule, conf = rec["id"], rec["confidence"]
    subj = chain_left(r, s, cue.start) or clause_subject(r, s, cue.start)
    obj_start = cue.end
    if rec.get("prep"):
        k = cue.end
        adverbs = {"också", "även", "bland", "annat", "främst", "huvudsakligen", "nu", "sedan",
                   "gemensamt", "i", "dag", "idag", "själv", "ensam", "numera", "därför"}
        while k < s.end and (r.doc[k].is_space or r.doc[k].lower_ in adverbs):
            k += 1
        if k < s.end and r.doc[k].lower_ != rec["prep"]:
            inv = chain_right(r, s, k, max_gap=0)
            if inv and inv[-1].end < s.end and r.doc[inv[-1].end].lower_ == rec["prep"]:
                subj, k = inv, inv[-1].end
            else:
                return
        obj_start = k + 1
    if rec.get("subject") == "genitive" and not subj:
        subj = [m for m in orgs(s) if m.end <= cue.start][-1:]
    end = clause_end(r, s, obj_start)
    if not subj:  # "De verksamheter som har ett direkt ansvar för X är A, B samt C"
        is_at = next((t.i for t in r.doc[obj_start:min(s.end, end + 1)] if t.lower_ == "är"), None)
        if is_at is not None and is_at - obj_start >= 1:
            subj = chain_right(r, s, is_at + 1, labels=frozenset({"Board", "Unit", "Forum", "ExternalActor"}),
                               max_gap=0)
            end = is_at
    if not subj:
        return
    subj_keys = keys(r, subj, si)
    if end - obj_start <= 0 or ends_with_colon(r, s) and end >= s.end - 2:
        items = list_items(r, si) if ends_with_colon(r, s) else []
        if items:
            r.used_lists.add(si)
        for ii, text in items:
            t = r.node("Task", text, ev=r.evidence(ii, rule, conf))
            for k in subj_keys:
                r.edge("RESPONSIBLE_FOR", k, t, r.evidence(ii, rule, conf * 0.9))
        return
    target = object_target(r, s, si, obj_start, end)
    for k in subj_keys:
        r.edge("RESPONSIBLE_FOR", k, target, r.evidence(si, rule, conf))


def responsibility_by(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    """"ansvaret för X ligger på Y", "huvudansvaret för X vilar hos Y"."""
    s = r.sentences[si]
    toks = r.doc[cue.end:s.end]
    at = next((t.i for t in toks if t.lower_ in ("ligger", "vilar", "flyttats", "överförts", "övergått",
                                                   "flyttades", "överfördes", "gick")
               and t.i + 1 < s.end and r.doc[t.i + 1].lower_ in ("på", "hos", "till", "över")), None)
    if at is None:
        return
    if cue.end < s.end and r.doc[cue.end].lower_ == "för":
        end = at
        while end > cue.end + 1 and (r.doc[end - 1].is_space or r.doc[end - 1].lower_ in _FINITE):
            end -= 1  # "ansvaret för X har flyttats till": X without the auxiliary
        obj = (cue.end + 1, end)
    else:
        return
    subj = chain_right(r, s, at + 2, max_gap=0)
    target = object_target(r, s, si, *obj)
    for k in keys(r, subj, si):
        r.edge("RESPONSIBLE_FOR", k, target, r.evidence(si, rec["id"], rec["confidence"]))


def responsibility_verb(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    """"KAN som samordnar nämndernas arbete" -> a task named by what is done."""
    s = r.sentences[si]
    if cue.end < s.end and r.doc[cue.end].lower_ == "till":
        return  # "leder till": a consequence, not a duty
    subj = chain_left(r, s, cue.start) or clause_subject(r, s, cue.start)
    if not subj:
        return
    end = clause_end(r, s, cue.end)
    if end - cue.end < 2:
        return
    text = names.statement(words(r, cue.start, end))
    t = r.node("Task", text, ev=r.evidence(si, rec["id"], rec["confidence"]))
    for k in keys(r, subj, si):
        r.edge("RESPONSIBLE_FOR", k, t, r.evidence(si, rec["id"], rec["confidence"]))


def assignment(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    """"ge kommunledningskontoret i uppdrag att ta fram en integrationspolicy"."""
    s = r.sentences[si]
    before = [t for t in r.doc[s.start:cue.start] if not t.is_space]
    if before and before[-1].lower_ in ("oss", "mig", "dem", "honom", "henne", "er", "dig"):
        return  # "har gett oss i uppdrag": the auditors' own assignment
    cands = [m for m in orgs(s) if m.end <= cue.start]
    if not cands:
        return
    end = clause_end(r, s, cue.end)
    target = ""
    for m in s.mentions:
        if m.label == "Policy" and cue.end <= m.start < end:
            target = r.mention_node(m, si)
            break
    if not target:
        target = object_target(r, s, si, cue.end, end)
    for k in keys(r, cands[-1:], si):
        r.edge("RESPONSIBLE_FOR", k, target, r.evidence(si, rec["id"], rec["confidence"]))


def audit_scope(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    """"granskning av kommunstyrelsens arbete med X": the board is answerable for X."""
    s = r.sentences[si]
    subj = chain_right(r, s, cue.end, labels=frozenset({"Board", "Unit"}), max_gap=0)
    if not subj or not all(is_genitive(r.doc, m) for m in subj):
        return
    end = clause_end(r, s, subj[-1].end)
    if end - subj[-1].end < 1:
        return
    target = object_target(r, s, si, subj[-1].end, end)
    for k in keys(r, subj, si):
        r.edge("RESPONSIBLE_FOR", k, target, r.evidence(si, rec["id"], rec["confidence"]))


def part_of(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    s = r.sentences[si]
    child = chain_left(r, s, cue.start, labels=ORGS, max_gap=3, any_words=True)
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
    for k in keys(r, child, si):
        rel = "MEMBER_OF" if r.label_of(p) == "Forum" else "PART_OF"
        r.edge(rel, k, p, r.evidence(si, rec["id"], rec["confidence"]))


def ingar(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    """"en grupp där X, Y och Z ingår" (members) or "X ingår i Y" (part)."""
    s = r.sentences[si]
    dar = next((t.i for t in r.doc[s.start:cue.start] if t.lower_ == "där"), None)
    if dar is not None:
        forum = [m for m in s.mentions if m.end <= dar and m.label == "Forum"]
        members = [m for m in orgs(s) if dar < m.start and m.end <= cue.start and m.label != "SELF"]
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


def members(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    s = r.sentences[si]
    forum = [m for m in s.mentions if m.end <= cue.start and m.label == "Forum"]
    if not forum:
        return
    f = r.mention_node(forum[-1], si)
    for m in [m for m in orgs(s) if m.start >= cue.end and m.label != "SELF"]:
        r.edge("MEMBER_OF", r.mention_node(m, si), f, r.evidence(si, rec["id"], rec["confidence"]))


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
    for sj in range(si, min(si + 8, len(r.sentences))):
        boards = [m for m in r.sentences[sj].mentions if m.label == "Board" and m.start >= cue.end]
        if boards:
            b = r.mention_node(boards[0], sj)
            r.edge(rec["rel"], b, title_policy, r.evidence(si, rec["id"], rec["confidence"], until=sj))
            return


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
    verbs = present_verbs()
    for n, (ii, text) in enumerate(items, 1):
        if text.split()[0].lower() in verbs:
            continue  # "Anordnar nätverksträffar": a duty, not a goal
        g = r.node("Goal", text, ev=r.evidence(ii, rec["id"], rec["confidence"]))
        if r.doc[r.sentences[ii].start].text.isdigit():
            r.numbered_goals[int(r.doc[r.sentences[ii].start].text)] = g
        if p:
            r.edge("DERIVED_FROM", g, p, r.evidence(ii, rec["id"], rec["confidence"]))


def duty_list(r: Reading, si: int) -> None:
    """A lead-in whose subject is an organisation (or "vi" on the municipality's own
    page) followed by items that begin with a present-tense verb ("Anordnar
    nätverksträffar ...", "Stödjer kommunerna ..."): the subject's tasks."""
    s = r.sentences[si]
    if si in r.used_lists or not ends_with_colon(r, s):
        return
    items = list_items(r, si)
    verbs = present_verbs()
    duties = [(ii, t) for ii, t in items if t.split()[0].lower() in verbs]
    if not duties or len(duties) * 2 < len(items):
        return
    subj = [m for m in orgs(s) if m.label != "SELF" or r.mention_node(m, si)]
    if not subj:
        return
    k = r.mention_node(subj[0], si)
    r.used_lists.add(si)
    for ii, text in duties:
        t = r.node("Task", text, ev=r.evidence(ii, "resp-duty-list", 0.7))
        r.edge("RESPONSIBLE_FOR", k, t, r.evidence(ii, "resp-duty-list", 0.7))


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
    text = phrase(r, att + 1, clause_end(r, s, att + 1, 40))
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
    text = phrase(r, cue.end, clause_end(r, s, cue.end, 40))
    if not text or len(text.split()) < 2:
        return
    rk = r.node("Recommendation", text, ev=r.evidence(si, rec["id"], rec["confidence"]))
    for k in keys(r, to, si):
        r.edge("ADDRESSED_TO", rk, k, r.evidence(si, rec["id"], rec["confidence"]))


FAMILIES: dict[str, Callable[[Reading, int, Span, dict[str, Any]], None]] = {
    "RESP": responsibility,
    "RESP_BY": responsibility_by,
    "RESP_VERB": responsibility_verb,
    "UPPDRAG": assignment,
    "AUDIT_SCOPE": audit_scope,
    "PART": part_of,
    "INGAR": ingar,
    "MEMBERS": members,
    "COLLAB": collaboration,
    "COLLAB_BETWEEN": collaboration_between,
    "GOAL_SET": goal_set,
    "GOAL_IS": goal_is,
    "GOAL_BY_POLICY": goal_by_policy,
    "ADOPT": adopt,
    "ADOPT_PASSIVE": adopt_passive,
    "DERIVE": derived,
    "GOAL_LIST": goal_list,
    "ASSESS": assessed,
    "RECOMMEND": recommendation,
    "SHOULD": should,
}


_GOAL_HEADING = re.compile(r"(övergripande |prioriterade |strategiska )?(mål|målen|målsättning(ar)?|"
                           r"effektmål|delmål|delmålen|mål och delmål)", re.IGNORECASE)


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
        if heading is None or si in done or s.bullet and si - 1 in r.used_lists:
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


FAMILIES["PART_INOM"] = part_inom


def responsibility_passive(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    """"Kommunens arbete med integration leds av Arbetsmarknadsenheten"."""
    s = r.sentences[si]
    subj = chain_right(r, s, cue.end, max_gap=0)
    if not subj:
        return
    a = s.start
    while a < cue.start and (r.doc[a].is_space or r.doc[a].text in BULLETS_TEXT):
        a += 1
    if cue.start - a < 1 or cue.start - a > 20:
        return
    target = object_target(r, s, si, a, cue.start)
    for k in keys(r, subj, si):
        r.edge("RESPONSIBLE_FOR", k, target, r.evidence(si, rec["id"], rec["confidence"]))


BULLETS_TEXT = frozenset("•·▪◦●○■□–-*‣⁃")
FAMILIES["RESP_PASSIVE"] = responsibility_passive
