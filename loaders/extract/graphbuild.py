"""The document being read: its sentences, mentions resolved to nodes, and the edges
the rules add, each with the evidence of the sentence it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from ansvarsgraf.graph import schema
from ansvarsgraf.graph.model import Edge, Evidence, Node, node_key
from ansvarsgraf.loaders.extract import names
from ansvarsgraf.loaders.extract.mentions import (
    ORGS,
    STATEMENTS,
    Mention,
    head_of_anaphor,
    is_genitive,
)
from ansvarsgraf.loaders.text import Text

BULLET_START = frozenset("•·▪◦●○■□–-*‣⁃")

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass
class Sentence:
    start: int  # token span
    end: int
    char_start: int
    char_end: int
    text: str
    bullet: bool  # begins with a bullet or an enumeration marker
    new_line: bool  # begins a line
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Reading:
    """What the rules read from and write to."""

    doc: Doc
    text: Text
    doc_id: str
    municipality: str  # the report's own
    audit: bool  # an auditors' report ("vi" are the auditors, not the municipality)
    sentences: list[Sentence]
    sent_of: list[int]  # token -> sentence index (-1 in chrome)
    nodes: dict[str, Node] = field(default_factory=dict)
    node_order: list[str] = field(default_factory=list)
    mention_ev: dict[str, list[Evidence]] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    hedged: set[int] = field(default_factory=set)  # sentences with a hedge
    used_lists: set[int] = field(default_factory=set)  # lead-in sentences already read
    variants: dict[str, dict[str, int]] = field(default_factory=dict)  # key -> name -> mentions
    report_key: str = ""
    title_policy: str = ""  # the document's own Policy node, when its title names one
    numbered_goals: dict[int, str] = field(default_factory=dict)  # "mål 2" -> the list's 2nd goal
    pending_goal_refs: list = field(default_factory=list)  # (subjects, goal numbers, phrase, evidence)
    pending_owners: list = field(default_factory=list)  # header fields: (board, sentence, evidence, policy, type)
    cue_starts: frozenset[int] = frozenset()  # where cues begin: an object phrase ends there

    # -- evidence ---------------------------------------------------------------
    def evidence(self, si: int, rule: str, confidence: float, until: int | None = None) -> Evidence:
        s = self.sentences[si]
        end = self.sentences[until].char_end if until is not None else s.char_end
        if si in self.hedged:
            confidence *= 0.7
        quote = self.text.clean[s.char_start:end]
        return Evidence(self.doc_id, quote, s.char_start, end, round(confidence, 3), rule,
                        self.text.page_at(s.char_start))

    # -- nodes ------------------------------------------------------------------
    def scope(self, label: str, national: bool, name: str, place: str = "") -> str:
        if label == "Municipality":
            return name
        if national:
            return ""
        return place or self.municipality

    def node(self, label: str, name: str, *, national: bool = False, alias: str = "",
             ev: Evidence | None = None, place: str = "") -> str:
        """The node's key; `place` is another municipality the name belongs to
        ("socialnämnden i Mora kommun" in Orsa's report)."""
        name = " ".join(name.split())
        if not name:
            return ""
        key = self._merge(label, name, national, place)
        if key not in self.nodes:
            self.nodes[key] = Node(label, name, self.scope(label, national, name, place))
            self.node_order.append(key)
        if ev is not None:
            counts = self.variants.setdefault(key, {})
            counts[name] = counts.get(name, 0) + 1
        if alias and alias != self.nodes[key].name:
            self.aliases.setdefault(key, []).append(alias)
        if ev is not None:
            self.mention_ev.setdefault(key, []).append(ev)
        return key

    def _merge(self, label: str, name: str, national: bool, place: str = "") -> str:
        """Variants of one name in one report and one municipality are one node
        (rapidfuzz; see names.similar)."""
        where = self.scope(label, national, name, place)
        key = node_key(label, where, name)
        if key in self.nodes or label in ("Municipality",) or national:
            return key
        statements = label in STATEMENTS
        documents = label in ("Policy", "Agreement")  # a title's short form; "SFI" is no "SFI kan ..."
        low = name.casefold()
        if statements and " " not in low:  # "Integrationsstrategin" names "Integrationsstrategi 2018-2022"
            for suffix in ("erna", "en", "et", "n"):
                if low.endswith(suffix) and len(low) > len(suffix) + 4:
                    low = low[: -len(suffix)]
                    break
        longer = []
        for k in self.node_order:
            n = self.nodes[k]
            if n.label != label or n.municipality != where:
                continue
            if names.similar(n.name, name, statements=statements) or names.same_body(n.name, name):
                return k
            if documents and n.name.casefold().startswith(low + " "):
                longer.append(k)
        if len(longer) == 1:
            return longer[0]
        if documents and " " in low:  # the longer one came first: re-home the shorter
            for k in self.node_order:
                n = self.nodes[k]
                short = n.name.casefold()
                for suffix in ("erna", "en", "et", "n"):
                    if short.endswith(suffix) and " " not in short:
                        short = short[: -len(suffix)]
                        break
                if n.label == label and n.municipality == where and " " not in n.name \
                        and low.startswith(short + " "):
                    return k
        return key

    def mention_node(self, m: Mention, si: int) -> str:
        if m.key:
            return m.key
        if m.rule in ("policy-adjective", "agreement-adjective") and m.end - m.start <= 3:
            hit = self.unique_with_head(m.label, self.doc[m.end - 1].lower_)
            if hit:
                m.key = hit
                return hit
        if m.label in ORGS or m.label in ("Policy", "Agreement"):
            surface = self.doc[m.start:m.end].text
            label, national = m.label, m.national
            if label == "Municipality" and m.name.startswith("Region ") and self.municipality \
                    and m.name != self.municipality:  # a region in a kommun's report is outside it
                label, national = "ExternalActor", True
            place = self.place_of(m, si) if label in ("Board", "Unit", "Forum") else ""
            m.key = self.node(label, m.name, national=national, alias=" ".join(surface.split()),
                              ev=self.evidence(si, m.rule, 0.9), place=place)
        elif m.label == "SELF":
            m.key = self.self_key(m)
        return m.key

    def place_of(self, m: Mention, si: int) -> str:
        """Another municipality an organisation's name is tied to: "socialnämnden i Mora
        kommun", "Mora kommuns socialnämnd"; "" for the report's own."""
        ms = self.sentences[si].mentions
        if m not in ms:
            return ""
        i = ms.index(m)
        around = []
        if i + 1 < len(ms) and ms[i + 1].label == "Municipality":
            between = [t.lower_ for t in self.doc[m.end:ms[i + 1].start] if not t.is_space]
            if between in (["i"], ["inom"]):
                around.append(ms[i + 1])
        if i > 0 and ms[i - 1].label == "Municipality" and ms[i - 1].end == m.start \
                and is_genitive(self.doc, ms[i - 1]):
            around.append(ms[i - 1])
        for other in around:
            if other.name != self.municipality and not other.name.startswith("Region "):
                return other.name
        return ""

    def unique_with_head(self, label: str, word: str) -> str:
        head = head_of_anaphor(word)
        hits = [k for k in self.node_order if self.nodes[k].label == label
                and any(w.casefold().startswith(head) or w.casefold().endswith(head)
                        for w in self.nodes[k].name.split()[:2])]
        return hits[0] if len(hits) == 1 else ""

    def self_key(self, m: Mention) -> str:
        if not self.municipality:
            return ""
        if m.name == "vi" and self.audit:
            return ""
        if m.name.startswith("regionen"):  # "Regionen ansvarar för ...": the one region named
            regions = [k for k in self.node_order if self.nodes[k].name.startswith("Region ")]
            return regions[0] if len(regions) == 1 else ""
        return self.node("Municipality", self.municipality)

    def resolve_anaphora(self, window: int = 2) -> None:
        """"rådet", "strategin": the one node of the report whose name has that head; when
        several have it ("nämnden" among three nämnder), the one named last, if that was
        within `window` sentences of the same paragraph and no other candidate was named
        in that sentence."""
        last_seen: dict[str, int] = {}  # node key -> the last sentence naming it
        para_start = 0
        for si, s in enumerate(self.sentences):
            if si and _BLANK_LINE.search(self.text.clean, self.sentences[si - 1].char_end,
                                         s.char_start):
                para_start = si
            for m in s.mentions:
                if m.label != "ANAPHOR":
                    if m.key:
                        last_seen[m.key] = si
                    continue
                head = head_of_anaphor(m.name)
                base = m.name[:-1] if m.name.endswith("s") and not m.name.endswith("ss") else m.name
                hits = []
                for k in self.node_order:
                    n = self.nodes[k]
                    if n.label not in ("Board", "Unit", "Forum", "Policy", "Agreement"):
                        continue
                    words = [w.casefold() for w in n.name.split()]
                    if any(w.endswith(head) or w.endswith(base) for w in words[:3]):
                        hits.append(k)
                if len(hits) > 1:
                    since = max(si - window, para_start)
                    recent = [k for k in hits if since <= last_seen.get(k, -1) <= si]
                    latest = max((last_seen[k] for k in recent), default=-1)
                    hits = [k for k in recent if last_seen[k] == latest] or self._dominant(hits)
                if len(hits) == 1:
                    m.key = hits[0]
                    m.label = self.nodes[hits[0]].label
                    last_seen[m.key] = si

    def _dominant(self, keys: list[str]) -> list[str]:
        """In an audit, "nämnden" out of context is the audited board: the candidate the
        report names at least twice as often as any other."""
        if not self.audit:
            return []
        counts = sorted(((len(self.mention_ev.get(k, ())), k) for k in keys), reverse=True)
        if len(counts) > 1 and counts[0][0] >= 2 * max(counts[1][0], 1):
            return [counts[0][1]]
        return []

    # -- edges ------------------------------------------------------------------
    def label_of(self, key: str) -> str:
        if key == self.report_key:
            return schema.REPORT
        return self.nodes[key].label

    def edge(self, rel: str, src: str, dst: str, ev: Evidence, verdict: str | None = None) -> bool:
        if not src or not dst or src == dst:
            return False
        r = schema.REL_TYPES[rel]
        a, b = self.label_of(src), self.label_of(dst)
        if not (r.allows(a, b) or (r.undirected and r.allows(b, a))):
            return False
        self.edges.append(Edge(rel, src, dst, (ev,), verdict))
        return True

    def finish(self) -> tuple[list[Node], list[Edge]]:
        """Nodes and edges; an organisation merged from spelling variants is named by
        the variant the report uses most (the first one on a tie)."""
        out, rekey = [], {}
        for k in self.node_order:
            n = self.nodes[k]
            name = n.name
            counts = self.variants.get(k, {})
            if n.label in ("Board", "Unit", "Forum") and len(counts) > 1:
                order = list(counts)
                name = max(order, key=lambda v: (counts[v], -order.index(v)))
            aliases = [a for a in [n.name, *self.aliases.get(k, []), *counts] if a != name]
            node = Node(n.label, name, n.municipality, tuple(dict.fromkeys(aliases)),
                        tuple(dict.fromkeys(self.mention_ev.get(k, []))))
            rekey[k] = node.key
            out.append(node)
        merged: dict[tuple[str, str, str], list[Any]] = {}
        for e in self.edges:  # one edge per (type, ends), its evidence pooled in order
            src, dst = rekey.get(e.source, e.source), rekey.get(e.target, e.target)
            if schema.REL_TYPES[e.type].undirected and dst < src:
                src, dst = dst, src
            slot = merged.setdefault((e.type, src, dst), [{}, e.verdict])
            for ev in e.evidence:
                slot[0][ev] = None
            if e.verdict is not None and slot[1] is not None and e.verdict != slot[1]:
                slot[1] = min(slot[1], e.verdict, key=("no", "partly", "yes").index)
        edges = [Edge(t, a, b, tuple(evs), v) for (t, a, b), (evs, v) in merged.items()]
        return out, edges
