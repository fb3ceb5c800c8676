"""Questions and the everyday commands: /start, /help, /ask, /source, and the option buttons."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import MutableMapping, Sequence
from typing import TYPE_CHECKING, Any

from telegram import Bot, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler

from bot.tg import addressing, callbacks
from bot.tg.core import core_of
from bot.tg.render import answer_html, escape, source_html
from bot.tg.replies import Send, send_html, to_chat

if TYPE_CHECKING:
    from bot.qa.answer import Answer, Option

log = logging.getLogger(__name__)

ASK = "a"  # callback kind: ask the stored question
LAST_ANSWER = "last_answer"  # chat_data key: the Answer /source expands
EXAMPLES = 3
# A pause people notice in a chat; answers faster than this arrive without "typing…".
TYPING_DELAY = 0.3
DEPARTMENTS_SHOWN = 8

HELP = """<b>怎么用</b>
• 私聊里直接发问题，例如“棚户区改造开工了多少套？”；可以接着追问“那基本建成呢？”。
• 群里用 /ask 问题，或者 @我 再写问题，或者回复我的消息。
• /topics 按部门浏览各项民生工程和数字
• /figures 关键词 列出相关数字（数值、截至日期、发言人），可下载 CSV / Excel
• /chart 关键词 画图：进度与目标、按月变化或按县区
• /brief 发布会简报（/brief 2021-05 指定月份）；/changes 与上次相比的变化
• /county 县区名 某个县区的全部项目和数字
• /source 查看上一条回答所依据的发布会原文
• 在任意聊天的输入框里打 @{username} 关键词，可以直接挑一条数字发出去。
回答只依据已收录的新闻发布会实录；找不到时我会直说，并给出最接近的话题。"""
ASK_USAGE = "用法：/ask 问题，例如 /ask 棚户区改造开工了多少套？"
EMPTY_MENTION = "请在 @我 后面写上问题，例如“@{username} 棚改开工了多少套？”"
NO_SOURCE = "还没有可以查看原文的回答，先问我一个问题吧。"
EXPIRED = "这个按钮已过期，请重新提问。"


async def on_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A private message, a mention or a reply to the bot: answer it."""
    message = update.effective_message
    question = addressing.question_text(message)
    if not question:
        await message.reply_text(EMPTY_MENTION.format(username=context.bot.username))
        return
    await respond(context, message.chat_id, question, message.reply_text)


async def on_ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask 问题: the way to ask in a group."""
    message = update.effective_message
    question = addressing.command_argument(message)
    if not question:
        await message.reply_text(ASK_USAGE)
        return
    await respond(context, message.chat_id, question, message.reply_text)


async def on_option(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A "did you mean" / example button: ask its question in the same chat."""
    query = update.callback_query
    payload = await callbacks.pressed(query, context.chat_data, EXPIRED)
    if payload is None:
        return
    await respond(context, query.message.chat.id, payload[0], to_chat(context.bot, query.message.chat.id))


async def respond(context: ContextTypes.DEFAULT_TYPE, chat_id: int, question: str, send: Send) -> None:
    """Get the core's answer for this chat (typing… if it is slow) and send it with option buttons."""
    answer = await _answer_with_typing(context, chat_id, question)
    context.chat_data[LAST_ANSWER] = answer
    await send_html(send, answer_html(answer), option_keyboard(context.chat_data, answer.options))


async def _answer_with_typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int, question: str) -> Answer:
    """Ask the core; show "typing…" only once the answer has taken longer than TYPING_DELAY.

    Most answers take a few milliseconds, and an indicator that the reply replaces at once
    shows nothing; it would also spend a request of the ~30/s Telegram allows a bot.
    """
    pending = asyncio.ensure_future(core_of(context).ask(str(chat_id), question))
    done, _ = await asyncio.wait({pending}, timeout=TYPING_DELAY)
    if not done:
        await _typing(context.bot, chat_id)  # awaited, so it can never arrive after the answer
    return await pending


async def _typing(bot: Bot, chat_id: int) -> None:
    """Best effort: a failed chat action must not cost the answer."""
    try:
        await bot.send_chat_action(chat_id, ChatAction.TYPING)
    except TelegramError as exc:
        log.debug("typing indicator failed: %s", exc)


def option_keyboard(chat_data: MutableMapping[str, Any], options: Sequence[Option]) -> InlineKeyboardMarkup | None:
    """One button per option, each asking the option's query."""
    if not options:
        return None
    return question_keyboard(chat_data, [(o.label, o.query) for o in options])


def question_keyboard(chat_data: MutableMapping[str, Any], pairs: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup:
    """One button per (label, question) row."""
    return InlineKeyboardMarkup([[callbacks.button(chat_data, label, ASK, (q,))] for label, q in pairs])


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: what the bot covers and three example questions as buttons."""
    core = core_of(context)
    status = await core.quick(core.service.status)
    topics = await core.topics()
    if not topics:
        await update.effective_message.reply_text("你好！知识库目前还是空的，请管理员上传新闻发布会材料后再来。")
        return
    departments = "、".join(list(topics)[:DEPARTMENTS_SHOWN]) + ("等" if len(topics) > DEPARTMENTS_SHOWN else "")
    text = (
        "你好！我根据民生工程推进情况新闻发布会的实录回答问题：计划目标、完成进度、具体数字，以及是谁在发布会上说的。\n"
        f"目前收录 {status.sources} 场发布会、{status.figures} 个数字，涉及{escape(departments)}。\n"
        "直接把问题发给我；在群里请用 /ask 问题 或 @我。也可以试试：\n"
    )
    questions = await core.examples(EXAMPLES)
    await send_html(update.effective_message.reply_text, text, question_keyboard(context.chat_data, [(q, q) for q in questions]))


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: how to ask, in private and in groups."""
    await update.effective_message.reply_text(HELP.format(username=context.bot.username), parse_mode=ParseMode.HTML)


async def on_source(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/source: the full passage behind the last answer in this chat."""
    answer = context.chat_data.get(LAST_ANSWER)
    if answer is None or not (answer.passage or answer.sources):
        await update.effective_message.reply_text(NO_SOURCE)
        return
    await send_html(update.effective_message.reply_text, source_html(answer))


def handlers() -> list:
    """The handlers of this module, in the order they should be tried."""
    return [
        CommandHandler("start", on_start),
        CommandHandler("help", on_help),
        CommandHandler("ask", on_ask),
        CommandHandler("source", on_source),
        MessageHandler(addressing.PRIVATE_QUESTION | addressing.GROUP_QUESTION, on_question),
        CallbackQueryHandler(on_option, pattern=callbacks.pattern(ASK)),
    ]
