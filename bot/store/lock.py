"""The reload lock: at most one knowledge reload (or rollback) at a time."""

from __future__ import annotations

import logging
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError

from bot.store.db import SQLITE, is_sqlite_memory
from bot.store.errors import ReloadInProgress

log = logging.getLogger(__name__)

# First key of the two-key advisory lock: fixed for this application ("MSBT").
RELOAD_LOCK_NAMESPACE = 0x4D534254
_INT4_SPAN = 1 << 32
_INT4_MAX = (1 << 31) - 1
BUSY_MESSAGE = "another knowledge reload is in progress"

_local_locks: dict[str, threading.Lock] = {}
_local_locks_guard = threading.Lock()


@contextmanager
def postgres_reload_lock(engine: Engine) -> Iterator[None]:
    """Hold a session-level advisory lock on a dedicated connection; ReloadInProgress if taken.

    The second key is derived from the current schema, so deployments (or tests) sharing one
    PostgreSQL database in different schemas do not block each other. If the process dies, the
    server drops the connection and with it the lock.
    """
    with engine.connect() as connection:
        key = schema_key(connection)
        obtained = connection.scalar(
            text("SELECT pg_try_advisory_lock(:namespace, :key)"),
            {"namespace": RELOAD_LOCK_NAMESPACE, "key": key},
        )
        # End the implicit transaction: an idle-in-transaction session can be killed by the server.
        connection.commit()
        if not obtained:
            raise ReloadInProgress(BUSY_MESSAGE)
        try:
            yield
        finally:
            _advisory_unlock(connection, key)


def schema_key(connection: Connection) -> int:
    """A signed 32-bit key for the connection's current schema."""
    schema = connection.scalar(text("SELECT current_schema()")) or ""
    value = zlib.crc32(schema.encode())
    return value - _INT4_SPAN if value > _INT4_MAX else value


def _advisory_unlock(connection: Connection, key: int) -> None:
    """Release the advisory lock; if that fails, discard the connection, which releases it too."""
    try:
        connection.scalar(
            text("SELECT pg_advisory_unlock(:namespace, :key)"),
            {"namespace": RELOAD_LOCK_NAMESPACE, "key": key},
        )
        connection.commit()
    except SQLAlchemyError:
        log.warning("could not release the reload lock; discarding its connection", exc_info=True)
        connection.invalidate()


@contextmanager
def local_reload_lock(lock: threading.Lock) -> Iterator[None]:
    """Hold a process-local lock without waiting; ReloadInProgress if taken."""
    if not lock.acquire(blocking=False):
        raise ReloadInProgress(BUSY_MESSAGE)
    try:
        yield
    finally:
        lock.release()


def local_lock_for(engine: Engine) -> threading.Lock:
    """The process-wide lock for the engine's database: shared by every Database on one file."""
    url = engine.url
    if is_sqlite_memory(url):
        return threading.Lock()  # a private in-memory database has no one to share with
    if url.get_backend_name() == SQLITE and url.database:
        name = str(Path(url.database).expanduser().resolve())
    else:
        name = url.render_as_string(hide_password=True)
    with _local_locks_guard:
        return _local_locks.setdefault(name, threading.Lock())
