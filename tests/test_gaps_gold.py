"""graph/gold.py: hand annotations become DocumentGraphs whose evidence spans are exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from ansvarsgraf.errors import SchemaViolation
from ansvarsgraf.graph.gold import document_from_gold, gold_documents

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TEXT = ("Revisionsrapport 2020\nGranskning i Testby kommun\n\n"
        "Socialnämnden ansvarar för   mottagandet.\nIntegrationsenheten ligger under "
        "socialnämnden. Vi bedömer att socialnämnden delvis säkerställer arbetet.\n")
GOLD = {
    "document": "testby.txt", "municipality": "Testby kommun",
    "entities": [
        {"id": "e1", "label": "Board", "name": "Socialnämnden", "aliases": ["socialnämnden"]},
        {"id": "e2", "label": "Task", "name": "mottagandet"},
        {"id": "e3", "label": "Unit", "name": "Integrationsenheten"},
        {"id": "e4", "label": "ExternalActor", "name": "Arbetsförmedlingen",
         "evidence": "Integrationsenheten ligger under socialnämnden."},
    ],
    "relations": [
        # spacing differs from the text (three spaces there): still found
        {"type": "RESPONSIBLE_FOR", "from": "e1", "to": "e2",
         "evidence": "Socialnämnden ansvarar för mottagandet."},
        {"type": "PART_OF", "from": "e3", "to": "e1",
         "evidence": "Integrationsenheten ligger under socialnämnden."},
        {"type": "ASSESSED", "from": "@report", "to": "e1", "verdict": "partly",
         "evidence": "Vi bedömer att socialnämnden delvis säkerställer arbetet."},
    ],
}


def test_document_from_gold_locates_every_sentence():
    doc = document_from_gold(GOLD, TEXT, "d" * 64, "testby.txt", 2020)
    assert doc.report.year == 2020 and doc.report.title == "Revisionsrapport 2020"
    for ev in doc.all_evidence():
        assert TEXT[ev.start:ev.end] == ev.sentence and ev.doc == "d" * 64
    by_name = {n.name: n for n in doc.nodes}
    assert by_name["Arbetsförmedlingen"].municipality == ""  # a national actor
    assert by_name["Socialnämnden"].municipality == "Testby kommun"
    assert {e.type: e.verdict for e in doc.edges}["ASSESSED"] == "partly"
    # a node's mentions are the sentences of its relations
    assert {ev.sentence for ev in by_name["Integrationsenheten"].evidence} == {
        "Integrationsenheten ligger under socialnämnden."}


def test_a_sentence_not_in_the_text_is_an_error():
    bad = {**GOLD, "relations": [{**GOLD["relations"][0], "evidence": "Socialnämnden äger allt."}]}
    with pytest.raises(SchemaViolation, match="testby.txt: evidence not found in the text"):
        document_from_gold(bad, TEXT, "d" * 64, "testby.txt", 2020)


def test_an_unknown_entity_is_an_error():
    bad = {**GOLD, "relations": [{**GOLD["relations"][0], "to": "e9"}]}
    with pytest.raises(SchemaViolation, match="unknown entity 'e9'"):
        document_from_gold(bad, TEXT, "d" * 64, "testby.txt", 2020)


def test_the_demo_gold_graphs_are_valid_and_exact():
    docs = gold_documents(EXAMPLES)
    assert len(docs) == 4
    years = {d.report.file_name: d.report.year for d in docs}
    assert years["ljusdal-uppfoljning-integration-2021.txt"] == 2021
    for d in docs:
        for ev in d.all_evidence():
            assert d.text[ev.start:ev.end] == ev.sentence
