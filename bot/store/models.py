"""Table definitions: one knowledge version per `versions` row, its contents in child tables."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Dialect,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ACTIVE = "active"
INACTIVE = "inactive"
VERSION_STATUSES = (ACTIVE, INACTIVE)

# Deterministic constraint names, so a later migration can refer to them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back as an aware UTC datetime.

    SQLite has no time zone support, so there the value is stored naive (but in UTC).
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Normalise to UTC; naive values are taken to be UTC already."""
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Attach UTC to naive values (SQLite) and convert aware ones (PostgreSQL)."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base of every store table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: dict[Any, Any] = {datetime: UTCDateTime, float: Double}


class Version(Base):
    """One saved knowledge snapshot; exactly one row at most is active."""

    __tablename__ = "versions"
    __table_args__ = (
        CheckConstraint(f"status IN ('{ACTIVE}', '{INACTIVE}')", name="status"),
        # The database itself guarantees there is never more than one active version.
        Index(
            "ux_versions_one_active",
            "status",
            unique=True,
            sqlite_where=text(f"status = '{ACTIVE}'"),
            postgresql_where=text(f"status = '{ACTIVE}'"),
        ),
        # Never reuse the id of a deleted version: replicas poll ids to notice changes.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    loaded_by: Mapped[str] = mapped_column(String)
    status: Mapped[str] = mapped_column(String(16))
    report: Mapped[str] = mapped_column(Text)
    counts: Mapped[dict[str, int]] = mapped_column(JSON)
    fingerprint: Mapped[str] = mapped_column(String(64))


class VersionRow:
    """Columns shared by every table holding part of a version.

    The primary key (version_id, ordinal) doubles as the index on version_id, and the ordinal
    keeps the snapshot's tuple order.
    """

    version_id: Mapped[int] = mapped_column(
        ForeignKey("versions.id", ondelete="CASCADE"), primary_key=True
    )
    ordinal: Mapped[int] = mapped_column(primary_key=True)


class VersionFile(VersionRow, Base):
    """A file that went into a version (FileInfo)."""

    __tablename__ = "version_files"

    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)


class FileContent(Base):
    """The bytes of a loaded knowledge file, stored once per content (version_files names it by sha256).

    Kept so a rollback can put a replaced or removed file back into the knowledge directory; a
    content no stored version names is deleted when versions are pruned.
    """

    __tablename__ = "file_contents"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class DirectoryLoad(Base):
    """The fingerprint a knowledge directory's files had when it was last loaded or restored.

    Autoload compares the directory with this, not with the active version: after a rollback
    the directory may differ from the active version without having changed.
    """

    __tablename__ = "directory_loads"

    directory: Mapped[str] = mapped_column(Text, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utc_now)


class SourceRow(VersionRow, Base):
    """A Source of a version."""

    __tablename__ = "sources"
    __table_args__ = (Index("uq_sources_version_id_id", "version_id", "id", unique=True),)

    id: Mapped[str] = mapped_column(String)
    title: Mapped[str] = mapped_column(Text)
    city: Mapped[str] = mapped_column(String)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    session: Mapped[int | None] = mapped_column(Integer)
    as_of: Mapped[str] = mapped_column(String)
    sha256: Mapped[str] = mapped_column(String(64))


class SpeakerRow(VersionRow, Base):
    """A Speaker of a version."""

    __tablename__ = "speakers"

    source_id: Mapped[str] = mapped_column(String)
    name: Mapped[str] = mapped_column(String)
    title: Mapped[str] = mapped_column(String)
    department: Mapped[str] = mapped_column(String)
    role: Mapped[str] = mapped_column(String)


class PassageRow(VersionRow, Base):
    """A Passage of a version."""

    __tablename__ = "passages"

    id: Mapped[str] = mapped_column(String)
    source_id: Mapped[str] = mapped_column(String)
    position: Mapped[int] = mapped_column(Integer)
    line: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String)
    department: Mapped[str] = mapped_column(String)
    speaker: Mapped[str] = mapped_column(String)
    project: Mapped[str] = mapped_column(String)
    heading: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)


class FigureRow(VersionRow, Base):
    """A Figure of a version."""

    __tablename__ = "figures"

    id: Mapped[str] = mapped_column(String)
    source_id: Mapped[str] = mapped_column(String)
    department: Mapped[str] = mapped_column(String)
    project: Mapped[str] = mapped_column(String)
    indicator: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String)
    value: Mapped[float]
    unit: Mapped[str] = mapped_column(String)
    as_of: Mapped[str] = mapped_column(String)
    county: Mapped[str] = mapped_column(String)
    sentence: Mapped[str] = mapped_column(Text)
    line: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(String)
    curated: Mapped[bool] = mapped_column(Boolean)
    group: Mapped[str] = mapped_column(String)
    group_total: Mapped[float | None]


class AliasRow(VersionRow, Base):
    """An (alias, canonical) pair of a version."""

    __tablename__ = "aliases"

    alias: Mapped[str] = mapped_column(String)
    canonical: Mapped[str] = mapped_column(String)


class WarningRow(VersionRow, Base):
    """A warning (Problem) reported when the version was built."""

    __tablename__ = "version_warnings"

    path: Mapped[str] = mapped_column(Text)
    line: Mapped[int] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String)


class QueryLogRow(Base):
    """One question asked, whether it was answered, and how long answering took."""

    __tablename__ = "query_log"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utc_now, index=True)
    chat: Mapped[str] = mapped_column(String)
    text: Mapped[str] = mapped_column(Text)
    found: Mapped[bool] = mapped_column(Boolean)
    kind: Mapped[str] = mapped_column(String)
    ms: Mapped[float]


class ChatContextRow(Base):
    """The conversation context of one chat, as JSON text."""

    __tablename__ = "chat_context"

    chat: Mapped[str] = mapped_column(String, primary_key=True)
    data: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)
