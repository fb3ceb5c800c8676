"""Engines over small invented transcripts, for tests that need one of their own."""

from __future__ import annotations

from pathlib import Path

from bot.ingest.build import build_knowledge
from bot.qa import Engine


def engine_for(directory: Path, name: str, text: str) -> Engine:
    """An engine over one invented transcript written to `directory` under `name`."""
    path = directory / name
    path.write_text(text, encoding="utf-8")
    knowledge, _ = build_knowledge([path])
    return Engine(knowledge)
