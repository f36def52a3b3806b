from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from ansvarsgraf.api.deps import CacheDep
from ansvarsgraf.api.models import ErrorOut, QueryOut, QueryResultOut
from ansvarsgraf.queries.catalogue import load_catalogue

router = APIRouter(tags=["queries"])


@router.get("/queries", response_model=list[QueryOut])
def list_queries() -> list[dict[str, Any]]:
    """The named-query catalogue: name, title, description, parameters and columns."""
    return [q.as_dict() for q in load_catalogue()]


@router.get("/queries/{name}", response_model=QueryResultOut,
            responses={404: {"model": ErrorOut}, 422: {"model": ErrorOut}})
async def run_query(name: str, request: Request, cache: CacheDep) -> Response:
    """Run one named query; its parameters come from the query string and are checked
    against the query's header (422 when unknown, missing or of the wrong type). Answers
    are kept until the loaded documents change (queries are read-only)."""
    cat = load_catalogue()
    q = cat.get(name)
    params = q.bind(dict(request.query_params))

    def run(G: object) -> bytes:
        rows = cat.run(cache.store, q.name, params)
        out = QueryResultOut(query=q.name, parameters=params,
                             columns=list(q.columns) or (list(rows[0]) if rows else []), rows=rows)
        return out.model_dump_json().encode("utf-8")

    body = await cache.aview(("query", q.name, tuple(sorted(params.items()))), run)
    return Response(body, media_type="application/json")
