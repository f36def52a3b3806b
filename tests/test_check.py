"""`ansvarsgraf check`: a clean store passes, and each kind of damage, written on purpose
with raw Cypher through the backend's own write transaction, is reported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ansvarsgraf.graph.check import check_store
from ansvarsgraf.graph.embedded import EmbeddedStore
from ansvarsgraf.pipeline import extract_path

from .conftest import demo_reports


def _load_examples(store) -> None:
    for path in demo_reports():
        store.write_document(extract_path(path))


def _raw(store, query: str, params: dict | None = None) -> list[dict]:
    return store._in_write_tx(lambda tx: tx.run(query, params or {}))


def neo4j_store_or_skip(request):
    """The Neo4j helper's emptied store (tests/neo4j_fixture.py), or a skip without it."""
    try:
        return request.getfixturevalue("neo4j_store")
    except pytest.FixtureLookupError:
        pytest.skip("the Neo4j fixture (tests/neo4j_fixture.py) is not installed")


def _kinds(store) -> set[str]:
    return {v.kind for v in check_store(store)}


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def loaded(request, tmp_path):
    """The demo reports loaded into a real store of each Cypher backend."""
    if request.param == "neo4j":
        store = neo4j_store_or_skip(request)  # emptied; closed by its fixture
        _load_examples(store)
        yield store
        return
    store = EmbeddedStore(tmp_path / "store")
    _load_examples(store)
    yield store
    store.close()


@pytest.fixture
def loaded_neo4j(request):
    store = neo4j_store_or_skip(request)
    _load_examples(store)
    return store


def _a_part_of(store) -> dict:
    """A PART_OF edge with the labels of its ends (a node key starts with its label)."""
    rows = store.read("MATCH (a)-[e:PART_OF]->(b) "
                      "RETURN a.key AS a, b.key AS b, e.key AS k ORDER BY k LIMIT 1")
    assert rows, "the demo reports give at least one PART_OF edge"
    row = rows[0]
    return {**row, "la": row["a"].split(":", 1)[0], "lb": row["b"].split(":", 1)[0]}


def test_clean_store_has_no_violations(loaded):
    assert check_store(loaded) == []


def test_forget_and_replace_keep_the_store_clean(loaded):
    docs = loaded.documents()
    assert len(docs) == len(demo_reports())
    loaded.forget(docs[0]["id"])
    assert check_store(loaded) == []
    loaded.write_document(extract_path(demo_reports()[1]), replace=True)
    assert check_store(loaded) == []


def test_edge_without_evidence(loaded):
    e = _a_part_of(loaded)
    _raw(loaded, "MATCH (v:Evidence) WHERE v.edge_key = $k DELETE v", {"k": e["k"]})
    violations = check_store(loaded)
    assert any(v.kind == "edge_without_evidence" and v.subject == e["k"] for v in violations)
    # the documents that evidenced it are now incomplete too
    assert "incomplete_document" in {v.kind for v in violations}


def test_mentions_without_evidence(loaded):
    m = loaded.read("MATCH (d:Report)-[e:MENTIONS]->(n:Board) RETURN e.key AS k LIMIT 1")[0]
    _raw(loaded, "MATCH (v:Evidence) WHERE v.edge_key = $k DELETE v", {"k": m["k"]})
    assert any(v.kind == "edge_without_evidence" and v.subject == m["k"]
               for v in check_store(loaded))


def test_evidence_without_document(loaded):
    e = _a_part_of(loaded)
    _raw(loaded, "CREATE (v:Evidence {key: 'stray', edge_key: $k, rel_type: 'PART_OF', "
                 "doc: 'no-such-document', sentence: 'x', char_start: 0, char_end: 1, "
                 "confidence: 0.5, rule: 'test'})", {"k": e["k"]})
    violations = check_store(loaded)
    assert [v.subject for v in violations if v.kind == "evidence_without_document"] == ["stray"]


def test_evidence_without_edge(loaded):
    doc = loaded.documents()[0]["id"]
    _raw(loaded, "CREATE (v:Evidence {key: 'dangling', edge_key: 'no-such-edge', "
                 "rel_type: 'OWNS', doc: $d, sentence: 'x', char_start: 0, char_end: 1, "
                 "confidence: 0.5, rule: 'test'})", {"d": doc})
    violations = check_store(loaded)
    assert [v.subject for v in violations if v.kind == "evidence_without_edge"] == ["dangling"]
    assert any(v.kind == "incomplete_document" and v.subject == doc for v in violations)


def test_half_written_document_is_incomplete(loaded):
    """What a load cut short would leave: the report and some of its mentions."""
    doc = loaded.documents()[0]["id"]
    _raw(loaded, "MATCH (d:Report {key: $d})-[e:MENTIONS]->(n:Board) DELETE e", {"d": doc})
    violations = check_store(loaded)
    incomplete = [v for v in violations if v.kind == "incomplete_document"]
    assert [v.subject for v in incomplete] == [doc]
    assert "nodes" in incomplete[0].detail


def test_report_counts_disagree(loaded):
    doc = loaded.documents()[0]["id"]
    _raw(loaded, "MATCH (d:Report {key: $d}) SET d.evidence_count = d.evidence_count + 1",
         {"d": doc})
    violations = check_store(loaded)
    assert [(v.kind, v.subject) for v in violations] == [("incomplete_document", doc)]
    assert "evidence" in violations[0].detail


def test_duplicate_edge_key(loaded):
    e = _a_part_of(loaded)
    other = loaded.read(f"MATCH (a:{e['la']}) WHERE a.key <> $a RETURN a.key AS k LIMIT 1",
                        {"a": e["a"]})[0]["k"]
    _raw(loaded, f"MATCH (a:{e['la']} {{key: $a}}), (b:{e['lb']} {{key: $b}}) "
                 "CREATE (a)-[:PART_OF {key: $k, confidence: 0.5}]->(b)",
         {"a": other, "b": e["b"], "k": e["k"]})
    assert any(v.kind == "duplicate_key" and v.subject == e["k"] for v in check_store(loaded))


def test_duplicate_node_key_across_labels(loaded):
    board = loaded.read("MATCH (n:Board) RETURN n.key AS k LIMIT 1")[0]["k"]
    _raw(loaded, "CREATE (g:Goal {key: $k, name: 'x', municipality: ''})", {"k": board})
    violations = check_store(loaded)
    assert any(v.kind == "duplicate_key" and v.subject == board for v in violations)


def test_missing_edge_key(loaded):
    e = _a_part_of(loaded)
    _raw(loaded, f"MATCH (a:{e['la']} {{key: $a}}), (b:{e['lb']} {{key: $b}}) "
                 "CREATE (a)-[:PART_OF {confidence: 0.5}]->(b)", {"a": e["a"], "b": e["b"]})
    assert "missing_key" in _kinds(loaded)


def test_unmentioned_node(loaded):
    _raw(loaded, "CREATE (g:Goal {key: 'Goal::orphan', name: 'orphan', municipality: ''})")
    violations = check_store(loaded)
    assert [(v.kind, v.subject) for v in violations] == [("unmentioned_node", "Goal::orphan")]


def test_embedded_schema_refuses_disallowed_label_pairs(tmp_path):
    """LadybugDB's relationship tables list the allowed pairs, so the check's
    schema_violation can only fire on schemaless backends (see the Neo4j tests)."""
    loaded = EmbeddedStore(tmp_path / "store")
    _load_examples(loaded)
    board = loaded.read("MATCH (n:Board) RETURN n.key AS k LIMIT 1")[0]["k"]
    _raw(loaded, "CREATE (g:Goal {key: 'Goal::g', name: 'g', municipality: ''})")
    with pytest.raises(Exception):
        _raw(loaded, "MATCH (g:Goal {key: 'Goal::g'}), (b:Board {key: $b}) "
                     "CREATE (g)-[:OWNS {key: 'bad'}]->(b)", {"b": board})
    assert not any(v.kind == "schema_violation" for v in check_store(loaded))
    loaded.close()


def test_cli_check_exit_codes_and_json(tmp_path):
    path = tmp_path / "store"
    loaded = EmbeddedStore(path)
    _load_examples(loaded)
    _raw(loaded, "CREATE (g:Goal {key: 'Goal::orphan', name: 'orphan', municipality: ''})")
    loaded.close()
    cli = [str(Path(sys.executable).parent / "ansvarsgraf")]
    run = subprocess.run([*cli, "--store", str(path), "check", "--json"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stderr
    report = json.loads(run.stdout)
    assert report["clean"] is False
    assert report["violations"] == [{"kind": "unmentioned_node", "subject": "Goal::orphan",
                                     "detail": "a Goal no report mentions"}]
    store = EmbeddedStore(path)
    _raw(store, "MATCH (g:Goal {key: 'Goal::orphan'}) DELETE g")
    store.close()
    run = subprocess.run([*cli, "--store", str(path), "check"], capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.neo4j
def test_neo4j_schema_violation(loaded_neo4j):
    """Neo4j takes any relationship between any nodes: the check is the guard."""
    board = loaded_neo4j.read("MATCH (n:Board) RETURN n.key AS k LIMIT 1")[0]["k"]
    doc = loaded_neo4j.documents()[0]["id"]
    _raw(loaded_neo4j, "MATCH (b:Board {key: $b}), (d:Report {key: $d}) "
                       "CREATE (b)-[:OWNS {key: 'wrong-way', confidence: 0.5}]->(d)",
         {"b": board, "d": doc})
    violations = check_store(loaded_neo4j)
    assert [v.subject for v in violations if v.kind == "schema_violation"] == ["wrong-way"]


@pytest.mark.neo4j
def test_neo4j_unknown_label_and_type(loaded_neo4j):
    board = loaded_neo4j.read("MATCH (n:Board) RETURN n.key AS k LIMIT 1")[0]["k"]
    _raw(loaded_neo4j, "MATCH (b:Board {key: $b}) CREATE (b)-[:LIKES]->(:Person {key: 'p'})",
         {"b": board})
    violations = check_store(loaded_neo4j)
    assert {(v.kind, v.subject) for v in violations} == {("unknown_element", "nodes"),
                                                          ("unknown_element", "relationships")}


def test_check_during_a_load_sees_no_false_damage(tmp_path):
    """`check` and `to_networkx` while another thread loads documents: documents that
    commit between their reads must neither look like damage nor tear the graph."""
    import threading

    from .test_crash import make_corpus

    corpus = make_corpus(tmp_path / "corpus", 30)
    store = EmbeddedStore(tmp_path / "store")
    done = threading.Event()

    def load() -> None:
        try:
            for p in corpus:
                store.write_document(extract_path(p))
        finally:
            done.set()

    writer = threading.Thread(target=load)
    writer.start()
    checks = 0
    while not done.is_set() or checks == 0:
        assert check_store(store) == []
        G = store.to_networkx()  # one snapshot too: no edge to a node it did not read
        assert all("label" in attrs for _, attrs in G.nodes(data=True))
        checks += 1
    writer.join()
    assert check_store(store) == [] and len(store.documents()) == len(corpus)
    store.close()
