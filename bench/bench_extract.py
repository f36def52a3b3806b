"""Speed and memory of `extract`: tokens per second on the development corpus and on a
synthetic 100-page report, and the process's peak RSS.

    .venv/bin/python bench/bench_extract.py [--runs 5]

Targets (issue 4): >= 50,000 tokens/s on one core, <= 400 MB peak RSS. The pipeline is
built (and its data files read) before timing starts; times are medians over the runs.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
EXAMPLES = ROOT / "examples"

_PHRASES = [
    "Socialnämnden ansvarar för mottagande och bostadsförsörjning för nyanlända.",
    "Integrationsenheten ligger organisatoriskt under kommunstyrelsen och samverkar med "
    "Arbetsförmedlingen och Migrationsverket.",
    "Vår samlade bedömning är att kommunstyrelsen delvis säkerställer ett ändamålsenligt "
    "integrationsarbete.",
    "Kommunen har en samverkansgrupp för integration där integrationsenheten, "
    "arbetsmarknadsenheten och Arbetsförmedlingen ingår.",
    "Det finns ett avtal mellan {m} och Migrationsverket om mottagande av ensamkommande barn.",
    "Bildningsnämnden har satt som mål att minst 70 procent av eleverna på SFI ska klara kursen.",
    "Under året har verksamheten fortsatt att utvecklas och antalet deltagare har ökat jämfört "
    "med föregående år, vilket framgår av tabellen nedan.",
    "Intervjuerna visar att rutinerna i huvudsak är kända men att dokumentationen kan förbättras.",
]


def synthetic_report(pages: int = 100, seed: int = 7) -> str:
    """A long report made of typical sentences, ~450 words a page, with headings and
    recommendation lists."""
    rng = random.Random(seed)
    muni = "Ljusdals kommun"
    out = [f"Revisionsrapport 2024\nGranskning av integrationsarbetet i {muni}\n"]
    for p in range(1, pages + 1):
        out.append(f"\n{p}. Avsnitt {p}\n")
        words = 0
        while words < 450:
            s = rng.choice(_PHRASES).format(m=muni)
            out.append(s + (" " if rng.random() < 0.8 else "\n"))
            words += len(s.split())
        if p % 10 == 0:
            out.append("\nVi rekommenderar kommunstyrelsen att:\n• Tydliggöra ansvaret för målen.\n"
                       "• Följa upp den lokala överenskommelsen årligen.\n")
    return "".join(out)


def measure(texts: list[str], runs: int) -> tuple[int, float, float]:
    """(tokens, median CPU seconds, median wall seconds). CPU time is the one-core
    figure: on a shared machine wall time also counts other processes' turns."""
    from ansvarsgraf.loaders.extract import extract
    from ansvarsgraf.loaders.extract.pipeline import nlp
    from ansvarsgraf.loaders.text import Text

    tokens = sum(len(nlp().make_doc(t)) for t in texts)
    times, walls = [], []
    for _ in range(runs):
        t0, w0 = time.process_time(), time.perf_counter()
        for i, t in enumerate(texts):
            extract(Text(clean=t), doc_id=f"{i:064d}", file_name=f"{i}.txt")
        times.append(time.process_time() - t0)
        walls.append(time.perf_counter() - w0)
    return tokens, statistics.median(times), statistics.median(walls)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    from ansvarsgraf.loaders.extract.pipeline import nlp

    t0 = time.perf_counter()
    nlp()
    build = time.perf_counter() - t0
    print(f"pipeline build (once per process): {build:.2f} s")  # noqa: T201
    sets = []
    if CORPUS.is_dir():
        sets.append(("development corpus", [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]))
    sets.append(("demo reports (examples/)", [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]))
    sets.append(("synthetic 100-page report", [synthetic_report(100)]))
    for name, texts in sets:
        tokens, cpu, wall = measure(texts, args.runs)
        print(f"{name:<28} {len(texts):>3} docs {tokens:>7} tokens  median CPU {cpu:.3f} s "  # noqa: T201
              f"{tokens / cpu:>8,.0f} tokens/s (wall {wall:.3f} s, {tokens / wall:,.0f} tokens/s)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss:.0f} MB")  # noqa: T201


if __name__ == "__main__":
    main()
