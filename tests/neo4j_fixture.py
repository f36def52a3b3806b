"""A real Neo4j 5 Community server for the `neo4j` tests and the writer benchmark.

`start_server()` runs the launcher in tests/neo4j_server (the in-process test server of
neo4j-harness, built by .ci/setup-tests from Maven Central) and yields its bolt URI.
With NEO4J_URI set (e.g. a `docker compose` server) that server is used instead, with
NEO4J_USER / NEO4J_PASSWORD. The session fixture starts one server for the whole run;
when CI=true a server that cannot start fails the run, elsewhere the tests skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

LAUNCHER = Path(__file__).resolve().parent / "neo4j_server"
PASSWORD = "ansvarsgraf-test"
START_TIMEOUT_S = 120.0
APOC_CLASSES = ("apoc.merge.Merge", "apoc.create.Create", "apoc.meta.Meta", "apoc.help.Help")


class ServerUnavailable(RuntimeError):
    """The test server cannot be started here."""


@dataclass(frozen=True)
class Server:
    uri: str
    user: str
    password: str
    start_seconds: float = 0.0


def classpath() -> str:
    """The Java class path of the launcher and of neo4j-admin (the harness ships both)."""
    classes, lib = LAUNCHER / "target" / "classes", LAUNCHER / "target" / "lib"
    if not (classes / "ansvarsgraf" / "TestServer.class").is_file() or not lib.is_dir():
        raise ServerUnavailable(f"the Neo4j test server is not built ({classes}); run "
                                "`bash .ci/setup-tests` (needs Java 17 and Maven)")
    return f"{classes}{os.pathsep}{lib}{os.sep}*"


@contextmanager
def start_server(heap: str = "1g", from_home: Path | None = None,
                 apoc: bool = False) -> Iterator[Server]:
    """Start a throw-away server with authentication on, yield it, stop it. With
    `from_home` (a folder holding data/databases/...), it serves a copy of those; with
    `apoc`, APOC core's procedures that other projects' writers call are installed."""
    if os.environ.get("NEO4J_URI") and from_home is None:
        yield Server(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"),
                     os.environ.get("NEO4J_PASSWORD", ""))
        return
    java = shutil.which("java")
    if java is None:
        raise ServerUnavailable("no `java` on PATH: the Neo4j test server needs Java 17")
    cp = classpath()
    work = Path(tempfile.mkdtemp(prefix="ansvarsgraf-neo4j-"))
    t0 = time.monotonic()
    extra = []
    if apoc:
        cp += f"{os.pathsep}{LAUNCHER / 'target' / 'plugins'}{os.sep}*"
        extra.append(f"-Dansvarsgraf.procedures={','.join(APOC_CLASSES)}")
    proc = subprocess.Popen(
        [java, f"-Xmx{heap}", "-XX:+UseSerialGC", *extra, "-cp", cp, "ansvarsgraf.TestServer",
         str(work / "db"), PASSWORD, *([str(from_home)] if from_home else [])],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=open(work / "server.log", "wb"),
        text=True)
    found: list[str] = []

    def watch() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("BOLT "):
                found.append(line.split()[1])
                return

    reader = threading.Thread(target=watch, daemon=True)
    reader.start()
    reader.join(START_TIMEOUT_S)
    try:
        if not found:
            log = (work / "server.log").read_text(errors="replace")[-2000:]
            raise ServerUnavailable(f"the Neo4j test server did not start within "
                                    f"{START_TIMEOUT_S:.0f} s (exit {proc.poll()}):\n{log}")
        yield Server(found[0], "neo4j", PASSWORD, time.monotonic() - t0)
    finally:
        assert proc.stdin is not None
        proc.stdin.close()  # the launcher stops when its stdin closes
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Server]:
    """One real Neo4j 5 server for the test session."""
    try:
        with start_server() as server:
            yield server
    except ServerUnavailable as e:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and the Neo4j test server cannot start: {e}", pytrace=False)
        pytest.skip(f"no Neo4j test server: {e}")


@pytest.fixture
def neo4j_store(neo4j_server: Server) -> Iterator[object]:
    """A Neo4jStore on an emptied database."""
    from ansvarsgraf.graph.neo4j_store import Neo4jStore

    store = Neo4jStore.connect(neo4j_server.uri, user=neo4j_server.user,
                               password=neo4j_server.password)
    store.wipe()
    yield store
    store.close()
