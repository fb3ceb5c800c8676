"""The query log: every question asked, and which ones the bot could not answer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from bot.store.models import QueryLogRow, utc_now


def add_query(session: Session, chat: str, text: str, found: bool, kind: str, ms: float) -> None:
    """Record one question and how it was answered."""
    # The table, not the mapped class: a Core insert skips the ORM's bulk-persistence path,
    # which was most of the cost of logging a question.
    session.execute(
        insert(QueryLogRow.__table__).values(at=utc_now(), chat=chat, text=text, found=found, kind=kind, ms=ms)
    )


def add_queries(session: Session, rows: list[tuple[str, str, bool, str, float]]) -> None:
    """Record several questions with one statement."""
    at = utc_now()
    session.execute(
        insert(QueryLogRow.__table__),
        [{"at": at, "chat": chat, "text": text, "found": found, "kind": kind, "ms": ms} for chat, text, found, kind, ms in rows],
    )


def unanswered(session: Session, limit: int, since: datetime | None = None) -> list[tuple[str, int]]:
    """Texts of not-found questions with their counts: most frequent first, ties by most recent."""
    if limit <= 0:
        return []
    times = func.count().label("times")
    statement = (
        select(QueryLogRow.text, times)
        .where(QueryLogRow.found.is_(False))
        .group_by(QueryLogRow.text)
        # max(id) breaks ties between timestamps that are equal to the microsecond.
        .order_by(times.desc(), func.max(QueryLogRow.at).desc(), func.max(QueryLogRow.id).desc())
        .limit(limit)
    )
    if since is not None:
        statement = statement.where(QueryLogRow.at >= since)
    return [(text, int(count)) for text, count in session.execute(statement)]
