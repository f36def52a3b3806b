"""Load throughput into one Neo4j 5 server: our writer against other projects' writers.

    .venv/bin/pip install '.[bench]'
    .venv/bin/python bench/bench_neo4j_writers.py [--elements 100000] [--runs 3]

Starts the test server of tests/neo4j_server (built by .ci/setup-tests; APOC core
installed, which the other writers need), or uses NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD,
and loads the same synthetic documents (bench/synthetic.py) into an emptied database with:

- ansvarsgraf's Neo4jStore: one managed write transaction per document (atomic), MERGE
  on uniqueness constraints, and the whole model: reports, entities, relationships, a
  MENTIONS edge from each report to each node it names, and an Evidence record per
  sentence;
- neo4j-graphrag's Neo4jWriter: the whole graph in one `run` (its best case: batches of
  1,000 in auto-commit transactions, nodes CREATEd, no per-document atomicity);
- LangChain's Neo4jGraph.add_graph_documents (langchain-neo4j): one GraphDocument per
  report with baseEntityLabel=True, its documented fast mode (two auto-commit queries
  per document, not atomic);
- a reference ceiling, not a writer anyone should use: CREATE only, batches of 10,000,
  no constraint, no MERGE, no atomicity. It shows what this server does at best.

Each of the others loads two graphs, so both readings of "the same graph" are measured:

1. the entity graph: reports, distinct entities and distinct relationships (~100k
   elements). Ours writes its whole model in that time, ~2.5 times as many objects.
2. the stored graph: what ours puts in the database, the others given the Evidence
   records as nodes and the MENTIONS relationships too. The node and relationship
   counts of every writer are checked against ours.

Prints, per view, elements/s for each writer (median of --runs, every run on an emptied
database after a warm-up) and the ratio of ours, and of the ceiling, to the fastest of
the others (the issue's target is >= 3x for ours).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from neo4j_fixture import Server, start_server  # noqa: E402
from synthetic import synthetic_documents  # noqa: E402

from ansvarsgraf.graph.cypher_store import document_rows  # noqa: E402
from ansvarsgraf.graph.model import DocumentGraph  # noqa: E402
from ansvarsgraf.graph.neo4j_store import Neo4jStore  # noqa: E402

OURS, CEILING = "ansvarsgraf Neo4jStore", "ceiling: CREATE only"
VIEWS = ("entity graph", "stored graph")


@dataclass
class Content:
    """A graph as the others' writers take it: nodes key -> (label, props), relationships
    key -> (type, source key, target key, props)."""

    nodes: dict[str, tuple[str, dict]] = field(default_factory=dict)
    rels: dict[str, tuple[str, str, str, dict]] = field(default_factory=dict)

    @property
    def elements(self) -> int:
        return len(self.nodes) + len(self.rels)


def _props(row: dict) -> dict:
    return {k: v for k, v in row.items() if v is not None}


def entity_graph(docs: list[DocumentGraph]) -> Content:
    """Reports, distinct entities and distinct relationships (confidence: the highest)."""
    g = Content()
    for d in docs:
        r = d.report
        g.nodes[r.key] = ("Report", _props({"key": r.key, "name": r.title or r.file_name,
                                            "municipality": r.municipality,
                                            "file_name": r.file_name, "year": r.year}))
        for n in d.nodes:
            g.nodes.setdefault(n.key, (n.label, {"key": n.key, "name": n.name,
                                                 "municipality": n.municipality}))
        for e in d.edges:
            old = g.rels.get(e.key)
            conf = max(e.confidence, old[3]["confidence"]) if old else e.confidence
            g.rels[e.key] = (e.type, e.source, e.target,
                             _props({"key": e.key, "confidence": conf, "verdict": e.verdict}))
    return g


def stored_graph(docs: list[DocumentGraph]) -> Content:
    """The entity graph plus what ours stores besides: an Evidence node per record and a
    MENTIONS relationship from each report to each node it names."""
    g = entity_graph(docs)
    for d in docs:
        rows = document_rows(d)
        for ev in rows["evidence"]:
            g.nodes[ev["key"]] = ("Evidence", _props(ev))
        for mentions in rows["mentions"].values():
            for m in mentions:
                g.rels[m["key"]] = ("MENTIONS", m["src"], m["dst"],
                                    {"key": m["key"], "confidence": m["confidence"]})
    return g


def _driver(server: Server):  # noqa: ANN202 - neo4j is imported late, as in the store
    import neo4j

    return neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password))


def wipe(server: Server) -> None:
    """Empty the database and drop every constraint and index a writer made."""
    with _driver(server) as drv:
        with drv.session() as session:  # CALL … IN TRANSACTIONS needs an auto-commit query
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS "
                        "OF 10000 ROWS").consume()
        for c in drv.execute_query("SHOW CONSTRAINTS YIELD name").records:
            drv.execute_query(f"DROP CONSTRAINT `{c['name']}`")
        for i in drv.execute_query("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' "
                                   "RETURN name").records:
            drv.execute_query(f"DROP INDEX `{i['name']}` IF EXISTS")


def count_graph(server: Server) -> tuple[int, int]:
    with _driver(server) as drv:
        n = drv.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]
        r = drv.execute_query("MATCH ()-[r]->() RETURN count(r) AS c").records[0]["c"]
    return n, r


# -- the writers: each make_* prepares its input outside the timing and returns the load --
def make_ours(server: Server, docs: list[DocumentGraph], _: Content) -> Callable[[], None]:
    def load() -> None:
        with Neo4jStore.connect(server.uri, user=server.user, password=server.password) as st:
            for d in docs:
                st.write_document(d)
    return load


def make_graphrag(server: Server, _: list[DocumentGraph], g: Content) -> Callable[[], None]:
    from neo4j_graphrag.components.kg_writer import Neo4jWriter
    from neo4j_graphrag.components.types import Neo4jGraph, Neo4jNode, Neo4jRelationship

    graph = Neo4jGraph(
        nodes=[Neo4jNode(id=k, label=label, properties=props)
               for k, (label, props) in g.nodes.items()],
        relationships=[Neo4jRelationship(start_node_id=s, end_node_id=t, type=typ,
                                         properties=props)
                       for typ, s, t, props in g.rels.values()])

    def load() -> None:
        with _driver(server) as drv:
            result = asyncio.run(Neo4jWriter(drv).run(graph))
        if result.status != "SUCCESS":
            raise RuntimeError(f"neo4j-graphrag Neo4jWriter: {result.metadata}")
    return load


def make_langchain(server: Server, docs: list[DocumentGraph], g: Content) -> Callable[[], None]:
    from langchain_core.documents import Document
    from langchain_neo4j import Neo4jGraph
    from langchain_neo4j.graphs.graph_document import GraphDocument, Node, Relationship

    def node(key: str) -> Node:
        label, props = g.nodes[key]
        return Node(id=key, type=label, properties={k: v for k, v in props.items() if k != "key"})

    stored = any(label == "Evidence" for label, _ in g.nodes.values())
    graph_docs = []
    for d in docs:  # one GraphDocument per report, as a pipeline would hand them over
        rows = document_rows(d)
        nodes = {k: node(k) for k in [d.report.key, *(n.key for n in d.nodes)]}
        keys = [e.key for e in d.edges]
        if stored:
            nodes.update({ev["key"]: node(ev["key"]) for ev in rows["evidence"]})
            keys += [m["key"] for ms in rows["mentions"].values() for m in ms]
        rels = []
        for k in keys:
            typ, s, t, props = g.rels[k]
            rels.append(Relationship(source=nodes[s], target=nodes[t], type=typ,
                                     properties=props))
        graph_docs.append(GraphDocument(nodes=list(nodes.values()), relationships=rels,
                                        source=Document(page_content=d.report.file_name)))

    def load() -> None:
        lg = Neo4jGraph(url=server.uri, username=server.user, password=server.password,
                        refresh_schema=False)
        try:
            lg.add_graph_documents(graph_docs, baseEntityLabel=True)
        finally:
            lg.close()
    return load


def make_ceiling(server: Server, _: list[DocumentGraph], g: Content) -> Callable[[], None]:
    """What the server does at best: CREATE only, no index, relationships found by the
    element ids the node batches return."""
    by_label: dict[str, list[dict]] = defaultdict(list)
    for label, props in g.nodes.values():
        by_label[label].append(props)
    by_type: dict[str, list[tuple[str, str, dict]]] = defaultdict(list)
    for typ, s, t, props in g.rels.values():
        by_type[typ].append((s, t, props))
    size = 10_000

    def load() -> None:
        ids: dict[str, str] = {}
        with _driver(server) as drv, drv.session() as session:
            for label, rows in by_label.items():  # labels and types come from our schema
                for i in range(0, len(rows), size):
                    for rec in session.run(f"UNWIND $rows AS r CREATE (n:{label}) SET n = r "
                                           "RETURN r.key AS k, elementId(n) AS i",
                                           rows=rows[i:i + size]):
                        ids[rec["k"]] = rec["i"]
            for typ, rels in by_type.items():
                rows = [{"s": ids[s], "t": ids[t], "p": p} for s, t, p in rels]
                for i in range(0, len(rows), size):
                    session.run(f"UNWIND $rows AS r MATCH (a) WHERE elementId(a) = r.s "
                                f"MATCH (b) WHERE elementId(b) = r.t "
                                f"CREATE (a)-[e:{typ}]->(b) SET e = r.p",
                                rows=rows[i:i + size]).consume()
    return load


OTHERS = {
    "neo4j-graphrag Neo4jWriter": make_graphrag,
    "langchain-neo4j": make_langchain,
}


def prepare(server: Server, docs: list[DocumentGraph]) -> dict[tuple[str, str], Callable[[], None]]:
    """(writer, view) -> load; ours writes the same whatever the view, so it runs once."""
    contents = {VIEWS[0]: entity_graph(docs), VIEWS[1]: stored_graph(docs)}
    loads = {(OURS, VIEWS[1]): make_ours(server, docs, contents[VIEWS[1]])}
    for name, make in {**OTHERS, CEILING: make_ceiling}.items():
        for view, content in contents.items():
            try:
                loads[(name, view)] = make(server, docs, content)
            except ImportError as e:
                sys.stdout.write(f"{name:<28} not installed ({e.name}); "
                                 "pip install '.[bench]'\n")
                break
    return loads


def run_all(server: Server, docs: list[DocumentGraph], runs: int) -> dict[tuple[str, str], float]:
    """Warm each writer up on a tenth of the documents, then time `runs` rounds, the
    writers taking turns, each on an emptied database. Returns seconds (medians)."""
    loads = prepare(server, docs)
    stored = stored_graph(docs)
    expected = (len(stored.nodes), len(stored.rels))
    few = docs[: max(1, len(docs) // 10)]
    for (name, view), load in prepare(server, few).items():
        if view == VIEWS[1]:
            wipe(server)
            load()
    seconds: dict[tuple[str, str], list[float]] = defaultdict(list)
    for _ in range(runs):
        for (name, view), load in loads.items():
            wipe(server)
            started = time.perf_counter()
            load()
            elapsed = time.perf_counter() - started
            seconds[(name, view)].append(elapsed)
            n, r = count_graph(server)
            note = ""
            if view == VIEWS[1] and (n, r) != expected:
                note = f"  ** expected {expected[0]:,} nodes, {expected[1]:,} relationships"
            sys.stdout.write(f"{name:<28} {view:<13} {elapsed:6.1f} s  database: {n:,} nodes, "
                             f"{r:,} relationships{note}\n")
            sys.stdout.flush()
    return {key: statistics.median(s) for key, s in seconds.items()}


def report(medians: dict[tuple[str, str], float], docs: list[DocumentGraph]) -> None:
    elements = {VIEWS[0]: entity_graph(docs).elements, VIEWS[1]: stored_graph(docs).elements}
    for view in VIEWS:
        sys.stdout.write(f"\n{view} ({elements[view]:,} elements), median elements/s:\n")
        rates = {}
        for (name, v), s in medians.items():
            if v == view or name == OURS:  # ours wrote its whole model in either view
                rates[name] = elements[view] / s
                sys.stdout.write(f"  {name:<28} {rates[name]:9,.0f}\n")
        others = [r for n, r in rates.items() if n in OTHERS]
        if not others:
            continue
        best = max(others)
        sys.stdout.write(f"  ours / fastest other:    {rates[OURS] / best:.2f}x (target >= 3x)\n")
        if CEILING in rates:
            sys.stdout.write(f"  ceiling / fastest other: {rates[CEILING] / best:.2f}x\n")


@contextmanager
def server_for_bench() -> Iterator[Server]:
    with start_server(heap="2g", apoc=True) as server:
        if server.start_seconds:
            sys.stdout.write(f"Neo4j test server started in {server.start_seconds:.1f} s "
                             f"at {server.uri}\n")
        yield server


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--elements", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    docs = synthetic_documents(args.elements)
    sys.stdout.write(f"synthetic graph: {len(docs)} documents; entity graph "
                     f"{entity_graph(docs).elements:,} elements, stored graph "
                     f"{stored_graph(docs).elements:,}\n")
    with server_for_bench() as server:
        medians = run_all(server, docs, args.runs)
    report(medians, docs)


if __name__ == "__main__":
    main()
