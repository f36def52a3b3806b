"""Run every gap query and gather the rows as one list (what `ansvarsgraf gaps` shows)."""

from __future__ import annotations

from typing import Any

from ansvarsgraf.queries.catalogue import Catalogue, load_catalogue

# Columns every gap query returns that are not details of the finding.
_COMMON = {"label", "name", "municipality", "document", "title", "evidence_key", "sentence"}


def find_gaps(store: Any, municipality: str | None = None,
              catalogue: Catalogue | None = None) -> list[dict[str, Any]]:
    """One row per offending node and gap query, its evidence pooled.

    Each row: `gap` (the query name), `title` (the query's), `label`, `name`,
    `municipality`, `details` (the query's other columns, e.g. `responsible` or
    `followed_up`; several values of a detail across documents are pooled into a
    list) and `evidence`, a list of `{document, title, sentence}` in the order the
    query returns them.
    """
    cat = catalogue or load_catalogue()
    out: list[dict[str, Any]] = []
    for q in cat:
        if not q.gap:
            continue
        params = {"municipality": municipality} if any(p.name == "municipality" for p in q.params) else {}
        grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
        for row in cat.run(store, q.name, params):
            k = (row.get("label") or "", row.get("name") or "", row.get("municipality") or "")
            entry = grouped.setdefault(k, {"gap": q.name, "title": q.title, "label": k[0],
                                           "name": k[1], "municipality": k[2], "details": {},
                                           "evidence": []})
            for col, value in row.items():
                if col not in _COMMON:
                    seen = entry["details"].setdefault(col, [])
                    if value not in seen:
                        seen.append(value)
            ev = {"document": row.get("document"), "title": row.get("title"),
                  "sentence": row.get("sentence")}
            if ev["document"] and ev not in entry["evidence"]:
                entry["evidence"].append(ev)
        for entry in grouped.values():
            # one value per detail, or the distinct values when documents differ
            entry["details"] = {c: v[0] if len(v) == 1 else v for c, v in entry["details"].items()}
            out.append(entry)
    return out

