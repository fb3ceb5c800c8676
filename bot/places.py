"""Place names outside the knowledge, so a question about another city is told so, not answered wrongly."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def known_place_names() -> tuple[str, ...]:
    """Provinces and major cities from the packaged list."""
    text = resources.files("bot.qa").joinpath("data/places.txt").read_text(encoding="utf-8")
    return tuple(word for line in text.splitlines() if not line.startswith("#") for word in line.split())
