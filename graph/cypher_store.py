"""The write and bookkeeping Cypher that LadybugDB and Neo4j share.

A backend supplies two primitives: run a function inside one write transaction, and run
a read-only query. Everything else (atomic loads, forget, stats, export) lives here once,
written in the Cypher subset both engines accept (see queries/README.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ansvarsgraf.errors import DocumentNotFound
from ansvarsgraf.graph import schema
from ansvarsgraf.graph.model import DocumentGraph, edge_key
from ansvarsgraf.graph.store import ForgetResult, WriteResult

if TYPE_CHECKING:
    import networkx as nx

T = TypeVar("T")


class Tx(Protocol):
    def run(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...


def chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


# Labels and types are written into statements only from the schema's allow-list.
def _merge_nodes(label: str) -> str:
    return (
        f"UNWIND $rows AS r MERGE (n:{label} {{key: r.key}}) "
        "ON CREATE SET n.name = r.name, n.municipality = r.municipality"
    )


def _merge_edges(rel: str, src: str, dst: str) -> str:
    return (
        f"UNWIND $rows AS r MATCH (a:{src} {{key: r.src}}) MATCH (b:{dst} {{key: r.dst}}) "
        f"MERGE (a)-[e:{rel} {{key: r.key}}]->(b) "
        "SET e.verdict = r.verdict, e.confidence = CASE WHEN e.confidence IS NULL "
        "OR e.confidence < r.confidence THEN r.confidence ELSE e.confidence END"
    )


# Scalar parameters, not one map: LadybugDB types a map's null field as STRING.
_MERGE_REPORT = (
    "MERGE (d:Report {key: $key}) SET d.name = $name, d.municipality = $municipality, "
    "d.file_name = $file_name, d.title = $title, d.year = $year, d.format = $format, "
    "d.chars = $chars, d.node_count = $node_count, d.edge_count = $edge_count, "
    "d.evidence_count = $evidence_count"
)
_MERGE_EVIDENCE = (
    "UNWIND $rows AS r MERGE (v:Evidence {key: r.key}) SET v.edge_key = r.edge_key, "
    "v.rel_type = r.rel_type, v.doc = r.doc, v.sentence = r.sentence, "
    "v.char_start = r.char_start, v.char_end = r.char_end, v.confidence = r.confidence, "
    "v.rule = r.rule"
)
# Pages are set only where known: in a batch whose pages are all null LadybugDB would
# type the column as STRING and refuse it.
_SET_PAGE = "UNWIND $rows AS r MATCH (v:Evidence {key: r.key}) SET v.page = r.page"
_REPORT_COLUMNS = "d.key AS id, d.file_name AS file_name, d.title AS title, " \
    "d.municipality AS municipality, d.year AS year, d.format AS format, d.chars AS chars, " \
    "d.node_count AS node_count, d.edge_count AS edge_count, d.evidence_count AS evidence_count"


def document_rows(doc: DocumentGraph) -> dict[str, Any]:
    """The parameter rows one document is written with, grouped by statement."""
    r = doc.report
    labels = {n.key: n.label for n in doc.nodes}
    labels[r.key] = schema.REPORT
    nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    edges: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    evidence: list[dict[str, Any]] = []

    seen: set[str] = set()

    def add_evidence(of_edge: str, rel_type: str, records: tuple[Any, ...]) -> None:
        for ev in records:
            key = ev.key(of_edge)
            if key in seen:  # the same span read twice by one rule is one record
                continue
            seen.add(key)
            evidence.append({"key": key, "edge_key": of_edge, "rel_type": rel_type,
                             "doc": ev.doc, "sentence": ev.sentence, "char_start": ev.start,
                             "char_end": ev.end, "page": ev.page, "confidence": ev.confidence,
                             "rule": ev.rule})

    for n in doc.nodes:
        nodes[n.label].append({"key": n.key, "name": n.name, "municipality": n.municipality})
        mkey = edge_key("MENTIONS", r.key, n.key)
        conf = max((e.confidence for e in n.evidence), default=1.0)
        mentions[n.label].append({"src": r.key, "dst": n.key, "key": mkey, "confidence": conf,
                                  "verdict": None})
        add_evidence(mkey, "MENTIONS", n.evidence)
    for e in doc.edges:
        edges[(e.type, labels[e.source], labels[e.target])].append(
            {"src": e.source, "dst": e.target, "key": e.key, "confidence": e.confidence,
             "verdict": e.verdict})
        add_evidence(e.key, e.type, e.evidence)
    report = {"key": r.key, "name": r.title or r.file_name, "municipality": r.municipality,
              "file_name": r.file_name, "title": r.title, "year": r.year, "format": r.format,
              "chars": r.chars, "node_count": len(doc.nodes), "edge_count": len(doc.edges),
              "evidence_count": len(evidence)}
    return {"report": report, "nodes": nodes, "mentions": mentions, "edges": edges,
            "evidence": evidence}


class CypherStore:
    """Shared behaviour of the Cypher backends; subclasses supply the transactions."""

    uri: str = ""
    batch_size: int = 5000

    # -- primitives a backend implements ------------------------------------------------
    def _in_write_tx(self, work: Callable[[Tx], T]) -> T:
        raise NotImplementedError

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    @contextmanager
    def snapshot(self) -> Iterator[CypherStore]:
        """Reads in the block see one state of the store, however many there are and
        whatever commits meanwhile (a backend holds one read transaction for them;
        this default, for a backend that cannot, promises nothing)."""
        yield self

    def __enter__(self) -> CypherStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes -------------------------------------------------------------------------
    def write_document(self, doc: DocumentGraph, *, replace: bool = False) -> WriteResult:
        doc.validate()
        rows = document_rows(doc)

        def work(tx: Tx) -> bool:
            exists = self._has_document(tx, doc.report.key)
            if exists and not replace:
                return False
            if exists:
                self._forget_in(tx, doc.report.key)
            self._write_rows(tx, rows)
            return True

        loaded = self._in_write_tx(work)
        return WriteResult(doc.report.id, doc.report.file_name, loaded, len(doc.nodes),
                           len(doc.edges), len(rows["evidence"]))

    def _has_document(self, tx: Tx, doc_id: str) -> bool:
        return bool(tx.run("MATCH (d:Report {key: $k}) RETURN d.key AS k", {"k": doc_id}))

    def _write_rows(self, tx: Tx, rows: dict[str, Any]) -> None:
        size = self.batch_size
        tx.run(_MERGE_REPORT, rows["report"])
        for label, node_rows in rows["nodes"].items():
            for chunk in chunks(node_rows, size):
                tx.run(_merge_nodes(label), {"rows": chunk})
        for label, mention_rows in rows["mentions"].items():
            for chunk in chunks(mention_rows, size):
                tx.run(_merge_edges("MENTIONS", schema.REPORT, label), {"rows": chunk})
        for (rel, src, dst), edge_rows in rows["edges"].items():
            for chunk in chunks(edge_rows, size):
                tx.run(_merge_edges(rel, src, dst), {"rows": chunk})
        for chunk in chunks(rows["evidence"], size):
            tx.run(_MERGE_EVIDENCE, {"rows": chunk})
        paged = [{"key": r["key"], "page": r["page"]} for r in rows["evidence"] if r["page"] is not None]
        for chunk in chunks(paged, size):
            tx.run(_SET_PAGE, {"rows": chunk})

    def forget(self, doc_id: str) -> ForgetResult:
        return self._in_write_tx(lambda tx: self._forget_in(tx, doc_id))

    def _forget_in(self, tx: Tx, doc_id: str) -> ForgetResult:
        if not tx.run("MATCH (d:Report {key: $k}) RETURN d.key AS k", {"k": doc_id}):
            raise DocumentNotFound(f"no document with id {doc_id!r} is loaded "
                                   "(see `ansvarsgraf documents` for the ids)")
        ev = tx.run("MATCH (v:Evidence {doc: $d}) RETURN v.edge_key AS k, v.rel_type AS t",
                    {"d": doc_id})
        tx.run("MATCH (v:Evidence {doc: $d}) DELETE v", {"d": doc_id})
        touched: dict[str, set[str]] = defaultdict(set)
        for row in ev:
            touched[row["t"]].add(row["k"])
        all_keys = sorted({k for keys in touched.values() for k in keys})
        alive = {row["k"]: row["c"] for row in tx.run(
            "MATCH (v:Evidence) WHERE v.edge_key IN $keys "
            "RETURN v.edge_key AS k, max(v.confidence) AS c", {"keys": all_keys})}
        edges_removed = 0
        for rel, keys in touched.items():
            if rel in {"MENTIONS", "ASSESSED"}:
                continue  # these leave from the report and go with it
            dead = sorted(keys - alive.keys())
            if dead:
                edges_removed += len(dead)
                tx.run(f"MATCH ()-[e:{rel}]->() WHERE e.key IN $keys DELETE e", {"keys": dead})
            kept = [{"key": k, "c": alive[k]} for k in sorted(keys & alive.keys())]
            if kept:
                tx.run(f"UNWIND $rows AS r MATCH ()-[e:{rel}]->() WHERE e.key = r.key "
                       "SET e.confidence = r.c", {"rows": kept})
        edges_removed += len(touched.get("ASSESSED", ()))
        candidates: dict[str, list[str]] = {}
        for label in schema.ENTITY_LABELS:
            keys = [r["k"] for r in tx.run(
                f"MATCH (d:Report {{key: $d}})-[:MENTIONS]->(n:{label}) RETURN n.key AS k",
                {"d": doc_id})]
            if keys:
                candidates[label] = keys
        tx.run("MATCH (d:Report {key: $d}) DETACH DELETE d", {"d": doc_id})
        nodes_removed = 0
        for label, keys in candidates.items():
            orphans = tx.run(
                f"MATCH (n:{label}) WHERE n.key IN $keys AND NOT EXISTS "
                "{ MATCH (:Report)-[:MENTIONS]->(n) } RETURN n.key AS k", {"keys": keys})
            if orphans:
                nodes_removed += len(orphans)
                tx.run(f"MATCH (n:{label}) WHERE n.key IN $keys DETACH DELETE n",
                       {"keys": [r["k"] for r in orphans]})
        return ForgetResult(doc_id, len(ev), edges_removed, nodes_removed)

    # -- reads --------------------------------------------------------------------------
    def documents(self) -> list[dict[str, Any]]:
        return self.read(f"MATCH (d:Report) RETURN {_REPORT_COLUMNS} ORDER BY file_name, id")

    def stats(self) -> dict[str, Any]:
        by_label = {}
        for label in schema.ENTITY_LABELS:
            by_label[label] = self.read(f"MATCH (n:{label}) RETURN count(n) AS c")[0]["c"]
        by_type = {}
        for rel in schema.SCHEMA_REL_TYPES:
            by_type[rel] = self.read(f"MATCH ()-[e:{rel}]->() RETURN count(e) AS c")[0]["c"]
        docs = self.read("MATCH (d:Report) RETURN count(d) AS c")[0]["c"]
        evidence = self.read("MATCH (v:Evidence) RETURN count(v) AS c")[0]["c"]
        return {
            "store": self.uri,
            "documents": docs,
            "nodes": sum(by_label.values()),
            "edges": sum(by_type.values()),
            "evidence": evidence,
            "labels": {k: v for k, v in by_label.items() if v},
            "types": {k: v for k, v in by_type.items() if v},
        }

    def to_networkx(self) -> nx.MultiDiGraph:
        with self.snapshot():  # a document committed half-way must not tear the graph
            return self._to_networkx()

    def _to_networkx(self) -> nx.MultiDiGraph:
        from ansvarsgraf.graph import nxgraph

        nodes = []
        for label in schema.ENTITY_LABELS:
            for row in self.read(f"MATCH (n:{label}) RETURN n.key AS key, n.name AS name, "
                                 "n.municipality AS municipality"):
                nodes.append({"label": label, **row})
        reports = self.documents()
        edges = []
        for rel in schema.REL_TYPES:
            for row in self.read(f"MATCH (a)-[e:{rel}]->(b) RETURN a.key AS source, "
                                 "b.key AS target, e.key AS key, e.confidence AS confidence, "
                                 "e.verdict AS verdict"):
                edges.append({"type": rel, **row})
        evidence = self.read(
            "MATCH (v:Evidence) RETURN v.key AS key, v.edge_key AS edge_key, v.doc AS doc, "
            "v.sentence AS sentence, v.char_start AS char_start, v.char_end AS char_end, "
            "v.page AS page, "
            "v.confidence AS confidence, v.rule AS rule")
        return nxgraph.build(nodes, reports, edges, evidence)
