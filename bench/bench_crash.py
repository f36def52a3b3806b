"""Kill `ansvarsgraf load` with SIGKILL 100 times at random moments and print the counts.

After every kill the store is reopened and checked (`check_store` clean, every document
in it whole); every few kills everything is loaded again and the graph's content hash is
compared with a clean load's. Any failure stops the run with the reason.

    .venv/bin/python bench/bench_crash.py [--kills 100] [--store neo4j://localhost:7687]
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ansvarsgraf.graph.store import open_store

HERE = Path(__file__).resolve().parent


def _crash_module():  # the round logic lives beside its test
    spec = importlib.util.spec_from_file_location("test_crash", HERE.parent / "tests" / "test_crash.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["test_crash"] = mod
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--kills", type=int, default=100)
    ap.add_argument("--docs", type=int, default=40)
    ap.add_argument("--reload-every", type=int, default=5)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--store", default="", help="a neo4j:// URI (default: an embedded folder)")
    args = ap.parse_args()
    crash = _crash_module()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        corpus = crash.make_corpus(tmp_path / "corpus", args.docs)
        expected = crash.expected_for(corpus, lambda: open_store(str(tmp_path / "clean")))
        if args.store:
            uri = args.store
            keeper = open_store(uri)

            def wipe() -> None:
                keeper._in_write_tx(lambda tx: tx.run("MATCH (n) DETACH DELETE n"))
        else:
            uri = str(tmp_path / "store")

            def wipe() -> None:
                shutil.rmtree(uri, ignore_errors=True)
        wipe()
        window = crash.time_full_load(uri, tmp_path / "corpus")
        wipe()
        t = time.perf_counter()
        counts = crash.crash_rounds(args.kills, uri, tmp_path / "corpus", expected,
                                    reopen=lambda: open_store(uri), wipe=wipe, window=window,
                                    seed=args.seed, reload_every=args.reload_every)
        took = time.perf_counter() - t
    print(f"store: {'neo4j ' + args.store if args.store else 'embedded (LadybugDB)'}; "
          f"{len(corpus)} documents; a clean load takes {window:.2f} s (kills drawn in 0..that)")
    for k in ("killed", "kills before first commit", "kills mid-load", "kills after last",
              "finished", "documents in after kill", "reloads equal to clean load"):
        print(f"  {k:<30} {counts.get(k, 0)}")
    print(f"  store opened and checked clean after every one of {counts['killed']} kills "
          f"({took:.0f} s)")


if __name__ == "__main__":
    sys.exit(main())
