"""The one interface every store implements, and `open_store` to pick a backend by URI.

Backends: ``graph/embedded.py`` (LadybugDB, the default: a folder), ``graph/neo4j_store.py``
(a Neo4j 5 server: ``neo4j://`` or ``bolt://``), ``graph/memory.py`` (networkx, ``memory:``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import networkx as nx

    from ansvarsgraf.graph.model import DocumentGraph


@dataclass(frozen=True)
class WriteResult:
    doc_id: str
    file_name: str
    loaded: bool  # False: the document was already in the store, nothing changed
    nodes: int
    edges: int
    evidence: int


@dataclass(frozen=True)
class ForgetResult:
    doc_id: str
    evidence_removed: int
    edges_removed: int
    nodes_removed: int


class GraphStore(Protocol):
    """A place the graph lives. Writes are atomic per document and serialised."""

    uri: str

    def write_document(self, doc: DocumentGraph, *, replace: bool = False) -> WriteResult:
        """Write one document in one transaction; a loaded document is left as it is
        unless `replace`, which forgets it and writes it again in the same transaction."""
        ...

    def forget(self, doc_id: str) -> ForgetResult:
        """Remove a document's evidence and every edge or node left with none."""
        ...

    def documents(self) -> list[dict[str, Any]]: ...

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a read-only Cypher query; nodes and relationships come back as dicts."""
        ...

    def stats(self) -> dict[str, Any]: ...

    def to_networkx(self) -> nx.MultiDiGraph: ...

    def close(self) -> None: ...

    def __enter__(self) -> GraphStore: ...

    def __exit__(self, *exc: object) -> None: ...


def open_store(uri: str, **options: Any) -> GraphStore:
    """Open the store a URI names: a folder path (LadybugDB), ``neo4j://…``/``bolt://…``
    (Neo4j; options user, password, database, batch_size) or ``memory:``."""
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme in {"neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc"}:
        from ansvarsgraf.graph.neo4j_store import Neo4jStore

        return Neo4jStore.connect(uri, **options)
    if uri == "memory:" or uri == "memory":
        from ansvarsgraf.graph.memory import MemoryStore

        return MemoryStore()
    from ansvarsgraf.graph.embedded import EmbeddedStore

    return EmbeddedStore(uri, **{k: v for k, v in options.items() if k in {"batch_size", "read_only"}})
