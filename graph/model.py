"""The domain model every step shares: a report, its nodes, its edges and their evidence.

Pure data with no I/O (loaders build it, stores write it, `extract` serialises it).
Keys are derived from content, never random, so the same report always gives the same
graph and loading it twice changes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Any

from ansvarsgraf.errors import SchemaViolation
from ansvarsgraf.graph import schema

REPORT_REF = "@report"  # how the gold format and `extract` write the report itself


def fold(name: str) -> str:
    """The form keys compare names in: whitespace folded, case folded."""
    return " ".join(name.split()).casefold()


def node_key(label: str, municipality: str, name: str) -> str:
    """A node's identity: label, municipality and canonical name.

    >>> node_key("Board", "Sandvikens kommun", "Socialnämnden")
    'Board:Sandvikens kommun:socialnämnden'

    "Socialnämnden" in Sandviken and in Gävle are two nodes; a national actor has no
    municipality and so is one node everywhere.
    """
    return f"{label}:{' '.join(municipality.split())}:{fold(name)}"


def _digest(*parts: str, size: int = 24) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:size]


def edge_key(rel_type: str, source: str, target: str) -> str:
    """An edge's identity; undirected types order their ends so they are stored once."""
    if schema.REL_TYPES[rel_type].undirected and target < source:
        source, target = target, source
    return _digest(rel_type, source, target)


@dataclass(frozen=True)
class Evidence:
    """Where one relationship (or mention) was read: a sentence of one document."""

    doc: str  # the Report id (SHA-256 of the file's bytes)
    sentence: str
    start: int  # character span of the sentence in the document's clean text
    end: int
    confidence: float  # 0..1, from the strength of the cue
    rule: str  # the id of the rule that produced it
    page: int | None = None

    def key(self, of_edge: str) -> str:
        return _digest(of_edge, self.doc, str(self.start), str(self.end), self.rule)

    def as_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "page": self.page,
            "confidence": self.confidence,
            "rule": self.rule,
        }


@dataclass(frozen=True)
class Node:
    label: str
    name: str
    municipality: str = ""
    aliases: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()  # the sentences that mention it

    @property
    def key(self) -> str:
        return node_key(self.label, self.municipality, self.name)


@dataclass(frozen=True)
class Edge:
    type: str
    source: str  # node key (or the Report's key for ASSESSED)
    target: str
    evidence: tuple[Evidence, ...]
    verdict: str | None = None  # ASSESSED only: yes, partly or no

    @property
    def key(self) -> str:
        return edge_key(self.type, self.source, self.target)

    @property
    def confidence(self) -> float:
        return max((e.confidence for e in self.evidence), default=0.0)


@dataclass(frozen=True)
class Report:
    """The document itself; its key is the SHA-256 of its bytes."""

    id: str
    file_name: str
    title: str = ""
    municipality: str = ""
    year: int | None = None
    format: str = "text"
    chars: int = 0

    @property
    def key(self) -> str:
        return self.id

    @staticmethod
    def id_of(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class DocumentGraph:
    """Everything one report contributes: the unit a store writes in one transaction."""

    report: Report
    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    text: str = field(default="", repr=False, compare=False)

    @classmethod
    def build(cls, report: Report, nodes: list[Node], edges: list[Edge], text: str = "") -> DocumentGraph:
        """Merge duplicates (same key): aliases and evidence are pooled, order kept."""
        merged_nodes: dict[str, Node] = {}
        for n in nodes:
            old = merged_nodes.get(n.key)
            if old is None:
                merged_nodes[n.key] = n
            else:
                aliases = tuple(dict.fromkeys(old.aliases + n.aliases))
                evidence = tuple(dict.fromkeys(old.evidence + n.evidence))
                merged_nodes[n.key] = replace(old, aliases=aliases, evidence=evidence)
        merged_edges: dict[str, Edge] = {}
        for e in edges:
            if schema.REL_TYPES[e.type].undirected and e.target < e.source:
                e = replace(e, source=e.target, target=e.source)
            old_e = merged_edges.get(e.key)
            if old_e is None:
                merged_edges[e.key] = e
            else:
                evidence = tuple(dict.fromkeys(old_e.evidence + e.evidence))
                verdict = _weaker(old_e.verdict, e.verdict)
                merged_edges[e.key] = replace(old_e, evidence=evidence, verdict=verdict)
        return cls(report, tuple(merged_nodes.values()), tuple(merged_edges.values()), text)

    def validate(self) -> DocumentGraph:
        """Raise SchemaViolation unless every node and edge fits SCHEMA.md."""
        where = self.report.file_name or self.report.id
        labels = {self.report.key: schema.REPORT}
        for n in self.nodes:
            if n.label not in schema.ENTITY_LABELS:
                raise SchemaViolation(f"{where}: unknown label {n.label!r} on node {n.name!r}")
            if not n.name.strip():
                raise SchemaViolation(f"{where}: a {n.label} node has an empty name")
            labels[n.key] = n.label
        for e in self.edges:
            rel = schema.REL_TYPES.get(e.type)
            if rel is None or rel.internal:
                raise SchemaViolation(f"{where}: unknown relationship type {e.type!r}")
            src, dst = labels.get(e.source), labels.get(e.target)
            if src is None or dst is None:
                missing = e.source if src is None else e.target
                raise SchemaViolation(f"{where}: {e.type} edge ends at a missing node {missing!r}")
            if not (rel.allows(src, dst) or (rel.undirected and rel.allows(dst, src))):
                raise SchemaViolation(f"{where}: {e.type} may not go from {src} to {dst}")
            if (e.type == "ASSESSED") != (e.verdict is not None) or (
                e.verdict is not None and e.verdict not in schema.VERDICTS
            ):
                raise SchemaViolation(f"{where}: {e.type} edge has verdict {e.verdict!r}")
            if not e.evidence:
                raise SchemaViolation(f"{where}: {e.type} edge {e.source} -> {e.target} has no evidence")
        for ev in self.all_evidence():
            if ev.doc != self.report.id:
                raise SchemaViolation(f"{where}: evidence points at another document {ev.doc!r}")
            if not 0.0 <= ev.confidence <= 1.0:
                raise SchemaViolation(f"{where}: confidence {ev.confidence} is outside 0..1")
            if not 0 <= ev.start <= ev.end:
                raise SchemaViolation(f"{where}: evidence span {ev.start}..{ev.end} is invalid")
        return self

    def all_evidence(self) -> list[Evidence]:
        return [ev for n in self.nodes for ev in n.evidence] + [
            ev for e in self.edges for ev in e.evidence
        ]

    @property
    def element_count(self) -> int:
        return 1 + len(self.nodes) + len(self.edges)

    def to_gold(self) -> dict[str, Any]:
        """The gold format of SCHEMA.md, which `extract --format json` writes."""
        ids = {n.key: f"e{i}" for i, n in enumerate(self.nodes, 1)}
        ids[self.report.key] = REPORT_REF
        entities = []
        for n in self.nodes:
            ent: dict[str, Any] = {"id": ids[n.key], "label": n.label, "name": n.name}
            if n.municipality:
                ent["municipality"] = n.municipality
            if n.aliases:
                ent["aliases"] = list(n.aliases)
            entities.append(ent)
        relations = []
        for e in self.edges:
            rel: dict[str, Any] = {"type": e.type, "from": ids[e.source], "to": ids[e.target]}
            if e.verdict is not None:
                rel["verdict"] = e.verdict
            rel["confidence"] = round(e.confidence, 3)
            rel["evidence"] = e.evidence[0].sentence if e.evidence else ""
            rel["evidence_records"] = [ev.as_dict() for ev in e.evidence]
            relations.append(rel)
        r = self.report
        return {
            "document": r.file_name,
            "report": {
                "id": r.id,
                "title": r.title,
                "municipality": r.municipality,
                "year": r.year,
                "format": r.format,
            },
            "municipality": r.municipality,
            "entities": entities,
            "relations": relations,
        }


_STRENGTH = {"no": 0, "partly": 1, "yes": 2}


def _weaker(a: str | None, b: str | None) -> str | None:
    """Two verdicts on one board in one report: the auditors' weaker word stands."""
    if a is None or b is None:
        return a or b
    return a if _STRENGTH[a] <= _STRENGTH[b] else b
