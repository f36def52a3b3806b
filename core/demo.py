"""`ansvarsgraf demo`: the demo reports in, the gaps and the exploration page out."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from ansvarsgraf.graph.store import GraphStore
from ansvarsgraf.pipeline import expand, load_paths

BUNDLED = Path(__file__).parent / "examples"


def examples_dir() -> Path:
    if BUNDLED.is_dir():
        return BUNDLED
    return Path(__file__).resolve().parent.parent / "examples"  # a source checkout


def run_demo(store: GraphStore, page: Path, examples: Path | None = None) -> dict[str, Any]:
    from ansvarsgraf.queries.gaps_runner import find_gaps

    started = time.perf_counter()
    paths = [p for p in expand([examples or examples_dir()]) if p.suffix in {".txt", ".html", ".pdf"}]
    outcomes = list(load_paths(store, paths))
    failed = [o for o in outcomes if o.error is not None]
    if failed:
        raise failed[0].error  # type: ignore[misc]
    gaps = find_gaps(store)
    written = write_page(store, page, gaps)
    s = store.stats()
    elapsed = time.perf_counter() - started
    message = (f"demo: {len(paths)} reports -> {s['nodes']} nodes, {s['edges']} edges, "
               f"{len(gaps)} gaps in {elapsed:.1f} s (store: {store.uri})")
    return {"message": message, "gaps": gaps, "page": written, "stats": s}


def write_page(store: GraphStore, page: Path, gaps: list[dict[str, Any]] | None = None) -> Path:
    from ansvarsgraf.api.explore import render_page

    html = render_page(store.to_networkx(), gaps=gaps)
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(html, encoding="utf-8")
    return page
