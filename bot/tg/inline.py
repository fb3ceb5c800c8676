"""Inline mode: `@bot 棚改` offers matching figures, each sent as one quotable line."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes, InlineQueryHandler

from bot.tg.core import core_of
from bot.tg.render import escape, figure_line, format_value

if TYPE_CHECKING:
    from bot.domain import Figure

RESULTS = 20  # what a client shows without scrolling far; the Bot API allows at most 50
# Results are the same for everyone; a minute keeps Telegram's cache from outliving a reload long.
CACHE_SECONDS = 60


async def on_inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer an inline query with up to RESULTS figures."""
    query = update.inline_query
    keyword = query.query.strip()
    figures = (await core_of(context).figures(keyword))[:RESULTS] if keyword else []
    results = {a.id: a for a in map(article, figures)}  # Telegram refuses duplicate result ids
    await query.answer(list(results.values()), cache_time=CACHE_SECONDS, is_personal=False)


def article(figure: Figure) -> InlineQueryResultArticle:
    """One result: a short title, the value as description, the full line as the message."""
    line = figure_line(figure)
    return InlineQueryResultArticle(
        id=hashlib.blake2b(figure.id.encode() + line.encode(), digest_size=16).hexdigest(),  # ≤ 64 bytes
        title=" ".join(p for p in (figure.project, figure.indicator) if p) or line,
        description=f"{format_value(figure.value)}{figure.unit}　{figure.as_of}　{figure.speaker}".strip(),
        input_message_content=InputTextMessageContent(escape(line), parse_mode=ParseMode.HTML),
    )


def handlers() -> list:
    """The handlers of this module."""
    return [InlineQueryHandler(on_inline)]
