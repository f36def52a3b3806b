from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from ansvarsgraf.api.deps import StoreDep
from ansvarsgraf.api.models import ErrorOut, QueryOut, QueryResultOut
from ansvarsgraf.queries.catalogue import load_catalogue

router = APIRouter(tags=["queries"])


@router.get("/queries", response_model=list[QueryOut])
def list_queries() -> list[dict[str, Any]]:
    """The named-query catalogue: name, title, description, parameters and columns."""
    return [q.as_dict() for q in load_catalogue()]


@router.get("/queries/{name}", response_model=QueryResultOut,
            responses={404: {"model": ErrorOut}, 422: {"model": ErrorOut}})
def run_query(name: str, request: Request, store: StoreDep) -> QueryResultOut:
    """Run one named query; its parameters come from the query string and are checked
    against the query's header (422 when unknown, missing or of the wrong type)."""
    cat = load_catalogue()
    q = cat.get(name)
    params = q.bind(dict(request.query_params))
    rows = store.read(q.text, params)
    return QueryResultOut(query=q.name, parameters=params,
                          columns=list(q.columns) or (list(rows[0]) if rows else []), rows=rows)
