"""Load throughput into a store: a synthetic graph written one document per transaction.

    .venv/bin/python bench/bench_load.py [--elements 100000] [--runs 3] [--store embedded|memory]

Prints elements/s (report + nodes + edges, as DocumentGraph.element_count counts them)
for each run and the median. Target on the embedded store: >= 30,000 elements/s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import synthetic_documents  # noqa: E402

from ansvarsgraf.graph.store import open_store  # noqa: E402


def one_run(docs, kind: str) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store("memory:" if kind == "memory" else str(Path(tmp) / "store"))
        elements = sum(d.element_count for d in docs)
        started = time.perf_counter()
        for d in docs:
            store.write_document(d)
        elapsed = time.perf_counter() - started
        s = store.stats()
        store.close()
    sys.stdout.write(f"  {len(docs)} documents, {elements} elements in {elapsed:.2f} s "
                     f"-> {elements / elapsed:,.0f} elements/s  (store: {s['nodes']} nodes, "
                     f"{s['edges']} edges, {s['evidence']} evidence)\n")
    return elements / elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--elements", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--store", default="embedded", choices=["embedded", "memory"])
    args = ap.parse_args()
    docs = synthetic_documents(args.elements)
    sys.stdout.write(f"load into {args.store}, {args.runs} runs:\n")
    rates = [one_run(docs, args.store) for _ in range(args.runs)]
    sys.stdout.write(f"median: {statistics.median(rates):,.0f} elements/s (target >= 30,000)\n")


if __name__ == "__main__":
    main()
