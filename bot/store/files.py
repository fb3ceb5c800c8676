"""The contents of loaded knowledge files, and what each knowledge directory held when last loaded."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.store.models import DirectoryLoad, FileContent, VersionFile, utc_now

# Dialects with INSERT ... ON CONFLICT, i.e. an atomic upsert.
_UPSERT_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def store_contents(session: Session, contents: Mapping[str, bytes]) -> None:
    """Insert the contents (by sha256) that are not stored yet."""
    if not contents:
        return
    present = set(session.scalars(select(FileContent.sha256).where(FileContent.sha256.in_(list(contents)))))
    missing = [{"sha256": sha, "data": data} for sha, data in contents.items() if sha not in present]
    if missing:
        session.execute(FileContent.__table__.insert(), missing)


def version_contents(session: Session, version_id: int) -> dict[str, bytes | None]:
    """Each file of the version by name, with its bytes (None when they were never stored)."""
    statement = (
        select(VersionFile.path, FileContent.data)
        .outerjoin(FileContent, FileContent.sha256 == VersionFile.sha256)
        .where(VersionFile.version_id == version_id)
        .order_by(VersionFile.ordinal)
    )
    return {path: data for path, data in session.execute(statement)}


def stored_hashes(session: Session) -> set[str]:
    """The sha256 of every stored file content."""
    return set(session.scalars(select(FileContent.sha256)))


def drop_unused_contents(session: Session) -> None:
    """Delete contents no stored version names (after versions were pruned)."""
    session.execute(
        delete(FileContent)
        .where(FileContent.sha256.not_in(select(VersionFile.sha256)))
        .execution_options(synchronize_session=False)
    )


def last_load(session: Session, directory: str) -> str | None:
    """The fingerprint the directory had when it was last loaded or restored."""
    return session.scalars(select(DirectoryLoad.fingerprint).where(DirectoryLoad.directory == directory)).first()


def record_load(session: Session, directory: str, fingerprint: str) -> None:
    """Remember the directory's fingerprint (replicas starting together may race: an upsert)."""
    dialect_insert = _UPSERT_INSERTS.get(session.get_bind().dialect.name)
    if dialect_insert is None:
        session.merge(DirectoryLoad(directory=directory, fingerprint=fingerprint, at=utc_now()))
        return
    table = DirectoryLoad.__table__
    statement = dialect_insert(table).values(directory=directory, fingerprint=fingerprint, at=utc_now())
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[table.c.directory],
            set_={"fingerprint": statement.excluded.fingerprint, "at": statement.excluded.at},
        )
    )
