"""OCR repair speed in tokens/s (target >= 10,000 after warm-up), on the real OCR letter
(when the development corpus is beside the checkout) and on our demo reports damaged
with the letter's confusion table. Cold = first document in a fresh process; warm =
median over further runs, once the per-word caches are filled; batch = a sequence of
different damaged documents.

    .venv/bin/python bench/bench_ocr.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from pathlib import Path

from ansvarsgraf.loaders.ocr import TOKEN, default_restorer, repair
from ansvarsgraf.loaders.ocr.channel import TABLE
from ansvarsgraf.loaders.text import Text

ROOT = Path(__file__).resolve().parent.parent
LETTER = ROOT.parent / "shared" / "corpus" / "seed-000-ocr-integration.txt"
SANDVIKEN = ROOT.parent / "shared" / "corpus" / "seed-004-sandviken-integration.txt"


def damage(text: str, seed: int) -> str:
    """Render every å/ä/ö as the letter's scanner did, sampled from the observed table."""
    table = json.loads(TABLE.read_text(encoding="utf-8"))["observed"]
    rng = random.Random(seed)
    out = []
    for ch in text:
        row = table.get(ch.lower())
        if row:
            obs = rng.choices(list(row), weights=list(row.values()))[0]
            out.append(obs.upper() if ch.isupper() else obs)
        else:
            out.append(ch)
    return "".join(out)


def rate(text: str, runs: int) -> tuple[float, float, int]:
    tokens = len(TOKEN.findall(text))
    t = time.perf_counter()
    repair(Text(clean=text, raw=text), force=True)
    cold = tokens / (time.perf_counter() - t)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        repair(Text(clean=text, raw=text), force=True)
        times.append(time.perf_counter() - t)
    return cold, tokens / statistics.median(times), tokens


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    print(f"machine load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    t = time.perf_counter()
    default_restorer()
    print(f"load: {time.perf_counter() - t:.2f} s (wordfreq sv large + Hunspell sv_SE)")
    inputs = []
    if LETTER.is_file():
        inputs.append(("real OCR letter", LETTER.read_text(encoding="utf-8")))
    demo = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt")))
    inputs.append(("demo reports, damaged", damage(demo, 1)))
    if SANDVIKEN.is_file():
        inputs.append(("Sandviken, damaged", damage(SANDVIKEN.read_text(encoding="utf-8"), 2)))
        inputs.append(("Sandviken, clean (gate only)", SANDVIKEN.read_text(encoding="utf-8")))
    if SANDVIKEN.is_file():
        # a batch of different documents: each damaged with its own random renderings,
        # so the caches help only as much as vocabulary is shared
        source = SANDVIKEN.read_text(encoding="utf-8")
        docs = [damage(source, 100 + i) for i in range(6)]
        rates, cpu_rates = [], []
        for doc in docs:
            t, c = time.perf_counter(), time.process_time()
            repair(Text(clean=doc, raw=doc), force=True)
            n = len(TOKEN.findall(doc))
            rates.append(n / (time.perf_counter() - t))
            cpu_rates.append(n / max(time.process_time() - c, 1e-9))
        print(f"batch of 6 differently damaged copies of Sandviken: first {rates[0]:,.0f} tok/s, "
              f"median of the rest {statistics.median(rates[1:]):,.0f} tok/s wall, "
              f"{statistics.median(cpu_rates[1:]):,.0f} tok/s per CPU-second")
    for name, text in inputs:
        if name.endswith("(gate only)"):
            tokens = len(TOKEN.findall(text))
            times = []
            for _ in range(args.runs):
                t = time.perf_counter()
                repair(Text(clean=text, raw=text))
                times.append(time.perf_counter() - t)
            print(f"{name}: {tokens} tokens, {tokens / statistics.median(times):,.0f} tok/s")
            continue
        cold, warm, tokens = rate(text, args.runs)
        print(f"{name}: {tokens} tokens, cold {cold:,.0f} tok/s, warm {warm:,.0f} tok/s (target >= 10,000)")


if __name__ == "__main__":
    main()
