"""The reporters' desk in Telegram: /chart, /brief, /changes, /county, the CSV/Excel buttons under
/figures, and /check for admins. Each handler is thin: the desk (bot/desk) makes rows, charts and
reports; heavy work (a chart, a workbook) runs off the event loop."""

from __future__ import annotations

import re

from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.desk import DeskError
from bot.desk.chart import ChartError
from bot.tg import addressing, callbacks
from bot.tg.admin import admin_only
from bot.tg.core import core_of
from bot.tg.render import escape, sections_html
from bot.tg.replies import Send, send_html

EXPORT = "x"  # callback kind: send the rows of a /figures keyword as a document
EXPORTS = {"csv": ("CSV", "text/csv"), "xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
CHART_USAGE = "用法：/chart 关键词，例如 /chart 凤凰山大桥"
COUNTY_USAGE = "用法：/county 县区名，例如 /county 丰宁"
DRAWING = "正在生成图表…"
EXPIRED = "这个按钮已过期，请重新发送 /figures 关键词。"
# Telegram: a photo caption is at most 1,024 characters.
CAPTION_LIMIT = 1024
_MONTH = re.compile(r"^\d{4}-\d{1,2}$")


def export_keyboard(chat_data, keyword: str) -> InlineKeyboardMarkup:
    """The "CSV" and "Excel" buttons under a /figures list."""
    return InlineKeyboardMarkup([[callbacks.button(chat_data, label, EXPORT, (keyword, fmt))
                                  for fmt, (label, _) in EXPORTS.items()]])


async def on_export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A CSV/Excel button: the same rows as the list above it, as a document."""
    query = update.callback_query
    payload = await callbacks.pressed(query, context.chat_data, EXPIRED)
    if payload is None:
        return
    keyword, fmt = payload
    core = core_of(context)
    data = await core.heavy(_export, core, keyword, fmt)
    await context.bot.send_document(query.message.chat.id, InputFile(data, filename=f"数字-{_safe(keyword)}.{fmt}"),
                                    caption=f"“{keyword}”相关数字（{EXPORTS[fmt][0]}）")


def _export(core, keyword: str, fmt: str) -> bytes:
    from bot.desk.export import render

    return render(core.service.desk().rows(keyword), fmt)


def _safe(keyword: str) -> str:
    """A file-name part: letters, digits and CJK only."""
    return re.sub(r"[^\w]+", "_", keyword)[:30].strip("_") or "all"


async def on_chart(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/chart 关键词: "正在生成图表…", then the chart as a photo."""
    message = update.effective_message
    keyword = addressing.command_argument(message)
    if not keyword:
        await message.reply_text(CHART_USAGE)
        return
    await message.reply_text(DRAWING)
    core = core_of(context)
    try:
        title, footer, png = await core.heavy(_chart, core, keyword)
    except ChartError as error:
        await message.reply_text(str(error))
        return
    await message.reply_photo(InputFile(png, filename="chart.png"), caption=f"{title}\n{footer}"[:CAPTION_LIMIT])


def _chart(core, keyword: str) -> tuple[str, str, bytes]:
    desk = core.service.desk()
    plan = desk.chart_plan(keyword)
    return plan.title, "\n".join(plan.footer), desk.chart_png(plan)


async def on_brief(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/brief [YYYY-MM | 发布会名称]: a conference's brief (default: the latest)."""
    argument = addressing.command_argument(update.effective_message)
    month = argument if _MONTH.match(argument) else None
    source = argument if argument and not month else None
    await _report(update, context, lambda desk: desk.brief(source=source, month=month))


async def on_changes(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/changes [YYYY-MM]: what moved between the latest conferences (or since that month)."""
    since = addressing.command_argument(update.effective_message) or None
    await _report(update, context, lambda desk: desk.changes(since=since))


async def on_county(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/county 丰宁: everything the conferences said about a county."""
    name = addressing.command_argument(update.effective_message)
    if not name:
        await update.effective_message.reply_text(COUNTY_USAGE)
        return
    await _report(update, context, lambda desk: desk.county(name))


@admin_only
async def on_check(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/check: the consistency report of the knowledge being served."""
    await _report(update, context, lambda desk: desk.consistency())


async def _report(update: Update, context: ContextTypes.DEFAULT_TYPE, make) -> None:
    """Build a desk report off the event loop and send it a section at a time (or why there is none)."""
    core = core_of(context)
    send: Send = update.effective_message.reply_text
    try:
        sections = await core.heavy(lambda: make(core.service.desk()))
    except DeskError as error:
        await send_html(send, escape(str(error)))
        return
    for html in sections_html(sections):
        await send_html(send, html)


def handlers() -> list:
    """The handlers of this module."""
    return [
        CommandHandler("chart", on_chart),
        CommandHandler("brief", on_brief),
        CommandHandler("changes", on_changes),
        CommandHandler("county", on_county),
        CommandHandler("check", on_check),
        CallbackQueryHandler(on_export, pattern=callbacks.pattern(EXPORT)),
    ]
