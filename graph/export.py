"""Export the graph from any store: GraphML (Gephi), CSV for neo4j-admin import, JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

FORMATS = ("graphml", "csv", "json")


def to_json(G: nx.MultiDiGraph) -> dict[str, Any]:
    nodes = [{"key": k, **a} for k, a in sorted(G.nodes(data=True))]
    edges = [{"key": k, "source": u, "target": v, **a}
             for u, v, k, a in sorted(G.edges(keys=True, data=True), key=lambda e: e[2])]
    return {"nodes": nodes, "edges": edges}


def export_graph(G: nx.MultiDiGraph, fmt: str, out: Path) -> Path:
    from ansvarsgraf.errors import AnsvarsgrafError

    if fmt not in FORMATS:
        raise AnsvarsgrafError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "json":
        out.write_text(json.dumps(to_json(G), ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        return out
    if fmt == "graphml":
        flat = nx.MultiDiGraph()
        for k, a in G.nodes(data=True):
            flat.add_node(k, **{f: _flat(v) for f, v in a.items() if v is not None})
        for u, v, k, a in G.edges(keys=True, data=True):
            flat.add_edge(u, v, key=k, **{f: _flat(x) for f, x in a.items() if x is not None})
        nx.write_graphml(flat, out)
        return out
    from ansvarsgraf.graph.csv_export import write_neo4j_csv

    return write_neo4j_csv(G, out)


def _flat(v: Any) -> Any:
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False, default=str)
    return v
