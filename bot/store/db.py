"""Engine and session factory from a database URL, with the per-backend settings the store needs."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from bot.store.models import Base

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
# Seconds a SQLite connection waits for another writer before giving up with "database is locked".
SQLITE_BUSY_TIMEOUT_S = 30.0
_MEMORY_NAMES = ("", ":memory:")
# Transaction-level advisory lock key serialising table creation ("MSBS").
SCHEMA_LOCK_KEY = 0x4D534253
# Seconds a PostgreSQL connection attempt may take. A host that drops packets would otherwise hold
# the start-up silently for the OS's TCP timeout (about two minutes on Linux); a URL's own
# connect_timeout wins.
POSTGRES_CONNECT_TIMEOUT_S = 10


def is_sqlite_memory(url: URL) -> bool:
    """True for an in-memory SQLite URL (`sqlite://` or `sqlite:///:memory:`)."""
    return url.get_backend_name() == SQLITE and (url.database or "") in _MEMORY_NAMES


def make_engine(url: str | URL) -> Engine:
    """Create an engine for the URL: SQLite file, in-memory SQLite or any other backend."""
    parsed = make_url(url)
    if parsed.get_backend_name() != SQLITE:
        # pre_ping: a long-running bot must survive the server closing idle connections.
        connect_args = {}
        if parsed.get_backend_name() == POSTGRESQL and "connect_timeout" not in parsed.query:
            connect_args["connect_timeout"] = POSTGRES_CONNECT_TIMEOUT_S
        return create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
    if is_sqlite_memory(parsed):
        return _sqlite_memory_engine(parsed)
    return _sqlite_file_engine(parsed)


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    """A session factory whose objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


def _sqlite_memory_engine(url: URL) -> Engine:
    """One shared connection, usable from any thread, so every session sees the same database."""
    engine = create_engine(
        url, poolclass=StaticPool, connect_args={"check_same_thread": False}
    )
    _on_connect_pragmas(engine, ("PRAGMA foreign_keys=ON",))
    return engine


def _sqlite_file_engine(url: URL) -> Engine:
    """A file database whose directory is created, with foreign keys enforced and WAL journaling."""
    if url.database and not url.query.get("uri"):
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
    # WAL lets replicas read while a reload writes.
    # In WAL mode synchronous=NORMAL keeps the database consistent after a crash (a commit is
    # whole or absent) and saves an fsync per commit: one per question asked.
    _on_connect_pragmas(engine, ("PRAGMA foreign_keys=ON", "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL"))
    return engine


def _on_connect_pragmas(engine: Engine, pragmas: tuple[str, ...]) -> None:
    """Run the pragmas on every new DBAPI connection (they are per connection in SQLite)."""

    @event.listens_for(engine, "connect")
    def _set_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        """Apply the pragmas outside any transaction, as SQLite requires."""
        cursor = dbapi_connection.cursor()
        try:
            for pragma in pragmas:
                cursor.execute(pragma)
        finally:
            cursor.close()


def create_tables(engine: Engine) -> None:
    """Create missing tables; on PostgreSQL, replicas starting together take turns."""
    with engine.begin() as connection:
        if engine.dialect.name == POSTGRESQL:
            # Concurrent CREATE TABLE IF NOT EXISTS can still collide in the catalog.
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY}
            )
        Base.metadata.create_all(connection)
