"""Store behaviour on every backend that runs everywhere: atomic, idempotent, forgettable."""

from __future__ import annotations

import dataclasses

import pytest

from ansvarsgraf.errors import DocumentNotFound, StoreError
from ansvarsgraf.graph.model import DocumentGraph, Edge, Evidence, Node, Report
from ansvarsgraf.graph.nxgraph import content_hash
from ansvarsgraf.graph.store import open_store
from ansvarsgraf.pipeline import extract_path
from conftest import corpus_texts, demo_reports


@pytest.fixture(scope="module")
def demo_docs() -> list[DocumentGraph]:
    return [extract_path(p) for p in demo_reports()]


def fingerprint(store) -> tuple:
    s = store.stats()
    return s["documents"], s["nodes"], s["edges"], s["evidence"], content_hash(store.to_networkx())


def test_demo_reports_load_and_report_what_was_written(any_store, demo_docs):
    results = [any_store.write_document(d) for d in demo_docs]
    assert all(r.loaded for r in results)
    s = any_store.stats()
    assert s["documents"] == len(demo_docs)
    assert s["nodes"] == len({n.key for d in demo_docs for n in d.nodes})
    assert s["edges"] == len({e.key for d in demo_docs for e in d.edges})
    assert {d["id"] for d in any_store.documents()} == {d.report.id for d in demo_docs}


def test_reloading_changes_nothing(any_store, demo_docs):
    for d in demo_docs:
        any_store.write_document(d)
    before = fingerprint(any_store)
    again = [any_store.write_document(d) for d in demo_docs]
    assert not any(r.loaded for r in again)
    assert fingerprint(any_store) == before


def test_replace_rewrites_a_document_to_the_same_graph(any_store, demo_docs):
    for d in demo_docs:
        any_store.write_document(d)
    before = fingerprint(any_store)
    assert any_store.write_document(demo_docs[0], replace=True).loaded
    assert fingerprint(any_store) == before


def test_forget_gives_the_graph_of_the_other_documents(tmp_path, demo_docs):
    only_rest = open_store(str(tmp_path / "rest"))
    for d in demo_docs[1:]:
        only_rest.write_document(d)
    everything = open_store(str(tmp_path / "all"))
    for d in demo_docs:
        everything.write_document(d)
    result = everything.forget(demo_docs[0].report.id)
    assert result.evidence_removed > 0
    assert fingerprint(everything) == fingerprint(only_rest)
    with pytest.raises(DocumentNotFound):
        everything.forget(demo_docs[0].report.id)
    everything.close()
    only_rest.close()


def test_forget_on_every_backend_leaves_nothing_behind(any_store, demo_docs):
    for d in demo_docs:
        any_store.write_document(d)
    for d in demo_docs:
        any_store.forget(d.report.id)
    s = any_store.stats()
    assert (s["documents"], s["nodes"], s["edges"], s["evidence"]) == (0, 0, 0, 0)


def test_shared_nodes_survive_forgetting_one_of_their_documents(any_store):
    def doc(text: bytes, muni_sentence: str) -> DocumentGraph:
        rid = Report.id_of(text)
        e = Evidence(rid, muni_sentence, 0, len(muni_sentence), 0.9, "t")
        ks = Node("Board", "Kommunstyrelsen", "Orsa kommun", evidence=(e,))
        af = Node("ExternalActor", "Arbetsförmedlingen", "", evidence=(e,))
        return DocumentGraph.build(Report(rid, "x.txt", municipality="Orsa kommun"), [ks, af],
                                   [Edge("COLLABORATES_WITH", ks.key, af.key, (e,))])

    a = doc(b"a", "Kommunstyrelsen samverkar med Arbetsförmedlingen.")
    b = doc(b"b", "Arbetsförmedlingen och kommunstyrelsen arbetar tillsammans.")
    any_store.write_document(a)
    any_store.write_document(b)
    G = any_store.to_networkx()
    (_, _, attrs), = G.edges(data=True)
    assert len(attrs["evidence"]) == 2
    any_store.forget(a.report.id)
    G = any_store.to_networkx()
    assert any_store.stats()["nodes"] == 2
    (_, _, attrs), = G.edges(data=True)
    assert [r["sentence"] for r in attrs["evidence"]] == [b.edges[0].evidence[0].sentence]


def test_a_write_that_fails_part_way_leaves_the_store_as_it_was(embedded_store, demo_docs):
    for d in demo_docs[1:]:
        embedded_store.write_document(d)
    before = fingerprint(embedded_store)
    # A lone surrogate (what a broken decoder can leave behind) cannot be stored: the
    # transaction fails at the evidence records, after the nodes and edges were written.
    doc = demo_docs[0]
    last = doc.edges[-1] if doc.edges else None
    assert last is not None, "the demo report yields edges"
    broken = dataclasses.replace(last.evidence[0], sentence="trasig \ud800 text")
    doc = dataclasses.replace(doc, edges=doc.edges[:-1] + (dataclasses.replace(last, evidence=(broken,)),))
    with pytest.raises((StoreError, UnicodeError)):
        embedded_store.write_document(doc)
    assert fingerprint(embedded_store) == before
    assert embedded_store.write_document(demo_docs[0]).loaded  # and the store still works


def test_memory_and_embedded_hold_the_same_graph(tmp_path, demo_docs):
    docs = demo_docs + [extract_path(p) for p in corpus_texts()]
    stores = [open_store("memory:"), open_store(str(tmp_path / "e"))]
    for store in stores:
        for d in docs:
            store.write_document(d)
    prints = [fingerprint(s) for s in stores]
    assert prints[0] == prints[1]
    forget_id = docs[2].report.id
    for store in stores:
        store.forget(forget_id)
    assert fingerprint(stores[0]) == fingerprint(stores[1])


def test_embedded_store_is_a_folder_and_reopens(tmp_path, demo_docs):
    path = tmp_path / "data"
    store = open_store(str(path))
    store.write_document(demo_docs[0])
    before = fingerprint(store)
    store.close()
    assert path.is_dir()
    reopened = open_store(str(path))
    assert fingerprint(reopened) == before
    reopened.close()


def test_read_only_queries_cannot_write(embedded_store, demo_docs):
    embedded_store.write_document(demo_docs[0])
    before = fingerprint(embedded_store)
    with pytest.raises(StoreError):
        embedded_store.read("MATCH (b:Board) SET b.name = 'x' RETURN b.name AS n")
    with pytest.raises(StoreError):
        embedded_store.read("MATCH (n:Board) DETACH DELETE n")
    assert fingerprint(embedded_store) == before


def test_a_file_in_place_of_the_store_folder_is_a_clear_error(tmp_path):
    f = tmp_path / "notafolder"
    f.write_text("x")
    store = open_store(str(f))
    with pytest.raises(StoreError, match="is a file"):
        store.stats()
