"""Dependencies the routes share: settings, the store, and the graph views cached over it.

`get_settings` is the one place the API reads settings; tests override it (or pass
`store_uri` to `create_app`). The store is opened once per app, on first use.
"""

from __future__ import annotations

import asyncio
import math
import secrets
import threading
import time
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import networkx as nx
from fastapi import Depends, Header, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from ansvarsgraf.graph.store import GraphStore, open_store
from ansvarsgraf.queries.gaps_runner import find_gaps
from ansvarsgraf.settings import Settings
from ansvarsgraf.settings import get_settings as _cached_settings

T = TypeVar("T")


async def get_settings() -> Settings:
    return _cached_settings()


SettingsDep = Annotated[Settings, Depends(get_settings)]


class GraphCache:
    """The store's graph as networkx, and views built from it (the map, the pages, the gap
    rows), kept until the loaded documents change.

    A write through the API invalidates it at once. A write by anyone else is possible
    only on a store server (Neo4j): there the list of documents is compared again every
    `refresh_s`. An embedded or in-memory store belongs to this process alone (LadybugDB
    locks its folder), so it is never polled: each poll is a store read, and LadybugDB's
    reads hold up the event loop's thread while they run.
    """

    def __init__(self, store: GraphStore, refresh_s: float | None = None):
        self.store = store
        shared = "://" in store.uri  # neo4j://, bolt://: other clients may write
        self.refresh_s = refresh_s if refresh_s is not None else (5.0 if shared else math.inf)
        self._lock = threading.RLock()
        self._G: nx.MultiDiGraph | None = None
        self._fingerprint: tuple[Any, ...] | None = None
        self._checked = 0.0
        self._views: dict[Any, Any] = {}
        self._refreshing = False
        self._tasks: set[asyncio.Task[None]] = set()

    def _documents(self) -> tuple[Any, ...]:
        return tuple((d["id"], d["evidence_count"]) for d in self.store.documents())

    def graph(self) -> nx.MultiDiGraph:
        with self._lock:
            now = time.monotonic()
            if self._G is None or now - self._checked >= self.refresh_s:
                self._checked = now  # others keep reading the cached views meanwhile
                fingerprint = self._documents()
                if self._G is None or fingerprint != self._fingerprint:
                    G = self.store.to_networkx()
                    self._views = {}  # before the graph: `peek` must not pair old views with it
                    self._G, self._fingerprint = G, fingerprint
            return self._G

    def view(self, key: Any, build: Callable[[nx.MultiDiGraph], T]) -> T:
        """`build(G)`, computed once per version of the graph."""
        G = self.graph()
        with self._lock:
            if key in self._views and self._G is G:
                return self._views[key]  # type: ignore[no-any-return]
        value = build(G)
        with self._lock:
            if self._G is G:
                self._views[key] = value
        return value

    def peek(self, key: Any) -> Any:
        """The cached view, if built for the graph in hand; else None. Never touches the
        store nor waits for the lock, so it is safe on the event loop."""
        views = self._views  # one atomic read: a rebuild swaps in a new dict
        return views.get(key) if self._G is not None else None

    async def aview(self, key: Any, build: Callable[[nx.MultiDiGraph], T]) -> T:
        """`view` for async routes: a cached answer at once (when it is due, the check for
        changed documents runs in the background meanwhile), anything else in a thread."""
        hit = self.peek(key)
        if hit is None:
            return await run_in_threadpool(self.view, key, build)
        if time.monotonic() - self._checked >= self.refresh_s and not self._refreshing:
            self._refreshing = True
            task = asyncio.get_running_loop().create_task(run_in_threadpool(self._refresh))
            self._tasks.add(task)  # keep a reference until it is done
            task.add_done_callback(self._tasks.discard)
        return hit  # type: ignore[no-any-return]

    def _refresh(self) -> None:
        try:
            self.graph()
        finally:
            self._refreshing = False

    def invalidate(self) -> None:
        with self._lock:
            self._G = None
            self._views = {}


def gaps_of(cache: GraphCache, municipality: str | None) -> list[dict[str, Any]]:
    """find_gaps (all municipalities when None), once per version of the graph."""
    return cache.view(("gaps", municipality), lambda G: find_gaps(cache.store, municipality))


class StoreHolder:
    """One store (and its graph cache) per app, opened on first use and closed at shutdown."""

    def __init__(self, store_uri: str | None):
        self.store_uri = store_uri
        self._lock = threading.Lock()
        self.store: GraphStore | None = None
        self.cache: GraphCache | None = None

    def get(self, settings: Settings) -> GraphCache:
        with self._lock:
            if self.cache is None:
                store = open_store(self.store_uri or settings.store, **settings.store_options())
                self.store, self.cache = store, GraphCache(store)
            return self.cache

    def close(self) -> None:
        with self._lock:
            if self.store is not None:
                self.store.close()
            self.store = self.cache = None


async def get_cache(request: Request, settings: SettingsDep) -> GraphCache:
    holder: StoreHolder = request.app.state.stores
    return holder.get(settings)


async def get_store(cache: Annotated[GraphCache, Depends(get_cache)]) -> GraphStore:
    return cache.store


CacheDep = Annotated[GraphCache, Depends(get_cache)]
StoreDep = Annotated[GraphStore, Depends(get_store)]


def require_token(settings: SettingsDep,
                  authorization: Annotated[str | None, Header()] = None) -> None:
    """When ANSVARSGRAF_API_TOKEN is set, writes need `Authorization: Bearer <token>`."""
    if not settings.api_token:
        return
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(token.strip().encode(),
                                                                settings.api_token.encode()):
        raise HTTPException(401, "this server needs 'Authorization: Bearer <token>' to accept "
                                 "uploads (ANSVARSGRAF_API_TOKEN)",
                            headers={"WWW-Authenticate": "Bearer"})
