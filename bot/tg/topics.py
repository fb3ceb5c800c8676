"""/topics: browse department → project → figures with inline keyboards, editing one message."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.tg import callbacks
from bot.tg.core import core_of
from bot.tg.render import MESSAGE_LIMIT, escape, figure_line, utf16_len

if TYPE_CHECKING:
    from bot.domain import Figure

TOPIC = "t"  # callback kind: a path () | (department,) | (department, project)
# Telegram allows 100 buttons per keyboard; a phone screen shows about 20 rows comfortably.
BUTTONS_SHOWN = 30
BACK = "« 返回"
EMPTY = "知识库目前还是空的，请管理员上传新闻发布会材料。"
GONE = "这一项已不在当前知识库中（知识库刚更新过），请从头浏览。"

Topics = dict[str, dict[str, list["Figure"]]]
View = tuple[str, InlineKeyboardMarkup | None]


async def on_topics(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/topics: the list of departments."""
    text, markup = view(context.chat_data, await core_of(context).topics(), ())
    await update.effective_message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def on_topic_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A department, project or back button: show that level in place."""
    query = update.callback_query
    path = callbacks.recall(context.chat_data, query.data)
    if path is None or query.message is None:
        await query.answer("这个按钮已过期，请重新发送 /topics。")
        return
    await query.answer()
    text, markup = view(context.chat_data, await core_of(context).topics(), path)
    try:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():  # pressing the same button twice is harmless
            raise


def view(chat_data: MutableMapping[str, Any], topics: Topics, path: tuple[str, ...]) -> View:
    """The text and keyboard for one level of the browser."""
    if not topics:
        return EMPTY, None
    if not path:
        return _departments(chat_data, topics)
    department, projects = path[0], topics.get(path[0])
    if projects is None:
        return _gone(chat_data)
    if len(path) == 1:
        return _projects(chat_data, department, projects)
    figures = projects.get(path[1])
    if figures is None:
        return _gone(chat_data)
    return _figures(chat_data, department, path[1], figures)


def _departments(chat_data: MutableMapping[str, Any], topics: Topics) -> View:
    rows = [
        [callbacks.button(chat_data, f"{name}（{len(projects)}项）", TOPIC, (name,))]
        for name, projects in list(topics.items())[:BUTTONS_SHOWN]
    ]
    return "<b>按部门浏览民生工程</b>\n选择一个部门：", InlineKeyboardMarkup(rows)


def _projects(chat_data: MutableMapping[str, Any], department: str, projects: dict[str, list[Figure]]) -> View:
    rows = [
        [callbacks.button(chat_data, f"{name}（{len(figures)}个数字）", TOPIC, (department, name))]
        for name, figures in list(projects.items())[:BUTTONS_SHOWN]
    ]
    rows.append([callbacks.button(chat_data, BACK, TOPIC, ())])
    return f"<b>{escape(department)}</b>\n选择一项工程：", InlineKeyboardMarkup(rows)


def _figures(chat_data: MutableMapping[str, Any], department: str, project: str, figures: list[Figure]) -> View:
    header = f"<b>{escape(project)}</b>（{escape(department)}）"
    back = InlineKeyboardMarkup([[callbacks.button(chat_data, BACK, TOPIC, (department,))]])
    lines = [f"• {escape(figure_line(f))}" for f in figures] or ["（这一项没有具体数字）"]
    return _fit(header, lines, more=f"…… 还有更多，可用 /figures {escape(project)} 查看全部。"), back


def _fit(header: str, lines: list[str], more: str) -> str:
    """Header and as many lines as fit in one message, with `more` when some were left out."""
    room = MESSAGE_LIMIT - utf16_len(more) - 1
    kept, size = [header], utf16_len(header)
    for line in lines:
        size += 1 + utf16_len(line)
        if size > room:
            return "\n".join([*kept, more])
        kept.append(line)
    return "\n".join(kept)


def _gone(chat_data: MutableMapping[str, Any]) -> View:
    return GONE, InlineKeyboardMarkup([[callbacks.button(chat_data, BACK, TOPIC, ())]])


def handlers() -> list:
    """The handlers of this module."""
    return [CommandHandler("topics", on_topics), CallbackQueryHandler(on_topic_button, pattern=callbacks.pattern(TOPIC))]
