"""reload_lock: one reload at a time, across Database objects (and processes on PostgreSQL)."""

from __future__ import annotations

import pytest

from bot.store import ReloadInProgress, open_database


def test_second_holder_is_refused(shared_database_url: str) -> None:
    """While one Database holds the lock, another on the same database is refused at once."""
    with open_database(shared_database_url) as first, open_database(shared_database_url) as second:
        with first.reload_lock():
            with pytest.raises(ReloadInProgress):
                with second.reload_lock():
                    pass  # pragma: no cover - must not be reached
        with second.reload_lock():
            pass  # released: free again


def test_same_database_is_not_reentrant(db) -> None:
    """A nested reload on the same Database is refused too."""
    with db.reload_lock():
        with pytest.raises(ReloadInProgress):
            with db.reload_lock():
                pass  # pragma: no cover
    with db.reload_lock():
        pass


def test_lock_is_released_on_error(db) -> None:
    """An exception inside the block releases the lock."""
    with pytest.raises(RuntimeError):
        with db.reload_lock():
            raise RuntimeError("reload failed")
    with db.reload_lock():
        pass


def test_reload_under_lock(db, knowledge) -> None:
    """The intended use: save a version while holding the lock."""
    with db.reload_lock():
        version = db.save_version(knowledge, "cli", "")
    assert db.active_version_id() == version


@pytest.mark.postgres
def test_postgres_lock_across_databases(postgres_url: str) -> None:
    """Two Database objects (as two processes would have) exclude each other via the advisory lock."""
    with open_database(postgres_url) as first, open_database(postgres_url) as second:
        with first.reload_lock():
            with pytest.raises(ReloadInProgress):
                with second.reload_lock():
                    pass  # pragma: no cover
        with second.reload_lock():
            with pytest.raises(ReloadInProgress):
                with first.reload_lock():
                    pass  # pragma: no cover


def test_separate_memory_databases_do_not_block() -> None:
    """Two in-memory databases are unrelated, so their locks are too."""
    with open_database("sqlite://") as first, open_database("sqlite://") as second:
        with first.reload_lock(), second.reload_lock():
            pass
