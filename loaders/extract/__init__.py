"""Extraction: clean text in, a DocumentGraph out (nodes, edges, evidence).

The way through: page chrome is marked (chrome.py); the cached spaCy pipeline
(pipeline.py) splits sentences and finds mention and cue spans from the data files;
mentions become canonical nodes scoped by the report's municipality (mentions.py,
names.py, graphbuild.py); each cue family's rule reads its relation (relations.py) and
the structural rules below read what a name's own shape says (an agreement's parties,
"Kommunstyrelsens arbetsutskott").
"""

from __future__ import annotations

import re
from collections import Counter

from ansvarsgraf.graph.model import DocumentGraph, Report
from ansvarsgraf.loaders.extract import chrome as chrome_mod
from ansvarsgraf.loaders.extract import names, resources
from ansvarsgraf.loaders.extract.graphbuild import BULLET_START, Reading, Sentence
from ansvarsgraf.loaders.extract.mentions import ORGS, Mention, find, is_genitive
from ansvarsgraf.loaders.extract.pipeline import nlp
from ansvarsgraf.loaders.extract.relations import (
    FAMILIES,
    chain_left,
    document_meta,
    duty_list,
    resolve_goal_refs,
    resolve_owners,
    section_goals,
)
from ansvarsgraf.loaders.text import Text

__all__ = ["extract"]

_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_AUDIT = re.compile(r"\b(revisionsrapport|revisorer(na)?|granskning(en)?|förstudie|"
                    r"revisionell|revisionsfråg)", re.IGNORECASE)
_TITLE_POLICY = re.compile(r"^(\w+ )?(\w*(strategi|plan|program|policy|riktlinjer|reglemente|vision)\b|"
                           r"styrande dokument\b)", re.IGNORECASE)
_LIST_MARK = re.compile(r"^(\d+[.)]?|[a-zA-Z][.)])$")


def extract(text: Text, *, doc_id: str, file_name: str) -> DocumentGraph:
    """Read one report's graph. Deterministic: the same text gives the same graph."""
    clean = text.clean
    chrome = chrome_mod.detect(clean)
    doc = nlp()(clean)
    sentences, sent_of = _sentences(doc, clean, chrome)
    sent_end = [0] * len(doc)
    for s in sentences:
        for i in range(s.start, s.end):
            sent_end[i] = s.end
    mentions = find(doc, sent_end, chrome.covers, resources.gazetteers().not_actors)
    for m in mentions:
        si = sent_of[m.start]
        if si >= 0:
            sentences[si].mentions.append(m)

    title = _title(text, clean, chrome, sentences)
    municipality = _municipality(mentions, sentences, title)
    year = _year(title, sentences)
    report = Report(doc_id, file_name, title, municipality, year, text.format, len(clean))
    r = Reading(doc, text, doc_id, municipality, bool(_AUDIT.search(clean[:4000])), sentences,
                sent_of, report_key=report.key)

    for si, s in enumerate(sentences):
        for m in s.mentions:
            if m.label != "ANAPHOR":
                r.mention_node(m, si)
    title_policy = _title_policy(r, title)
    r.title_policy = title_policy
    r.resolve_anaphora()
    _structure(r)

    cues = sorted(doc.spans["cues"], key=lambda c: (c.start, c.end))
    rules = resources.cue_rules()
    r.cue_starts = frozenset(c.start for c in cues if rules[c.id_]["label"] in ("COLLAB", "RESP_VERB"))
    for c in cues:
        if rules[c.id_]["label"] == "HEDGE" and sent_of[c.start] >= 0:
            r.hedged.add(sent_of[c.start])
    for c in cues:
        si = sent_of[c.start]
        if si < 0:
            continue
        rec = rules[c.id_]
        fam = rec["label"]
        if fam == "META":
            document_meta(r, si, c, rec, title_policy)
        elif fam in FAMILIES:
            if fam in _STATED and _asked(r, si, c):
                continue
            FAMILIES[fam](r, si, c, rec)
    for si in range(len(sentences)):
        duty_list(r, si)
    goal_starts = {ev.start for k, evs in r.mention_ev.items() if r.nodes[k].label == "Goal" for ev in evs}
    goal_sentences = {si for si, s in enumerate(sentences) if s.char_start in goal_starts}
    section_goals(r, title_policy, goal_sentences)
    resolve_goal_refs(r)
    resolve_owners(r)
    _parties(r)
    nodes, edges = r.finish()
    return DocumentGraph.build(report, nodes, edges, clean)


# Families that state a fact; the auditors' scope and verdicts are read elsewhere.
_STATED = frozenset({"RESP", "RESP_BY", "RESP_VERB", "RESP_PASSIVE", "RESP_SHALL", "UPPDRAG",
                     "PART", "PART_INOM", "INGAR", "COLLAB", "COLLAB_VERB", "ADOPT"})
_ASKING = frozenset("granska granskat granskats granskar granskade bedöma bedömt bedömer "
                    "pröva prövat prövar undersöka undersökt belysa belyst utreda utrett".split())


def _asked(r: Reading, si: int, cue) -> bool:
    """A cue inside the question of an audit ("vi har granskat om nämnden ansvarar för",
    "Har kommunstyrelsen säkerställt ...?") or of a commission to find out ("i uppdrag
    att utreda om") states nothing."""
    s = r.sentences[si]
    if s.text.rstrip().endswith("?"):
        return True
    toks = [t for t in r.doc[s.start:cue.start] if not t.is_space]
    return any(t.lower_ in _ASKING and n + 1 < len(toks) and toks[n + 1].lower_ in ("om", "hur", "huruvida")
               for n, t in enumerate(toks)) or (
        r.doc[cue.end:cue.end + 1].text.lower() in _ASKING if cue.end < s.end else False)


def _sentences(doc, clean: str, chrome: chrome_mod.Chrome) -> tuple[list[Sentence], list[int]]:
    sents: list[Sentence] = []
    sent_of = [-1] * len(doc)
    for span in doc.sents:
        toks = [t for t in span if not t.is_space]
        if not toks:
            continue
        a, b = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        if chrome.covers(a):
            continue
        first = toks[0].text
        bullet = first in BULLET_START or (bool(_LIST_MARK.match(first)) and len(toks) > 2)
        before = clean[:a].rstrip(" \t")
        new_line = not before or before.endswith("\n")
        si = len(sents)
        sents.append(Sentence(span.start, span.end, a, b, clean[a:b], bullet, new_line))
        for t in span:
            sent_of[t.i] = si
    return sents, sent_of


def _title(text: Text, clean: str, chrome: chrome_mod.Chrome, sentences: list[Sentence]) -> str:
    if text.title.strip():
        return names.trim(text.title)[:300]
    if chrome.title_hint:
        return chrome.title_hint[:300]
    lines = clean.lstrip().split("\n")
    first_line = lines[0].strip()
    if first_line and not resources.chrome_lines().fullmatch(first_line):
        for more in lines[1:4]:  # a title wrapped over lines goes on in lower case
            if not more.strip() or not more.strip()[0].islower():
                break
            first_line += " " + more.strip()
        return first_line[:300]
    return sentences[0].text.split("\n")[0][:300] if sentences else ""


def _municipality(mentions: list[Mention], sentences: list[Sentence], title: str) -> str:
    """The report's own municipality: the one named most, names in the title and the
    first page counting more."""
    score: Counter[str] = Counter()
    first_page = sentences[0].char_start + 1500 if sentences else 0
    for s in sentences:
        for m in s.mentions:
            if m.label == "Municipality":  # a region named beside a kommun is its partner
                weight = 0.5 if m.name.startswith("Region ") else 1
                score[m.name] += (3 if s.char_start < first_page else 1) * weight
    for name in list(score) or []:
        stem = name.split()[0 if not name.startswith("Region") else 1].rstrip("s")
        if stem and stem.lower() in title.lower():
            score[name] += 5
    if not score:
        gaz = resources.gazetteers()
        low = title.lower()
        for m in gaz.municipalities:
            if not m.ambiguous and re.search(rf"\b{re.escape(m.name.lower())}s?\b", low):
                return m.official
        return ""
    best = max(score.values())
    return min(n for n, v in score.items() if v == best)


def _year(title: str, sentences: list[Sentence]) -> int | None:
    m = _YEAR.search(title)
    if m:
        return int(m.group(1))
    for s in sentences[:40]:
        m = _YEAR.search(s.text)
        if m:
            return int(m.group(1))
    return None


def _title_policy(r: Reading, title: str) -> str:
    """A steering document titled by its kind ("Program för ...", "Integrationsstrategi
    2018-2022") is itself a Policy node; its header names who decided it."""
    t = title.split("\n")[0].strip()
    if not t or not _TITLE_POLICY.match(t) or len(t.split()) > 14:
        return ""
    return r.node("Policy", names.statement(t.split()))


def _structure(r: Reading) -> None:
    """What a name's shape says: "Kommunstyrelsens arbetsutskott" is part of
    Kommunstyrelsen; "Kommunstyrelsen i Lessebo" is Lessebo kommun's."""
    doc = r.doc
    for si, s in enumerate(r.sentences):
        ms = s.mentions
        for i, m in enumerate(ms):
            if m.label in ("Board", "Unit") and m.rule in ("board-sub-body", "unit-of-board"):
                parent = names.organisation([doc[m.start].text])
                pk = r.node("Board", parent, ev=r.evidence(si, m.rule, 0.8))
                r.edge("PART_OF", r.mention_node(m, si), pk, r.evidence(si, "part-genitive-body", 0.8))
            if m.label == "Unit" and i + 1 < len(ms) and ms[i + 1].label in ("Unit", "Board"):
                between = [t.lower_ for t in doc[m.end:ms[i + 1].start] if not t.is_space]
                if between == ["inom"]:  # "Arbetsmarknadsenheten inom arbetsmarknadsförvaltningen"
                    r.edge("PART_OF", r.mention_node(m, si), r.mention_node(ms[i + 1], si),
                           r.evidence(si, "part-unit-inom", 0.8))
            if m.label == "Board" and i + 1 < len(ms) and ms[i + 1].label == "Municipality":
                nxt = ms[i + 1]
                between = [t.lower_ for t in doc[m.end:nxt.start] if not t.is_space]
                if between == ["i"]:
                    r.edge("PART_OF", r.mention_node(m, si), r.mention_node(nxt, si),
                           r.evidence(si, "part-board-in-municipality", 0.85))
            if m.label == "Municipality" and i + 1 < len(ms) and ms[i + 1].label == "Board" \
                    and ms[i + 1].start == m.end and is_genitive(doc, m):
                r.edge("PART_OF", r.mention_node(ms[i + 1], si), r.mention_node(m, si),
                       r.evidence(si, "part-municipality-genitive", 0.85))


def _parties(r: Reading) -> None:
    """An agreement "med X" / "mellan X och Y" has X (and Y) as parties, and the
    sentence's subject ("Pajala kommun har ett avtal med ...") as the other."""
    doc = r.doc
    for si, s in enumerate(r.sentences):
        for m in s.mentions:
            if m.label != "Agreement" or not m.key:
                continue
            inside = [o for o in s.mentions if o.label in ORGS and m.start < o.start < m.end]
            words = {t.lower_ for t in doc[m.start:m.end]}
            if not inside or not words & {"med", "mellan"}:
                # "Orsa kommun har tecknat en avsiktsförklaring om ...": the subject is a party
                before = [t.lower_ for t in doc[s.start:m.start]]
                if any(w in ("tecknat", "tecknade", "ingått", "ingick", "undertecknat", "slutit", "har")
                       for w in before[-4:]):
                    for o in chain_left(r, s, m.start, max_gap=4, any_words=True):
                        k = r.mention_node(o, si)
                        if k:
                            r.edge("PARTY_TO", k, m.key, r.evidence(si, "party-agreement-signed", 0.75))
                continue
            ev = r.evidence(si, "party-agreement-with", 0.85)
            for o in inside:
                r.edge("PARTY_TO", r.mention_node(o, si), m.key, ev)
            subj = chain_left(r, s, m.start, max_gap=4, any_words=True)
            if not subj:
                after = [o for o in s.mentions if o.label in ("Municipality",) and o.start >= m.end
                         and o.start - m.end <= 4]
                subj = after[:1]
            for o in subj:
                k = r.mention_node(o, si)
                if k:
                    r.edge("PARTY_TO", k, m.key, r.evidence(si, "party-agreement-subject", 0.8))
