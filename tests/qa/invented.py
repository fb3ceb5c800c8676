"""Engines over small invented transcripts, for tests that need one of their own."""

from __future__ import annotations

import re
from pathlib import Path

from bot.ingest.build import build_knowledge
from bot.qa import Engine


def engine_for(directory: Path, name: str, text: str) -> Engine:
    """An engine over one invented transcript written to `directory` under `name`."""
    return engine_over(directory, {name: text})


def engine_over(directory: Path, texts: dict[str, str]) -> Engine:
    """An engine over several invented transcripts (file name → text) loaded together."""
    for name, text in texts.items():
        (directory / name).write_text(text, encoding="utf-8")
    knowledge, _ = build_knowledge([directory / name for name in sorted(texts)])
    return Engine(knowledge)


def transcript(title: str, official: str, *body: str) -> str:
    """An invented transcript in the usual municipal layout: its title, one official
    ('市医保局局长王立新') handed the floor, then the lines of `body`."""
    person = re.sub(r"^.*?(?:局长|主任|支队长|书记|部长|主席|理事长)", "", official)
    return f"{title}\n出席本场发布会的有:{official}。\n请{person}同志做发布。\n" + "".join(body)
