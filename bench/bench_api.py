"""Latency of the API under load: p50/p95 of GET /municipalities/{name}/map and of one
named query at 50 concurrent clients on loopback (target: p95 <= 50 ms).

The server is the real thing: `ansvarsgraf serve` (uvicorn) in a subprocess on 127.0.0.1
over an embedded store holding synthetic municipalities (bench/synthetic.py). The load
generator is in this process: 50 clients on kept-alive connections (asyncio streams),
each sending its next request as soon as the last is answered (a closed loop: the
harshest reading of "50 concurrent clients") or on a fixed schedule (an open loop), for a
fixed time after a warm-up. Prints the median over runs.

    .venv/bin/python bench/bench_api.py [--municipalities 20] [--seconds 10] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.synthetic import ELEMENTS_PER_MUNICIPALITY, synthetic_documents  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).with_name("ansvarsgraf")


def build_store(path: Path, municipalities: int) -> int:
    from ansvarsgraf.graph.embedded import EmbeddedStore

    with EmbeddedStore(path) as store:
        for doc in synthetic_documents(municipalities * ELEMENTS_PER_MUNICIPALITY):
            store.write_document(doc)
        return int(store.stats()["nodes"])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(store: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([str(CLI), "--store", str(store), "serve", "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env={**os.environ, "ANSVARSGRAF_API_TOKEN": ""})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"the server did not start: {proc.stderr.read().decode() if proc.stderr else ''}")


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> None:
    """One GET on a kept-alive connection; the whole body is read and the status checked."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = head[9:12]
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    await reader.readexactly(length)
    if status != b"200":
        raise SystemExit(f"answer {status.decode()} from the server")


async def load(url: str, clients: int, seconds: float, interval: float = 0.0) -> list[float]:
    """Latencies (ms) of every request `clients` clients sent in `seconds`: each sends its
    next request when the last is answered (interval 0: a closed loop) or on a fixed
    schedule of one request per `interval` seconds (an open loop; latency is counted from
    the scheduled time, so a server that falls behind is charged for the wait).

    Each client is one kept-alive HTTP/1.1 connection spoken with asyncio streams: httpx
    spent 3-4 ms of CPU per request here, four times the server's, and so measured
    itself. The answer is checked once with httpx before the run.
    """
    u = httpx.URL(url)
    httpx.get(url, timeout=30).raise_for_status()
    target = u.raw_path.decode()
    request = f"GET {target} HTTP/1.1\r\nHost: {u.host}:{u.port}\r\n\r\n".encode()
    latencies: list[float] = []
    conns = [await asyncio.open_connection(u.host, u.port) for _ in range(clients)]
    for reader, writer in conns:  # warm-up
        await _get(reader, writer, request)
    stop = time.perf_counter() + seconds

    async def one_client(i: int) -> None:
        reader, writer = conns[i]
        due = time.perf_counter() + interval * i / clients  # spread the starts
        while due < stop:
            if interval:
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
            t = due if interval else time.perf_counter()
            await _get(reader, writer, request)
            latencies.append((time.perf_counter() - t) * 1000)
            due = due + interval if interval else time.perf_counter()

    await asyncio.gather(*(one_client(i) for i in range(clients)))
    for _, writer in conns:
        writer.close()
    return latencies


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--municipalities", type=int, default=20)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--interval", type=float, default=0.5,
                    help="seconds between one client's requests in the open-loop runs")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="ansvarsgraf-bench-api-"))
    try:
        t = time.perf_counter()
        nodes = build_store(tmp / "store", args.municipalities)
        print(f"store: {args.municipalities} synthetic municipalities, {nodes} nodes "
              f"(built in {time.perf_counter() - t:.1f} s)")
        port = free_port()
        server = start_server(tmp / "store", port)
        base = f"http://127.0.0.1:{port}"
        muni = "Syntetiska kommun 001"
        routes = {
            "map": f"{base}/municipalities/{quote(muni)}/map",
            "query goals_without_owner": f"{base}/queries/goals_without_owner?municipality={quote(muni)}",
        }
        try:
            print(f"{args.clients} concurrent clients, {args.seconds:g} s per run, {args.runs} runs "
                  "(median of the runs' figures)")
            for (name, url), interval in [(r, i) for r in routes.items()
                                          for i in (0.0, args.interval)]:
                p50s, p95s, rates = [], [], []
                mode = "closed loop" if not interval else f"each every {interval:g} s"
                for _ in range(args.runs):
                    lat = asyncio.run(load(url, args.clients, args.seconds, interval))
                    p50s.append(pct(lat, 50))
                    p95s.append(pct(lat, 95))
                    rates.append(len(lat) / args.seconds)
                p95 = statistics.median(p95s)
                print(f"  {name:<26} {mode:<18} p50 {statistics.median(p50s):7.1f} ms   p95 {p95:7.1f} ms   "
                      f"{statistics.median(rates):7.0f} req/s   "
                      f"{'meets' if p95 <= 50 else 'MISSES'} p95 <= 50 ms")
        finally:
            server.terminate()
            server.wait(10)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
