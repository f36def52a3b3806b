"""The API under abuse: generated requests from its own OpenAPI schema (schemathesis),
hostile file names and parameters, write statements through the read path, and the
defaults a service put on a network relies on (loopback bind, closed CORS).

bench/bench_schemathesis.py runs the schemathesis part with 1,000+ cases.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

schemathesis = pytest.importorskip("schemathesis")
pytest.importorskip("ansvarsgraf.api.routes", reason="the API routes have not landed")

from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

from ansvarsgraf.api.main import create_app  # noqa: E402
from ansvarsgraf.graph.check import check_store  # noqa: E402
from ansvarsgraf.graph.embedded import EmbeddedStore  # noqa: E402
from ansvarsgraf.graph.nxgraph import content_hash  # noqa: E402
from ansvarsgraf.pipeline import extract_path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CLI = str(Path(sys.executable).parent / "ansvarsgraf")
CHECKS = ("not_a_server_error", "response_schema_conformance", "status_code_conformance",
          "content_type_conformance")


def load_examples(path: Path) -> None:
    with EmbeddedStore(path) as store:
        for p in sorted(EXAMPLES.glob("*.txt")):
            store.write_document(extract_path(p))


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("abuse") / "store"
    load_examples(path)
    return path


@pytest.fixture(scope="module")
def app(store_path):
    return create_app(store_uri=str(store_path))


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app) as c:
        yield c


def graph_hash(client) -> str:
    assert client.get("/documents").status_code == 200  # the app opens its store on first use
    store = client.app.state.stores.store
    return content_hash(store.to_networkx())


# -- schemathesis: every operation, generated requests ------------------------------------
# Driven through hypothesis directly: schemathesis' pytest plugin does not run on pytest 9.
def named_checks() -> list:
    from schemathesis import checks

    return [getattr(checks, name) for name in CHECKS]


def run_schemathesis(app, examples: int, modes=("positive", "negative"),
                     ) -> tuple[dict[str, int], dict[str, str]]:
    """Generated requests for every operation of the app's OpenAPI schema, each checked
    for no 5xx, a documented status, a documented content type and a response that
    matches its schema. Returns the cases run and the failure found per operation."""
    from hypothesis.errors import Unsatisfiable
    from schemathesis import GenerationMode

    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    checks = named_checks()
    cases: dict[str, int] = {}
    failures: dict[str, str] = {}
    for result in schema.get_all_operations():
        op = result.ok()
        for mode in modes:
            label = f"{op.label} ({mode})"
            cases[label] = 0
            strategy = op.as_strategy(generation_mode=GenerationMode(mode))

            try:
                _run_operation(strategy, examples, checks, cases, label)
            except Unsatisfiable:  # nothing to make invalid: an operation with no input
                del cases[label]
            except (Exception, BaseExceptionGroup) as e:  # noqa: BLE001 - collected: one run shows all
                failures[label] = _describe(e)
    return cases, failures


def _describe(e: BaseException) -> str:
    """The failure schemathesis found, in a few lines (kind, status, how to reproduce)."""
    text = str(e)
    keep = [ln.strip() for ln in text.splitlines()
            if ln.strip() and not ln.strip().startswith("+")][:12]
    return " | ".join(keep)[:1500]


def _run_operation(strategy, examples: int, checks: list, cases: dict[str, int],
                   label: str) -> None:
    from hypothesis import given

    @settings(max_examples=examples, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck), database=None)
    @given(case=strategy)
    def run(case) -> None:
        cases[label] += 1
        case.call_and_validate(checks=checks)

    run()


def test_generated_requests(app):
    """No 5xx, and every response matches the schema the API publishes."""
    examples = int(os.environ.get("ANSVARSGRAF_SCHEMATHESIS_EXAMPLES", "15"))
    cases, failures = run_schemathesis(app, examples)
    assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())
    assert sum(cases.values()) >= 100, cases


# -- hostile inputs -----------------------------------------------------------------------
HOSTILE = ["' OR 1=1 //", "x'}) MATCH (n) DETACH DELETE n //", "\") DETACH DELETE n RETURN (\"",
           "$municipality", "{key: 'x'}", "\x00", "a" * 10_000, "../../../etc/passwd",
           "Ljusdals kommun' UNION MATCH (n) RETURN n //", "%00", "🙂" * 100]


@pytest.mark.parametrize("value", HOSTILE)
def test_injection_attempts_change_nothing(client, value):
    """Every user value reaches Cypher as a parameter: the routes answer with a status
    under 500 and the graph is exactly as it was."""
    before = graph_hash(client)
    names = [q["name"] for q in client.get("/queries").json()]
    part = quote(value, safe="")
    requests = [(f"/municipalities/{part}/map", None), ("/gaps", {"municipality": value}),
                (f"/evidence/{part}", None), (f"/map/{part}", None),
                ("/explore", {"municipality": value})]
    for q in client.get("/queries").json():
        requests.append((f"/queries/{q['name']}", {p["name"]: value for p in q["parameters"]}))
    for url, params in requests:
        r = client.get(url, params=params)
        assert r.status_code < 500, (url, r.status_code, r.text[:300])
    assert graph_hash(client) == before
    assert names


def test_reads_refuse_writes(store_path, tmp_path):
    """The read path runs in READ ONLY transactions: a write statement fails and
    changes nothing, whatever reaches it."""
    with EmbeddedStore(store_path) as store:
        before = content_hash(store.to_networkx())
        for stmt in ["CREATE (g:Goal {key: 'x', name: 'x', municipality: ''})",
                     "MATCH (n:Board) DETACH DELETE n",
                     "MATCH (n:Board) SET n.name = 'pwned'"]:
            with pytest.raises(Exception):
                store.read(stmt)
        assert content_hash(store.to_networkx()) == before
        assert check_store(store) == []


@pytest.mark.parametrize("name", ["../../escape.txt", "/etc/cron.d/x.txt", "..\\..\\win.txt",
                                  "a/../../b.txt", "\x00evil.txt", "....//....//x.txt",
                                  "CON", ".", "~/.bashrc"])
def test_upload_file_names_are_labels_not_paths(tmp_path, name):
    """A client's file name is kept as a label (its last part, without control
    characters); nothing is written anywhere by that name."""
    store = tmp_path / "store"
    load_examples(store)
    app = create_app(store_uri=str(store))
    text = (EXAMPLES / "ljusdal-integrationsstrategi-2018.txt").read_bytes() + (
        f"\nBilaga {name.encode().hex()}\n").encode()  # new bytes: a new document
    before = {p for p in tmp_path.rglob("*")}
    cwd_before = set(Path.cwd().iterdir())
    with TestClient(app) as c:
        r = c.post("/documents", files={"file": (name, io.BytesIO(text), "text/plain")})
        assert r.status_code == 201, r.text
        label = r.json()["file_name"]
        assert "/" not in label and "\\" not in label and "\x00" not in label
        assert label not in {"", ".", ".."}
        docs = c.get("/documents").json()
        assert label in {d["file_name"] for d in docs}
    new = {p for p in tmp_path.rglob("*")} - before
    assert all(p.is_relative_to(store) for p in new), new
    assert set(Path.cwd().iterdir()) == cwd_before
    assert not Path("/escape.txt").exists() and not (tmp_path.parent / "escape.txt").exists()


def test_fuzzed_uploads_never_5xx_and_failures_change_nothing(tmp_path):
    """Damaged reports uploaded: 201 or 200 when they load, 4xx when not, and a refused
    upload leaves the graph as it was."""
    import random

    from .test_fuzz import SEEDS, mutated

    store = tmp_path / "store"
    load_examples(store)
    rng = random.Random(5)
    with TestClient(create_app(store_uri=str(store))) as c:
        refused = 0
        for _ in range(40):
            name, data = mutated(rng, SEEDS)
            before = graph_hash(c)
            r = c.post("/documents", files={"file": (name, io.BytesIO(data), "text/plain")})
            assert r.status_code in {200, 201, 400, 413}, (name, r.status_code, r.text[:300])
            if r.status_code >= 400:
                refused += 1
                assert graph_hash(c) == before
        assert refused >= 5
        assert check_store(c.app.state.stores.store) == []


# -- network defaults ---------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _outside_address() -> str | None:
    """An address of this machine that is not loopback, if it has one."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: no packet is sent for UDP connect
            addr = s.getsockname()[0]
    except OSError:
        return None
    return None if addr.startswith("127.") else addr


def test_serve_binds_loopback_by_default(tmp_path):
    """`ansvarsgraf serve` with no --host answers on 127.0.0.1 and not on the machine's
    other addresses, and sends no CORS header to a foreign origin."""
    import httpx

    store_path = tmp_path / "store"
    load_examples(store_path)
    port = _free_port()
    proc = subprocess.Popen([CLI, "--store", str(store_path), "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/health",
                              headers={"Origin": "https://evil.example"}, timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not answer on 127.0.0.1")
        assert r.status_code == 200
        assert "access-control-allow-origin" not in r.headers
        pre = httpx.options(f"http://127.0.0.1:{port}/documents", timeout=2, headers={
            "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
        assert "access-control-allow-origin" not in pre.headers
        outside = _outside_address()
        if outside is not None:
            with pytest.raises(httpx.TransportError):
                httpx.get(f"http://{outside}:{port}/health", timeout=2)
    finally:
        proc.terminate()
        proc.wait(10)


def test_no_cypher_is_built_in_the_api():
    """Routes call the library; no query text is assembled under api/, so no user value
    can be spliced into Cypher there."""
    import re

    import ansvarsgraf.api

    api_dir = Path(ansvarsgraf.api.__file__).parent
    cypher = re.compile(r"\b(MATCH|MERGE|CREATE|DETACH DELETE|UNWIND)\s*[\(\$]")
    offenders = [f"{p.name}:{i}" for p in api_dir.rglob("*.py")
                 for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if cypher.search(line)]
    assert offenders == []
