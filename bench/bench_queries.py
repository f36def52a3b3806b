"""Latency of every named query on a synthetic 100,000-element graph in the embedded store.

    .venv/bin/python bench/bench_queries.py [--elements 100000] [--store DIR] [--runs 60]

Builds the graph with `bench/synthetic.py` (about two minutes for 100,000 elements; an
existing store folder given with --store is reused), then runs each query through the
catalogue, as `ansvarsgraf query` does (evidence sentences included), `--runs` times with
the parameters cycling over 20 municipalities, and prints p50 and p95 per query. The
target is p95 <= 20 ms per query for one municipality. Gap queries over the whole graph
(no municipality: a batch report, thousands of rows) and `find_gaps` are shown apart.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_documents  # noqa: E402

from ansvarsgraf.graph.embedded import EmbeddedStore  # noqa: E402
from ansvarsgraf.queries.catalogue import load_catalogue  # noqa: E402
from ansvarsgraf.queries.gaps_runner import find_gaps  # noqa: E402

TARGET_MS = 20.0


def build(path: Path, n_elements: int) -> None:
    started = time.perf_counter()
    docs = synthetic_documents(n_elements)
    with EmbeddedStore(path) as store:
        for doc in docs:
            store.write_document(doc)
        s = store.stats()
    print(f"built {path}: {s['documents']} documents, {s['nodes']} nodes, {s['edges']} edges, "
          f"{s['evidence']} evidence records in {time.perf_counter() - started:.0f} s")


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn: Any, runs: int, warmup: int = 3) -> tuple[list[float], list[float], int]:
    """Wall-clock and CPU milliseconds per run (CPU time of this process, all threads:
    robust to other processes competing for the cores), and the median row count."""
    for i in range(warmup):
        fn(i)
    wall, cpu, rows = [], [], []
    for i in range(runs):
        t, c = time.perf_counter(), time.process_time()
        out = fn(i)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        rows.append(len(out))
    return wall, cpu, int(statistics.median(rows))


def param_sets(store: EmbeddedStore) -> dict[str, list[dict[str, Any]]]:
    """Realistic parameters per query, one set per municipality sampled."""
    munis = [r["name"] for r in store.read(
        "MATCH (m:Municipality) RETURN m.name AS name ORDER BY name")][::15][:20]
    edges = [r["k"] for r in store.read(
        "MATCH (b:Board)-[e:RESPONSIBLE_FOR]->(t:Task) RETURN e.key AS k ORDER BY k LIMIT 20")]
    words = ["SFI", "mottagande", "samhällsorientering", "praktik", "bostad"]
    sets: dict[str, list[dict[str, Any]]] = {}
    for q in load_catalogue():
        one = []
        for i, m in enumerate(munis):
            given = {"municipality": m, "name": words[i % len(words)], "board": "Socialnämnden",
                     "task": words[i % len(words)], "municipality_a": m,
                     "municipality_b": munis[(i + 1) % len(munis)], "edge_key": edges[i % len(edges)]}
            one.append({p.name: given[p.name] for p in q.params})
        sets[q.name] = one
    return sets


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--elements", type=int, default=100_000)
    ap.add_argument("--store", type=Path, help="a store folder to reuse (built if missing)")
    ap.add_argument("--runs", type=int, default=60)
    args = ap.parse_args()
    path = args.store or Path(tempfile.mkdtemp(prefix="bench-queries-")) / "store"
    if not (path / "graph.lbug").exists():
        build(path, args.elements)
    cat = load_catalogue()
    store = EmbeddedStore(path, read_only=True)
    s = store.stats()
    print(f"store {path}: {s['documents']} documents, {s['nodes']} nodes, {s['edges']} edges "
          f"({s['documents'] + s['nodes'] + s['edges']} elements), {s['evidence']} evidence records")
    sets = param_sets(store)

    print(f"\none municipality (or one name/edge), {args.runs} runs, parameters cycling over "
          f"{len(next(iter(sets.values())))} sets; target p95 <= {TARGET_MS:.0f} ms")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'query':36s} {'rows':>5s} {'p50 ms':>7s} {'p95 ms':>7s} {'cpu p50':>8s} {'cpu p95':>8s}"
          f" {'no-sent p50':>11s}")
    worst = 0.0
    for q in cat:
        wall, cpu, rows = timed(
            lambda i, q=q: cat.run(store, q.name, sets[q.name][i % len(sets[q.name])]), args.runs)
        p95 = percentile(wall, 0.95)
        worst = max(worst, p95)
        mark = "" if p95 <= TARGET_MS else "  > target"
        bare = ""
        if q.evidence:  # the same query without reading its evidence sentences
            core, _, _ = timed(lambda i, q=q: cat.run(
                store, q.name, sets[q.name][i % len(sets[q.name])], sentences=False), args.runs)
            bare = f"{statistics.median(core):11.1f}"
        print(f"{q.name:36s} {rows:5d} {statistics.median(wall):7.1f} {p95:7.1f} "
              f"{statistics.median(cpu):8.1f} {percentile(cpu, 0.95):8.1f} {bare:>11s}{mark}")
    wall, cpu, rows = timed(
        lambda i: find_gaps(store, sets["goals_without_owner"][i % 20]["municipality"]),
        max(10, args.runs // 3))
    print(f"{'find_gaps (9 queries, 1 municipality)':36s} {rows:5d} {statistics.median(wall):7.1f} "
          f"{percentile(wall, 0.95):7.1f} {statistics.median(cpu):8.1f} {percentile(cpu, 0.95):8.1f}")
    print(f"worst p95 of a single query: {worst:.1f} ms; load average now "
          f"{os.getloadavg()[0]:.1f}")

    print("\nwhole graph (no municipality), 5 runs")
    print(f"{'query':36s} {'rows':>5s} {'p50 ms':>7s} {'max ms':>7s} {'cpu p50':>8s}")
    for q in cat:
        if q.gap:
            wall, cpu, rows = timed(lambda i, q=q: cat.run(store, q.name, {}), 5, warmup=1)
            print(f"{q.name:36s} {rows:5d} {statistics.median(wall):7.1f} {max(wall):7.1f} "
                  f"{statistics.median(cpu):8.1f}")
    wall, cpu, rows = timed(lambda i: find_gaps(store), 3, warmup=1)
    print(f"{'find_gaps (9 queries, whole graph)':36s} {rows:5d} {statistics.median(wall):7.1f} "
          f"{max(wall):7.1f} {statistics.median(cpu):8.1f}")
    store.close()


if __name__ == "__main__":
    main()
