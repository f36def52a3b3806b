"""An integrity check of a store: the invariants every load and forget must keep.

A *violation* is one place where the stored graph breaks a promise: a relationship with
no evidence, evidence for a document that is not loaded, a document only partly written,
a key used twice, a relationship between labels SCHEMA.md does not allow, a node no
report mentions. The check reads through `store.read()` with the portable Cypher subset
and compares in Python, so it runs unchanged on every Cypher backend.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from contextlib import nullcontext
from dataclasses import asdict, dataclass
from typing import Any

from ansvarsgraf.graph import schema
from ansvarsgraf.graph.store import GraphStore

KINDS = {
    "edge_without_evidence": "a relationship has no evidence record",
    "evidence_without_document": "an evidence record points at a document that is not loaded",
    "evidence_without_edge": "an evidence record points at a relationship that is not there",
    "incomplete_document": "a document's stored nodes, edges or evidence differ from what "
                           "its extraction produced",
    "duplicate_key": "a key is used by more than one node or relationship",
    "missing_key": "a node or relationship has no key",
    "schema_violation": "a relationship joins labels SCHEMA.md does not allow",
    "unmentioned_node": "no report mentions a node",
    "unknown_element": "nodes or relationships outside the schema",
}


@dataclass(frozen=True)
class Violation:
    kind: str  # one of KINDS
    subject: str  # the key of the node, relationship, evidence record or document
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.subject}: {self.detail}"

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def check_store(store: GraphStore, attempts: int = 5) -> list[Violation]:
    """Every violation of the store's invariants, sorted; an empty list means clean.

    The check reads in several queries; a document loaded or forgotten between them
    would look like damage. So they run in one snapshot where the store offers one, and
    a check that saw the documents change is run again.
    """
    snapshot = getattr(store, "snapshot", None)
    for _ in range(attempts):
        with snapshot() if snapshot is not None else nullcontext():
            before = _fingerprint(store)
            violations = _check_once(store)
            after = _fingerprint(store)
        if not violations or after == before:
            return violations
    return violations


def _fingerprint(store: GraphStore) -> list[tuple[object, ...]]:
    return [(d["id"], d["node_count"], d["edge_count"], d["evidence_count"])
            for d in store.documents()]


def _check_once(store: GraphStore) -> list[Violation]:
    out: list[Violation] = []
    labels_of: dict[str, list[str]] = defaultdict(list)  # node key -> its labels
    node_count = 0
    for label in schema.ENTITY_LABELS + (schema.REPORT,):
        for row in store.read(f"MATCH (n:{label}) RETURN n.key AS k"):
            node_count += 1
            if row["k"] is None:
                out.append(Violation("missing_key", label, f"a {label} node has no key"))
            else:
                labels_of[row["k"]].append(label)
    for key, labels in labels_of.items():
        if len(labels) > 1:
            out.append(Violation("duplicate_key", key, f"{len(labels)} nodes: {', '.join(labels)}"))

    edges: dict[str, tuple[str, str, str]] = {}  # edge key -> (type, source, target)
    edge_keys: Counter[str] = Counter()
    rel_count = 0
    for rel, spec in schema.REL_TYPES.items():
        for row in store.read(f"MATCH (a)-[e:{rel}]->(b) RETURN a.key AS a, b.key AS b, e.key AS k"):
            rel_count += 1
            if row["k"] is None:
                out.append(Violation("missing_key", rel, f"{rel} {row['a']} -> {row['b']} has no key"))
                continue
            edge_keys[row["k"]] += 1
            edges[row["k"]] = (rel, row["a"], row["b"])
            src, dst = labels_of.get(row["a"], ["?"])[0], labels_of.get(row["b"], ["?"])[0]
            if not spec.allows(src, dst):
                out.append(Violation("schema_violation", row["k"],
                                     f"{rel} may not go from {src} to {dst} "
                                     f"({row['a']} -> {row['b']})"))
    for key, n in edge_keys.items():
        if n > 1:
            out.append(Violation("duplicate_key", key, f"{n} relationships share this key"))
    out += _unknown_elements(store, node_count, rel_count)

    reports = {r["k"]: r for r in store.read(
        "MATCH (d:Report) RETURN d.key AS k, d.node_count AS nodes, d.edge_count AS edges, "
        "d.evidence_count AS evidence")}
    evidence = store.read("MATCH (v:Evidence) RETURN v.key AS k, v.edge_key AS edge, "
                          "v.rel_type AS type, v.doc AS doc")
    evidence_keys = Counter(v["k"] for v in evidence)
    for key, n in evidence_keys.items():
        if n > 1:
            out.append(Violation("duplicate_key", str(key), f"{n} evidence records share this key"))
    evidenced: set[str] = set()
    per_doc_evidence: Counter[str] = Counter()
    per_doc_edges: dict[str, set[str]] = defaultdict(set)
    for v in evidence:
        evidenced.add(v["edge"])
        per_doc_evidence[v["doc"]] += 1
        if v["type"] != "MENTIONS":
            per_doc_edges[v["doc"]].add(v["edge"])
        if v["doc"] not in reports:
            out.append(Violation("evidence_without_document", str(v["k"]),
                                 f"document {v['doc']} is not loaded"))
        edge = edges.get(v["edge"])
        if edge is None:
            out.append(Violation("evidence_without_edge", str(v["k"]),
                                 f"no {v['type']} relationship has key {v['edge']}"))
        elif edge[0] != v["type"]:
            out.append(Violation("evidence_without_edge", str(v["k"]),
                                 f"relationship {v['edge']} is {edge[0]}, not {v['type']}"))
    for key, (rel, a, b) in sorted(edges.items()):
        if key not in evidenced:
            out.append(Violation("edge_without_evidence", key, f"{rel} {a} -> {b}"))

    mentioned_by: dict[str, int] = Counter()
    mentioned: set[str] = set()
    for rel, a, b in edges.values():
        if rel == "MENTIONS":
            mentioned_by[a] += 1
            mentioned.add(b)
    for doc, r in reports.items():
        stored = {"nodes": mentioned_by.get(doc, 0), "edges": len(per_doc_edges.get(doc, ())),
                  "evidence": per_doc_evidence.get(doc, 0)}
        wrong = [f"{what} {stored[what]} of {r[what]}" for what in stored if stored[what] != r[what]]
        if wrong:
            out.append(Violation("incomplete_document", doc, "; ".join(wrong)))
    for key, labels in labels_of.items():
        if labels != [schema.REPORT] and key not in mentioned:
            out.append(Violation("unmentioned_node", key, f"a {labels[0]} no report mentions"))
    return sorted(out, key=lambda v: (v.kind, v.subject, v.detail))


def _unknown_elements(store: GraphStore, nodes: int, rels: int) -> list[Violation]:
    """Counts of everything against counts of what the schema names: anything left over
    carries a label or type the schema does not know (possible on schemaless Neo4j)."""
    out = []
    evidence = store.read(f"MATCH (v:{schema.EVIDENCE}) RETURN count(v) AS c")[0]["c"]
    all_nodes = store.read("MATCH (n) RETURN count(n) AS c")[0]["c"]
    all_rels = store.read("MATCH ()-[e]->() RETURN count(e) AS c")[0]["c"]
    if all_nodes > nodes + evidence:
        out.append(Violation("unknown_element", "nodes",
                             f"{all_nodes - nodes - evidence} nodes carry no schema label"))
    if all_rels > rels:
        out.append(Violation("unknown_element", "relationships",
                             f"{all_rels - rels} relationships have a type outside the schema"))
    return out


def summary(violations: list[Violation]) -> dict[str, Any]:
    """Violations counted by kind, for the CLI and the API."""
    return {"clean": not violations, "counts": dict(Counter(v.kind for v in violations))}
