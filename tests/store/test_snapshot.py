"""save_version / load_*: exact round trips, and nothing written when a save fails."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from bot.domain import Figure, Knowledge
from bot.store import StoreError, fingerprint
from bot.store import snapshot as snapshot_module
from bot.store.models import FigureRow

MANY_FIGURES = 10_000
# Generous: the point is "bulk, not row by row", not a benchmark.
MANY_FIGURES_MAX_SECONDS = 20.0


def test_empty_database_has_no_active_version(db) -> None:
    """Nothing saved yet: no active version, fingerprint or snapshot."""
    assert db.active_version_id() is None
    assert db.active_fingerprint() is None
    assert db.load_active() is None
    assert db.versions() == []


def test_round_trip_is_exact(db, knowledge) -> None:
    """What is loaded equals what was saved, tuple order and field types included."""
    version = db.save_version(knowledge, "cli", "report text")
    assert db.active_version_id() == version
    assert db.load_active() == (version, knowledge)
    loaded = db.load_version(version)
    assert loaded == knowledge
    grouped = next(f for f in loaded.figures if f.group)
    assert (grouped.county, grouped.group, grouped.group_total) == ("双桥区", "g1", 3400.5)
    assert type(grouped.curated) is bool and grouped.curated is True
    assert loaded.sources[1].session is None
    assert loaded.figures[0].group_total is None


def test_equal_strings_are_loaded_as_one(db, knowledge) -> None:
    """A source's id, a unit, a figure's sentence: one object across the rows that repeat it, as in
    a snapshot built from the files (a copy each took ~90 MiB at 1,000 transcripts)."""
    loaded = db.load_version(db.save_version(knowledge, "cli", ""))
    strings: dict[str, str] = {}
    items = (*loaded.sources, *loaded.speakers, *loaded.passages, *loaded.figures)
    for value in (getattr(item, name) for item in items for name in item.__dataclass_fields__):
        if type(value) is str:
            assert strings.setdefault(value, value) is value
    assert len({id(figure.source_id) for figure in loaded.figures}) == len({figure.source_id for figure in loaded.figures})


def test_round_trip_keeps_given_order(db, knowledge) -> None:
    """Items come back in the order they were given, not sorted by any column."""
    shuffled = Knowledge(
        sources=knowledge.sources[::-1],
        speakers=knowledge.speakers[::-1],
        passages=knowledge.passages[::-1],
        figures=knowledge.figures[::-1],
        aliases=knowledge.aliases[::-1],
        files=knowledge.files[::-1],
        warnings=knowledge.warnings,
    )
    version = db.save_version(shuffled, "cli", "")
    assert db.load_version(version) == shuffled


def test_empty_knowledge_round_trips(db) -> None:
    """An empty snapshot is a valid version."""
    version = db.save_version(Knowledge(), "cli", "")
    assert db.load_active() == (version, Knowledge())


def test_fingerprint_of_active_version(db, knowledge) -> None:
    """The stored fingerprint is the one of the files, whatever their order."""
    db.save_version(knowledge, "cli", "")
    assert db.active_fingerprint() == fingerprint(knowledge.files)
    assert fingerprint(knowledge.files) == fingerprint(reversed(knowledge.files))
    assert fingerprint(knowledge.files) != fingerprint(knowledge.files[:1])


def test_many_figures_save_in_bulk(db, knowledge) -> None:
    """Ten thousand figures save and load quickly and exactly."""
    template = knowledge.figures[1]
    figures = tuple(replace(template, id=f"f{i}", value=i / 7, line=i) for i in range(MANY_FIGURES))
    big = replace(knowledge, figures=figures)
    started = time.perf_counter()
    version = db.save_version(big, "cli", "")
    elapsed = time.perf_counter() - started
    assert elapsed < MANY_FIGURES_MAX_SECONDS
    assert db.load_version(version) == big


def test_unknown_version_raises(db) -> None:
    """Loading a version that does not exist is a StoreError naming it."""
    with pytest.raises(StoreError, match="12345"):
        db.load_version(12345)


def _assert_still_first(db, first_version: int, first: Knowledge, rows) -> None:
    """The first version is the only one, active and intact; no orphan rows were left."""
    assert db.active_version_id() == first_version
    assert db.load_active() == (first_version, first)
    assert [v.id for v in db.versions()] == [first_version]
    assert rows(db, "figures") == len(first.figures)
    assert rows(db, "sources") == len(first.sources)


def test_failure_midway_writes_nothing(db, make_knowledge, monkeypatch, rows) -> None:
    """An error after some tables were written rolls the whole save back."""
    first = make_knowledge()
    first_version = db.save_version(first, "cli", "")
    real_insert_rows = snapshot_module.insert_rows

    def fail_on_figures(session, model, batch) -> None:
        """Insert normally until the figures, then fail."""
        if model is FigureRow:
            raise RuntimeError("disk on fire")
        real_insert_rows(session, model, batch)

    monkeypatch.setattr(snapshot_module, "insert_rows", fail_on_figures)
    with pytest.raises(RuntimeError, match="disk on fire"):
        db.save_version(make_knowledge("-new"), "cli", "")
    _assert_still_first(db, first_version, first, rows)


def test_constraint_violation_writes_nothing(db, make_knowledge, rows) -> None:
    """A figure violating NOT NULL fails the save as StoreError; the old version stays active."""
    first = make_knowledge()
    first_version = db.save_version(first, "cli", "")
    bad = make_knowledge("-bad")
    broken = replace(bad, figures=(*bad.figures, replace(bad.figures[0], id="broken", value=None)))
    with pytest.raises(StoreError, match="saving a knowledge version failed"):
        db.save_version(broken, "cli", "")
    _assert_still_first(db, first_version, first, rows)


def test_duplicate_source_id_writes_nothing(db, make_knowledge, rows) -> None:
    """Two sources with one id are rejected; the old version stays active."""
    first = make_knowledge()
    first_version = db.save_version(first, "cli", "")
    bad = make_knowledge("-dup")
    duplicated = replace(bad, sources=(*bad.sources, bad.sources[0]))
    with pytest.raises(StoreError):
        db.save_version(duplicated, "cli", "")
    _assert_still_first(db, first_version, first, rows)


def test_every_domain_field_has_a_column() -> None:
    """A field added to a domain dataclass must be stored too, or round trips would break."""
    for part in snapshot_module.PARTS:
        columns = set(part.model.__table__.columns.keys())
        assert set(part.columns) <= columns, part.attr
    assert {p.attr for p in snapshot_module.PARTS} == set(Knowledge.__dataclass_fields__)


def test_figure_columns_match_dataclass() -> None:
    """The figures table has exactly the Figure fields plus version_id and ordinal."""
    assert set(FigureRow.__table__.columns.keys()) == set(Figure.__dataclass_fields__) | {"version_id", "ordinal"}
