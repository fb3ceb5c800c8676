"""Chinese provinces and cities: to name a transcript's city, and to tell a question about somewhere else."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(provinces, cities) from the packaged list."""
    text = resources.files("bot").joinpath("places.txt").read_text(encoding="utf-8")
    sections: dict[str, list[str]] = {"provinces": [], "cities": []}
    current = "provinces"
    for line in text.splitlines():
        if line.startswith("["):
            current = line.strip("[] ")
        elif line and not line.startswith("#"):
            sections[current].extend(line.split())
    return tuple(sections["provinces"]), tuple(sections["cities"])


def city_names() -> tuple[str, ...]:
    """Prefecture-level and larger cities, without 市."""
    return _names()[1]


def known_place_names() -> tuple[str, ...]:
    """Provinces and cities, without 省/市."""
    provinces, cities = _names()
    return provinces + cities
