from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ansvarsgraf.api.deps import CacheDep
from ansvarsgraf.api.models import EdgeEvidenceOut, ErrorOut
from ansvarsgraf.graph import orgmap

router = APIRouter(tags=["evidence"])


@router.get("/evidence/{edge_key}", response_model=EdgeEvidenceOut,
            responses={404: {"model": ErrorOut}})
def edge_evidence(edge_key: str, cache: CacheDep) -> dict[str, Any]:
    """An edge and the sentences it was read from: document, page, sentence, confidence
    and the rule that read it."""
    G, index = cache.view("edge-index", lambda G: (G, orgmap.edge_index(G)))
    return orgmap.edge_evidence(G, edge_key, index)
