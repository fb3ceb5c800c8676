"""Write a Knowledge snapshot into the version tables and read it back, tuple order preserved."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from bot.domain import FileInfo, Figure, Knowledge, Passage, Problem, Source, Speaker
from bot.store.models import (
    AliasRow,
    Base,
    FigureRow,
    PassageRow,
    SourceRow,
    SpeakerRow,
    VersionFile,
    WarningRow,
)


@dataclass(frozen=True)
class Part:
    """How one tuple field of Knowledge maps onto a table."""

    attr: str  # the Knowledge field
    model: type[Base]
    columns: tuple[str, ...]  # table columns, in the order `build` takes them
    build: Callable[..., Any]  # column values -> item
    values: Callable[[Any], tuple[Any, ...]]  # item -> column values


def _dataclass_part(attr: str, model: type[Base], cls: type) -> Part:
    """A part whose items are a dataclass with one column per field, same names."""
    names = tuple(f.name for f in fields(cls))
    return Part(attr, model, names, cls, attrgetter(*names))


def _pair(alias: str, canonical: str) -> tuple[str, str]:
    """An (alias, canonical) item."""
    return (alias, canonical)


PARTS: tuple[Part, ...] = (
    _dataclass_part("sources", SourceRow, Source),
    _dataclass_part("speakers", SpeakerRow, Speaker),
    _dataclass_part("passages", PassageRow, Passage),
    _dataclass_part("figures", FigureRow, Figure),
    Part("aliases", AliasRow, ("alias", "canonical"), _pair, tuple),
    _dataclass_part("files", VersionFile, FileInfo),
    _dataclass_part("warnings", WarningRow, Problem),
)


def counts_of(knowledge: Knowledge) -> dict[str, int]:
    """How many items each part of the snapshot has."""
    return {part.attr: len(getattr(knowledge, part.attr)) for part in PARTS}


def insert_snapshot(session: Session, version_id: int, knowledge: Knowledge) -> None:
    """Bulk-insert every part of the snapshot under the version id."""
    for part in PARTS:
        rows = rows_of(part, version_id, getattr(knowledge, part.attr))
        if rows:  # an empty parameter list would be taken as a single all-defaults row
            insert_rows(session, part.model, rows)


def rows_of(part: Part, version_id: int, items: Sequence[Any]) -> list[dict[str, Any]]:
    """Parameter dicts for a bulk insert, the ordinal recording each item's position."""
    columns = part.columns
    return [
        {"version_id": version_id, "ordinal": ordinal, **dict(zip(columns, part.values(item), strict=True))}
        for ordinal, item in enumerate(items)
    ]


def insert_rows(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """One ORM bulk INSERT (executemany / insertmanyvalues) for all rows of a table."""
    session.execute(insert(model), rows)


def load_snapshot(session: Session, version_id: int) -> Knowledge:
    """Rebuild the Knowledge saved under the version id, exactly as it was saved."""
    strings: dict[str, str] = {}
    return Knowledge(**{part.attr: load_part(session, part, version_id, strings) for part in PARTS})


def load_part(session: Session, part: Part, version_id: int, strings: dict[str, str] | None = None) -> tuple[Any, ...]:
    """The items of one part, in their saved order.

    Equal strings are one object (the first read, kept in `strings`), as they are in a snapshot
    built from the files: each row would otherwise bring its own copy of its source's id, its
    department, project and unit, and a figure's sentence of the passage saying it. At 1,000
    transcripts the copies took ~90 MiB, and an engine built from a loaded version (after a code
    change) keeps its knowledge, in memory and in its cache file (bot/qa/persist.py).
    """
    strings = {} if strings is None else strings
    model: Any = part.model
    statement = (
        select(*(getattr(model, name) for name in part.columns))
        .where(model.version_id == version_id)
        .order_by(model.ordinal)
    )
    share = strings.setdefault
    return tuple(
        part.build(*(share(value, value) if type(value) is str else value for value in row))
        for row in session.execute(statement)
    )


def load_files(session: Session, version_ids: Sequence[int]) -> dict[int, list[FileInfo]]:
    """The files of several versions at once, each list in saved order."""
    statement = (
        select(VersionFile.version_id, VersionFile.path, VersionFile.sha256, VersionFile.size)
        .where(VersionFile.version_id.in_(version_ids))
        .order_by(VersionFile.version_id, VersionFile.ordinal)
    )
    files: dict[int, list[FileInfo]] = {version_id: [] for version_id in version_ids}
    for version_id, path, sha256, size in session.execute(statement):
        files[version_id].append(FileInfo(path, sha256, size))
    return files
