from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ansvarsgraf.api.deps import CacheDep, gaps_of
from ansvarsgraf.api.models import ErrorOut, GapOut
from ansvarsgraf.graph.orgmap import require_municipality

router = APIRouter(tags=["gaps"])


@router.get("/gaps", response_model=list[GapOut], responses={404: {"model": ErrorOut}})
def list_gaps(cache: CacheDep, municipality: str | None = None) -> list[dict[str, Any]]:
    """Every gap query's rows: responsibility governance requires and nobody carries
    (all municipalities, or one)."""
    if municipality is not None:
        cache.view(("known", municipality), lambda G: require_municipality(G, municipality))
    return gaps_of(cache, municipality)
