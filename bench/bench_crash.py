"""Kill `ansvarsgraf load` with SIGKILL 100 times at random moments and print the counts.

After every kill the store is reopened and checked (`check_store` clean, every document
in it whole); every few kills everything is loaded again and the graph's content hash is
compared with a clean load's. Any failure stops the run with the reason.

    .venv/bin/python bench/bench_crash.py [--kills 100] [--neo4j]

--neo4j starts the Neo4j test server of tests/neo4j_fixture.py (or uses $NEO4J_URI).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ansvarsgraf.graph.store import open_store

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from testmodules import load_test_module  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--kills", type=int, default=100)
    ap.add_argument("--docs", type=int, default=40)
    ap.add_argument("--reload-every", type=int, default=5)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--neo4j", action="store_true", help="a Neo4j server instead of a folder")
    args = ap.parse_args()
    if args.neo4j:
        sys.path.insert(0, str(HERE.parent / "tests"))
        from neo4j_fixture import start_server

        with start_server() as server:
            env = {"ANSVARSGRAF_NEO4J_USER": server.user,
                   "ANSVARSGRAF_NEO4J_PASSWORD": server.password}
            options = {"user": server.user, "password": server.password}
            run(args, server.uri, env, options)
    else:
        run(args, "", {}, {})


def run(args: argparse.Namespace, neo4j_uri: str, env: dict[str, str],
        options: dict[str, str]) -> None:
    crash = load_test_module("test_crash")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        corpus = crash.make_corpus(tmp_path / "corpus", args.docs)
        expected = crash.expected_for(corpus, lambda: open_store(str(tmp_path / "clean")))
        uri = neo4j_uri or str(tmp_path / "store")
        if neo4j_uri:
            keeper = open_store(uri, **options)

            def wipe() -> None:
                keeper.wipe()
        else:
            def wipe() -> None:
                shutil.rmtree(uri, ignore_errors=True)
        window = float("inf")
        for _ in range(3):  # the first load pays for cold caches (a JVM's warm-up)
            wipe()
            window = min(window, crash.time_full_load(uri, tmp_path / "corpus", env))
        wipe()
        t = time.perf_counter()
        counts = crash.crash_rounds(args.kills, uri, tmp_path / "corpus", expected,
                                    reopen=lambda: open_store(uri, **options), wipe=wipe,
                                    window=window, seed=args.seed,
                                    reload_every=args.reload_every, env=env)
        took = time.perf_counter() - t
    print(f"store: {'Neo4j ' + neo4j_uri if neo4j_uri else 'embedded (LadybugDB)'}; "
          f"{len(corpus)} documents; a clean load takes {window:.2f} s (kills drawn in 0..that)")
    for k in ("killed", "kills before first commit", "kills mid-load", "kills after last",
              "finished", "documents in after kill", "reloads equal to clean load"):
        print(f"  {k:<30} {counts.get(k, 0)}")
    print(f"  store opened and checked clean after every one of {counts['killed']} kills "
          f"({took:.0f} s)")


if __name__ == "__main__":
    sys.exit(main())
