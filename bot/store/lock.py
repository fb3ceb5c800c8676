"""The store's locks: one knowledge reload (or rollback) at a time, one poller per bot token."""

from __future__ import annotations

import logging
import os
import threading
import zlib
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

try:  # POSIX; elsewhere the SQLite polling lock only excludes threads of one process
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError

from bot.store.db import SQLITE, is_sqlite_memory
from bot.store.errors import PollingTaken, ReloadInProgress

log = logging.getLogger(__name__)

# First key of the two-key advisory lock: fixed for this application ("MSBT").
RELOAD_LOCK_NAMESPACE = 0x4D534254
_INT4_SPAN = 1 << 32
_INT4_MAX = (1 << 31) - 1
BUSY_MESSAGE = "another knowledge reload is in progress"

_local_locks: dict[str, threading.Lock] = {}
_local_locks_guard = threading.Lock()


# First key of the lock that lets one replica, and only one, long-poll the bot token ("MSPT").
POLLING_LOCK_NAMESPACE = 0x4D535054
POLLING_BUSY_MESSAGE = "another replica is long-polling this bot"
# Next to the SQLite file: <database>.polling.lock (an empty file; only its flock matters).
POLLING_LOCK_SUFFIX = ".polling.lock"


def postgres_reload_lock(engine: Engine) -> AbstractContextManager[None]:
    """The reload lock on PostgreSQL; ReloadInProgress if taken."""
    return postgres_advisory_lock(engine, RELOAD_LOCK_NAMESPACE, ReloadInProgress(BUSY_MESSAGE))


def postgres_polling_lock(engine: Engine) -> AbstractContextManager[None]:
    """The long-polling lock on PostgreSQL; PollingTaken if another replica polls."""
    return postgres_advisory_lock(engine, POLLING_LOCK_NAMESPACE, PollingTaken(POLLING_BUSY_MESSAGE))


@contextmanager
def postgres_advisory_lock(engine: Engine, namespace: int, busy: Exception) -> Iterator[None]:
    """Hold a session-level advisory lock on a dedicated connection; raise `busy` if taken.

    The second key is derived from the current schema, so deployments (or tests) sharing one
    PostgreSQL database in different schemas do not block each other. If the process dies, the
    server drops the connection and with it the lock.
    """
    with engine.connect() as connection:
        key = schema_key(connection)
        obtained = connection.scalar(
            text("SELECT pg_try_advisory_lock(:namespace, :key)"),
            {"namespace": namespace, "key": key},
        )
        # End the implicit transaction: an idle-in-transaction session can be killed by the server.
        connection.commit()
        if not obtained:
            raise busy
        try:
            yield
        finally:
            _advisory_unlock(connection, namespace, key)


def schema_key(connection: Connection) -> int:
    """A signed 32-bit key for the connection's current schema."""
    schema = connection.scalar(text("SELECT current_schema()")) or ""
    value = zlib.crc32(schema.encode())
    return value - _INT4_SPAN if value > _INT4_MAX else value


def _advisory_unlock(connection: Connection, namespace: int, key: int) -> None:
    """Release the advisory lock; if that fails, discard the connection, which releases it too."""
    try:
        connection.scalar(
            text("SELECT pg_advisory_unlock(:namespace, :key)"),
            {"namespace": namespace, "key": key},
        )
        connection.commit()
    except SQLAlchemyError:
        log.warning("could not release the reload lock; discarding its connection", exc_info=True)
        connection.invalidate()


@contextmanager
def local_reload_lock(lock: threading.Lock, busy: Exception | None = None) -> Iterator[None]:
    """Hold a process-local lock without waiting; ReloadInProgress (or `busy`) if taken."""
    if not lock.acquire(blocking=False):
        raise busy or ReloadInProgress(BUSY_MESSAGE)
    try:
        yield
    finally:
        lock.release()


def local_lock_for(engine: Engine, purpose: str = "reload") -> threading.Lock:
    """The process-wide lock for the engine's database: shared by every Database on one file."""
    url = engine.url
    if is_sqlite_memory(url):
        return threading.Lock()  # a private in-memory database has no one to share with
    if url.get_backend_name() == SQLITE and url.database:
        name = str(Path(url.database).expanduser().resolve())
    else:
        name = url.render_as_string(hide_password=True)
    with _local_locks_guard:
        return _local_locks.setdefault(f"{purpose}:{name}", threading.Lock())


def sqlite_lock_path(engine: Engine, suffix: str = POLLING_LOCK_SUFFIX) -> Path | None:
    """The lock file beside the engine's SQLite file; None for memory and URI databases."""
    url = engine.url
    if url.get_backend_name() != SQLITE or is_sqlite_memory(url) or url.query.get("uri"):
        return None
    database = Path(url.database).expanduser().resolve()
    return database.with_name(database.name + suffix)


@contextmanager
def file_lock(path: Path, busy: Exception) -> Iterator[None]:
    """Hold an exclusive flock on `path` without waiting; raise `busy` if another holder has it.

    flock excludes other processes and other open files of this one, and the kernel releases
    it when the holder dies, however it dies, so a killed poller never leaves a stale lock.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise busy from None
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def sqlite_polling_lock(engine: Engine, local: threading.Lock) -> AbstractContextManager[None]:
    """The long-polling lock on SQLite: a file lock, so other processes on the file are excluded too."""
    path = sqlite_lock_path(engine)
    if path is None or fcntl is None:
        return local_reload_lock(local, PollingTaken(POLLING_BUSY_MESSAGE))
    return file_lock(path, PollingTaken(POLLING_BUSY_MESSAGE))
