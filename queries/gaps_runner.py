"""Run every gap query and gather the rows as one list (what `ansvarsgraf gaps` shows)."""

from __future__ import annotations

from typing import Any

from ansvarsgraf.queries.catalogue import Catalogue, load_catalogue
from ansvarsgraf.queries.evidence import find_sentences

# Columns every gap query returns that are not details of the finding.
_COMMON = {"label", "name", "municipality", "document", "title", "evidence_key", "sentence"}


def find_gaps(store: Any, municipality: str | None = None,
              catalogue: Catalogue | None = None) -> list[dict[str, Any]]:
    """One row per offending node and gap query, its evidence pooled.

    Each row: `gap` (the query name), `title` (the query's), `label`, `name`,
    `municipality`, `details` (the query's other columns, e.g. `responsible` or
    `followed_up`; differing values across documents become the list of distinct
    values) and `evidence`, a list of `{document, title, sentence}` in the order the
    query returns them. The sentences of all queries are read at once.
    """
    cat = catalogue or load_catalogue()
    results = []
    for q in cat:
        if q.gap:
            params = {"municipality": municipality} if any(p.name == "municipality" for p in q.params) else {}
            results.append((q, cat.run(store, q.name, params, sentences=False)))
    sentences = find_sentences(store, [r for q, rows in results if q.evidence for r in rows])
    out: list[dict[str, Any]] = []
    for q, rows in results:
        grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
        for row in rows:
            k = (row.get("label") or "", row.get("name") or "", row.get("municipality") or "")
            entry = grouped.setdefault(k, {"gap": q.name, "title": q.title, "label": k[0],
                                           "name": k[1], "municipality": k[2], "details": {},
                                           "evidence": []})
            for col, value in row.items():
                if col not in _COMMON:
                    seen = entry["details"].setdefault(col, [])
                    if value not in seen:
                        seen.append(value)
            found = (sentences.get((row.get("document"), row.get("evidence_key")), [None])
                     if q.evidence else [row.get("sentence")])
            for sentence in found:
                ev = {"document": row.get("document"), "title": row.get("title"), "sentence": sentence}
                if ev["document"] and ev not in entry["evidence"]:
                    entry["evidence"].append(ev)
        for entry in grouped.values():
            entry["details"] = {c: v[0] if len(v) == 1 else v for c, v in entry["details"].items()}
            out.append(entry)
    return out
