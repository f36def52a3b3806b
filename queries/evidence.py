"""Attach the evidence sentences to the rows of a query that names its evidence by key.

A query marked `// evidence: true` returns, per row, the `document` (a Report id) and the
`evidence_key` (the key of the edge or MENTIONS edge whose Evidence records back the
row). The sentences are read here instead of in the query, because LadybugDB joins
`Evidence.edge_key` to a relationship's key as a cross product (it indexes only the
primary key): about 90 ms of CPU on the 100,000-element graph, against 6-9 ms for the
two reads below. Neo4j runs the same reads.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

# Up to this many documents one read filters by document; beyond it the whole Evidence
# table is read once (a long IN list costs more per record than it saves).
FILTER_LIMIT = 12

# Two steps: find the records' keys by document (a scan of two short columns), then
# fetch the sentences by primary key (an index lookup per record). Reading the sentence
# column in the scan itself costs about twice as much on LadybugDB.
_KEYS_ONE_DOC = ("MATCH (v:Evidence) WHERE v.doc = $doc "
                 "RETURN v.doc AS doc, v.edge_key AS edge_key, v.key AS key")
_KEYS_BY_DOC = ("MATCH (v:Evidence) WHERE v.doc IN $docs "
                "RETURN v.doc AS doc, v.edge_key AS edge_key, v.key AS key")
_KEYS_ALL = "MATCH (v:Evidence) RETURN v.doc AS doc, v.edge_key AS edge_key, v.key AS key"
_SENTENCES = ("UNWIND $keys AS k MATCH (v:Evidence {key: k}) "
              "RETURN v.key AS key, v.sentence AS sentence, v.char_start AS start")


def find_sentences(store: Any, rows: list[dict[str, Any]]) -> dict[tuple[str, str], list[str]]:
    """The sentences behind each row's (`document`, `evidence_key`), in text order."""
    wanted = {(r.get("document"), r.get("evidence_key")) for r in rows}
    docs = sorted({d for d, k in wanted if d and k})
    if not docs:
        return {}
    if len(docs) == 1:
        records = store.read(_KEYS_ONE_DOC, {"doc": docs[0]})
    elif len(docs) <= FILTER_LIMIT:
        records = store.read(_KEYS_BY_DOC, {"docs": docs})
    else:
        records = store.read(_KEYS_ALL)
    pair_of = {r["key"]: (r["doc"], r["edge_key"]) for r in records
               if (r["doc"], r["edge_key"]) in wanted}
    found: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    if pair_of:
        for ev in store.read(_SENTENCES, {"keys": sorted(pair_of)}):
            found[pair_of[ev["key"]]].append((ev["start"] or 0, ev["sentence"]))
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
