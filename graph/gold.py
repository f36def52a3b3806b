"""Hand annotations in the gold format of SCHEMA.md turned into a DocumentGraph.

A gold file fixes what a report says independently of the extractor, so tests of the
queries and the stores can load known graphs from real report text. Each evidence
sentence is quoted exactly from the text and located there to give its span.

Beyond SCHEMA.md's format a gold file here may carry `year` (the report's year), and
an entity may carry `municipality` (when it belongs to another municipality than the
report's) and `evidence` (a sentence, or a list, that mentions it without stating a
relation). An `ExternalActor` without `municipality` is a national actor (municipality
"").
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ansvarsgraf.errors import SchemaViolation
from ansvarsgraf.graph.model import (
    REPORT_REF,
    DocumentGraph,
    Edge,
    Evidence,
    Node,
    Report,
    node_key,
)

RULE = "gold"


def _locate(text: str, sentence: str, where: str) -> Evidence | None:
    start = text.find(sentence)
    if start < 0:
        # the same words with other line breaks or spacing
        pattern = r"\s+".join(re.escape(w) for w in sentence.split())
        m = re.search(pattern, text)
        if m is None:
            raise SchemaViolation(f"{where}: evidence not found in the text: {sentence!r}")
        start = m.start()
        return Evidence("", m.group(0), start, m.end(), 1.0, RULE)
    return Evidence("", sentence, start, start + len(sentence), 1.0, RULE)


def _first_mention(text: str, names: list[str]) -> tuple[int, int] | None:
    """The span of the first sentence that names an entity (any of its surface forms)."""
    low = text.lower()
    hits = [i for i in (low.find(n.lower()) for n in names if n) if i >= 0]
    if not hits:
        return None
    i = min(hits)
    start = max(text.rfind(". ", 0, i) + 2, text.rfind("\n", 0, i) + 1, 0)
    ends = [j for j in (text.find(". ", i), text.find("\n", i)) if j >= 0]
    end = min(ends) + (1 if ends and text[min(ends)] == "." else 0) if ends else len(text)
    return start, end


def document_from_gold(gold: dict[str, Any], text: str, doc_id: str, file_name: str,
                       year: int | None = None, title: str | None = None) -> DocumentGraph:
    """The graph a gold annotation describes, with evidence spans located in `text`.

    Every relation's `evidence` must occur in `text` (spacing may differ); an entity's
    mentions are its own `evidence` sentences, the sentences of its relations, or else
    the first sentence that names it. Raises SchemaViolation naming the file otherwise.
    """
    where = file_name
    muni = gold.get("municipality", "")
    first_line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    report = Report(doc_id, file_name, title if title is not None else first_line, muni,
                    year if year is not None else gold.get("year"), "text", len(text))

    def ev(sentence: str) -> Evidence:
        found = _locate(text, sentence, where)
        assert found is not None
        return Evidence(doc_id, found.sentence, found.start, found.end, 1.0, RULE)

    keys: dict[str, str] = {REPORT_REF: report.key}
    mentions: dict[str, list[Evidence]] = {}
    entities = gold.get("entities", [])
    for e in entities:
        default = "" if e["label"] == "ExternalActor" else muni
        keys[e["id"]] = node_key(e["label"], e.get("municipality", default), e["name"])
        own = e.get("evidence") or []
        mentions[e["id"]] = [ev(s) for s in ([own] if isinstance(own, str) else own)]
    edges = []
    for r in gold.get("relations", []):
        for end in (r["from"], r["to"]):
            if end not in keys:
                raise SchemaViolation(f"{where}: a {r['type']} relation names unknown entity {end!r}")
        if not r.get("evidence"):
            raise SchemaViolation(f"{where}: a {r['type']} relation has no evidence sentence")
        record = ev(r["evidence"])
        edges.append(Edge(r["type"], keys[r["from"]], keys[r["to"]], (record,), r.get("verdict")))
        for end in (r["from"], r["to"]):
            if end != REPORT_REF:
                mentions[end].append(record)
    nodes = []
    for e in entities:
        found = mentions[e["id"]]
        if not found:
            span = _first_mention(text, [e["name"], *e.get("aliases", [])])
            if span is None:
                raise SchemaViolation(f"{where}: entity {e['id']} ({e['name']!r}) is not named "
                                      "in the text; give it an 'evidence' sentence")
            found = [Evidence(doc_id, text[span[0]:span[1]], span[0], span[1], 1.0, RULE)]
        default = "" if e["label"] == "ExternalActor" else muni
        nodes.append(Node(e["label"], e["name"], e.get("municipality", default),
                          tuple(e.get("aliases", [])), tuple(dict.fromkeys(found))))
    return DocumentGraph.build(report, nodes, edges, text).validate()


def gold_documents(folder: Path, gold_folder: Path | None = None) -> list[DocumentGraph]:
    """Every report in `folder` that has `<gold_folder>/<stem>.gold.json` (default
    `folder/gold`), as a DocumentGraph keyed by the SHA-256 of the report's bytes."""
    from ansvarsgraf.loaders.read import read_path  # the text the extractor would see

    gold_folder = gold_folder or folder / "gold"
    docs = []
    for gold_path in sorted(gold_folder.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        report_path = folder / gold["document"]
        data, text = read_path(report_path)
        docs.append(document_from_gold(gold, text.clean, Report.id_of(data), report_path.name,
                                       title=text.title or None))
    return docs
