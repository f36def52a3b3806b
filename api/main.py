"""The FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI

from ansvarsgraf import __version__


def create_app(store_uri: str | None = None) -> FastAPI:
    app = FastAPI(title="ansvarsgraf", version=__version__)

    @app.get("/health")
    def health() -> dict[str, str]:
        """Liveness: the service answers."""
        return {"status": "ok"}

    return app
