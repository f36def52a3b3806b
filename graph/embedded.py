"""The embedded default store: LadybugDB in one folder, inside this process.

One `Database` per store; writes go through one connection under a lock (LadybugDB
allows one writer and fails a second at once instead of waiting); each reading thread
gets its own connection and a READ ONLY transaction, so it sees committed documents
only and can never write.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from ansvarsgraf.errors import StoreError, StoreLocked, StoreUnavailable
from ansvarsgraf.graph import schema
from ansvarsgraf.graph.cypher_store import CypherStore, Tx

T = TypeVar("T")
DB_FILE = "graph.lbug"


def _plain(value: Any) -> Any:
    """LadybugDB's node and relationship dicts as the plain dicts every backend returns."""
    if isinstance(value, dict) and "_LABEL" in value:
        label = value["_LABEL"]
        if "_SRC" in value:
            props = schema.REL_PROPERTIES
            return {"type": label, **{k: value.get(k) for k in props}}
        props = schema.node_properties(label)
        return {"label": label, **{k: value.get(k) for k in props}}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@contextmanager
def _translated(path: Path) -> Iterator[None]:
    try:
        yield
    except RuntimeError as e:
        msg = str(e)
        if "lock" in msg.lower():
            pid = re.search(r"PID (\d+)", msg)
            holder = f" (process {pid.group(1)})" if pid else ""
            raise StoreLocked(
                f"{path}: another process{holder} has the store open for writing; "
                "stop it, or point --store at another folder") from None
        raise StoreError(f"{path}: {msg.splitlines()[0]}") from None


class _LadybugTx:
    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def run(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        result = self.conn.execute(query, params or {})
        cols = result.get_column_names()
        return [dict(zip(cols, map(_plain, row))) for row in result.get_all()]


class EmbeddedStore(CypherStore):
    def __init__(self, path: str | Path, *, batch_size: int = 5000, read_only: bool = False):
        self.path = Path(path)
        self.uri = str(path)
        self.batch_size = batch_size
        self.read_only = read_only
        self._db: Any = None
        self._writer: Any = None
        self._write_lock = threading.Lock()
        self._open_lock = threading.Lock()
        self._local = threading.local()

    def _open(self) -> Any:
        with self._open_lock:
            if self._db is not None:
                return self._db
            import ladybug

            if self.path.exists() and not self.path.is_dir():
                raise StoreUnavailable(f"{self.path}: is a file; the embedded store is a folder")
            db_file = self.path / DB_FILE
            if self.read_only and not db_file.exists():
                raise StoreUnavailable(f"{self.path}: no store here yet; load a document first")
            try:
                self.path.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreUnavailable(f"{self.path}: cannot create the store folder ({e.strerror})") from None
            with _translated(self.path):
                db = ladybug.Database(str(db_file), read_only=self.read_only)
                if not self.read_only:
                    writer = ladybug.Connection(db)
                    for ddl in schema.ladybug_ddl():
                        writer.execute(ddl)
                    self._writer = writer
            self._db = db
            return db

    def _in_write_tx(self, work: Callable[[Tx], T]) -> T:
        if self.read_only:
            raise StoreError(f"{self.path}: the store is open read-only")
        self._open()
        with self._write_lock, _translated(self.path):
            conn = self._writer
            conn.execute("BEGIN TRANSACTION")
            try:
                out = work(_LadybugTx(conn))
            except BaseException:
                try:
                    conn.execute("ROLLBACK")
                except RuntimeError:
                    pass  # a failed statement has already rolled the transaction back
                raise
            conn.execute("COMMIT")
            return out

    def _reader(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            import ladybug

            conn = ladybug.Connection(self._open())
            self._local.conn = conn
        return conn

    @contextmanager
    def snapshot(self) -> Iterator[EmbeddedStore]:
        """This thread's reads in the block share one READ ONLY transaction."""
        if getattr(self._local, "snapshot", False):
            yield self
            return
        conn = self._reader()
        with _translated(self.path):
            conn.execute("BEGIN TRANSACTION READ ONLY")
        self._local.snapshot = True
        try:
            yield self
        finally:
            self._local.snapshot = False
            try:
                conn.execute("COMMIT")
            except RuntimeError:
                pass  # a failed read has already ended the transaction

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        conn = self._reader()
        if getattr(self._local, "snapshot", False):
            with _translated(self.path):
                return _LadybugTx(conn).run(query, params)
        with _translated(self.path):
            conn.execute("BEGIN TRANSACTION READ ONLY")
            try:
                rows = _LadybugTx(conn).run(query, params)
            except BaseException:
                try:
                    conn.execute("ROLLBACK")
                except RuntimeError:
                    pass
                raise
            conn.execute("COMMIT")
            return rows

    def close(self) -> None:
        self._writer = None
        self._local = threading.local()
        if self._db is not None:
            self._db.close()
            self._db = None
