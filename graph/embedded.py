"""The embedded default store: LadybugDB in one folder, inside this process.

One database per folder per process (an `_Engine`, shared by every EmbeddedStore opened
on that folder). Writes go through one connection under a lock: LadybugDB allows one
writer and fails a second at once instead of waiting, and its file lock keeps other
processes out. Each reading thread gets its own connection and a READ ONLY
transaction, so it sees committed documents only and can never write.
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
from ansvarsgraf.graph.cypher_store import CypherStore, Tx, chunks
from ansvarsgraf.graph.store import ForgetResult

T = TypeVar("T")
DB_FILE = "graph.lbug"
CHECKPOINT_BYTES = 256 * 1024 * 1024


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
    except (OverflowError, UnicodeError, ValueError) as e:
        # a value the engine cannot hold (an integer past 64 bits, a lone surrogate)
        raise StoreError(f"{path}: a value cannot be stored ({type(e).__name__}: {e})") from None


class _LadybugTx:
    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def run(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        result = self.conn.execute(query, params or {})
        cols = result.get_column_names()
        return [dict(zip(cols, map(_plain, row))) for row in result.get_all()]


# LadybugDB's MERGE costs about 0.15 ms a row against 0.004 ms for CREATE (measured on
# 0.22.0). With one writer guaranteed, the engine keeps the keys it holds in memory and
# creates only what is missing: the same upsert on unique keys, without MERGE.
# Rows reach the engine as UNWIND of Python dicts (about 0.04 ms a row) or, for larger
# batches, as `LOAD FROM` an Arrow table (about 2 ms fixed, then 0.005 ms a row).
ARROW_MIN_ROWS = 64
_STR, _INT, _FLOAT = "string", "int64", "float64"
_NODE_COLUMNS = {"key": _STR, "name": _STR, "municipality": _STR, "mkey": _STR,
                 "confidence": _FLOAT}
_MENTION_COLUMNS = {"key": _STR, "mkey": _STR, "confidence": _FLOAT}
_EDGE_COLUMNS = {"src": _STR, "dst": _STR, "key": _STR, "confidence": _FLOAT, "verdict": _STR}
_EVIDENCE_COLUMNS = {"key": _STR, "edge_key": _STR, "rel_type": _STR, "doc": _STR,
                     "sentence": _STR, "char_start": _INT, "char_end": _INT, "page": _INT,
                     "confidence": _FLOAT, "rule": _STR}


class _Batch:
    """One batch of rows and the clause that feeds it to a statement."""

    def __init__(self, rows: list[dict[str, Any]], columns: dict[str, str]) -> None:
        if len(rows) >= ARROW_MIN_ROWS:
            import pyarrow as pa

            self.source, self.prefix = "LOAD FROM $rows", ""
            self.present = list(columns)
            self.param: Any = pa.table({c: pa.array([r[c] for r in rows], type=kind)
                                        for c, kind in columns.items()})
        else:
            # a column of nulls is left out: LadybugDB would type it STRING, and an
            # absent property is null anyway
            self.source, self.prefix = "UNWIND $rows AS r", "r."
            self.present = [c for c in columns if any(r[c] is not None for r in rows)]
            self.param = [{c: r[c] for c in self.present} for r in rows]

    def props(self, *names: str) -> str:
        return ", ".join(f"{n}: {self.prefix}{n}" for n in names if n in self.present)

    def field(self, name: str) -> str:
        return f"{self.prefix}{name}"


def _create_nodes(label: str, b: _Batch) -> str:
    return (f"MATCH (d:Report {{key: $doc}}) {b.source} "
            f"CREATE (d)-[:MENTIONS {{key: {b.field('mkey')}, confidence: {b.field('confidence')}}}]->"
            f"(n:{label} {{{b.props('key', 'name', 'municipality')}}})")


def _mention_existing(label: str, b: _Batch) -> str:
    return (f"MATCH (d:Report {{key: $doc}}) {b.source} MATCH (n:{label} {{key: {b.field('key')}}}) "
            f"CREATE (d)-[:MENTIONS {{key: {b.field('mkey')}, confidence: {b.field('confidence')}}}]->(n)")


def _create_edges(rel: str, src: str, dst: str, b: _Batch) -> str:
    return (f"{b.source} MATCH (a:{src} {{key: {b.field('src')}}}) "
            f"MATCH (b:{dst} {{key: {b.field('dst')}}}) "
            f"CREATE (a)-[e:{rel} {{{b.props('key', 'confidence', 'verdict')}}}]->(b)")


def _raise_confidence(rel: str, src: str, dst: str) -> str:
    return (f"UNWIND $rows AS r MATCH (a:{src} {{key: r.src}})-[e:{rel}]->(b:{dst} {{key: r.dst}}) "
            "WHERE e.key = r.key SET e.confidence = r.confidence")


def _create_evidence(b: _Batch) -> str:
    return f"{b.source} CREATE (v:Evidence {{{b.props(*_EVIDENCE_COLUMNS)}}})"


_CREATE_REPORT = (
    "CREATE (d:Report {key: $key, name: $name, municipality: $municipality, "
    "file_name: $file_name, title: $title, year: $year, format: $format, chars: $chars, "
    "node_count: $node_count, edge_count: $edge_count, evidence_count: $evidence_count})"
)


class _Engine:
    """The database, its writer connection and the keys it holds, for one folder."""

    def __init__(self, path: Path, read_only: bool) -> None:
        import ladybug

        self.path = path
        self.read_only = read_only
        self.users = 0
        self.write_lock = threading.Lock()
        self.local = threading.local()
        db_file = path / DB_FILE
        with _translated(path):
            # A checkpoint folds the write-ahead log into the database; at LadybugDB's
            # default threshold one came every few dozen documents and took up to 2 s.
            # A larger log is checkpointed at close (or replayed after a crash).
            self.db = ladybug.Database(str(db_file), read_only=read_only,
                                       checkpoint_threshold=CHECKPOINT_BYTES)
            self.writer = None if read_only else ladybug.Connection(self.db)
            if self.writer is not None:
                for ddl in schema.ladybug_ddl():
                    self.writer.execute(ddl)
        # node keys per label and confidence per edge key; None until first needed, and
        # again after a forget (rare) rather than tracking what it removed
        self.node_keys: dict[str, set[str]] | None = None
        self.edge_conf: dict[str, float] | None = None
        self.doc_keys: set[str] | None = None
        self.pending: list[Callable[[], None]] = []

    def keys(self, tx: Tx) -> tuple[dict[str, set[str]], dict[str, float]]:
        if self.node_keys is None or self.edge_conf is None:
            self.doc_keys = {r["k"] for r in tx.run("MATCH (d:Report) RETURN d.key AS k")}
            self.node_keys = {
                label: {r["k"] for r in tx.run(f"MATCH (n:{label}) RETURN n.key AS k")}
                for label in schema.ENTITY_LABELS}
            self.edge_conf = {}
            for rel in schema.SCHEMA_REL_TYPES:
                for r in tx.run(f"MATCH ()-[e:{rel}]->() RETURN e.key AS k, e.confidence AS c"):
                    self.edge_conf[r["k"]] = r["c"] or 0.0
        return self.node_keys, self.edge_conf

    def forget_keys(self) -> None:
        self.node_keys = self.edge_conf = self.doc_keys = None

    def reader(self) -> Any:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            import ladybug

            conn = ladybug.Connection(self.db)
            self.local.conn = conn
        return conn

    def close(self) -> None:
        self.writer = None
        self.local = threading.local()
        self.db.close()


_ENGINES: dict[Path, _Engine] = {}
_ENGINES_LOCK = threading.Lock()


class EmbeddedStore(CypherStore):
    def __init__(self, path: str | Path, *, batch_size: int = 5000, read_only: bool = False):
        self.path = Path(path)
        self.uri = str(path)
        self.batch_size = batch_size
        self.read_only = read_only
        self._engine: _Engine | None = None

    def _open(self) -> _Engine:
        if self._engine is not None:
            return self._engine
        with _ENGINES_LOCK:
            if self.path.exists() and not self.path.is_dir():
                raise StoreUnavailable(f"{self.path}: is a file; the embedded store is a folder")
            if self.read_only and not (self.path / DB_FILE).exists():
                raise StoreUnavailable(f"{self.path}: no store here yet; load a document first")
            try:
                self.path.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreUnavailable(f"{self.path}: cannot create the store folder "
                                       f"({e.strerror})") from None
            where = self.path.resolve()
            engine = _ENGINES.get(where)
            if engine is not None and engine.read_only and not self.read_only:
                raise StoreLocked(f"{self.path}: this process has the store open read-only; "
                                  "close it before opening it for writing")
            if engine is None:
                engine = _ENGINES[where] = _Engine(where, self.read_only)
            engine.users += 1
            self._engine = engine
            return engine

    def close(self) -> None:
        engine, self._engine = self._engine, None
        if engine is None:
            return
        with _ENGINES_LOCK:
            engine.users -= 1
            if engine.users == 0:
                _ENGINES.pop(engine.path, None)
                engine.close()

    def _in_write_tx(self, work: Callable[[Tx], T]) -> T:
        if self.read_only:
            raise StoreError(f"{self.path}: the store is open read-only")
        engine = self._open()
        with engine.write_lock, _translated(self.path):
            conn = engine.writer
            conn.execute("BEGIN TRANSACTION")
            engine.pending = []
            try:
                out = work(_LadybugTx(conn))
                conn.execute("COMMIT")
            except BaseException:
                engine.pending = []
                try:
                    conn.execute("ROLLBACK")
                except RuntimeError:
                    pass  # a failed statement has already rolled the transaction back
                raise
            for apply in engine.pending:
                apply()
            engine.pending = []
            return out

    def _forget_in(self, tx: Tx, doc_id: str) -> ForgetResult:
        result = super()._forget_in(tx, doc_id)
        assert self._engine is not None
        self._engine.pending.append(self._engine.forget_keys)
        self._engine.forget_keys()  # a write later in this transaction must look again
        return result

    def _has_document(self, tx: Tx, doc_id: str) -> bool:
        assert self._engine is not None
        self._engine.keys(tx)
        return doc_id in (self._engine.doc_keys or ())

    def _write_rows(self, tx: Tx, rows: dict[str, Any]) -> None:
        """Write a new document (the caller made sure it is not in the store)."""
        engine = self._engine
        assert engine is not None
        node_keys, edge_conf = engine.keys(tx)
        size, doc = self.batch_size, rows["report"]["key"]
        tx.run(_CREATE_REPORT, rows["report"])
        added_nodes: list[tuple[str, str]] = []
        for label, node_rows in rows["nodes"].items():
            mention = {m["dst"]: m for m in rows["mentions"][label]}
            full = [{**r, "mkey": mention[r["key"]]["key"],
                     "confidence": mention[r["key"]]["confidence"]} for r in node_rows]
            known = node_keys[label]
            for chunk in chunks([r for r in full if r["key"] not in known], size):
                b = _Batch(chunk, _NODE_COLUMNS)
                tx.run(_create_nodes(label, b), {"doc": doc, "rows": b.param})
            for chunk in chunks([r for r in full if r["key"] in known], size):
                b = _Batch(chunk, _MENTION_COLUMNS)
                tx.run(_mention_existing(label, b), {"doc": doc, "rows": b.param})
            added_nodes += [(label, r["key"]) for r in node_rows if r["key"] not in known]
        added_edges: dict[str, float] = {}
        for (rel, src, dst), edge_rows in rows["edges"].items():
            new = [r for r in edge_rows if r["key"] not in edge_conf]
            stronger = [r for r in edge_rows
                        if r["key"] in edge_conf and edge_conf[r["key"]] < r["confidence"]]
            for chunk in chunks(new, size):
                b = _Batch(chunk, _EDGE_COLUMNS)
                tx.run(_create_edges(rel, src, dst, b), {"rows": b.param})
            for chunk in chunks(stronger, size):
                tx.run(_raise_confidence(rel, src, dst), {"rows": chunk})
            added_edges.update({r["key"]: r["confidence"] for r in new + stronger})
        for chunk in chunks(rows["evidence"], size):
            b = _Batch(chunk, _EVIDENCE_COLUMNS)
            tx.run(_create_evidence(b), {"rows": b.param})

        def remember() -> None:
            if engine.node_keys is not None and engine.edge_conf is not None:
                if engine.doc_keys is not None:
                    engine.doc_keys.add(doc)
                for label, key in added_nodes:
                    engine.node_keys[label].add(key)
                engine.edge_conf.update(added_edges)

        engine.pending.append(remember)

    @contextmanager
    def snapshot(self) -> Iterator[EmbeddedStore]:
        """This thread's reads in the block share one READ ONLY transaction."""
        engine = self._open()
        if getattr(engine.local, "snapshot", False):
            yield self
            return
        conn = engine.reader()
        with _translated(self.path):
            conn.execute("BEGIN TRANSACTION READ ONLY")
        engine.local.snapshot = True
        try:
            yield self
        finally:
            engine.local.snapshot = False
            try:
                conn.execute("COMMIT")
            except RuntimeError:
                pass  # a failed read has already ended the transaction

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        engine = self._open()
        conn = engine.reader()
        if getattr(engine.local, "snapshot", False):
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
