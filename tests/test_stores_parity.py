"""The embedded store and Neo4j behave identically: the same documents give the same
graph (counts and content hash, checked against the networkx memory store), reloads
change nothing, forget removes the same things, a document that fails part-way leaves
the store as it was, and every named query returns the same rows on both."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from ansvarsgraf.errors import DocumentNotFound, StoreError
from ansvarsgraf.graph.memory import MemoryStore
from ansvarsgraf.graph.model import DocumentGraph
from ansvarsgraf.graph.nxgraph import content_hash
from ansvarsgraf.pipeline import extract_path
from ansvarsgraf.queries.catalogue import NamedQuery, load_catalogue

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
STORES = ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)]
COUNTS = ("documents", "nodes", "edges", "evidence", "labels", "types")


@pytest.fixture(scope="module")
def documents() -> list[DocumentGraph]:
    """The demo reports, and the development corpus when it is beside the checkout."""
    paths = sorted((ROOT / "examples").glob("*.txt")) + sorted(CORPUS.glob("*.txt"))
    return [extract_path(p) for p in paths]


@pytest.fixture
def store(request, tmp_path):
    if request.param == "neo4j":
        yield request.getfixturevalue("neo4j_store")
        return
    from ansvarsgraf.graph.embedded import EmbeddedStore

    s = EmbeddedStore(tmp_path / "store")
    yield s
    s.close()


def summary(store) -> tuple[dict, str]:
    stats = store.stats()
    return {k: stats[k] for k in COUNTS}, content_hash(store.to_networkx())


def memory_with(docs: list[DocumentGraph]) -> MemoryStore:
    m = MemoryStore()
    for d in docs:
        m.write_document(d)
    return m


def broken(doc: DocumentGraph) -> DocumentGraph:
    """`doc` with one evidence span past the 64-bit range on its last edge: it passes
    validation and fails in the store when the evidence rows are written, after its
    report, nodes and edges were written in the same transaction."""
    last = doc.edges[-1]
    ev = dataclasses.replace(last.evidence[0], end=2**63)
    edge = dataclasses.replace(last, evidence=(ev, *last.evidence[1:]))
    return dataclasses.replace(doc, edges=(*doc.edges[:-1], edge)).validate()


@pytest.mark.parametrize("store", STORES, indirect=True)
def test_load_reload_forget_match_the_memory_store(store, documents):
    assert len(documents) >= 4
    results = [store.write_document(d) for d in documents]
    assert all(r.loaded for r in results)
    reference = memory_with(documents)
    loaded = summary(store)
    assert loaded == summary(reference)
    assert loaded[0]["edges"] > 0 and loaded[0]["evidence"] > 0

    # Reloading changes nothing; --replace rewrites a document to the same graph.
    assert not any(store.write_document(d).loaded for d in documents)
    assert store.write_document(documents[0], replace=True).loaded
    assert summary(store) == loaded

    # Forget removes exactly what the memory store removes.
    gone = documents[0].report.id
    expected = reference.forget(gone)
    assert store.forget(gone) == expected
    assert summary(store) == summary(reference)
    with pytest.raises(DocumentNotFound):
        store.forget(gone)
    for d in documents[1:]:
        store.forget(d.report.id)
    counts, _ = summary(store)
    assert counts == {"documents": 0, "nodes": 0, "edges": 0, "evidence": 0, "labels": {},
                      "types": {}}


@pytest.mark.parametrize("store", STORES, indirect=True)
def test_a_document_that_fails_part_way_leaves_the_store_unchanged(store, documents):
    with_edges = [d for d in documents if d.edges]
    first, other = with_edges[0], with_edges[1]
    store.write_document(first)
    before = summary(store)
    assert before[0]["documents"] == 1

    with pytest.raises(StoreError):
        store.write_document(broken(other))
    assert summary(store) == before

    # --replace forgets the old version inside the transaction that then fails.
    with pytest.raises(StoreError):
        store.write_document(broken(first), replace=True)
    assert summary(store) == before
    assert [d["id"] for d in store.documents()] == [first.report.id]


def _values_for(q: NamedQuery, graph_values: dict[str, object]) -> list[dict[str, object]]:
    """Parameter sets to run a query with: its defaults, and then each parameter the
    graph can give a value for (a municipality, a name, a document id)."""
    base: dict[str, object] = {}
    for p in q.params:
        if p.required:
            base[p.name] = _guess(p.name, p.type, graph_values)
    sets = [base]
    for p in q.params:
        if not p.required and p.type == "string":
            value = _guess(p.name, p.type, graph_values)
            if value is not None:
                sets.append({**base, p.name: value})
    return sets


def _guess(name: str, type_: str, graph_values: dict[str, object]) -> object:
    if type_ == "int":
        return 3
    if type_ == "float":
        return 0.5
    if type_ == "bool":
        return True
    low = name.lower()
    for hint in ("municipality", "doc", "board", "label", "key"):
        if hint in low:
            return graph_values[hint]
    return graph_values["name"]


def _canonical(rows: list[dict]) -> list[str]:
    def norm(v):
        if isinstance(v, float):
            return round(v, 6)
        if isinstance(v, list):
            return [norm(x) for x in v]
        if isinstance(v, dict):
            return {k: norm(x) for k, x in v.items()}
        return v

    return sorted(json.dumps(norm(r), sort_keys=True, ensure_ascii=False) for r in rows)


@pytest.mark.neo4j
def test_every_named_query_returns_the_same_rows_on_both(neo4j_store, documents, tmp_path):
    from ansvarsgraf.graph.embedded import EmbeddedStore

    catalogue = load_catalogue()
    assert list(catalogue), "the catalogue is empty"
    with EmbeddedStore(tmp_path / "store") as embedded:
        for d in documents:
            embedded.write_document(d)
            neo4j_store.write_document(d)
        board = embedded.read("MATCH (b:Board) RETURN b.name AS n, b.municipality AS m, "
                              "b.key AS k ORDER BY m, n LIMIT 1")[0]
        graph_values = {"municipality": board["m"], "board": board["n"], "name": board["n"],
                        "label": "Board", "key": board["k"],
                        "doc": documents[0].report.id}
        ran = 0
        for q in catalogue:
            for params in _values_for(q, graph_values):
                expected = catalogue.run(embedded, q.name, params)
                got = catalogue.run(neo4j_store, q.name, params)
                assert _canonical(got) == _canonical(expected), f"{q.name} {params}"
                ran += 1
        assert ran >= len(list(catalogue))
