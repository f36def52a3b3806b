"""The domain model: keys, merging, validation, the gold format; and that it does no I/O."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ansvarsgraf.errors import SchemaViolation
from ansvarsgraf.graph.model import DocumentGraph, Edge, Evidence, Node, Report, edge_key, node_key

DOC = Report.id_of(b"rapport")


def ev(sentence: str = "Socialnämnden ansvarar för mottagandet.", start: int = 0, conf: float = 0.9):
    return Evidence(DOC, sentence, start, start + len(sentence), conf, "test-rule")


def test_keys_are_scoped_by_municipality_and_fold_case():
    a = node_key("Board", "Sandvikens kommun", "Socialnämnden")
    b = node_key("Board", "Gävle kommun", "Socialnämnden")
    assert a != b
    assert node_key("Board", "Sandvikens kommun", "socialnämnden  ") == a
    assert node_key("Unit", "Sandvikens kommun", "Socialnämnden") != a


def test_undirected_edge_is_one_edge_whichever_way_it_was_read():
    assert edge_key("COLLABORATES_WITH", "a", "b") == edge_key("COLLABORATES_WITH", "b", "a")
    assert edge_key("PART_OF", "a", "b") != edge_key("PART_OF", "b", "a")


def test_build_merges_duplicate_nodes_and_edges_pooling_evidence():
    rep = Report(DOC, "r.txt", municipality="Orsa kommun")
    n1 = Node("Board", "Kommunstyrelsen", "Orsa kommun", ("kommunstyrelsen",), (ev(),))
    n2 = Node("Board", "kommunstyrelsen", "Orsa kommun", ("kommunstyrelsens",), (ev(start=50),))
    af = Node("ExternalActor", "Arbetsförmedlingen", "", (), (ev(),))
    e1 = Edge("COLLABORATES_WITH", n1.key, af.key, (ev(conf=0.6),))
    e2 = Edge("COLLABORATES_WITH", af.key, n1.key, (ev(start=50, conf=0.8),))
    g = DocumentGraph.build(rep, [n1, n2, af], [e1, e2]).validate()
    assert len(g.nodes) == 2
    assert g.nodes[0].aliases == ("kommunstyrelsen", "kommunstyrelsens")
    assert len(g.nodes[0].evidence) == 2
    assert len(g.edges) == 1 and len(g.edges[0].evidence) == 2
    assert g.edges[0].confidence == 0.8


def test_two_verdicts_in_one_report_keep_the_weaker():
    rep = Report(DOC, "r.txt")
    ks = Node("Board", "Kommunstyrelsen", "Orsa kommun", evidence=(ev(),))
    a = Edge("ASSESSED", rep.key, ks.key, (ev(),), verdict="yes")
    b = Edge("ASSESSED", rep.key, ks.key, (ev(start=9),), verdict="partly")
    g = DocumentGraph.build(rep, [ks], [a, b]).validate()
    assert [e.verdict for e in g.edges] == ["partly"]


@pytest.mark.parametrize(
    "nodes, edges, message",
    [
        ([Node("Person", "Anna", "X")], [], "unknown label"),
        ([Node("Goal", "  ", "X")], [], "empty name"),
        ([Node("Goal", "Mål", "X"), Node("Board", "Styrelsen", "X")],
         [Edge("OWNS", node_key("Goal", "X", "Mål"), node_key("Board", "X", "Styrelsen"), (ev(),))],
         "may not go from Goal to Board"),
        ([Node("Board", "Styrelsen", "X")],
         [Edge("OWNS", node_key("Board", "X", "Styrelsen"), node_key("Goal", "X", "Saknas"), (ev(),))],
         "missing node"),
        ([Node("Board", "Styrelsen", "X"), Node("Goal", "Mål", "X")],
         [Edge("OWNS", node_key("Board", "X", "Styrelsen"), node_key("Goal", "X", "Mål"), ())],
         "has no evidence"),
        ([Node("Board", "Styrelsen", "X"), Node("Goal", "Mål", "X")],
         [Edge("OWNS", node_key("Board", "X", "Styrelsen"), node_key("Goal", "X", "Mål"), (ev(conf=1.5),))],
         "outside 0..1"),
        ([Node("Board", "Styrelsen", "X"), Node("Goal", "Mål", "X")],
         [Edge("MENTIONS", node_key("Board", "X", "Styrelsen"), node_key("Goal", "X", "Mål"), (ev(),))],
         "unknown relationship type"),
    ],
)
def test_validation_names_the_problem(nodes, edges, message):
    with pytest.raises(SchemaViolation, match=message):
        DocumentGraph.build(Report(DOC, "r.txt"), nodes, edges).validate()


def test_assessed_needs_a_known_verdict():
    rep = Report(DOC, "r.txt")
    ks = Node("Board", "Kommunstyrelsen", "X")
    with pytest.raises(SchemaViolation, match="verdict"):
        DocumentGraph.build(rep, [ks], [Edge("ASSESSED", rep.key, ks.key, (ev(),), "maybe")]).validate()


def test_gold_format_writes_the_report_as_at_report():
    rep = Report(DOC, "r.txt", title="Granskning", municipality="Orsa kommun", year=2020)
    ks = Node("Board", "Kommunstyrelsen", "Orsa kommun", ("kommunstyrelsen",))
    gold = DocumentGraph.build(rep, [ks], [Edge("ASSESSED", rep.key, ks.key, (ev(),), "no")]).to_gold()
    assert gold["document"] == "r.txt"
    assert gold["municipality"] == "Orsa kommun"
    assert gold["entities"] == [{"id": "e1", "label": "Board", "name": "Kommunstyrelsen",
                                 "municipality": "Orsa kommun", "aliases": ["kommunstyrelsen"]}]
    (rel,) = gold["relations"]
    assert (rel["type"], rel["from"], rel["to"], rel["verdict"]) == ("ASSESSED", "@report", "e1", "no")
    assert rel["evidence"] == ev().sentence


def test_the_model_imports_no_io_library():
    code = ("import sys, ansvarsgraf.graph.model, ansvarsgraf.graph.schema; "
            "bad = [m for m in ('neo4j', 'fastapi', 'pyvis', 'ladybug', 'spacy') if m in sys.modules]; "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
