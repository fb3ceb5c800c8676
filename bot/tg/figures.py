"""/figures 关键词: the matching figures with value, as-of date and speaker, and buttons that send
the same rows as a CSV or Excel document (bot/tg/desk.py)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from bot.tg import addressing
from bot.tg.core import core_of
from bot.tg.desk import export_keyboard
from bot.tg.render import escape, figures_html
from bot.tg.replies import send_html

USAGE = "用法：/figures 关键词，例如 /figures 棚户区改造"
NONE_FOUND = "没有找到与“{keyword}”相关的数字。可以换个说法，或用 /topics 浏览。"
# Lines in the message; the CSV and Excel documents hold every row.
SHOWN = 30


async def on_figures(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the figures the desk finds for a keyword, with CSV and Excel buttons."""
    message = update.effective_message
    keyword = addressing.command_argument(message)
    if not keyword:
        await message.reply_text(USAGE)
        return
    core = core_of(context)
    rows = await core.quick(lambda: core.service.desk().rows(keyword))
    if not rows:
        await send_html(message.reply_text, escape(NONE_FOUND.format(keyword=keyword)))
        return
    title = f"“{keyword}”相关数字（{len(rows)}条" + (f"，前{SHOWN}条如下，全部见 CSV / Excel）" if len(rows) > SHOWN else "）")
    await send_html(message.reply_text, figures_html(title, rows[:SHOWN]), export_keyboard(context.chat_data, keyword))


def handlers() -> list:
    """The handlers of this module."""
    return [CommandHandler("figures", on_figures)]
