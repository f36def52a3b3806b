"""The graph in memory as a networkx MultiDiGraph, built alike from every store.

Nodes are keyed by node key (reports by their id) with `label`, `name`, `municipality`
and `documents` (the reports that mention them); edges are keyed by edge key with
`type`, `confidence`, `verdict` and `evidence` (a list of dicts). The bookkeeping
MENTIONS edges become the `documents` and `evidence` attributes of their nodes.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

REPORT_FIELDS = ("file_name", "title", "year", "format", "chars", "node_count", "edge_count",
                 "evidence_count")


def build(
    nodes: Iterable[dict[str, Any]],
    reports: Iterable[dict[str, Any]],
    edges: Iterable[dict[str, Any]],
    evidence: Iterable[dict[str, Any]],
) -> nx.MultiDiGraph:
    by_edge: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ev in evidence:
        record = {"key": ev["key"], "doc": ev["doc"], "sentence": ev["sentence"],
                  "start": ev["char_start"], "end": ev["char_end"], "page": ev["page"],
                  "confidence": ev["confidence"], "rule": ev["rule"]}
        by_edge[ev["edge_key"]].append(record)
    for records in by_edge.values():
        records.sort(key=lambda r: r["key"])
    G = nx.MultiDiGraph()
    for r in reports:
        G.add_node(r["id"], label="Report", name=r.get("title") or r.get("file_name") or "",
                   municipality=r.get("municipality") or "", documents=[r["id"]], evidence=[],
                   **{k: r.get(k) for k in REPORT_FIELDS})
    for n in nodes:
        G.add_node(n["key"], label=n["label"], name=n["name"],
                   municipality=n.get("municipality") or "", documents=[], evidence=[])
    for e in sorted(edges, key=lambda e: e["key"]):
        if e["type"] == "MENTIONS":
            if e["target"] in G:
                attrs = G.nodes[e["target"]]
                attrs["documents"].append(e["source"])
                attrs["evidence"].extend(by_edge.get(e["key"], []))
            continue
        G.add_edge(e["source"], e["target"], key=e["key"], type=e["type"],
                   confidence=e.get("confidence"), verdict=e.get("verdict"),
                   evidence=by_edge.get(e["key"], []))
    for _, attrs in G.nodes(data=True):
        attrs["documents"].sort()
        attrs["evidence"].sort(key=lambda r: r["key"])
    return G


def _round(x: Any) -> Any:
    return round(x, 6) if isinstance(x, float) else x


def content_hash(G: nx.MultiDiGraph) -> str:
    """A SHA-256 of the graph's content, equal for equal graphs whatever the store."""
    nodes = sorted(
        [key, {k: _round(v) if not isinstance(v, list) else v for k, v in sorted(a.items())}]
        for key, a in G.nodes(data=True)
    )
    edges = sorted(
        [k, u, v, a["type"], a.get("verdict"), _round(a.get("confidence")),
         [{f: _round(x) for f, x in sorted(r.items())} for r in a.get("evidence", [])]]
        for u, v, k, a in G.edges(keys=True, data=True)
    )
    blob = json.dumps([nodes, edges], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()
