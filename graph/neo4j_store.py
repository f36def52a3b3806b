"""The team store: a Neo4j 5 server, through the official `neo4j` driver.

The write and bookkeeping Cypher is shared with the embedded store (cypher_store.py);
this module adds what is Neo4j's own: one managed write transaction per document
(`session.execute_write`, which the driver retries on transient errors, so a document is
in completely or not at all), reads in READ access mode (a named query can never write),
uniqueness constraints created on first use, the result adapter, and the translation of
driver errors into the project's errors, in one place.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from ansvarsgraf.errors import QueryError, StoreError, StoreUnavailable
from ansvarsgraf.graph import schema
from ansvarsgraf.graph.cypher_store import CypherStore, Tx

if TYPE_CHECKING:
    import neo4j

T = TypeVar("T")


def _plain(value: Any) -> Any:
    """Driver nodes and relationships as the plain dicts every backend returns."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        label = next((lb for lb in value.labels if lb in schema.ALL_NODE_LABELS), "")
        return {"label": label, **{k: value.get(k) for k in schema.node_properties(label)}}
    if isinstance(value, Relationship):
        return {"type": value.type, **{k: value.get(k) for k in schema.REL_PROPERTIES}}
    if isinstance(value, Path):
        return [_plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _rows(result: Any) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in record.items()} for record in result]


class _Neo4jTx:
    """The one-method transaction the shared write code runs statements through."""

    def __init__(self, tx: neo4j.ManagedTransaction) -> None:
        self.tx = tx

    def run(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return _rows(self.tx.run(query, params or {}))


@contextmanager
def map_driver_errors(uri: str, database: str) -> Iterator[None]:
    """Translate the driver's exceptions into StoreUnavailable / StoreError / QueryError
    with a message that names the setting to change."""
    from neo4j import exceptions as ne

    where = f"Neo4j at {uri}"
    try:
        yield
    except ne.AuthError:
        raise StoreError(f"{where}: the server refused the user name or password; set "
                         "ANSVARSGRAF_NEO4J_USER and ANSVARSGRAF_NEO4J_PASSWORD") from None
    except (ne.ServiceUnavailable, ne.SessionExpired) as e:
        raise StoreUnavailable(f"{where} cannot be reached ({_first_line(e)}); start the server "
                               "(`docker compose up -d neo4j`) or fix --store / "
                               "ANSVARSGRAF_STORE") from None
    except ne.ConfigurationError as e:
        raise StoreError(f"{where}: {_first_line(e)}") from None
    except ne.Neo4jError as e:
        code = e.code or ""
        msg = _first_line(e)
        if code.endswith("DatabaseNotFound"):
            raise StoreUnavailable(f"{where} has no database {database!r}; set "
                                   "ANSVARSGRAF_NEO4J_DATABASE (Community has only 'neo4j')") from None
        if code.endswith("DatabaseUnavailable"):
            raise StoreUnavailable(f"{where}: database {database!r} is not available now; "
                                   "try again once the server has started") from None
        if ".Schema." in code:
            raise StoreError(f"{where}: constraint clash ({msg}); ansvarsgraf needs its own "
                             "uniqueness constraint on each label's key: drop the clashing "
                             "index or constraint, or use an empty database") from None
        if code.endswith("AccessMode") or code.endswith("ForbiddenDueToTransactionType"):
            raise QueryError(f"{where}: the query tried to write; named queries are "
                             f"read-only ({msg})") from None
        if code.startswith("Neo.ClientError.Statement."):
            raise QueryError(f"{where}: Neo4j rejected the query: {msg}") from None
        if code.startswith("Neo.ClientError.Security."):
            raise StoreError(f"{where}: {msg}; check ANSVARSGRAF_NEO4J_USER and "
                             "ANSVARSGRAF_NEO4J_PASSWORD") from None
        raise StoreError(f"{where}: {msg}") from None
    except ne.DriverError as e:
        raise StoreError(f"{where}: {_first_line(e)}") from None
    except OverflowError as e:  # the driver packs integers as 64-bit
        raise StoreError(f"{where}: a value does not fit Neo4j's types ({e})") from None


def _first_line(e: Exception) -> str:
    text = getattr(e, "message", None) or str(e) or type(e).__name__
    return text.strip().splitlines()[0]


class Neo4jStore(CypherStore):
    """A graph store on a Neo4j 5 server. The constructor takes a driver and does no I/O;
    the first write creates the uniqueness constraints (idempotent)."""

    def __init__(self, driver: neo4j.Driver, *, database: str = "neo4j", batch_size: int = 5000,
                 uri: str = "", owns_driver: bool = False) -> None:
        self.driver = driver
        self.database = database
        self.batch_size = batch_size
        self.uri = uri or "neo4j"
        self._owns_driver = owns_driver
        self._schema_ready = False
        self._checked = False
        self._schema_lock = threading.Lock()

    @classmethod
    def connect(cls, uri: str, *, user: str = "neo4j", password: str = "",
                database: str = "neo4j", batch_size: int = 5000, **_ignored: Any) -> Neo4jStore:
        """Open a driver for `uri` (neo4j:// or bolt://); options like the settings'."""
        try:
            import neo4j
        except ImportError:  # pragma: no cover - neo4j is a dependency
            raise StoreError("the neo4j driver is not installed: pip install neo4j") from None
        with map_driver_errors(uri, database):
            driver = neo4j.GraphDatabase.driver(uri, auth=(user, password),
                                                notifications_min_severity="OFF")
        return cls(driver, database=database, batch_size=batch_size, uri=uri, owns_driver=True)

    def _guard(self) -> Any:
        return map_driver_errors(self.uri, self.database)

    def _check_once(self) -> None:
        # The managed transactions retry an unreachable server for 30 s; ask once first.
        if not self._checked:
            with self._guard():
                self.driver.verify_connectivity()
            self._checked = True

    def verify(self) -> None:
        """Check that the server answers and the credentials are right."""
        with self._guard():
            self.driver.verify_connectivity()
            self.driver.execute_query("RETURN 1", database_=self.database)

    def ensure_schema(self) -> None:
        """Create the uniqueness constraints and indexes the writes rely on, once."""
        if self._schema_ready:
            return
        self._check_once()
        with self._schema_lock, self._guard():
            if self._schema_ready:
                return
            # Schema statements cannot share a transaction with writes: one auto-commit each.
            with self.driver.session(database=self.database) as session:
                for ddl in schema.neo4j_ddl():
                    session.run(ddl).consume()
            self._schema_ready = True

    def _in_write_tx(self, work: Callable[[Tx], T]) -> T:
        self.ensure_schema()
        with self._guard(), self.driver.session(database=self.database) as session:
            return session.execute_write(lambda tx: work(_Neo4jTx(tx)))

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        import neo4j

        self._check_once()
        with self._guard(), self.driver.session(database=self.database,
                                                default_access_mode=neo4j.READ_ACCESS) as session:
            return session.execute_read(lambda tx: _rows(tx.run(query, params or {})))

    def wipe(self) -> None:
        """Delete every node and relationship (tests and benchmarks start from empty)."""
        with self._guard(), self.driver.session(database=self.database) as session:
            session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS "
                        "OF 10000 ROWS").consume()

    def close(self) -> None:
        if self._owns_driver:
            self.driver.close()
