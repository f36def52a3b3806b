"""The graph as CSV files in the layout `neo4j-admin database import full` reads.

For initial loads of millions of elements: the import builds the database offline,
far faster than any transactional writer. The files reproduce what Neo4jStore writes
(entity, Report and Evidence nodes; the schema's relationships and the bookkeeping
MENTIONS edges, all with their `key`), so ansvarsgraf can use the imported database as
its store. One file per label and per relationship type, each with its header on the
first line; ids are the node keys, in one global id space. `import.sh` beside them
holds the command, with `--multiline-fields=true` since sentences may span lines.
"""

from __future__ import annotations

import shlex
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx

from ansvarsgraf.graph import schema
from ansvarsgraf.graph.model import edge_key

# neo4j-admin header types for the schema's property types
_ADMIN_TYPE = {schema.STRING: "", schema.INT64: ":long", schema.DOUBLE: ":double"}


def _header(props: dict[str, str], first: str) -> list[str]:
    cols = [first]
    cols += [f"{k}{_ADMIN_TYPE[t]}" for k, t in props.items() if k != "key"]
    return cols


def _field(v: Any) -> str:
    """An empty unquoted field is no property; strings are always quoted, so an empty
    string stays an empty string."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    return '"' + str(v).replace('"', '""') + '"'


def _write(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(",".join(header) + "\n")
        for row in rows:
            f.write(",".join(_field(v) for v in row) + "\n")


def write_neo4j_csv(G: nx.MultiDiGraph, out_dir: Path) -> Path:
    """Write `nodes_<Label>.csv`, `relationships_<TYPE>.csv` and `import.sh` into
    `out_dir` (created if needed) and return it."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    nodes: dict[str, list[list[Any]]] = defaultdict(list)
    rels: dict[str, list[list[Any]]] = defaultdict(list)
    evidence: list[list[Any]] = []
    ev_props = [k for k in schema.EVIDENCE_PROPERTIES if k not in {"key", "edge_key", "rel_type"}]

    def add_evidence(of_edge: str, rel_type: str, records: list[dict[str, Any]]) -> None:
        for r in records:
            row = {"doc": r["doc"], "sentence": r["sentence"], "char_start": r["start"],
                   "char_end": r["end"], "page": r["page"], "confidence": r["confidence"],
                   "rule": r["rule"]}
            evidence.append([r["key"], of_edge, rel_type, *(row[k] for k in ev_props)])

    for key, a in sorted(G.nodes(data=True)):
        label = a["label"]
        props = schema.node_properties(label)
        nodes[label].append([key, *(a.get(k) for k in props if k != "key"), label])
        if label == schema.REPORT:
            continue
        by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in a.get("evidence", []):
            by_doc[r["doc"]].append(r)
        for doc in a.get("documents", []):
            mkey = edge_key("MENTIONS", doc, key)
            conf = max((r["confidence"] for r in by_doc[doc]), default=1.0)
            rels["MENTIONS"].append([doc, key, mkey, conf, None, "MENTIONS"])
            add_evidence(mkey, "MENTIONS", by_doc[doc])
    for u, v, k, a in sorted(G.edges(keys=True, data=True), key=lambda e: e[2]):
        rels[a["type"]].append([u, v, k, a.get("confidence"), a.get("verdict"), a["type"]])
        add_evidence(k, a["type"], a.get("evidence", []))
    for r in evidence:
        nodes[schema.EVIDENCE].append([*r, schema.EVIDENCE])

    node_files, rel_files = [], []
    for label in schema.ALL_NODE_LABELS:
        if label not in nodes:
            continue
        path = out_dir / f"nodes_{label}.csv"
        header = _header(schema.node_properties(label), "key:ID") + [":LABEL"]
        _write(path, header, nodes[label])
        node_files.append(path.name)
    rel_header = [":START_ID", ":END_ID", *_header(schema.REL_PROPERTIES, "key"), ":TYPE"]
    for rel in schema.REL_TYPES:
        if rel not in rels:
            continue
        path = out_dir / f"relationships_{rel}.csv"
        _write(path, rel_header, rels[rel])
        rel_files.append(path.name)
    _write_import_script(out_dir, node_files, rel_files)
    return out_dir


def _write_import_script(out_dir: Path, node_files: list[str], rel_files: list[str]) -> None:
    # The database name goes first: --nodes/--relationships take every word after them.
    lines = ['neo4j-admin database import full "${1:-neo4j}" --multiline-fields=true']
    lines += [f"--nodes={shlex.quote(f)}" for f in node_files]
    lines += [f"--relationships={shlex.quote(f)}" for f in rel_files]
    script = ("#!/bin/sh\n# Build a new Neo4j database from these files (stop the server "
              "first); then start it and let ansvarsgraf create its constraints on first "
              "use.\ncd \"$(dirname \"$0\")\"\n" + " \\\n  ".join(lines) + "\n")
    (out_dir / "import.sh").write_text(script, encoding="utf-8")
