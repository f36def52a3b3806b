"""Reader speed: pages/s for text-layer PDFs (target >= 20), seconds per scanned page
(Tesseract, Swedish model), and HTML pages/s. Medians over several runs.

    .venv/bin/python bench/bench_readers.py [--runs 5]
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import tempfile
import time
from pathlib import Path

from ansvarsgraf.loaders.read import read_text

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("inputs_render", ROOT / "tests" / "data" / "inputs_render.py")
render = importlib.util.module_from_spec(spec)
spec.loader.exec_module(render)


def source_text() -> str:
    """Our demo reports, repeated to a report of realistic length."""
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt")))


def timed(data: bytes, name: str, runs: int) -> tuple[float, object]:
    times, text = [], None
    for _ in range(runs):
        t = time.perf_counter()
        text = read_text(data, name)
        times.append(time.perf_counter() - t)
    return statistics.median(times), text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--scan-runs", type=int, default=3)
    args = ap.parse_args()
    src = source_text()
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        pdf = render.to_pdf(src * 4, tmpd / "r.pdf").read_bytes()
        read_text(pdf, "warm.pdf")
        secs, text = timed(pdf, "r.pdf", args.runs)
        pages = len(text.page_starts)
        print(f"text PDF: {pages} pages, median {secs:.3f} s -> {pages / secs:.1f} pages/s (target >= 20)")

        html = render.to_html(src * 4, tmpd / "r.html").read_bytes()
        secs, _ = timed(html, "r.html", args.runs)
        print(f"HTML: {len(html) / 1024:.0f} kB page, median {secs:.3f} s -> {1 / secs:.1f} pages/s")

        scan = render.to_scan_pdf(src, tmpd / "s.pdf").read_bytes()
        secs, text = timed(scan, "s.pdf", args.scan_runs)
        pages = len(text.page_starts)
        print(f"scanned PDF: {pages} pages, median {secs:.2f} s -> {secs / pages:.2f} s/page "
              f"(300 dpi, Tesseract swe, {__import__('ansvarsgraf.loaders.readers.scan', fromlist=['x']).WORKERS} workers)")


if __name__ == "__main__":
    main()
