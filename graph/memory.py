"""The in-memory store: plain dicts turned into networkx on demand.

It runs no Cypher; it exists so the store behaviour tests (atomic loads, reload,
forget) run on a third backend, and for analysis of small graphs without a database.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from ansvarsgraf.errors import DocumentNotFound, QueryError
from ansvarsgraf.graph import nxgraph, schema
from ansvarsgraf.graph.cypher_store import document_rows
from ansvarsgraf.graph.model import DocumentGraph
from ansvarsgraf.graph.store import ForgetResult, WriteResult


class MemoryStore:
    uri = "memory:"

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.reports: dict[str, dict[str, Any]] = {}
        self.edges: dict[str, dict[str, Any]] = {}
        self.evidence: dict[str, dict[str, Any]] = {}

    def __enter__(self) -> MemoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        pass

    def write_document(self, doc: DocumentGraph, *, replace: bool = False) -> WriteResult:
        doc.validate()  # everything that can fail happens before the first change
        rows = document_rows(doc)
        r = doc.report
        loaded = r.key not in self.reports or replace
        if loaded:
            if r.key in self.reports:
                self.forget(r.key)
            report = dict(rows["report"])
            report["id"] = report.pop("key")
            self.reports[r.key] = report
            for label, node_rows in rows["nodes"].items():
                for n in node_rows:
                    self.nodes.setdefault(n["key"], {"label": label, **n})
            groups = [(("MENTIONS",), m) for m in rows["mentions"].values()]
            groups += [((rel,), e) for (rel, _, _), e in rows["edges"].items()]
            for (rel,), edge_rows in groups:
                for e in edge_rows:
                    old = self.edges.get(e["key"])
                    conf = max(e["confidence"], old["confidence"]) if old else e["confidence"]
                    self.edges[e["key"]] = {"type": rel, "source": e["src"], "target": e["dst"],
                                            "key": e["key"], "verdict": e["verdict"],
                                            "confidence": conf}
            for ev in rows["evidence"]:
                self.evidence[ev["key"]] = ev
        return WriteResult(r.id, r.file_name, loaded, len(doc.nodes), len(doc.edges),
                           len(rows["evidence"]))

    def forget(self, doc_id: str) -> ForgetResult:
        if doc_id not in self.reports:
            raise DocumentNotFound(f"no document with id {doc_id!r} is loaded")
        gone = [k for k, ev in self.evidence.items() if ev["doc"] == doc_id]
        touched = {self.evidence[k]["edge_key"] for k in gone}
        for k in gone:
            del self.evidence[k]
        alive: dict[str, float] = {}
        for ev in self.evidence.values():
            if ev["edge_key"] in touched:
                alive[ev["edge_key"]] = max(alive.get(ev["edge_key"], 0.0), ev["confidence"])
        del self.reports[doc_id]
        edges_removed = 0
        for k in touched:
            edge = self.edges.get(k)
            if edge is None:
                continue
            if k in alive and edge["source"] != doc_id:
                edge["confidence"] = alive[k]
            else:
                del self.edges[k]
                edges_removed += edge["type"] != "MENTIONS"
        for k in [k for k, e in self.edges.items() if doc_id in (e["source"], e["target"])]:
            del self.edges[k]  # edges from the report that carried no evidence
        mentioned = {e["target"] for e in self.edges.values() if e["type"] == "MENTIONS"}
        orphans = [k for k in self.nodes if k not in mentioned]
        for k in orphans:
            del self.nodes[k]
        return ForgetResult(doc_id, len(gone), edges_removed, len(orphans))

    def documents(self) -> list[dict[str, Any]]:
        return sorted(self.reports.values(), key=lambda r: (r["file_name"], r["id"]))

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        raise QueryError("the memory store runs no Cypher; use an embedded or Neo4j store, "
                         "or the networkx functions in ansvarsgraf.graph.gaps")

    def stats(self) -> dict[str, Any]:
        labels: dict[str, int] = {}
        for n in self.nodes.values():
            labels[n["label"]] = labels.get(n["label"], 0) + 1
        types: dict[str, int] = {}
        for e in self.edges.values():
            if e["type"] in schema.SCHEMA_REL_TYPES:
                types[e["type"]] = types.get(e["type"], 0) + 1
        return {"store": self.uri, "documents": len(self.reports), "nodes": len(self.nodes),
                "edges": sum(types.values()), "evidence": len(self.evidence),
                "labels": dict(sorted(labels.items(), key=lambda kv: schema.ENTITY_LABELS.index(kv[0]))),
                "types": {t: types[t] for t in schema.SCHEMA_REL_TYPES if t in types}}

    def to_networkx(self) -> nx.MultiDiGraph:
        return nxgraph.build(self.nodes.values(), self.reports.values(), self.edges.values(),
                             self.evidence.values())
