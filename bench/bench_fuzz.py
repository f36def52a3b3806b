"""Fuzz the loaders with 10,000+ inputs and print how many of each outcome.

Inputs: random bytes, mutated real documents (the demo reports as text, HTML and PDF:
truncated, bit-flipped, re-encoded, mixed encodings, NUL bytes, broken and deeply nested
HTML) and PDFs with recursive structure or deflate bombs. Every input goes through
`extract_path` with the per-document time budget. Outcomes: loaded, or the InputError
subclass raised; "bug" counts the readers' unexpected exceptions (caught by the worker
and turned into InputError), "forbidden" anything else (must be 0). The first example of
each bug is printed.

    .venv/bin/python bench/bench_fuzz.py [--inputs 10000] [--seed 1] [--budget 20]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from ansvarsgraf.errors import InputError
from ansvarsgraf.pipeline import extract_path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from testmodules import load_test_module  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--inputs", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--budget", type=float, default=20.0)
    args = ap.parse_args()
    fz = load_test_module("test_fuzz")
    rng = random.Random(args.seed)
    seeds = fz.seeds()
    specials = [(f"recursive-{i}.pdf", d) for i, d in enumerate(fz.recursive_pdfs())]
    specials.append(("bomb.pdf", fz.bomb_pdf(256)))
    counts: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    bugs: dict[str, str] = {}
    t0 = time.perf_counter()
    slowest = (0.0, "")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(args.inputs):
            r = rng.random()
            if r < 0.2:
                kind, name = "random bytes", "random.bin"
                data = rng.randbytes(rng.choice([1, 16, 256, 4096, 65536]))
            elif r < 0.21:
                kind, (name, data) = "recursive/bomb pdf", specials[i % len(specials)]
            else:
                name, data = fz.mutated(rng, seeds)
                kind = f"mutated {Path(name).suffix[1:]}"
            by_kind[kind] += 1
            path = folder / f"{i:05d}-{name}"
            path.write_bytes(data)
            t = time.perf_counter()
            try:
                extract_path(path, timeout_s=args.budget)
                outcome = "loaded"
            except InputError as e:
                outcome = type(e).__name__
                if fz.BUG in str(e):
                    outcome = "bug (reader exception, caught)"
                    key = str(e).split("could not be read (", 1)[1].split(":", 1)[0]
                    bugs.setdefault(key, f"{kind} {name}: {e}")
                if str(path) not in str(e):
                    outcome = "forbidden: error without the file name"
            except Exception as e:  # noqa: BLE001 - counted, must stay 0
                outcome = f"forbidden: {type(e).__name__}"
                bugs.setdefault(type(e).__name__, f"{kind} {name}: {e}")
            took = time.perf_counter() - t
            slowest = max(slowest, (took, f"{kind} {name} -> {outcome}"))
            counts[outcome] += 1
            path.unlink()
    took = time.perf_counter() - t0
    print(f"{args.inputs} inputs in {took:.0f} s ({args.inputs / took:.0f}/s), "
          f"budget {args.budget:g} s per document, seed {args.seed}")
    print("inputs:  " + ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items())))
    print("outcomes:")
    for k, v in counts.most_common():
        print(f"  {k:<40} {v}")
    print(f"slowest: {slowest[0]:.2f} s ({slowest[1]})")
    for k, example in bugs.items():
        print(f"bug {k}: {example[:400]}")


if __name__ == "__main__":
    main()
