"""`ansvarsgraf export`: GraphML that networkx reads back, JSON per SCHEMA.md, and CSV in
the layout of `neo4j-admin database import full`, which the real import tool accepts and
which gives back the same graph when a Neo4j server is started on the result."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from ansvarsgraf.graph import schema
from ansvarsgraf.graph.csv_export import write_neo4j_csv
from ansvarsgraf.graph.memory import MemoryStore
from ansvarsgraf.graph.nxgraph import content_hash
from ansvarsgraf.pipeline import extract_path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
CLI = str(Path(sys.executable).parent / "ansvarsgraf")
ADMIN_TYPES = {"string", "long", "int", "double", "float", "boolean", "short", "byte", "char",
               "date", "datetime", "string[]", "long[]", "double[]"}


@pytest.fixture(scope="module")
def paths() -> list[Path]:
    return sorted((ROOT / "examples").glob("*.txt")) + sorted(CORPUS.glob("*.txt"))[:8]


@pytest.fixture(scope="module")
def graph(paths) -> nx.MultiDiGraph:
    store = MemoryStore()
    for p in paths:
        store.write_document(extract_path(p))
    G = store.to_networkx()
    assert G.number_of_edges() > 0
    return G


@pytest.fixture(scope="module")
def store_dir(paths, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("store") / "store"
    done = subprocess.run([CLI, "--store", str(folder), "load", *map(str, paths)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return folder


def _export(store_dir: Path, fmt: str, out: Path) -> None:
    done = subprocess.run([CLI, "--store", str(store_dir), "export", "--format", fmt,
                           "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_graphml_reads_back_with_networkx(store_dir, graph, tmp_path):
    out = tmp_path / "graph.graphml"
    _export(store_dir, "graphml", out)
    back = nx.read_graphml(out, force_multigraph=True)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    assert {a["label"] for _, a in back.nodes(data=True)} == \
        {a["label"] for _, a in graph.nodes(data=True)}
    assert sorted(a["type"] for *_, a in back.edges(data=True)) == \
        sorted(a["type"] for *_, a in graph.edges(data=True))
    some = next(iter(graph.edges(keys=True, data=True)))
    assert json.loads(back.edges[some[0], some[1], some[2]]["evidence"])[0]["doc"]


def test_json_follows_the_schema(store_dir, graph, tmp_path):
    out = tmp_path / "graph.json"
    _export(store_dir, "json", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    labels = {n["key"]: n["label"] for n in data["nodes"]}
    assert len(labels) == graph.number_of_nodes()
    assert set(labels.values()) <= set(schema.ENTITY_LABELS) | {schema.REPORT}
    for n in data["nodes"]:
        assert n["name"].strip() and isinstance(n["municipality"], str)
    assert len(data["edges"]) == graph.number_of_edges()
    for e in data["edges"]:
        rel = schema.REL_TYPES[e["type"]]
        src, dst = labels[e["source"]], labels[e["target"]]
        assert rel.allows(src, dst) or (rel.undirected and rel.allows(dst, src)), e
        assert (e["verdict"] in schema.VERDICTS) == (e["type"] == "ASSESSED")
        assert e["evidence"]
        for ev in e["evidence"]:
            assert ev["doc"] in labels and ev["sentence"] and 0 <= ev["confidence"] <= 1


def _csv_files(out: Path) -> dict[str, tuple[list[str], list[list[str]]]]:
    files = {}
    for f in sorted(out.glob("*.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        files[f.name] = (rows[0], rows[1:])
    return files


def test_csv_has_well_formed_neo4j_admin_headers(store_dir, graph, tmp_path):
    out = tmp_path / "csv"
    _export(store_dir, "csv", out)
    files = _csv_files(out)
    ids: set[str] = set()
    node_rows = rel_rows = 0
    for name, (header, rows) in files.items():
        m = re.fullmatch(r"(nodes|relationships)_(\w+)\.csv", name)
        assert m, name
        for col in header:
            assert re.fullmatch(r"\w*(:\w+(\[\])?(\(\w[\w-]*\))?)?", col), (name, col)
            kind = col.split(":", 1)[1] if ":" in col else "string"
            assert kind in ADMIN_TYPES | {"ID", "LABEL", "START_ID", "END_ID", "TYPE"}, col
        assert all(len(r) == len(header) for r in rows), name
        if m.group(1) == "nodes":
            assert header.count("key:ID") == 1 and ":LABEL" in header
            assert {r[header.index(":LABEL")] for r in rows} == {m.group(2)}
            ids |= {r[0] for r in rows}
            node_rows += len(rows)
        else:
            assert header[:2] == [":START_ID", ":END_ID"] and ":TYPE" in header
            assert {r[header.index(":TYPE")] for r in rows} == {m.group(2)}
            rel_rows += len(rows)
    assert len(ids) == node_rows  # one global id space: keys are unique across labels
    for name, (header, rows) in files.items():
        if name.startswith("relationships_"):
            assert all(r[0] in ids and r[1] in ids for r in rows), name
    mentions = sum(len(a["documents"]) for _, a in graph.nodes(data=True)
                   if a["label"] != schema.REPORT)
    assert rel_rows == graph.number_of_edges() + mentions
    assert "neo4j-admin database import full" in (out / "import.sh").read_text()


@pytest.mark.neo4j
def test_neo4j_admin_imports_the_csv_into_the_same_graph(graph, tmp_path, neo4j_server):
    from neo4j_fixture import classpath, start_server

    from ansvarsgraf.graph.neo4j_store import Neo4jStore

    out = write_neo4j_csv(graph, tmp_path / "csv")
    home = tmp_path / "home"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "neo4j.conf").write_text("")
    script = (out / "import.sh").read_text().replace(
        "neo4j-admin", f'java -Xmx1g -cp "{classpath()}" org.neo4j.cli.AdminTool', 1)
    (out / "import-here.sh").write_text(script)
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    done = subprocess.run(["sh", str(out / "import-here.sh")], capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "IMPORT DONE" in done.stdout

    with start_server(from_home=home) as server:
        store = Neo4jStore.connect(server.uri, user=server.user, password=server.password)
        try:
            assert content_hash(store.to_networkx()) == content_hash(graph)
            assert store.stats()["documents"] == sum(
                1 for _, a in graph.nodes(data=True) if a["label"] == schema.REPORT)
        finally:
            store.close()
