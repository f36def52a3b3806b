from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Response

from ansvarsgraf.api.deps import CacheDep, gaps_of
from ansvarsgraf.api.models import ErrorOut, MapOut, MunicipalityOut
from ansvarsgraf.graph import orgmap

router = APIRouter(tags=["municipalities"])


@router.get("/municipalities", response_model=list[MunicipalityOut])
def list_municipalities(cache: CacheDep) -> list[dict[str, Any]]:
    """Every municipality in the graph, with counts of organisations, goals, gaps and reports."""
    return cache.view("municipalities", lambda G: orgmap.municipalities(G, gaps_of(cache, None)))


@router.get("/municipalities/{name}/map", response_model=MapOut,
            responses={404: {"model": ErrorOut}})
async def municipality_map(name: str, cache: CacheDep) -> Response:
    """The org-responsibility map: organisations as a DAG (several parents allowed), what
    each owns and answers for, whom it works with, its gaps, and the evidence ids behind
    every edge."""
    body = await cache.aview(("map-json", name), lambda G: json.dumps(
        MapOut.model_validate(orgmap.org_map(G, name, gaps_of(cache, name))).model_dump(),
        ensure_ascii=False).encode("utf-8"))
    return Response(body, media_type="application/json")
