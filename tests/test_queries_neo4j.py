"""Every named query runs unchanged on Neo4j 5 and returns what the embedded store returns.

The demo gold graphs go into both stores; each query runs with the same parameters on
both, and the rows must be equal up to order (and to the order inside collected lists,
which Cypher leaves open). Marked `neo4j`: needs the test server (tests/neo4j_fixture.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ansvarsgraf.graph.embedded import EmbeddedStore
from ansvarsgraf.graph.gold import gold_documents
from ansvarsgraf.queries.catalogue import load_catalogue
from ansvarsgraf.queries.gaps_runner import find_gaps

pytestmark = pytest.mark.neo4j
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LJUSDAL, ORSA = "Ljusdals kommun", "Orsa kommun"


def _params(name: str, edge_key: str) -> list[dict[str, str]]:
    """Parameter sets that give rows, and one that gives none."""
    given = {
        "who_is_responsible": [{"name": "sfi"}, {"name": "mottagande", "municipality": LJUSDAL}],
        "board_responsibilities": [{"board": "Kommunstyrelsen", "municipality": LJUSDAL},
                                   {"board": "socialnämnden", "municipality": LJUSDAL}],
        "organisation_tree": [{"municipality": ORSA}, {"municipality": LJUSDAL}],
        "external_partners": [{"municipality": LJUSDAL}, {"municipality": ORSA}],
        "compare_municipalities": [{"task": "mottagande", "municipality_a": LJUSDAL,
                                    "municipality_b": ORSA}],
        "edge_evidence": [{"edge_key": edge_key}],
    }
    return given.get(name, [{}, {"municipality": ORSA}]) + [
        {p.name: "' OR 1=1 //" for p in load_catalogue().get(name).params}]


def _norm(value):
    """Lists as sorted lists and dicts as sorted pairs, all the way down."""
    if isinstance(value, dict):
        return sorted((k, _norm(v)) for k, v in value.items())
    if isinstance(value, list):
        return sorted((_norm(v) for v in value), key=repr)
    return value


def _canonical(rows):
    return sorted(repr(_norm(r)) for r in rows)


@pytest.fixture
def stores(neo4j_store, tmp_path):
    docs = gold_documents(EXAMPLES)
    embedded = EmbeddedStore(tmp_path / "store")
    for d in docs:
        embedded.write_document(d)
        neo4j_store.write_document(d)
    yield embedded, neo4j_store
    embedded.close()


def test_every_query_gives_the_same_rows_on_neo4j(stores):
    embedded, neo4j = stores
    cat = load_catalogue()
    edge_key = cat.run(embedded, "who_is_responsible", {"name": "förskola"})[0]["edge_key"]
    compared = 0
    for q in cat:
        for params in _params(q.name, edge_key):
            mine = cat.run(embedded, q.name, params)
            theirs = cat.run(neo4j, q.name, params)
            assert _canonical(theirs) == _canonical(mine), (q.name, params)
            compared += bool(mine)
    assert compared >= len(list(cat))  # every query returned rows at least once


def test_find_gaps_is_the_same_on_neo4j(stores):
    embedded, neo4j = stores
    assert _canonical(find_gaps(neo4j)) == _canonical(find_gaps(embedded))
