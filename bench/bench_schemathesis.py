"""Schemathesis against the API's own OpenAPI schema, 1,000+ generated requests.

Every operation gets valid (positive) and invalid (negative) requests; each response is
checked: no 5xx, a documented status and content type, a body that matches its schema.
The app runs on a real embedded store holding the demo reports; uploads go into it.
Prints cases per operation and every distinct failure.

    .venv/bin/python bench/bench_schemathesis.py [--examples 150]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from testmodules import load_test_module  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--examples", type=int, default=150, help="per operation and mode")
    args = ap.parse_args()
    abuse = load_test_module("test_api_abuse")
    from ansvarsgraf.api.main import create_app

    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        abuse.load_examples(store)
        app = create_app(store_uri=str(store))
        t = time.perf_counter()
        cases, failures = abuse.run_schemathesis(app, args.examples)
        took = time.perf_counter() - t
    total = sum(cases.values())
    print(f"{total} generated requests over {len(cases)} operation/mode pairs in {took:.0f} s; "
          f"checks: {', '.join(abuse.CHECKS)}")
    for label, n in sorted(cases.items()):
        print(f"  {label:<45} {n:>5}  {'FAIL' if label in failures else 'ok'}")
    print(f"failures: {len(failures)}")
    for label, text in failures.items():
        print(f"  {label}: {text}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
