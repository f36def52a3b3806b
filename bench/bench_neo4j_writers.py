"""Load throughput into one Neo4j 5 server: our writer against other projects' writers.

    .venv/bin/pip install '.[bench]'
    .venv/bin/python bench/bench_neo4j_writers.py [--elements 100000] [--runs 3]

Starts the test server of tests/neo4j_server (built by .ci/setup-tests; APOC core
installed, which the other writers need), or uses NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD,
and loads the same synthetic graph (bench/synthetic.py) into an emptied database with:

- ansvarsgraf's Neo4jStore: one managed write transaction per document (atomic), with
  uniqueness constraints, plus what the others do not write: an Evidence node per
  sentence and a MENTIONS edge from each report to each node it names;
- neo4j-graphrag's Neo4jWriter: the whole graph in one `run` (its best case: nodes made
  once, batches of 1,000 in auto-commit transactions, no per-document atomicity);
- LangChain's Neo4jGraph.add_graph_documents (langchain-neo4j): one GraphDocument per
  report with baseEntityLabel=True, its documented fast mode (two auto-commit queries
  per document, not atomic), if it is installed.

Elements are counted alike for all: reports + distinct nodes + distinct relationships
of the final graph. Prints elements/s for each writer (median of --runs) and the ratio
of ours to the faster of the others (target: >= 3x), and beside each run the nodes and
relationships the writer actually put in the database per second: ours writes about
2.5 times as many (the evidence records and MENTIONS edges).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from neo4j_fixture import Server, start_server  # noqa: E402
from synthetic import synthetic_documents  # noqa: E402

from ansvarsgraf.graph.model import DocumentGraph  # noqa: E402
from ansvarsgraf.graph.neo4j_store import Neo4jStore  # noqa: E402


def distinct_elements(docs: list[DocumentGraph]) -> tuple[dict, dict, int]:
    """Nodes (key -> (label, props)) and relationships (key -> (type, src, dst, props))
    of the whole graph, and the element count: reports + nodes + relationships."""
    nodes: dict[str, tuple[str, dict]] = {}
    rels: dict[str, tuple[str, str, str, dict]] = {}
    for d in docs:
        r = d.report
        nodes[r.key] = ("Report", {"key": r.key, "name": r.title or r.file_name,
                                   "municipality": r.municipality, "file_name": r.file_name,
                                   "year": r.year})
        for n in d.nodes:
            nodes.setdefault(n.key, (n.label, {"key": n.key, "name": n.name,
                                               "municipality": n.municipality}))
        for e in d.edges:
            old = rels.get(e.key)
            conf = max(e.confidence, old[3]["confidence"]) if old else e.confidence
            props = {"key": e.key, "confidence": conf}
            if e.verdict is not None:
                props["verdict"] = e.verdict
            rels[e.key] = (e.type, e.source, e.target, props)
    return nodes, rels, len(nodes) + len(rels)


def wipe(server: Server) -> None:
    import neo4j

    with neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as drv:
        with drv.session() as session:  # CALL … IN TRANSACTIONS needs an auto-commit query
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS "
                        "OF 10000 ROWS").consume()
        for c in drv.execute_query("SHOW CONSTRAINTS YIELD name").records:
            drv.execute_query(f"DROP CONSTRAINT `{c['name']}`")
        for i in drv.execute_query("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' "
                                   "RETURN name").records:
            drv.execute_query(f"DROP INDEX `{i['name']}` IF EXISTS")


def count_graph(server: Server) -> tuple[int, int]:
    import neo4j

    with neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as drv:
        n = drv.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]
        r = drv.execute_query("MATCH ()-[r]->() RETURN count(r) AS c").records[0]["c"]
    return n, r


def ours(server: Server, docs: list[DocumentGraph]) -> Callable[[], None]:
    def load() -> None:
        with Neo4jStore.connect(server.uri, user=server.user, password=server.password) as st:
            for d in docs:
                st.write_document(d)
    return load


def graphrag(server: Server, docs: list[DocumentGraph]) -> Callable[[], None]:
    import neo4j
    from neo4j_graphrag.components.kg_writer import Neo4jWriter
    from neo4j_graphrag.components.types import (
        Neo4jGraph,
        Neo4jNode,
        Neo4jRelationship,
    )

    nodes, rels, _ = distinct_elements(docs)
    graph = Neo4jGraph(
        nodes=[Neo4jNode(id=k, label=label, properties=props)
               for k, (label, props) in nodes.items()],
        relationships=[Neo4jRelationship(start_node_id=s, end_node_id=t, type=typ,
                                         properties=props)
                       for typ, s, t, props in rels.values()])

    def load() -> None:
        with neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as drv:
            result = asyncio.run(Neo4jWriter(drv).run(graph))
        if result.status != "SUCCESS":
            raise RuntimeError(f"neo4j-graphrag Neo4jWriter: {result.metadata}")
    return load


def langchain(server: Server, docs: list[DocumentGraph]) -> Callable[[], None]:
    from langchain_core.documents import Document
    from langchain_neo4j import Neo4jGraph
    from langchain_neo4j.graphs.graph_document import GraphDocument, Node, Relationship

    labels = {}
    graph_docs = []
    for d in docs:
        labels[d.report.key] = "Report"
        labels.update({n.key: n.label for n in d.nodes})
        nodes = {d.report.key: Node(id=d.report.key, type="Report",
                                    properties={"name": d.report.title or d.report.file_name,
                                                "municipality": d.report.municipality})}
        for n in d.nodes:
            nodes[n.key] = Node(id=n.key, type=n.label,
                                properties={"name": n.name, "municipality": n.municipality})
        rels = [Relationship(source=nodes[e.source], target=nodes[e.target], type=e.type,
                             properties={"key": e.key, "confidence": e.confidence,
                                         **({"verdict": e.verdict} if e.verdict else {})})
                for e in d.edges]
        graph_docs.append(GraphDocument(nodes=list(nodes.values()), relationships=rels,
                                        source=Document(page_content=d.report.file_name)))

    def load() -> None:
        g = Neo4jGraph(url=server.uri, username=server.user, password=server.password,
                       refresh_schema=False)
        try:
            g.add_graph_documents(graph_docs, baseEntityLabel=True)
        finally:
            g.close()
    return load


WRITERS = {
    "ansvarsgraf Neo4jStore": ours,
    "neo4j-graphrag Neo4jWriter": graphrag,
    "langchain-neo4j": langchain,
}


def run_all(server: Server, docs: list[DocumentGraph], runs: int) -> dict[str, float]:
    """Warm the server up with each writer on a tenth of the documents, then time `runs`
    rounds, the writers taking turns, each on an emptied database."""
    _, _, elements = distinct_elements(docs)
    loads, warm = {}, {}
    for name, make in WRITERS.items():
        try:
            loads[name] = make(server, docs)
            warm[name] = make(server, docs[: max(1, len(docs) // 10)])
        except ImportError as e:
            sys.stdout.write(f"{name:<28} not installed ({e.name}); pip install '.[bench]'\n")
    for name, load in warm.items():
        wipe(server)
        load()
    rates: dict[str, list[float]] = {name: [] for name in loads}
    for _ in range(runs):
        for name, load in loads.items():
            wipe(server)
            started = time.perf_counter()
            load()
            elapsed = time.perf_counter() - started
            n, r = count_graph(server)
            rates[name].append(elements / elapsed)
            sys.stdout.write(f"{name:<28} {elapsed:7.1f} s  {elements / elapsed:9,.0f} "
                             f"elements/s (database: {n:,} nodes, {r:,} relationships "
                             f"written, {(n + r) / elapsed:,.0f}/s)\n")
            sys.stdout.flush()
    return {name: statistics.median(r) for name, r in rates.items()}


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
    _, _, elements = distinct_elements(docs)
    sys.stdout.write(f"synthetic graph: {len(docs)} documents, {elements:,} elements "
                     f"(reports + distinct nodes + distinct relationships)\n")
    with server_for_bench() as server:
        results = run_all(server, docs, args.runs)
    sys.stdout.write("\nmedian elements/s:\n")
    for name, rate in results.items():
        sys.stdout.write(f"  {name:<28} {rate:9,.0f}\n")
    others = [r for n, r in results.items() if n != "ansvarsgraf Neo4jStore"]
    if others and "ansvarsgraf Neo4jStore" in results:
        ratio = results["ansvarsgraf Neo4jStore"] / max(others)
        sys.stdout.write(f"ours / fastest other: {ratio:.2f}x (target >= 3x)\n")


if __name__ == "__main__":
    main()
