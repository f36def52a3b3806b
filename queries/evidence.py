"""Attach the evidence sentences to the rows of a query that names its evidence by key.

A query marked `// evidence: true` returns, per row, the `document` (a Report id) and the
`evidence_key` (the key of the edge or MENTIONS edge whose Evidence records back the
row). The sentences are fetched here in one read instead of in the query, because
LadybugDB joins `Evidence.edge_key` to a relationship's key as a cross product (it
has no index but the primary key): about 90 ms on the 100,000-element graph, against
10-15 ms for one scan of Evidence filtered by document. Neo4j runs the same read.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

# Up to this many documents one read filters by document; beyond it the whole Evidence
# table is read once (a long IN list costs more per record than it saves).
FILTER_LIMIT = 12

_ONE_DOC = ("MATCH (v:Evidence) WHERE v.doc = $doc RETURN v.doc AS doc, v.edge_key AS key, "
            "v.sentence AS sentence, v.char_start AS start")
_BY_DOC = ("MATCH (v:Evidence) WHERE v.doc IN $docs RETURN v.doc AS doc, v.edge_key AS key, "
           "v.sentence AS sentence, v.char_start AS start")
_ALL = ("MATCH (v:Evidence) RETURN v.doc AS doc, v.edge_key AS key, v.sentence AS sentence, "
        "v.char_start AS start")


def find_sentences(store: Any, rows: list[dict[str, Any]]) -> dict[tuple[str, str], list[str]]:
    """The sentences behind each row's (`document`, `evidence_key`), in text order."""
    wanted = {(r.get("document"), r.get("evidence_key")) for r in rows}
    docs = sorted({d for d, k in wanted if d and k})
    if not docs:
        return {}
    if len(docs) == 1:
        records = store.read(_ONE_DOC, {"doc": docs[0]})
    elif len(docs) <= FILTER_LIMIT:
        records = store.read(_BY_DOC, {"docs": docs})
    else:
        records = store.read(_ALL)
    found: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for ev in records:
        pair = (ev["doc"], ev["key"])
        if pair in wanted:
            found[pair].append((ev["start"] or 0, ev["sentence"]))
    return {pair: list(dict.fromkeys(s for _, s in sorted(set(hits))))
            for pair, hits in found.items()}


def attach_sentences(store: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per sentence: each row repeated with `sentence` set, in text order.

    A row whose evidence is not found keeps `sentence` None, so no row is ever lost.
    """
    found = find_sentences(store, rows)
    return [{**r, "sentence": s}
            for r in rows
            for s in found.get((r.get("document"), r.get("evidence_key")), [None])]
