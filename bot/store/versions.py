"""The versions table: create, activate, list and prune knowledge versions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.domain import FileInfo, Knowledge
from bot.store.errors import StoreError
from bot.store.fingerprint import fingerprint
from bot.store.models import ACTIVE, INACTIVE, Version
from bot.store.snapshot import counts_of, load_files

DEFAULT_KEEP = 10


@dataclass(frozen=True)
class VersionInfo:
    """What an admin sees of one stored knowledge version."""

    id: int
    created_at: datetime  # aware, UTC
    loaded_by: str
    active: bool
    counts: dict[str, int]
    files: list[FileInfo]
    report: str
    fingerprint: str


def create_version(session: Session, knowledge: Knowledge, loaded_by: str, report: str) -> int:
    """Insert an inactive versions row describing the snapshot; returns its new id."""
    version = Version(
        loaded_by=loaded_by,
        status=INACTIVE,
        report=report,
        counts=counts_of(knowledge),
        fingerprint=fingerprint(knowledge.files),
    )
    session.add(version)
    session.flush()
    return version.id


def require_version(session: Session, version_id: int) -> None:
    """Raise StoreError unless the version exists."""
    if session.get(Version, version_id) is None:
        raise StoreError(f"unknown knowledge version {version_id}")


def still_stored(session: Session, version_id: int) -> bool:
    """True when the version's row still exists, checked with a fresh statement.

    Each statement of a read may see a newer database than the one before (PostgreSQL's READ
    COMMITTED; SQLite reads outside a write), so a version that a concurrent save prunes can be
    read in part. A version is saved whole in one transaction and its id is never reused: if its
    row still exists after every part was read, every part was read whole.
    """
    return session.scalars(select(Version.id).where(Version.id == version_id)).first() is not None


def make_active(session: Session, version_id: int) -> None:
    """Make the version the only active one."""
    # Deactivate first: the one-active unique index is checked statement by statement.
    session.execute(
        update(Version).where(Version.status == ACTIVE, Version.id != version_id).values(status=INACTIVE)
    )
    session.execute(update(Version).where(Version.id == version_id).values(status=ACTIVE))


def prune(session: Session, keep: int) -> None:
    """Delete versions older than the newest `keep` ones, except the active one and the one before it
    (where a plain rollback goes); their rows go by cascade."""
    newest = list(session.scalars(select(Version.id).order_by(Version.id.desc()).limit(keep)))
    kept = [*newest, *_active_and_previous(session)]
    session.execute(
        delete(Version)
        .where(Version.status != ACTIVE, Version.id.not_in(kept))
        .execution_options(synchronize_session=False)
    )


def _active_and_previous(session: Session) -> list[int]:
    """The active version's id and the newest id older than it (none when nothing is active)."""
    active = active_version_id(session)
    if active is None:
        return []
    previous = session.scalars(select(Version.id).where(Version.id < active).order_by(Version.id.desc())).first()
    return [active] if previous is None else [active, previous]


def versions_with_fingerprint(session: Session, fingerprint_: str) -> list[int]:
    """Ids of the stored versions made from exactly these files, newest first."""
    return list(
        session.scalars(select(Version.id).where(Version.fingerprint == fingerprint_).order_by(Version.id.desc()))
    )


def active_version_id(session: Session) -> int | None:
    """The id of the active version, None when nothing was saved yet."""
    return session.scalars(select(Version.id).where(Version.status == ACTIVE)).first()


def identity(session: Session, version_id: int) -> str | None:
    """What tells this version apart from any other, here or in another database: its id, when it
    was saved and its files' fingerprint (None for an unknown id). A saved version never changes."""
    row = session.execute(select(Version.created_at, Version.fingerprint).where(Version.id == version_id)).first()
    return None if row is None else f"{version_id}|{row[0].isoformat()}|{row[1]}"


def active_fingerprint(session: Session) -> str | None:
    """The content fingerprint of the active version."""
    return session.scalars(select(Version.fingerprint).where(Version.status == ACTIVE)).first()


def list_versions(session: Session) -> list[VersionInfo]:
    """All stored versions, newest first, with their files."""
    versions: Sequence[Version] = session.scalars(select(Version).order_by(Version.id.desc())).all()
    files = load_files(session, [v.id for v in versions])
    return [_info(v, files[v.id]) for v in versions]


def _info(version: Version, files: list[FileInfo]) -> VersionInfo:
    """A VersionInfo from a versions row."""
    return VersionInfo(
        id=version.id,
        created_at=version.created_at,
        loaded_by=version.loaded_by,
        active=version.status == ACTIVE,
        counts=dict(version.counts),
        files=files,
        report=version.report,
        fingerprint=version.fingerprint,
    )
