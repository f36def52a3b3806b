"""The Neo4j store on a real Neo4j 5 server: schema on first use, READ-mode reads, the
translation of driver errors into messages a user can act on, and the CLI's --store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ansvarsgraf.errors import QueryError, StoreError, StoreUnavailable
from ansvarsgraf.graph import schema
from ansvarsgraf.graph.neo4j_store import Neo4jStore
from ansvarsgraf.graph.store import open_store
from ansvarsgraf.pipeline import extract_path

pytestmark = pytest.mark.neo4j
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))
CLI = str(Path(sys.executable).parent / "ansvarsgraf")


def _constraints(store: Neo4jStore) -> set[str]:
    records, _, _ = store.driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name")
    return {r["name"] for r in records}


def test_open_store_routes_neo4j_uris_and_the_constructor_does_no_io():
    store = open_store("neo4j://127.0.0.1:1", user="neo4j", password="x")
    assert isinstance(store, Neo4jStore)  # built although nothing listens there
    with pytest.raises(StoreUnavailable, match="cannot be reached"):
        store.stats()
    store.close()


def test_constraints_are_created_on_first_write_and_again_without_error(neo4j_store,
                                                                        neo4j_server):
    neo4j_store.write_document(extract_path(EXAMPLES[0]))
    expected = {f"{label.lower()}_key" for label in schema.ALL_NODE_LABELS}
    assert expected <= _constraints(neo4j_store)
    # A second store (a second analyst) on the same database: the DDL is idempotent.
    again = Neo4jStore.connect(neo4j_server.uri, user=neo4j_server.user,
                               password=neo4j_server.password)
    again.ensure_schema()
    assert again.stats()["documents"] == 1
    again.close()


def test_reads_run_in_read_mode_so_a_query_cannot_write(neo4j_store):
    neo4j_store.write_document(extract_path(EXAMPLES[0]))
    before = neo4j_store.stats()
    with pytest.raises(QueryError, match="tried to write"):
        neo4j_store.read("MATCH (b:Board) SET b.name = $x RETURN b", {"x": "hacked"})
    with pytest.raises(QueryError, match="tried to write"):
        neo4j_store.read("CREATE (g:Goal {key: $k})", {"k": "x"})
    assert neo4j_store.stats() == before


def test_results_come_back_as_the_plain_dicts_of_the_embedded_store(neo4j_store, tmp_path):
    from ansvarsgraf.graph.embedded import EmbeddedStore

    doc = extract_path(EXAMPLES[0])
    neo4j_store.write_document(doc)
    # (LadybugDB 0.22 blanks `e` when it is a grouping key of an aggregate, so no collect.)
    query = "MATCH (a:Board)-[e:PART_OF]->(b) RETURN a, e, b.key AS target ORDER BY e.key"
    with EmbeddedStore(tmp_path / "store") as embedded:
        embedded.write_document(doc)
        expected = embedded.read(query)
    got = neo4j_store.read(query)
    assert got and got == expected
    assert got[0]["a"]["label"] == "Board" and got[0]["e"]["type"] == "PART_OF"


def test_a_syntax_error_is_a_query_error_naming_the_server(neo4j_store, neo4j_server):
    with pytest.raises(QueryError, match=f"Neo4j at {neo4j_server.uri}: Neo4j rejected"):
        neo4j_store.read("MATCH (n RETURN n")


def test_wrong_password_names_the_setting(neo4j_server):
    store = Neo4jStore.connect(neo4j_server.uri, user="neo4j", password="not-the-password")
    with pytest.raises(StoreError, match="ANSVARSGRAF_NEO4J_PASSWORD"):
        store.stats()
    with pytest.raises(StoreError, match="ANSVARSGRAF_NEO4J_PASSWORD"):
        store.write_document(extract_path(EXAMPLES[0]))
    store.close()


def test_an_unknown_database_names_the_setting(neo4j_server):
    store = Neo4jStore.connect(neo4j_server.uri, user=neo4j_server.user,
                               password=neo4j_server.password, database="nosuchdb")
    with pytest.raises(StoreUnavailable, match="ANSVARSGRAF_NEO4J_DATABASE"):
        store.documents()
    store.close()


def test_a_clashing_index_is_reported_as_a_constraint_clash(neo4j_store, neo4j_server):
    neo4j_store.ensure_schema()
    session_run = neo4j_store.driver.execute_query
    session_run("DROP CONSTRAINT goal_key")
    session_run("CREATE INDEX someone_elses FOR (n:Goal) ON (n.key)")
    try:
        fresh = Neo4jStore.connect(neo4j_server.uri, user=neo4j_server.user,
                                   password=neo4j_server.password)
        with pytest.raises(StoreError, match="constraint clash"):
            fresh.write_document(extract_path(EXAMPLES[0]))
        assert fresh.stats()["documents"] == 0
        fresh.close()
    finally:
        session_run("DROP INDEX someone_elses IF EXISTS")
    repaired = Neo4jStore.connect(neo4j_server.uri, user=neo4j_server.user,
                                  password=neo4j_server.password)
    repaired.ensure_schema()
    repaired.close()
    assert "goal_key" in _constraints(neo4j_store)


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("ANSVARSGRAF_")}
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=300,
                          env={**full, **env}, cwd=ROOT)


def test_cli_loads_into_neo4j_by_flag_or_setting(neo4j_store, neo4j_server):
    secret = {"ANSVARSGRAF_NEO4J_PASSWORD": neo4j_server.password}
    loaded = _cli("--store", neo4j_server.uri, "load", *map(str, EXAMPLES), env=secret)
    assert loaded.returncode == 0, loaded.stderr
    assert f"loaded {len(EXAMPLES)}," in loaded.stderr
    by_setting = {**secret, "ANSVARSGRAF_STORE": neo4j_server.uri}
    stats = _cli("stats", "--json", env=by_setting)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["documents"] == len(EXAMPLES)
    assert neo4j_store.stats()["documents"] == len(EXAMPLES)
    again = _cli("load", *map(str, EXAMPLES), env=by_setting)
    assert f"loaded 0, already there {len(EXAMPLES)}" in again.stderr

    wrong = _cli("--store", neo4j_server.uri, "stats",
                 env={"ANSVARSGRAF_NEO4J_PASSWORD": "wrong"})
    assert wrong.returncode == 1
    assert "ANSVARSGRAF_NEO4J_PASSWORD" in wrong.stderr
    assert "Traceback" not in wrong.stderr
