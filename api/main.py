"""The FastAPI application: builds the app, includes one router per resource, and maps
ansvarsgraf's errors to HTTP statuses in one handler."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from ansvarsgraf import __version__
from ansvarsgraf.api.deps import StoreHolder
from ansvarsgraf.api.routes import documents, evidence, gaps, health, municipalities, pages, queries
from ansvarsgraf.errors import (
    AnsvarsgrafError,
    DocumentNotFound,
    InputError,
    InputTooLarge,
    ParameterError,
    QueryFileError,
    StoreError,
    StoreUnavailable,
    UnknownQuery,
)
from ansvarsgraf.settings import get_settings

# First match wins: subclasses before their parents.
STATUS: tuple[tuple[type[AnsvarsgrafError], int], ...] = (
    (InputTooLarge, 413),
    (InputError, 400),
    (UnknownQuery, 404),
    (DocumentNotFound, 404),
    (ParameterError, 422),
    (QueryFileError, 500),
    (StoreUnavailable, 503),
    (StoreError, 500),
    (AnsvarsgrafError, 400),
)


def status_of(error: AnsvarsgrafError) -> int:
    return next(code for cls, code in STATUS if isinstance(error, cls))


async def ansvarsgraf_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AnsvarsgrafError)
    return JSONResponse({"detail": str(exc)}, status_code=status_of(exc))


def _operation_id(route: APIRoute) -> str:
    return route.name  # stable OpenAPI ids: the handler's name


def create_app(store_uri: str | None = None) -> FastAPI:
    """The app over the store `store_uri` names (default: Settings.store)."""
    holder = StoreHolder(store_uri)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        holder.close()

    app = FastAPI(title="ansvarsgraf", version=__version__, lifespan=lifespan,
                  generate_unique_id_function=_operation_id,
                  description="Who is responsible for what in Swedish municipal integration "
                              "work: the graph, its gaps, the evidence behind each edge.")
    app.state.stores = holder
    app.add_exception_handler(AnsvarsgrafError, ansvarsgraf_error)
    origins = get_settings().cors_origins
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    for module in (health, municipalities, queries, gaps, evidence, documents, pages):
        app.include_router(module.router)
    return app
