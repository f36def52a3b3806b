"""Shared fixtures: real stores in temporary folders, the demo reports, the corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
DATA = Path(__file__).resolve().parent / "data"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

# The real Neo4j server fixtures (neo4j_server, neo4j_store) for tests marked `neo4j`.
pytest_plugins = ["neo4j_fixture"]


def demo_reports() -> list[Path]:
    return sorted(EXAMPLES.glob("*.txt"))


def corpus_texts() -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip(f"the development corpus is not beside the checkout ({CORPUS})")
    return sorted(CORPUS.glob("*.txt"))


@pytest.fixture
def embedded_store(tmp_path):
    from ansvarsgraf.graph.embedded import EmbeddedStore

    store = EmbeddedStore(tmp_path / "store")
    yield store
    store.close()


@pytest.fixture(params=["memory", "embedded"])
def any_store(request, tmp_path):
    """Each store backend that runs everywhere (Neo4j's tests add their own)."""
    from ansvarsgraf.graph.store import open_store

    uri = "memory:" if request.param == "memory" else str(tmp_path / "store")
    store = open_store(uri)
    yield store
    store.close()


@pytest.fixture(scope="session")
def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"
