"""Sending HTML that may be longer than one message: split, skip blank parts, keyboard on the last."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode

from bot.tg.render import split_html

Send = Callable[..., Awaitable[Message]]


async def send_html(send: Send, html: str, markup: InlineKeyboardMarkup | None = None) -> Message | None:
    """Send `html` in as many messages as it needs with `send` (e.g. message.reply_text)."""
    parts = [chunk for chunk in split_html(html) if chunk.strip()]  # Telegram refuses blank text
    sent = None
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        sent = await send(part, parse_mode=ParseMode.HTML, reply_markup=markup if last else None)
    return sent


def to_chat(bot: Bot, chat_id: int) -> Send:
    """A `send` that posts to a chat without quoting anything."""
    return functools.partial(bot.send_message, chat_id)
