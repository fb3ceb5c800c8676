"""The desk over the seed plus the May sample (two conferences), built once for the session."""

from __future__ import annotations

import pytest

from bot.desk import Desk


@pytest.fixture(scope="session")
def desk(may_knowledge, may_engine) -> Desk:
    """Seed + May, with the engine's search as the fallback for words no field names."""
    return Desk(may_knowledge, may_engine.search_figures)


@pytest.fixture(scope="session")
def seed_desk(seed_knowledge) -> Desk:
    """The seed alone (one conference)."""
    return Desk(seed_knowledge)
