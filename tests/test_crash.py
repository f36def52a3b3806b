"""Crash safety: `ansvarsgraf load` killed with SIGKILL at random moments never leaves a
store that fails to open, a half-written document, or a graph that differs from a clean
load once everything is loaded again.

bench/bench_crash.py runs the same rounds 100 times and prints the counts.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from ansvarsgraf.graph.check import check_store
from ansvarsgraf.graph.nxgraph import content_hash
from ansvarsgraf.graph.store import GraphStore, open_store
from ansvarsgraf.pipeline import extract_path, load_paths

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
CLI = str(Path(sys.executable).parent / "ansvarsgraf")


def make_corpus(folder: Path, at_least: int = 32) -> list[Path]:
    """The repo's examples and copies of the shared corpus texts, plus variants (the
    same reports with a dated note appended, so they are new documents that share most
    nodes with the originals) until there are `at_least` documents."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted((ROOT / "examples").glob("*.txt"))
    if CORPUS.is_dir():
        sources += sorted(CORPUS.glob("*.txt"))
    texts = [(p.stem, p.read_bytes()) for p in sources]
    out = []
    for stem, data in texts:
        out.append(folder / f"{stem}.txt")
        out[-1].write_bytes(data)
    n = 0
    while len(out) < at_least:
        stem, data = texts[n % len(texts)]
        n += 1
        note = (f"\n\nTillägg {n}: Kommunstyrelsen ansvarar för uppföljningen "
                f"enligt beslut {2000 + n % 25}.\n").encode("utf-8")
        out.append(folder / f"{stem}-variant-{n:03d}.txt")
        out[-1].write_bytes(data + note)
    return sorted(out)


@dataclass
class Expected:
    """What a clean load of the corpus gives: each document's counts, and the hash."""

    counts: dict[str, tuple[int, int, int]]  # report id -> (nodes, edges, evidence)
    graph_hash: str


def expected_for(paths: list[Path], open_fresh: Callable[[], GraphStore]) -> Expected:
    counts = {}
    for p in paths:
        doc = extract_path(p)
        ev = len(doc.all_evidence())
        counts[doc.report.id] = (len(doc.nodes), len(doc.edges), ev)
    with open_fresh() as store:
        for outcome in load_paths(store, paths):
            assert outcome.error is None, outcome.error
        return Expected(counts, content_hash(store.to_networkx()))


def verify_after_crash(store: GraphStore, expected: Expected) -> int:
    """The store is consistent and each document in it is whole; returns how many are in."""
    violations = check_store(store)
    assert violations == [], "\n".join(map(str, violations[:20]))
    docs = store.documents()
    for d in docs:
        assert d["id"] in expected.counts, f"unknown document {d['file_name']}"
        got = (d["node_count"], d["edge_count"], d["evidence_count"])
        assert got == expected.counts[d["id"]], f"{d['file_name']}: {got} != {expected.counts[d['id']]}"
    return len(docs)


def reload_matches_clean(store: GraphStore, paths: list[Path], expected: Expected) -> None:
    for outcome in load_paths(store, paths):
        assert outcome.error is None, outcome.error
    assert check_store(store) == []
    assert content_hash(store.to_networkx()) == expected.graph_hash


def start_load(store_uri: str, corpus: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([CLI, "--store", store_uri, "load", str(corpus)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})})


def time_full_load(store_uri: str, corpus: Path, env: dict[str, str] | None = None) -> float:
    t = time.perf_counter()
    proc = start_load(store_uri, corpus, env)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()
    return time.perf_counter() - t


def kill_round(store_uri: str, corpus: Path, delay: float,
               env: dict[str, str] | None = None) -> str:
    """Start a load, SIGKILL it after `delay` seconds; 'killed' or 'finished'."""
    proc = start_load(store_uri, corpus, env)
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return "killed"
    assert proc.returncode == 0, proc.stderr.read().decode() if proc.stderr else ""
    return "finished"


def crash_rounds(kills: int, store_uri: str, corpus: Path, expected: Expected,
                 reopen: Callable[[], GraphStore], wipe: Callable[[], None],
                 window: float, seed: int, reload_every: int = 1,
                 env: dict[str, str] | None = None) -> Counter[str]:
    """Kill loads until `kills` kills happened; after each, reopen and verify; every
    `reload_every` kills, load everything, compare with the clean graph and start over."""
    rng = random.Random(seed)
    paths = sorted(corpus.glob("*.txt"))
    counts: Counter[str] = Counter()
    while counts["killed"] < kills:
        outcome = kill_round(store_uri, corpus, rng.uniform(0.0, window), env)
        counts[outcome] += 1
        with reopen() as store:  # the store always opens
            present = verify_after_crash(store, expected)
            counts["documents in after kill"] += present if outcome == "killed" else 0
            if outcome == "killed":
                counts["kills mid-load" if 0 < present < len(expected.counts)
                       else "kills before first commit" if present == 0 else "kills after last"] += 1
            fresh_start = outcome == "finished" or counts["killed"] % reload_every == 0
            if fresh_start:
                reload_matches_clean(store, paths, expected)
                counts["reloads equal to clean load"] += 1
        if fresh_start:
            wipe()
    return counts


def test_sigkill_during_load_embedded(tmp_path):
    corpus = make_corpus(tmp_path / "corpus")
    assert len(corpus) >= 30
    store_dir = tmp_path / "store"
    expected = expected_for(corpus, lambda: open_store(str(tmp_path / "clean")))
    window = time_full_load(str(store_dir), tmp_path / "corpus")
    shutil.rmtree(store_dir)
    counts = crash_rounds(
        kills=int(os.environ.get("ANSVARSGRAF_TEST_KILLS", "6")), store_uri=str(store_dir),
        corpus=tmp_path / "corpus", expected=expected,
        reopen=lambda: open_store(str(store_dir)),
        wipe=lambda: shutil.rmtree(store_dir, ignore_errors=True),
        window=window, seed=int(os.environ.get("ANSVARSGRAF_TEST_SEED", "9")), reload_every=2)
    assert counts["killed"] >= 6 or os.environ.get("ANSVARSGRAF_TEST_KILLS")
    assert counts["reloads equal to clean load"] >= 1


def test_a_killed_load_resumes(tmp_path):
    """Kills in a row on one store, each resuming what the last left, end in the clean graph."""
    corpus = make_corpus(tmp_path / "corpus")
    store_dir = tmp_path / "store"
    expected = expected_for(corpus, lambda: open_store(str(tmp_path / "clean")))
    window = time_full_load(str(store_dir), tmp_path / "corpus")
    shutil.rmtree(store_dir)
    rng = random.Random(3)
    for _ in range(4):
        kill_round(str(store_dir), tmp_path / "corpus", rng.uniform(0.3 * window, window))
        with open_store(str(store_dir)) as store:
            verify_after_crash(store, expected)
    with open_store(str(store_dir)) as store:
        reload_matches_clean(store, corpus, expected)


@pytest.mark.neo4j
def test_sigkill_during_load_neo4j(tmp_path, request):
    """The same rounds against a real Neo4j server: the killed client's open transaction
    is rolled back by the server, so no document is half in."""
    try:
        server = request.getfixturevalue("neo4j_server")
        store = request.getfixturevalue("neo4j_store")
    except pytest.FixtureLookupError:
        pytest.skip("the Neo4j fixture (tests/neo4j_fixture.py) is not installed")
    corpus = make_corpus(tmp_path / "corpus")
    expected = expected_for(corpus, lambda: open_store(str(tmp_path / "clean")))
    env = {"ANSVARSGRAF_NEO4J_USER": server.user, "ANSVARSGRAF_NEO4J_PASSWORD": server.password}
    window = time_full_load(server.uri, tmp_path / "corpus", env)
    store.wipe()
    counts = crash_rounds(kills=4, store_uri=server.uri, corpus=tmp_path / "corpus",
                          expected=expected, wipe=store.wipe,
                          reopen=lambda: open_store(server.uri, user=server.user,
                                                    password=server.password),
                          window=window, seed=11, reload_every=2, env=env)
    assert counts["killed"] == 4
    assert counts["reloads equal to clean load"] >= 1
