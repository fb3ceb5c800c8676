"""The one error handler: log once with the update id, apologise where there is a chat, go on."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import NetworkError, TelegramError
from telegram.ext import ContextTypes

log = logging.getLogger(__name__)

APOLOGY = "抱歉，处理这条消息时出了点问题，请稍后再试。"


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error; tell the user something went wrong if we know where they are."""
    if update is None and isinstance(context.error, NetworkError):
        # Fetching updates failed; PTB's polling loop retries with back-off. One line, no trace.
        log.warning("polling: %s (retrying)", context.error)
        return
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("update %s failed", update_id, exc_info=context.error)
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat is None:
        return
    try:
        await context.bot.send_message(chat.id, APOLOGY)
    except TelegramError as exc:
        log.warning("could not apologise in chat %s: %s", chat.id, exc)
