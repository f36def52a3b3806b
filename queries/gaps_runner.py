"""Run every gap query and gather the rows as one list (what `ansvarsgraf gaps` shows)."""

from __future__ import annotations

from typing import Any

from ansvarsgraf.queries.catalogue import Catalogue, load_catalogue


def find_gaps(store: Any, municipality: str | None = None,
              catalogue: Catalogue | None = None) -> list[dict[str, Any]]:
    """One row per offending node: gap, label, name, municipality, evidence[{document,
    title, sentence}]."""
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
                                           "name": k[1], "municipality": k[2], "evidence": []})
            ev = {"document": row.get("document"), "title": row.get("title"),
                  "sentence": row.get("sentence")}
            if ev["document"] and ev not in entry["evidence"]:
                entry["evidence"].append(ev)
        out.extend(grouped.values())
    return out
