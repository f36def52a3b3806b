"""Extraction: clean text in, a DocumentGraph out (nodes, edges, evidence).

Baseline: organisations by their heads, the municipality from the report's words.
"""

from __future__ import annotations

import re

from ansvarsgraf.graph.model import DocumentGraph, Edge, Evidence, Node, Report
from ansvarsgraf.loaders.text import Text

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_BOARD = re.compile(r"\b([A-ZÅÄÖa-zåäö-]*(?:nämnd|styrelse|fullmäktige))(en|ens|s)?\b")
_MUNICIPALITY = re.compile(r"\b([A-ZÅÄÖ][a-zåäö]+(?:s)? (?:kommun|stad))\b")
_YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")


def _canonical_board(word: str) -> str:
    w = word.lower()
    if w.endswith("fullmäktige"):
        return "Kommunfullmäktige" if w in {"fullmäktige", "kommunfullmäktige"} else w.capitalize()
    return w.capitalize() + "n" if not w.endswith("n") else w.capitalize()


def extract(text: Text, *, doc_id: str, file_name: str) -> DocumentGraph:
    clean = text.clean
    m = _MUNICIPALITY.search(clean)
    municipality = m.group(1) if m else ""
    year = _YEAR.search(clean)
    title = text.title or next((ln.strip() for ln in clean.splitlines() if ln.strip()), "")[:200]
    report = Report(doc_id, file_name, title, municipality, int(year.group(1)) if year else None,
                    text.format, len(clean))
    nodes: list[Node] = []
    edges: list[Edge] = []
    muni = Node("Municipality", municipality, municipality) if municipality else None
    for s in _SENTENCE.finditer(clean):
        sentence = s.group(0).strip()
        if not sentence:
            continue
        ev = Evidence(doc_id, sentence, s.start(), s.end(), 0.5, "baseline-board",
                      text.page_at(s.start()))
        for b in _BOARD.finditer(sentence):
            node = Node("Board", _canonical_board(b.group(1)), municipality, (b.group(0),), (ev,))
            nodes.append(node)
            if muni is not None:
                edges.append(Edge("PART_OF", node.key, muni.key, (ev,)))
    if muni is not None and edges:
        nodes.append(Node("Municipality", municipality, municipality,
                          evidence=(edges[0].evidence[0],)))
    return DocumentGraph.build(report, nodes, edges, clean)
