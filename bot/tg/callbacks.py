"""Short callback ids for inline buttons: the button carries an id, the chat keeps what it means.

Telegram limits callback_data to 64 bytes and shows it to any client that asks, so knowledge text
(department names, questions) never goes into it: a button carries `kind:id` and the payload
stays in chat_data under that id.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import MutableMapping
from typing import Any

from telegram import CallbackQuery, InlineKeyboardButton

CALLBACK_DATA_LIMIT = 64  # bytes, Bot API InlineKeyboardButton.callback_data
# Buttons remembered per chat; older ones answer "expired". A chat rarely has more than a few
# keyboards on screen, each of at most ~20 buttons.
REMEMBERED_PER_CHAT = 256
# Telegram clients cut long button labels anyway; this keeps a row readable on a phone.
LABEL_LIMIT = 40
_STORE_KEY = "callbacks"

Payload = tuple[str, ...]


def callback_id(kind: str, payload: Payload) -> str:
    """A stable short id for a payload (so showing the same keyboard twice reuses its ids)."""
    digest = hashlib.blake2b("\x1f".join((kind, *payload)).encode(), digest_size=5).hexdigest()
    return f"{kind}:{digest}"


def remember(chat_data: MutableMapping[str, Any], kind: str, payload: Payload) -> str:
    """Store a payload for this chat and return the callback_data that refers to it."""
    data = callback_id(kind, payload)
    store: OrderedDict[str, Payload] = chat_data.setdefault(_STORE_KEY, OrderedDict())
    store[data] = payload
    store.move_to_end(data)
    while len(store) > REMEMBERED_PER_CHAT:
        store.popitem(last=False)
    return data


def recall(chat_data: MutableMapping[str, Any] | None, data: str | None) -> Payload | None:
    """The payload behind a pressed button, or None when it expired or never existed."""
    if not chat_data or not data:
        return None
    return chat_data.get(_STORE_KEY, {}).get(data)


async def pressed(query: CallbackQuery, chat_data: MutableMapping[str, Any] | None, expired: str) -> Payload | None:
    """The payload of a pressed button, the press acknowledged; None (telling the user `expired`)
    when the button is no longer remembered or its message is gone."""
    payload = recall(chat_data, query.data)
    if payload is None or query.message is None:
        await query.answer(expired)
        return None
    await query.answer()
    return payload


def button(chat_data: MutableMapping[str, Any], label: str, kind: str, payload: Payload) -> InlineKeyboardButton:
    """An inline button whose press is looked up in this chat's store."""
    return InlineKeyboardButton(shorten(label), callback_data=remember(chat_data, kind, payload))


def pattern(kind: str) -> str:
    """The CallbackQueryHandler pattern for one kind of button."""
    return rf"^{kind}:[0-9a-f]+$"


def shorten(label: str, limit: int = LABEL_LIMIT) -> str:
    """A button label of at most `limit` characters."""
    return label if len(label) <= limit else label[: limit - 1] + "…"
