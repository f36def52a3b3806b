"""What every cue family's rule needs: the ends of a relation among a sentence's
mentions (subject to the left, object to the right, coordinated ends "X, Y och Z"),
where a phrase ends, and the list that follows a lead-in ending in a colon.
"""

from __future__ import annotations

import re

from ansvarsgraf.loaders.extract import names
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


BULLETS_TEXT = frozenset("•·▪◦●○■□–-*‣⁃")


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
        gap = [t for t in gap if not (t.text in "()" or t.is_upper and t.is_alpha and len(gap) >= 3
                                      and gap[0].text == "(")]  # "X (IFO) tillhör Y": the acronym
        gap = [t for t in gap if t.text == "," or t.lower_ not in _FILLER]  # ", som i dag hör till"
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
    owned = {m.start: m for m in cands}  # "med Ljusdals kommuns socialtjänst": the unit
    cands = [m for m in cands if not (m.label in ("Municipality", "Board") and m.end in owned
                                      and is_genitive(r.doc, m))]
    first = cands[0]
    out = [first]
    for m in cands[1:]:
        between = [t for t in r.doc[out[-1].end:m.start] if not t.is_space]
        if between and all(t.lower_ in _COORD for t in between) and len(between) <= 2:
            out.append(m)
        else:
            break
    return out


def clause_end(r: Reading, s: Sentence, i: int, max_len: int = 30, at_cues: bool = True) -> int:
    """Where the phrase starting at token i ends: punctuation, "men"/"vilket", or "och"
    before a new finite verb ("samordnar X och har ett samarbete med Y"), but not before
    a second prepositional phrase ("ansvarar för X och för Y"). With `at_cues`, also
    where another cue begins ("ansvarar för X tillsammans med Y")."""
    verbs = present_verbs() - _PREPOSITIONS
    j = i
    while j < s.end and j - i < max_len:
        t = r.doc[j]
        if t.text in ".;:!?" or t.lower_ in _CLAUSE_STOP or (t.text == "," and j + 1 < s.end
                                                             and r.doc[j + 1].lower_ in _CLAUSE_STOP):
            break
        if t.lower_ in ("och", "samt") and j + 1 < s.end and j > i and (
                r.doc[j + 1].lower_ in verbs or r.doc[j + 1].lower_ in _FINITE):
            break
        if at_cues and j > i and j in r.cue_starts:  # "ansvarar för X tillsammans med Y"
            break
        j += 1
    return j


_FINITE = frozenset("har är ska skall kan kommer får bör måste var hade".split())
_PREPOSITIONS = frozenset({"för", "per"})  # also forms of verbs in the lexicon ("föra")


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


# After a comma these open a clause or an aside, not the next item of a list.
_ASIDE = frozenset("som vilket vilka vilken där inklusive exempelvis bland t.ex. till "
                   "medan men eftersom samtidigt dock varav bl.a.".split())
_SHORT_VERBS = frozenset("ger gör tar får går står ser blir sker".split())


def object_items(r: Reading, a: int, b: int) -> list[tuple[int, int]]:
    """The objects in [a, b): "A, B och C samt för D" -> A, B, C, D; cut where a comma
    opens an aside ("SFI, som bedrivs av Komvux"; "X, inklusive Y"). Without a comma or
    a repeated "för", "A och B" stays one object ("mottagande och bostadsförsörjning")."""
    verbs = present_verbs()
    toks = [t for t in r.doc[a:b] if not t.is_space]
    for n, t in enumerate(toks[:-1]):
        nxt = toks[n + 1].lower_
        if t.text == "," and (nxt in _ASIDE or nxt in _FINITE or nxt in _SHORT_VERBS
                              or (nxt in verbs and nxt not in ("för", "per"))):
            toks = toks[:n]
            break
    if not toks:
        return []
    if toks[0].lower_ == "att" or any(t.text in "()" for t in toks):
        return [(toks[0].i, toks[-1].i + 1)]  # a clause, or a list in brackets: one object
    seps = [n for n, t in enumerate(toks) if t.text == "," or (
        t.lower_ in ("och", "samt") and n + 1 < len(toks) and toks[n + 1].lower_ == "för")]
    if not seps:
        return [(toks[0].i, toks[-1].i + 1)]
    last_comma = max((n for n in seps if toks[n].text == ","), default=-1)
    seps += [n for n, t in enumerate(toks) if n > last_comma and t.lower_ in ("och", "samt")
             and n not in seps and last_comma >= 0]
    out, start = [], 0
    for n in sorted(set(seps)) + [len(toks)]:
        item = toks[start:n]
        while item and item[0].lower_ in ("för", "och", "samt", ","):
            item = item[1:]
        if item:
            out.append((item[0].i, item[-1].i + 1))
        start = n + 1
    return out


def object_target(r: Reading, s: Sentence, si: int, a: int, b: int, label: str = "Task") -> str:
    """The node a responsibility points at: a policy or agreement named right there, or
    else the phrase itself as a Task (or Goal)."""
    lead = a + 1 if a < b and r.doc[a].lower_ == "att" else a  # "ansvarar för att strategin följs upp"
    for m in s.mentions:
        if m.label in ("Policy", "Agreement") and lead <= m.start < b and \
                _gap_ok(r, lead, m.start, 3) or (m.label in ("Policy", "Agreement") and m.start <= a < m.end):
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


_GOAL_REFS = re.compile(r"(?:(?:del|effekt)?mål(?:en)?\s+)(\d+)((?:\s*(?:,|och|samt)\s*(?:(?:del|effekt)?mål\s+)?\d+)*)",
                        re.IGNORECASE)


def goal_refs(text: str) -> list[int]:
    """"delmål 2 och delmål 3", "mål 1, 2 och 4" -> [2, 3], [1, 2, 4]; [] otherwise."""
    m = _GOAL_REFS.fullmatch(text.strip(" .,;"))
    if not m:
        return []
    return [int(n) for n in re.findall(r"\d+", m.group(0))]


def resolve_goal_refs(r: Reading) -> None:
    """Responsibilities for numbered goals, once the goals are known; a number the report
    never listed leaves the reference as a Task."""
    for subj_keys, refs, text, ev in r.pending_goal_refs:
        targets = [r.numbered_goals[n] for n in refs if n in r.numbered_goals]
        if not targets:
            targets = [r.node("Task", text, ev=ev)]
        for k in subj_keys:
            for t in targets:
                r.edge("RESPONSIBLE_FOR", k, t, ev)


_NP_PREPS = frozenset("inom i under till av hos".split())


def noun_phrase_head(r: Reading, s: Sentence, subj: list[Mention]) -> list[Mention]:
    """The organisation a subject found to the left really belongs to when it is the
    object of a preposition: "Arbetsmarknadsenheten inom arbetsmarknadsförvaltningen
    bedriver", "Flyktingsamordningen, som i dag hör till socialförvaltningen, handlägger"
    -> the first organisation, not the second. [] when the subject is no such object."""
    if not subj or subj[0].start <= s.start:
        return subj
    before = [t for t in r.doc[s.start:subj[0].start] if not t.is_space]
    if not before or before[-1].lower_ not in _NP_PREPS:
        return subj
    heads = [m for m in s.mentions if m.label in ORGS and m.end <= before[-1].i]
    if not heads:
        return []
    head = heads[-1]
    between = [t for t in r.doc[head.end:before[-1].i] if not t.is_space]
    if not between or (between[:2] and between[0].text == "," and len(between) > 1 and between[1].lower_ == "som"):
        return [head]
    return []
