from __future__ import annotations

from fastapi import APIRouter

from ansvarsgraf import __version__
from ansvarsgraf.api.deps import StoreDep
from ansvarsgraf.api.models import HealthOut

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthOut)
def health(store: StoreDep) -> HealthOut:
    """Liveness: the service answers and its store can be read (503 when it cannot)."""
    return HealthOut(status="ok", version=__version__, store=store.uri,
                     documents=len(store.documents()))
