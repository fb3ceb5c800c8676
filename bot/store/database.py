"""The store's facade: one Database object per process, one transaction per method call."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.domain import Knowledge
from bot.store import context, files, querylog, snapshot
from bot.store import versions as versioning
from bot.store.db import POSTGRESQL, create_tables, is_sqlite_memory, make_engine, make_sessions
from bot.store.errors import StoreError
from bot.store.fingerprint import fingerprint
from bot.store.lock import (
    local_lock_for,
    local_reload_lock,
    postgres_polling_lock,
    postgres_reload_lock,
    sqlite_polling_lock,
)
from bot.store.versions import DEFAULT_KEEP, VersionInfo

DEFAULT_UNANSWERED_LIMIT = 10
# Reads of the active version that a concurrent prune may spoil before load_active gives up.
LOAD_ATTEMPTS = 5


def open_database(url: str) -> Database:
    """Connect to the database at the URL and create any missing tables."""
    try:
        engine = make_engine(url)
    except (SQLAlchemyError, OSError, ValueError, ImportError) as exc:
        raise StoreError(f"cannot open database: {_reason(exc)}") from exc
    try:
        create_tables(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(f"cannot open database {engine.url.render_as_string(hide_password=True)}: {_reason(exc)}") from exc
    return Database(engine)


def _reason(exc: BaseException) -> str:
    """The driver's own first line (e.g. 'role "x" does not exist'), without SQLAlchemy's wrapper and link."""
    inner = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(inner).splitlines() if line.strip()]
    return lines[0] if lines else type(inner).__name__


class Database:
    """Knowledge versions, query log and chat contexts in one SQL database (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._sessions = make_sessions(engine)
        self._local_lock = local_lock_for(engine)
        self._polling_lock = local_lock_for(engine, "polling")
        # An in-memory database is one connection shared by every thread (StaticPool): two units
        # of work at once would interleave their transactions on it ("cannot commit - no
        # transaction is active"), so they take turns. Files and servers give each its own.
        self._one_at_a_time: AbstractContextManager[Any] = (
            threading.RLock() if is_sqlite_memory(engine.url) else nullcontext()
        )

    def __repr__(self) -> str:
        return f"Database({self.url!r})"

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def url(self) -> str:
        """The database URL with any password hidden."""
        return self._engine.url.render_as_string(hide_password=True)

    @property
    def sqlite_file(self) -> Path | None:
        """The SQLite database file; None for an in-memory database or a server."""
        url = self._engine.url
        if url.get_backend_name() != "sqlite" or is_sqlite_memory(url) or url.query.get("uri") or not url.database:
            return None
        return Path(url.database).expanduser().resolve()

    @property
    def dialect(self) -> str:
        """The backend's name: "sqlite" or "postgresql"."""
        return self._engine.dialect.name

    def close(self) -> None:
        """Close every pooled connection."""
        self._engine.dispose()

    # -- knowledge versions --------------------------------------------------------------

    def save_version(
        self,
        knowledge: Knowledge,
        loaded_by: str,
        report: str,
        keep: int = DEFAULT_KEEP,
        contents: Mapping[str, bytes] | None = None,
    ) -> int:
        """Store the snapshot as the new, only active version, keeping the newest `keep`; returns its id.

        `contents` maps sha256 to the bytes of the snapshot's files, kept so a rollback can restore
        them. All or nothing: on any error nothing is written and the previous version stays active.
        """
        if keep < 1:
            raise ValueError(f"keep must be at least 1, not {keep}")
        with self._unit("saving a knowledge version") as session:
            version_id = versioning.create_version(session, knowledge, loaded_by, report)
            snapshot.insert_snapshot(session, version_id, knowledge)
            files.store_contents(session, contents or {})
            versioning.make_active(session, version_id)
            versioning.prune(session, keep)
            files.drop_unused_contents(session)
        return version_id

    def identical_version(self, knowledge: Knowledge) -> int | None:
        """The newest stored version whose snapshot equals this one, None when there is none.

        Same files are not enough: a newer parser may read them differently, and then it is a new version.
        """
        with self._unit("looking for an identical knowledge version") as session:
            for version_id in versioning.versions_with_fingerprint(session, fingerprint(knowledge.files)):
                if snapshot.load_snapshot(session, version_id) == knowledge:
                    return version_id
        return None

    def version_contents(self, version_id: int) -> dict[str, bytes | None]:
        """The files of a stored version by name, with their bytes (None where none were stored)."""
        with self._unit(f"reading the files of knowledge version {version_id}") as session:
            versioning.require_version(session, version_id)
            return files.version_contents(session, version_id)

    def stored_files(self) -> set[str]:
        """The sha256 of every file content kept for rollbacks."""
        with self._unit("listing stored files") as session:
            return files.stored_hashes(session)

    def last_directory_load(self, directory: str) -> str | None:
        """The fingerprint a knowledge directory had when it was last loaded or restored."""
        with self._unit("reading the last load of a directory") as session:
            return files.last_load(session, directory)

    def record_directory_load(self, directory: str, fingerprint_: str) -> None:
        """Remember what a knowledge directory held when it was loaded or restored."""
        with self._unit("recording a directory load") as session:
            files.record_load(session, directory, fingerprint_)

    def load_active(self) -> tuple[int, Knowledge] | None:
        """The active version's id and snapshot, None when nothing was saved yet.

        A save elsewhere may prune the version while it is read; it is then read again.
        """
        for _ in range(LOAD_ATTEMPTS):
            with self._unit("loading the active knowledge version") as session:
                version_id = versioning.active_version_id(session)
                if version_id is None:
                    return None
                knowledge = snapshot.load_snapshot(session, version_id)
                if versioning.still_stored(session, version_id):
                    return version_id, knowledge
        raise StoreError("loading the active knowledge version failed: it kept being replaced while read")

    def load_version(self, version_id: int) -> Knowledge:
        """The snapshot saved as the version; StoreError for an unknown (or meanwhile pruned) id."""
        with self._unit(f"loading knowledge version {version_id}") as session:
            versioning.require_version(session, version_id)
            knowledge = snapshot.load_snapshot(session, version_id)
            if not versioning.still_stored(session, version_id):
                raise StoreError(f"knowledge version {version_id} was deleted while it was read")
            return knowledge

    def active_version_id(self) -> int | None:
        """The active version's id (one indexed lookup: cheap enough to poll)."""
        with self._unit("reading the active version") as session:
            return versioning.active_version_id(session)

    def version_identity(self, version_id: int) -> str | None:
        """A key for what was built from the version (its engine cache): the database, the version's
        id, its save time and its files' fingerprint; None for an unknown id."""
        with self._unit(f"reading knowledge version {version_id}") as session:
            found = versioning.identity(session, version_id)
        return None if found is None else f"{self.url}|{found}"

    def active_fingerprint(self) -> str | None:
        """The content fingerprint of the active version's files."""
        with self._unit("reading the active fingerprint") as session:
            return versioning.active_fingerprint(session)

    def versions(self) -> list[VersionInfo]:
        """Every stored version, newest first."""
        with self._unit("listing knowledge versions") as session:
            return versioning.list_versions(session)

    def activate(self, version_id: int) -> None:
        """Make a stored version the active one (rollback); StoreError for an unknown id."""
        with self._unit(f"activating knowledge version {version_id}") as session:
            versioning.require_version(session, version_id)
            versioning.make_active(session, version_id)

    def reload_lock(self) -> AbstractContextManager[None]:
        """Serialise reloads: raises ReloadInProgress at once if another holder has the lock.

        PostgreSQL: a session-level advisory lock on a dedicated connection, so it works across
        processes and hosts. SQLite: only a process-local lock (shared by every Database on the
        same file in this process); other processes are not excluded, and SQLite's own write
        locking merely serialises their save transactions, so two processes may still each
        complete a reload one after the other.
        """
        if self.dialect == POSTGRESQL:
            return postgres_reload_lock(self._engine)
        return local_reload_lock(self._local_lock)

    def polling_lock(self) -> AbstractContextManager[None]:
        """Held for as long as this replica long-polls the bot token; PollingTaken at once if another does.

        Telegram allows one getUpdates consumer per token (a second poller gets 409 Conflict).
        PostgreSQL: an advisory lock elects it among replicas (the server releases it if the
        holder dies). SQLite file: an flock on `<file>.polling.lock`, so a second process on the
        same file waits too (the kernel releases it if the holder dies). In-memory SQLite has
        one process by nature: a process-local lock.
        """
        if self.dialect == POSTGRESQL:
            return postgres_polling_lock(self._engine)
        return sqlite_polling_lock(self._engine, self._polling_lock)

    # -- query log -----------------------------------------------------------------------

    def record_turn(self, chat: str, data: dict[str, Any], text: str, found: bool, kind: str, ms: float) -> None:
        """Save a chat's new context and log its question in one transaction (one commit per question)."""
        with self._unit("recording a question") as session:
            context.set_context(session, chat, data)
            querylog.add_query(session, chat, text, found, kind, ms)

    def record_turns(self, turns: list[tuple[str, dict[str, Any], str, bool, str, float]]) -> None:
        """record_turn for many questions in one transaction: the last context per chat, every log row."""
        if not turns:
            return
        with self._unit("recording questions") as session:
            latest = {chat: data for chat, data, *_ in turns}
            for chat, data in latest.items():
                context.set_context(session, chat, data)
            querylog.add_queries(session, [(chat, text, found, kind, ms) for chat, _, text, found, kind, ms in turns])

    def log_query(self, chat: str, text: str, found: bool, kind: str, ms: float) -> None:
        """Record a question, whether it was answered, its answer kind and the time taken."""
        with self._unit("logging a query") as session:
            querylog.add_query(session, chat, text, found, kind, ms)

    def unanswered(
        self, limit: int = DEFAULT_UNANSWERED_LIMIT, since: datetime | None = None
    ) -> list[tuple[str, int]]:
        """(text, times asked) of not-found questions: most frequent first, ties by latest."""
        with self._unit("reading unanswered questions") as session:
            return querylog.unanswered(session, limit, since)

    # -- chat context --------------------------------------------------------------------

    def get_context(self, chat: str) -> dict[str, Any] | None:
        """The chat's conversation context, None when there is none."""
        with self._unit("reading a chat context") as session:
            return context.get_context(session, chat)

    def set_context(self, chat: str, data: dict[str, Any]) -> None:
        """Insert or replace the chat's conversation context (a JSON-serialisable dict)."""
        with self._unit("saving a chat context") as session:
            context.set_context(session, chat, data)

    # -- internals -----------------------------------------------------------------------

    @contextmanager
    def _unit(self, doing: str) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on error, SQLAlchemy errors as StoreError."""
        try:
            with self._one_at_a_time, self._sessions.begin() as session:
                yield session
        except SQLAlchemyError as exc:
            raise StoreError(f"{doing} failed: {exc}") from exc
