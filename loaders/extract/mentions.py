"""Mentions: the spans the `mentions` SpanRuler found, with overlaps resolved, names
made canonical, complements attached ("överenskommelse med Länsstyrelsen om ...") and
generic words dropped. Relations are read between these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from ansvarsgraf.loaders.extract import names, resources
from ansvarsgraf.loaders.extract.pipeline import present_verbs

ORGS = frozenset({"Municipality", "Board", "Unit", "ExternalActor", "Forum"})
STATEMENTS = frozenset({"Goal", "Task", "Policy", "Agreement", "Recommendation"})
# A complement ("för ...", "med ...", "om ...") ends at punctuation, a finite verb or a
# relative word; these are the words.
STOP_WORDS = frozenset(
    "är var har hade ska skall kommer kan får fick blir blev bör måste som vilket vilken "
    "vilka där när men eftersom då samt medan vars och/eller enligt senast inför framtagna "
    "framtagen framtaget antagna antagen antaget fastställd fastställda fastställt beslutad "
    "beslutade reviderad reviderades trädde gäller gällde antogs antas fastställdes fastställs "
    "beslutades godkändes godkänns reviderades upphävdes följs genomförs förlängs tas görs "
    "upphör löper årligen löpande regelbundet kontinuerligt".split())
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
STOP_PUNCT = frozenset(".,;:!?()[]”“\"«»")
_AFTER_OCH_STOPS = frozenset("den det de dess vi kommunen överenskommelsen avtalet planen "
                             "strategin programmet man".split())
_COMPLEMENT_HEADS = {
    "Agreement": frozenset({"med", "mellan", "om", "att", "för", "kring", "avseende", "gällande"}),
    "Policy": frozenset({"för", "om", "mot", "avseende", "gällande", "kring"}),
}
# "en plan för antagande i fullmäktige": a purpose, not part of the name
_PURPOSE = frozenset("antagande beslut godkännande remiss kännedom yttrande information "
                     "beredning".split())
_PRIORITY = {"gaz": 4, "multi": 3, "ANAPHOR": 2, "single": 1}


@dataclass
class Mention:
    label: str  # a SCHEMA.md label, or SELF ("kommunen", "vi") or ANAPHOR ("rådet")
    start: int  # token span in the Doc
    end: int
    name: str  # canonical name (ANAPHOR: the head word, lower case)
    rule: str
    national: bool = False
    key: str = ""  # the node key, once resolved


def _priority(span: Span) -> int:
    rid = span.id_
    if rid.startswith("gaz-") or rid == "municipality-form":
        return _PRIORITY["gaz"]
    if span.label_ == "ANAPHOR":
        return _PRIORITY["ANAPHOR"]
    return _PRIORITY["multi"] if len(span) > 1 else _PRIORITY["single"]


def complement_end(doc: Doc, i: int, limit: int, max_len: int = 16,
                   starts: frozenset[int] = frozenset()) -> int:
    """The end of a complement phrase that starts at token i, within [i, limit); it also
    ends where another document's name begins (`starts`)."""
    verbs = present_verbs()
    j = i
    while j < limit and j - i < max_len:
        t = doc[j]
        low = t.lower_
        if t.is_space:
            if t.text.count("\n") >= 2:
                break
            j += 1
            continue
        if t.text in STOP_PUNCT or low in STOP_WORDS or t.text in "–-" and j == i:
            break
        if j > i and j in starts and t.text[:1].isupper():
            break
        if j > i and (low in verbs and low not in ("för", "per")) or _DATE.match(t.text):
            break
        if low == "i" and j + 1 < limit and doc[j + 1].lower_ in ("enlighet", "samband", "syfte", "kraft"):
            break
        if low == "och" and j + 1 < limit and doc[j + 1].lower_ in _AFTER_OCH_STOPS:
            break
        if low == "mellan" and j > i and any(t.lower_ in ("om", "för", "kring") for t in doc[i - 1:j]):
            break  # "överenskommelse om X mellan A och B": the parties are not the name
        j += 1
    while j > i and (doc[j - 1].is_space or doc[j - 1].lower_ in ("och", "i", "av", "med", "för", "om")):
        j -= 1
    return j


def find(doc: Doc, sent_end: list[int], in_chrome, not_actors: frozenset[str]) -> list[Mention]:
    """Mentions in reading order. `sent_end[i]` is the end token of token i's sentence;
    `in_chrome(char)` tells whether a character offset is page chrome."""
    spans = [s for s in doc.spans["mentions"] if not in_chrome(doc[s.start].idx)]
    spans.sort(key=lambda s: (-(s.end - s.start), -_priority(s), s.start))
    taken = [False] * len(doc)
    chosen: list[Span] = []
    for s in spans:
        if any(taken[s.start:s.end]):
            continue
        for k in range(s.start, s.end):
            taken[k] = True
        chosen.append(s)
    chosen.sort(key=lambda s: s.start)
    full_forms = {s.id_.split("|", 1)[1] for s in chosen if s.id_.startswith(("gaz-municipality|", "gaz-region|"))}
    full_forms |= _spaced(chosen)
    chosen = [s for s in chosen if not s.id_.startswith("gaz-municipality-bare|")
              or s.id_.split("|", 1)[1] in full_forms]
    doc_starts = frozenset(s.start for s in doc.spans["mentions"]
                           if s.label_ in ("Policy", "Agreement"))
    out: list[Mention] = []
    swallowed_until = -1
    for s in chosen:
        if s.start < swallowed_until and s.label_ in ("Policy", "Agreement", "ANAPHOR"):
            continue
        m = _make(doc, s, sent_end, not_actors, doc_starts)
        if m is None:
            continue
        if m.label in ("Policy", "Agreement"):
            swallowed_until = max(swallowed_until, m.end)
        out.append(m)
    _attach_genitive_owner(doc, out)
    out = _owned_units(doc, out)
    out = _acronyms(doc, out, sent_end)
    out = _named_by_context(doc, out, sent_end, in_chrome, not_actors)
    for a, b in zip(out, out[1:]):  # "Arbetsmarknadsnämndens förvaltning, Arbetslivsförvaltningen,": one unit
        if a.rule == "unit-of-board" and b.label == "Unit" and \
                [t.text for t in doc[a.end:b.start] if not t.is_space] == [","]:
            a.name = b.name
    for a, b in zip(out, out[1:]):  # "integrationspolicy/ integrationsplan": one document
        if a.label == b.label == "Policy" and doc[a.end - 1].text.endswith("/") and \
                all(t.is_space for t in doc[a.end:b.start]):
            b.name = a.name
    return out


def _make(doc: Doc, s: Span, sent_end: list[int], not_actors: frozenset[str],
          starts: frozenset[int] = frozenset()) -> Mention | None:
    label, rid = s.label_, s.id_
    words = [t.text for t in s if not t.is_space]
    if s.text.casefold() in not_actors or any(w.casefold() in not_actors for w in words):
        return None
    if rid.startswith("gaz-"):
        rule, canonical = rid.split("|", 1)
        return Mention(label, s.start, s.end, canonical, rule, national=rule == "gaz-national")
    if rid == "municipality-form":
        official = _official(s[0].text)
        return Mention(label, s.start, s.end, official, rid) if official else None
    if label == "SELF":
        return Mention("SELF", s.start, s.end, s.text.lower(), rid)
    if rid == "unit-proper-name":  # "enheten för ensamkommande barn Pangea": named Pangea
        if s[-1].lower_ in not_actors or _official(s[-1].text) or s[-1].text in ("Sverige",):
            return None
        if s.end - s.start == 2:  # "Avdelningen Integration": the head is part of the name
            return Mention(label, s.start, s.end, names.capitalise(s.text.lower().split()[0]) + " "
                           + s[-1].text, rid)
        return Mention(label, s.start, s.end, s[-1].text, rid)
    if rid == "unit-place-named":  # "Hudiksvalls lärcentrum", "Komvux Ystad": the place names it
        place = words[0] if _official(words[0]) else words[-1]
        if not _official(place):
            return None
        return Mention(label, s.start, s.end, names.capitalise(" ".join(words)), rid)
    if label in ("Board", "Unit", "Forum"):
        if rid == "forum-named" and len(words) == 2:  # "Integrationsforum Bergslagen": a proper name
            return Mention(label, s.start, s.end, names.organisation(words[:1]) + " " + words[1], rid)
        return Mention(label, s.start, s.end, names.organisation(words), rid)
    if label == "ExternalActor":
        name = " ".join(words)
        if rid == "agency-suffix":
            name = names.strip_genitive(name)
        if rid == "agency-county":  # "Länsstyrelsens Gävleborgs län" -> "Länsstyrelsen Gävleborg"
            name = "Länsstyrelsen " + names.strip_genitive(words[1])
            return Mention(label, s.start, s.end, name, rid, national=True)
        return Mention(label, s.start, s.end, names.capitalise(name), rid,
                       national=rid == "agency-suffix")
    if label in ("Policy", "Agreement", "ANAPHOR"):
        end = s.end
        nxt = end
        while nxt < len(doc) and doc[nxt].is_space and doc[nxt].text.count("\n") < 2:
            nxt += 1
        head_label = label if label != "ANAPHOR" else _anaphor_label(s.text.lower())
        heads = _COMPLEMENT_HEADS.get(head_label or "", frozenset())
        if nxt + 1 < len(doc) and doc[nxt + 1].lower_ in _PURPOSE:
            heads = frozenset()  # "plan för antagande": what it is for, not its name
        if s[-1].lower_ in heads:  # the pattern ended on the preposition
            end = complement_end(doc, s.end, sent_end[s.start], starts=starts)
            if end <= s.end:
                return None
        elif nxt < len(doc) and doc[nxt].lower_ in heads and nxt < sent_end[s.start]:
            end2 = complement_end(doc, nxt + 1, sent_end[s.start], starts=starts)
            if end2 > nxt + 1:
                end = end2
        if label == "ANAPHOR" and end == s.end:
            return Mention("ANAPHOR", s.start, s.end, s.text.lower(), rid)
        label = head_label or label
        toks = doc[s.start:end].text.split()
        if label == "Agreement" and end == s.end and rid == "agreement-head" and \
                s.text.lower().startswith(("avtal", "överenskommelse", "avsiktsförklaring")):
            return None  # a bare "avtal": generic
        if len(toks) == 1 and rid in ("policy-compound", "agreement-head"):
            toks = [names.strip_genitive(toks[0]) if toks[0].lower().endswith(
                ("ens", "ns", "ets", "nas")) else toks[0]]
        name = names.statement(toks, agreement=label == "Agreement")
        if not name:
            return None
        if rid == "policy-head-for" and s[0].text.islower() and end - s.end < 2 and \
                not any(c.isdigit() for c in doc[s.end:end].text) and \
                not (s.start > 0 and doc[s.start - 1].lower_.endswith("s")):
            return None  # "riktlinjer för verksamheten": no particular document
        return Mention(label, s.start, end, name, rid)
    return None


def _official(word: str) -> str:
    """"Pajala" or "Pajalas" -> "Pajala kommun" (from the gazetteer), else ""."""
    by_name = _by_name()
    return by_name.get(word) or (by_name.get(word[:-1], "") if word.endswith("s") else "")


_BY_NAME: dict[str, str] = {}


def _by_name() -> dict[str, str]:
    if not _BY_NAME:
        _BY_NAME.update({m.name: m.official for m in resources.gazetteers().municipalities})
    return _BY_NAME


def _spaced(chosen: list[Span]) -> set[str]:
    """Municipalities written in full with odd spacing ("Pajala  kommun")."""
    return {_official(c[0].text) for c in chosen if c.id_ == "municipality-form"}


def _anaphor_label(word: str) -> str | None:
    if word.startswith(("överenskommelse", "avtal", "avsiktsförklaring")):
        return "Agreement"
    if word.startswith(("strategi", "plan", "program", "policy", "riktlinje", "vision", "handlingsplan")):
        return "Policy"
    return None


def _acronyms(doc: Doc, out: list[Mention], sent_end: list[int]) -> list[Mention]:
    """"Kompetens- och arbetsmarknadsnämnden (KAN)": later "KAN" names the same body."""
    defined: dict[str, Mention] = {}
    for m in out:
        e = m.end
        if m.label in ORGS and e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")" \
                and doc[e + 1].is_upper and 2 <= len(doc[e + 1].text) <= 6:
            defined.setdefault(doc[e + 1].text, m)
    if not defined:
        return out
    taken = {i for m in out for i in range(m.start, m.end)}
    extra = [Mention(defined[t.text].label, t.i, t.i + 1, defined[t.text].name, "acronym",
                     national=defined[t.text].national)
             for t in doc if t.text in defined and t.i not in taken
             and not (t.i > 0 and doc[t.i - 1].text == "(")]
    return sorted(out + extra, key=lambda m: m.start)


def _named_by_context(doc: Doc, out: list[Mention], sent_end: list[int], in_chrome,
                      not_actors: frozenset[str]) -> list[Mention]:
    """"Lärcentrum, som är organiserat under utbildningsförvaltningen": a capitalised name
    no head word explains is a Unit when it sits under a board or unit
    (patterns/unit_contexts.tsv); its other mentions in the report then count too."""
    taken = {i for m in out for i in range(m.start, m.end)}
    starts = {m.start: m for m in out}
    contexts = resources.unit_contexts()
    named: dict[str, str] = {}
    for t in doc:
        if t.i in taken or not t.is_alpha or not t.text[:1].isupper() or t.is_upper or len(t.text) < 4 \
                or t.lower_ in not_actors or in_chrome(t.idx):
            continue
        if t.i > 0 and doc[t.i - 1].is_alpha and doc[t.i - 1].text[:1].isupper():
            continue  # "Anna Svensson tillhör ...": a person's name
        j = t.i + 1
        after = [w for w in doc[j:min(sent_end[t.i], j + 8)] if not w.is_space]
        low = [w.lower_ for w in after]
        if low[:2] == [",", "som"]:
            after, low = after[2:], low[2:]
        for ctx in contexts:
            if tuple(low[:len(ctx)]) != ctx:
                continue
            rest = after[len(ctx):len(ctx) + 3]
            parent = next((starts[w.i] for w in rest if w.i in starts), None)
            if parent is not None and parent.label in ("Board", "Unit"):
                named[t.text] = t.text
            break
    if not named:
        return out
    variants = {**named, **{n + "s": n for n in named}}
    extra = [Mention("Unit", t.i, t.i + 1, variants[t.text], "unit-named-by-context")
             for t in doc if t.text in variants and t.i not in taken and not in_chrome(t.idx)]
    return sorted(out + extra, key=lambda m: m.start)


def _attach_genitive_owner(doc: Doc, out: list[Mention]) -> None:
    """"Piteå kommuns program för integrationsarbetet": a policy named after its owner
    keeps the owner's genitive in its name."""
    for i, m in enumerate(out):
        if m.label != "Policy" or i == 0:
            continue
        prev = out[i - 1]
        if prev.end == m.start and prev.label in ("Municipality", "Board") and \
                doc[prev.end - 1].lower_.endswith("s") and m.rule in ("policy-head-for", "policy-head-year"):
            words = [t.text for t in doc[prev.start:m.end] if not t.is_space]
            m.name = names.statement(words)
            m.start = prev.start


_OWNED_UNIT = re.compile(r"^[a-zåäö]{3,}(tjänst|omsorg|mottagning)$")


def _owned_units(doc: Doc, out: list[Mention]) -> list[Mention]:
    """"Ljusdals kommuns socialtjänst", "nämndens flyktingmottagning": after an owner's
    genitive an indefinite tjänst/omsorg/mottagning compound names a unit (alone, the
    indefinite is an activity: "socialtjänst ges ...")."""
    taken = {i for m in out for i in range(m.start, m.end)}
    extra = []
    for m in out:
        if m.label not in ("Municipality", "Board", "SELF") or not is_genitive(doc, m):
            continue
        if m.end < len(doc) and m.end not in taken and _OWNED_UNIT.match(doc[m.end].lower_):
            extra.append(Mention("Unit", m.end, m.end + 1, names.organisation([doc[m.end].text]),
                                 "unit-owned-indefinite"))
    return sorted(out + extra, key=lambda m: m.start) if extra else out


def is_genitive(doc: Doc, m: Mention) -> bool:
    last = doc[m.end - 1].lower_
    return last.endswith("s") and not last.endswith("ss")


def head_of_anaphor(word: str) -> str:
    """"rådets" -> "råd", "strategin" -> "strategi", "överenskommelsen" -> "överenskommelse"."""
    w = word.lower()
    if w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    for head, dfn, _ in resources.gazetteers().heads:
        if w == dfn:
            return head
    for suffix in ("erna", "en", "et", "n"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouyåäö":
                w = w[:-1]  # "programmet" -> "program"
            return w
    return w
