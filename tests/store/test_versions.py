"""Version listing, keeping the newest N, and rollback by activating an older version."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.store import StoreError


def test_versions_newest_first(db, make_knowledge) -> None:
    """versions() lists every version newest first with its metadata; only the newest is active."""
    first, second = make_knowledge("-1"), make_knowledge("-2")
    before = datetime.now(UTC) - timedelta(seconds=5)
    v1 = db.save_version(first, "cli", "first report")
    v2 = db.save_version(second, "telegram:42", "second report")
    infos = db.versions()
    assert [i.id for i in infos] == [v2, v1]
    assert [i.active for i in infos] == [True, False]
    newest = infos[0]
    assert newest.loaded_by == "telegram:42"
    assert newest.report == "second report"
    assert newest.files == list(second.files)
    assert newest.counts == {
        "sources": 2, "speakers": 2, "passages": 3, "figures": 3, "aliases": 2, "files": 2, "warnings": 1,
    }
    assert newest.created_at.tzinfo is not None and newest.created_at.utcoffset() == timedelta(0)
    assert before <= newest.created_at <= datetime.now(UTC) + timedelta(seconds=5)
    assert infos[1].created_at <= newest.created_at


def test_keep_last_n(db, make_knowledge, rows) -> None:
    """Saving with keep=N leaves only the newest N versions; older rows are deleted by cascade."""
    ids = [db.save_version(make_knowledge(f"-{i}"), "cli", "", keep=3) for i in range(5)]
    assert [i.id for i in db.versions()] == ids[::-1][:3]
    for dropped in ids[:2]:
        for table in ("sources", "speakers", "passages", "figures", "aliases", "version_files", "version_warnings"):
            assert rows(db, table, dropped) == 0, table
    assert db.load_active() == (ids[-1], make_knowledge("-4"))


def test_default_keep_is_ten(db, knowledge) -> None:
    """Without keep, the newest ten versions stay."""
    ids = [db.save_version(knowledge, "cli", "") for _ in range(12)]
    assert [i.id for i in db.versions()] == ids[::-1][:10]


def test_ids_are_never_reused(db, knowledge) -> None:
    """After pruning, new versions still get higher ids (replicas poll the active id)."""
    ids = [db.save_version(knowledge, "cli", "", keep=1) for _ in range(3)]
    assert ids == sorted(set(ids))


def test_keep_must_be_positive(db, knowledge) -> None:
    """keep=0 would delete the version just saved: refused."""
    with pytest.raises(ValueError):
        db.save_version(knowledge, "cli", "", keep=0)
    assert db.versions() == []


def test_activate_rolls_back(db, make_knowledge) -> None:
    """Activating an older version makes it the only active one, and back again."""
    first, second = make_knowledge("-1"), make_knowledge("-2")
    v1 = db.save_version(first, "cli", "")
    v2 = db.save_version(second, "cli", "")
    db.activate(v1)
    assert db.active_version_id() == v1
    assert db.load_active() == (v1, first)
    assert db.active_fingerprint() != db.versions()[0].fingerprint
    assert [(i.id, i.active) for i in db.versions()] == [(v2, False), (v1, True)]
    db.activate(v2)
    assert db.load_active() == (v2, second)
    db.activate(v2)  # already active: no change, no error
    assert [(i.id, i.active) for i in db.versions()] == [(v2, True), (v1, False)]


def test_save_after_rollback_becomes_active(db, make_knowledge) -> None:
    """A save after a rollback is the new active version."""
    v1 = db.save_version(make_knowledge("-1"), "cli", "")
    db.save_version(make_knowledge("-2"), "cli", "")
    db.activate(v1)
    v3 = db.save_version(make_knowledge("-3"), "cli", "")
    assert db.active_version_id() == v3
    assert sum(i.active for i in db.versions()) == 1


def test_activate_unknown_version(db, knowledge) -> None:
    """Activating an id that does not exist is a clear StoreError and changes nothing."""
    version = db.save_version(knowledge, "cli", "")
    with pytest.raises(StoreError, match="unknown knowledge version 999"):
        db.activate(999)
    assert db.active_version_id() == version


def test_pruning_keeps_the_version_before_the_active_one(db, make_knowledge) -> None:
    """Even with keep=1 the version a plain rollback returns to stays (issue 9.1)."""
    ids = [db.save_version(make_knowledge(f"-{i}"), "cli", "", keep=1) for i in range(3)]
    assert [(i.id, i.active) for i in db.versions()] == [(ids[2], True), (ids[1], False)]
