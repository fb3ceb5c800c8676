"""open_database: engines, pragmas and tables on each backend."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect

from bot.store import StoreError, open_database

TABLES = {
    "versions",
    "version_files",
    "sources",
    "speakers",
    "passages",
    "figures",
    "aliases",
    "version_warnings",
    "query_log",
    "chat_context",
}


def test_creates_all_tables(db) -> None:
    """Every store table exists after open_database."""
    assert TABLES <= set(inspect(db._engine).get_table_names())  # noqa: SLF001


def test_sqlite_file_creates_directories_and_uses_wal(tmp_path: Path) -> None:
    """A file URL creates missing parent directories and switches the journal to WAL."""
    path = tmp_path / "a" / "b" / "bot.sqlite3"
    with open_database(f"sqlite:///{path}") as db:
        assert db.dialect == "sqlite"
        assert db.active_version_id() is None
    assert path.exists()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopening_keeps_data(shared_database_url: str, knowledge) -> None:
    """Data written through one Database is read by another on the same URL."""
    with open_database(shared_database_url) as first:
        version = first.save_version(knowledge, "cli", "ok")
    with open_database(shared_database_url) as second:
        assert second.load_active() == (version, knowledge)


def test_open_twice_is_idempotent(shared_database_url: str) -> None:
    """Opening an existing database does not fail on the existing tables."""
    open_database(shared_database_url).close()
    open_database(shared_database_url).close()


def test_unusable_url_raises_store_error(tmp_path: Path) -> None:
    """A database that cannot be opened raises StoreError, not a SQLAlchemy error."""
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError):
        open_database(f"sqlite:///{blocker / 'bot.sqlite3'}")


def test_url_hides_password() -> None:
    """The url property never shows a password."""
    with open_database("sqlite://") as db:
        assert db.url == "sqlite://"
