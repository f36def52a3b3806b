"""The API under load: 50 concurrent clients for 60 s on the map, query and list routes
while a load of 100 documents is uploaded, on a real `ansvarsgraf serve` process.

Each uploaded document is a demo report moved to a municipality of its own, so a reader
can tell whole from partial: every map of a municipality a reader sees, and every
document's counts in GET /documents, must equal what the server shows once the load is
over (a document is there wholly or not at all). Prints throughput, p50/p95/p99
latency per route, errors and partial views (both must be 0).

    .venv/bin/python bench/bench_api_load.py [--clients 50] [--seconds 60] [--docs 100]
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from ansvarsgraf.graph.embedded import EmbeddedStore
from ansvarsgraf.pipeline import extract_path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))
CLI = str(Path(sys.executable).parent / "ansvarsgraf")


def municipalities() -> list[tuple[str, str]]:
    """(name, official form) of Sweden's municipalities from the extractor's gazetteer,
    so the extractor recognises the municipality each moved report is about."""
    import ansvarsgraf.loaders

    tsv = Path(ansvarsgraf.loaders.__file__).parent / "gazetteers" / "municipalities.tsv"
    rows = [ln.split("\t") for ln in tsv.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]
    return [(r[0], r[1]) for r in rows
            if len(r) >= 2 and r[0] not in {"Ljusdal", "Orsa"} and "ambiguous" not in "".join(r[3:])]


def documents(folder: Path, n: int) -> list[tuple[str, Path]]:
    """n reports, each a demo report moved to a municipality of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, (name, official) in enumerate(municipalities()[:n]):
        src = EXAMPLES[i % len(EXAMPLES)]
        text = src.read_text(encoding="utf-8")
        for old in ("Ljusdals kommun", "Orsa kommun"):
            text = text.replace(old, official)
        for old in ("Ljusdal", "Orsa"):
            text = text.replace(old, name)
        path = folder / f"{i:03d}-{src.stem}.txt"
        path.write_text(text, encoding="utf-8")
        out.append((official, path))
    return out


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.maps: list[tuple[str, frozenset[str]]] = []
        self.docs: list[tuple[str, tuple[Any, ...]]] = []

    def timed(self, client: httpx.Client, route: str, url: str,
              params: dict[str, Any] | None = None, ok: tuple[int, ...] = (200,)) -> Any:
        t = time.perf_counter()
        try:
            r = client.get(url, params=params)
        except httpx.HTTPError as e:
            with self.lock:
                self.errors.append(f"{url}: {type(e).__name__}: {e}")
            return None
        took = time.perf_counter() - t
        with self.lock:
            self.latency[route].append(took)
            if r.status_code not in ok:
                self.errors.append(f"{url}: {r.status_code} {r.text[:200]}")
                return None
        return r.json()


def map_keys(body: dict[str, Any]) -> frozenset[str]:
    return frozenset([o["key"] for o in body["organisations"]] +
                     [u["key"] for u in body["unowned"]])


def reader(base: str, rec: Recorder, deadline: float, queries: list[dict[str, Any]],
           seed: int) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=60) as c:
        while time.monotonic() < deadline:
            munis = rec.timed(c, "GET /municipalities", "/municipalities") or []
            names = [m["name"] for m in munis]
            if not names:
                continue
            name = rng.choice(names)
            r = rng.random()
            if r < 0.5:
                body = rec.timed(c, "GET /municipalities/{name}/map",
                                 f"/municipalities/{quote(name, safe='')}/map")
                if body is not None:
                    with rec.lock:
                        rec.maps.append((name, map_keys(body)))
            elif r < 0.8:
                q = rng.choice(queries)
                params = {p["name"]: name for p in q["parameters"]
                          if p["name"] == "municipality"}
                rec.timed(c, "GET /queries/{name}", f"/queries/{q['name']}", params)
            elif r < 0.9:
                rec.timed(c, "GET /gaps", "/gaps", {"municipality": name})
            else:
                docs = rec.timed(c, "GET /documents", "/documents") or []
                with rec.lock:
                    rec.docs += [(d["id"], (d["node_count"], d["edge_count"],
                                            d["evidence_count"])) for d in docs]


def loader(base: str, docs: list[tuple[str, Path]], rec: Recorder, done: dict[str, Any]) -> None:
    t = time.perf_counter()
    with httpx.Client(base_url=base, timeout=120) as c:
        for _, path in docs:
            try:
                r = c.post("/documents", files={"file": (path.name, path.read_bytes(),
                                                         "text/plain")})
                if r.status_code not in (200, 201):
                    rec.errors.append(f"upload {path.name}: {r.status_code} {r.text[:200]}")
                else:
                    done["loaded"] += 1
            except httpx.HTTPError as e:
                rec.errors.append(f"upload {path.name}: {type(e).__name__}: {e}")
    done["seconds"] = time.perf_counter() - t


def pct(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] * 1000 if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--docs", type=int, default=100)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        with EmbeddedStore(store) as s:
            for p in EXAMPLES:
                s.write_document(extract_path(p))
        docs = documents(Path(tmp) / "docs", args.docs)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([CLI, "--store", str(store), "serve", "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=open(Path(tmp) / "server.log", "wb"))
        try:
            return run(args, base, docs, server, Path(tmp) / "server.log")
        finally:
            server.terminate()
            server.wait(20)


def run(args: argparse.Namespace, base: str, docs: list[tuple[str, Path]],
        server: subprocess.Popen[bytes], log: Path) -> int:
    for _ in range(150):
        try:
            if httpx.get(base + "/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        print(f"the server did not start:\n{log.read_text()[-2000:]}")
        return 1
    queries = [q for q in httpx.get(base + "/queries").json()  # runnable with a municipality
               if all(not p["required"] or p["name"] == "municipality" for p in q["parameters"])]
    rec = Recorder()
    done: dict[str, Any] = {"loaded": 0, "seconds": None}
    deadline = time.monotonic() + args.seconds
    threads = [threading.Thread(target=reader, args=(base, rec, deadline, queries, i))
               for i in range(args.clients)]
    load = threading.Thread(target=loader, args=(base, docs, rec, done))
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    load.start()
    for t in threads:
        t.join()
    load.join()
    took = time.perf_counter() - t0

    # what a reader may have seen: nothing, or the document whole as it is now
    final_maps: dict[str, frozenset[str]] = {}
    with httpx.Client(base_url=base, timeout=60) as c:
        for name in {n for n, _ in rec.maps}:
            final_maps[name] = map_keys(c.get(f"/municipalities/{quote(name, safe='')}/map").json())
        final_docs = {d["id"]: (d["node_count"], d["edge_count"], d["evidence_count"])
                      for d in c.get("/documents").json()}
    partial_maps = sum(1 for n, keys in rec.maps if keys != final_maps[n])
    partial_docs = sum(1 for i, counts in rec.docs if final_docs.get(i) != counts)
    generated = {n for n, _ in docs}
    seen_growing = {n for n, _ in rec.maps if n in generated}

    total = sum(len(v) for v in rec.latency.values())
    every = [x for v in rec.latency.values() for x in v]
    print(f"{args.clients} clients for {args.seconds:g} s against {base} while {len(docs)} "
          f"documents were uploaded ({done['loaded']} loaded in "
          f"{done['seconds'] or float('nan'):.1f} s)")
    print(f"requests {total}, throughput {total / took:.0f}/s, errors {len(rec.errors)}")
    print(f"latency ms: p50 {pct(every, 50):.1f}  p95 {pct(every, 95):.1f}  p99 {pct(every, 99):.1f}")
    for route, values in sorted(rec.latency.items()):
        print(f"  {route:<34} n={len(values):<6} p50 {pct(values, 50):7.1f}  "
              f"p95 {pct(values, 95):7.1f}  p99 {pct(values, 99):7.1f}")
    print(f"wholeness: {len(rec.maps)} maps read ({len(seen_growing)} municipalities of the "
          f"load seen), {partial_maps} partial; {len(rec.docs)} document rows read, "
          f"{partial_docs} partial")
    for e in rec.errors[:10]:
        print(f"  error: {e}")
    return 0 if not rec.errors and not partial_maps and not partial_docs else 1


if __name__ == "__main__":
    sys.exit(main())
