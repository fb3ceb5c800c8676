"""Per-chat conversation context, stored as JSON text and replaced whole on every update."""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.store.errors import StoreError
from bot.store.models import ChatContextRow, utc_now

log = logging.getLogger(__name__)

# Dialects with INSERT ... ON CONFLICT DO UPDATE, i.e. an atomic upsert.
_UPSERT_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def get_context(session: Session, chat: str) -> dict[str, Any] | None:
    """The chat's stored context, None when there is none (or it is unreadable)."""
    table = ChatContextRow.__table__
    payload = session.execute(select(table.c.data).where(table.c.chat == chat)).scalar()
    if payload is None:
        return None
    try:
        data = json.loads(payload)
    except ValueError:
        log.warning("ignoring unreadable context of chat %s", chat)
        return None
    return data if isinstance(data, dict) else None


def set_context(session: Session, chat: str, data: dict[str, Any]) -> None:
    """Insert or replace the chat's context."""
    payload = encode(data)
    dialect_insert = _UPSERT_INSERTS.get(session.get_bind().dialect.name)
    if dialect_insert is None:
        session.merge(ChatContextRow(chat=chat, data=payload, updated_at=utc_now()))
        return
    table = ChatContextRow.__table__  # Core statement: no ORM bulk-persistence overhead per question
    statement = dialect_insert(table).values(chat=chat, data=payload, updated_at=utc_now())
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[table.c.chat],
            set_={"data": statement.excluded.data, "updated_at": statement.excluded.updated_at},
        )
    )


def encode(data: dict[str, Any]) -> str:
    """The context as JSON text; StoreError when it is not a JSON-serialisable dict."""
    if not isinstance(data, dict):
        raise StoreError(f"chat context must be a dict, not {type(data).__name__}")
    try:
        return json.dumps(data, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise StoreError(f"chat context is not JSON-serialisable: {exc}") from exc
