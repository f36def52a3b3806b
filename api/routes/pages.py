from __future__ import annotations

from typing import Annotated

import networkx as nx
from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from ansvarsgraf.api.deps import CacheDep, gaps_of
from ansvarsgraf.api.explore import render_page
from ansvarsgraf.api.mappage import render_map_page
from ansvarsgraf.api.models import ErrorOut
from ansvarsgraf.errors import ParameterError
from ansvarsgraf.graph import orgmap, schema

router = APIRouter(tags=["pages"])
_ERRORS = {404: {"model": ErrorOut}, 422: {"model": ErrorOut}}


def _labels(labels: list[str] | None) -> tuple[str, ...] | None:
    """`labels=Board,Unit` or `labels=Board&labels=Unit`, checked against the schema."""
    if not labels:
        return None
    wanted = tuple(sorted({x.strip() for item in labels for x in item.split(",") if x.strip()}))
    unknown = [x for x in wanted if x not in schema.ENTITY_LABELS]
    if unknown:
        raise ParameterError(f"labels: unknown label(s) {', '.join(unknown)}; use "
                             f"{', '.join(schema.ENTITY_LABELS)}")
    return wanted or None


@router.get("/explore", response_class=HTMLResponse, responses=_ERRORS)
def explore(cache: CacheDep, municipality: str | None = None,
            labels: Annotated[list[str] | None, Query()] = None) -> HTMLResponse:
    """The exploration page (self-contained HTML): the graph with colours and shapes per
    label, gaps marked, evidence on hover; `municipality` and `labels` preselect."""
    wanted = _labels(labels)

    def build(G: nx.MultiDiGraph) -> str:
        if municipality:
            orgmap.require_municipality(G, municipality)
        return render_page(G, gaps_of(cache, None), municipality=municipality, labels=wanted)

    return HTMLResponse(cache.view(("explore", municipality, wanted), build))


@router.get("/map/{municipality}", response_class=HTMLResponse, responses=_ERRORS)
def map_page(municipality: str, cache: CacheDep) -> HTMLResponse:
    """The org-responsibility map of a municipality drawn as a hierarchy (self-contained
    HTML, no network needed)."""
    def build(G: nx.MultiDiGraph) -> str:
        index = orgmap.edge_index(G)
        m = orgmap.org_map(G, municipality, gaps_of(cache, municipality))
        return render_map_page(m, lambda k: orgmap.edge_evidence(G, k, index))

    return HTMLResponse(cache.view(("map-page", municipality), build))
