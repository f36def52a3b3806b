"""Load throughput into a store: a synthetic graph written one document per transaction.

    .venv/bin/python bench/bench_load.py [--elements 100000] [--runs 3] [--store embedded|memory]
                                         [--per-document N]

Prints elements/s (report + nodes + edges, as DocumentGraph.element_count counts them)
for each run and the median, every document in its own transaction. The synthetic graph
comes as report-sized documents (two per municipality, about 170 elements each);
`--per-document N` gathers N of them into one document (a regional compilation), the
shape of the 5,000-row batches the MERGE baseline in embedded-store.md was measured
with. Target on the embedded store: >= 30,000 elements/s.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import synthetic_documents  # noqa: E402

from ansvarsgraf.graph.model import DocumentGraph, Report  # noqa: E402
from ansvarsgraf.graph.store import open_store  # noqa: E402


def gather(docs: list[DocumentGraph], n: int) -> list[DocumentGraph]:
    """Documents of n synthetic reports each, their evidence re-pointed at the new report."""
    if n <= 1:
        return docs
    out = []
    for i in range(0, len(docs), n):
        group = docs[i:i + n]
        rid = Report.id_of(f"gathered\x1f{i}\x1f{n}".encode())
        rep = Report(rid, f"sammanstallning-{i // n:03d}.txt", "Sammanställning", "", 2020,
                     "text", max(d.report.chars for d in group))
        nodes = [dataclasses.replace(x, evidence=tuple(dataclasses.replace(e, doc=rid)
                                                       for e in x.evidence))
                 for d in group for x in d.nodes]
        edges = [dataclasses.replace(x, evidence=tuple(dataclasses.replace(e, doc=rid)
                                                       for e in x.evidence),
                                     source=rid if x.type == "ASSESSED" else x.source)
                 for d in group for x in d.edges]
        out.append(DocumentGraph.build(rep, nodes, edges).validate())
    return out


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
    ap.add_argument("--per-document", type=int, default=1,
                    help="synthetic reports gathered into one document (default 1)")
    args = ap.parse_args()
    docs = gather(synthetic_documents(args.elements), args.per_document)
    sys.stdout.write(f"load into {args.store}, {len(docs)} documents of about "
                     f"{sum(d.element_count for d in docs) // len(docs)} elements, "
                     f"{args.runs} runs:\n")
    rates = [one_run(docs, args.store) for _ in range(args.runs)]
    sys.stdout.write(f"median: {statistics.median(rates):,.0f} elements/s (target >= 30,000)\n")


if __name__ == "__main__":
    main()
