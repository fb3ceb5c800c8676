"""/figures 关键词: a compact list of matching figures with value, as-of date and speaker."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from bot.tg import addressing
from bot.tg.core import core_of
from bot.tg.render import escape, figures_html
from bot.tg.replies import send_html

USAGE = "用法：/figures 关键词，例如 /figures 棚户区改造"
NONE_FOUND = "没有找到与“{keyword}”相关的数字。可以换个说法，或用 /topics 浏览。"


async def on_figures(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the figures the core finds for a keyword."""
    message = update.effective_message
    keyword = addressing.command_argument(message)
    if not keyword:
        await message.reply_text(USAGE)
        return
    figures = await core_of(context).figures(keyword)
    if not figures:
        await send_html(message.reply_text, escape(NONE_FOUND.format(keyword=keyword)))
        return
    await send_html(message.reply_text, figures_html(f"“{keyword}”相关数字（{len(figures)}条）", figures))


def handlers() -> list:
    """The handlers of this module."""
    return [CommandHandler("figures", on_figures)]
