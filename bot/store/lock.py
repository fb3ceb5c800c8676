"""The reload lock: at most one knowledge reload (or rollback) at a time."""

from __future__ import annotations

import logging
import threading
import zlib
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

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
