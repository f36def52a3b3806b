"""Who answers for what: "ansvarar för", "ansvaret ligger på", "i uppdrag att",
"leds av", duties named by a verb, and lists of duties."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span

from ansvarsgraf.loaders.extract import names
from ansvarsgraf.loaders.extract.graphbuild import Reading
from ansvarsgraf.loaders.extract.mentions import is_genitive
from ansvarsgraf.loaders.extract.pipeline import present_verbs
from ansvarsgraf.loaders.extract.relations.common import (
    _FINITE, _NP_PREPS, BULLETS_TEXT, chain_left, goal_refs, noun_phrase_head, chain_right, clause_end, clause_subject, ends_with_colon, keys,
    list_items, object_items, object_target, orgs, phrase, words,
)


_PREP_BEFORE = frozenset("med av för från hos till mellan".split())
_VERB_ADVERBS = frozenset("redan också även sedan länge i dag idag numera bland annat främst".split())
_OWNER_GENITIVES = frozenset("kommunens regionens stadens".split())


def responsibility(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    s = r.sentences[si]
    rule, conf = rec["id"], rec["confidence"]
    subj = chain_left(r, s, cue.start) or clause_subject(r, s, cue.start)
    if subj and subj[0].start > s.start and r.doc[subj[0].start - 1].lower_ in _PREP_BEFORE | {"inom", "i", "under"}:
        subj = noun_phrase_head(r, s, subj)  # "X, som är en del av Y, ansvarar": X; "Inom Y ansvarar X": none
    obj_start = cue.end
    if rec.get("prep"):
        k = cue.end
        adverbs = {"också", "även", "bland", "annat", "främst", "huvudsakligen", "nu", "sedan",
                   "gemensamt", "i", "dag", "idag", "själv", "ensam", "numera", "därför"}
        while k < s.end and (r.doc[k].is_space or r.doc[k].lower_ in adverbs):
            k += 1
        lead = [t for t in r.doc[s.start:cue.start] if not t.is_space]
        if not subj and len(lead) > 1 and lead[0].lower_ == rec["prep"]:
            # "För delmål 1 svarar arbetsmarknadsnämnden": the object first, the subject after
            topical = chain_right(r, s, k, max_gap=0)
            if topical:
                _answer(r, si, topical, lead[0].i + 1, cue.start, rule, conf)
            return
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
    before = subj[0].start - 1
    while before > s.start and r.doc[before].is_space:
        before -= 1
    if r.doc[before].lower_ == "som" and before > s.start:
        # "en integrationsplan som Integrationsservice ansvarar för att följa upp": the plan
        named = [m for m in s.mentions if m.label in ("Policy", "Agreement", "Goal") and m.end == before]
        if named:
            t = r.mention_node(named[0], si)
            for k in subj_keys:
                r.edge("RESPONSIBLE_FOR", k, t, r.evidence(si, rule, conf * 0.9))
            return
    if end - obj_start <= 0 or ends_with_colon(r, s) and end >= s.end - 2:
        items = list_items(r, si) if ends_with_colon(r, s) else []
        if items:
            r.used_lists.add(si)
        for ii, text in items:
            t = r.node("Task", text, ev=r.evidence(ii, rule, conf))
            for k in subj_keys:
                r.edge("RESPONSIBLE_FOR", k, t, r.evidence(ii, rule, conf * 0.9))
        return
    _answer(r, si, subj, obj_start, end, rule, conf)


def _answer(r: Reading, si: int, subj: list, a: int, b: int, rule: str, conf: float) -> None:
    """The subjects answer for the phrase [a, b): a Task, a named document, or goals of a
    numbered list ("delmål 2 och 3"), which are resolved once the goals are read."""
    refs = goal_refs(" ".join(words(r, a, b)))
    if refs:
        r.pending_goal_refs.append((keys(r, subj, si), refs, phrase(r, a, b), r.evidence(si, rule, conf)))
        return
    for ia, ib in object_items(r, a, b):
        target = object_target(r, r.sentences[si], si, ia, ib)
        for k in keys(r, subj, si):
            r.edge("RESPONSIBLE_FOR", k, target, r.evidence(si, rule, conf))


def responsibility_by(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    """"ansvaret för X ligger på Y", "huvudansvaret för X vilar hos Y"."""
    s = r.sentences[si]
    toks = r.doc[cue.end:s.end]
    at = next((t.i for t in toks if t.lower_ in ("ligger", "vilar", "flyttats", "överförts", "övergått",
                                                   "flyttades", "överfördes", "gick", "lagts", "lades",
                                                   "lagt", "placerats", "delegerats", "delegerades")
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
    subj = chain_right(r, s, at + 2, max_gap=1, skip=_OWNER_GENITIVES)  # "på kommunens integrationsenhet"
    target = object_target(r, s, si, *obj)
    for k in keys(r, subj, si):
        r.edge("RESPONSIBLE_FOR", k, target, r.evidence(si, rec["id"], rec["confidence"]))


def responsibility_verb(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    """"KAN som samordnar nämndernas arbete" -> a task named by what is done."""
    s = r.sentences[si]
    if cue.end < s.end and r.doc[cue.end].lower_ == "till":
        return  # "leder till": a consequence, not a duty
    subj = chain_left(r, s, cue.start, max_gap=8) or clause_subject(r, s, cue.start)
    if subj and subj[0].start > s.start:
        prev = r.doc[subj[0].start - 1].lower_
        if prev in _NP_PREPS:  # "Enheten inom förvaltningen bedriver": the unit
            subj = noun_phrase_head(r, s, subj)
        elif prev in _PREP_BEFORE:  # "Tillsammans med Röda korset driver kommunen": none
            return
    if not subj:
        return
    end = clause_end(r, s, cue.end)
    if end - cue.end < 2:
        return
    start = cue.start
    if rec.get("object_only"):  # "bedriver språkpraktik": the task is what is run
        start = cue.end
        while start < end and r.doc[start].lower_ in _VERB_ADVERBS:
            start += 1
    text = names.statement(words(r, start, end))
    if not text:
        return
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


def responsibility_shall(r: Reading, si: int, cue: Span, rec: dict[str, Any]) -> None:
    """"Socialnämnden och utbildningsnämnden ska gemensamt ta fram rutiner för ...": a
    duty the sentence lays on its subjects, named by what they are to do."""
    s = r.sentences[si]
    subj = chain_left(r, s, cue.start)
    if not subj or subj[0].start > s.start and r.doc[subj[0].start - 1].lower_ in _PREP_BEFORE:
        return
    verb = cue.end - 1
    end = clause_end(r, s, verb + 1, 30, at_cues=False)
    if end - verb < 2:
        return
    t = r.node("Task", names.statement(words(r, verb, end)), ev=r.evidence(si, rec["id"], rec["confidence"]))
    for k in keys(r, subj, si):
        r.edge("RESPONSIBLE_FOR", k, t, r.evidence(si, rec["id"], rec["confidence"]))
