"""Admin commands: /reload, /status, /unanswered, /versions, /rollback and knowledge uploads.

Only numeric ids in settings.admin_ids may use them, and only in a private chat (a reload
report in a group would show file paths to everyone). Work that changes the knowledge runs one
at a time in the background, so the admin's chat stays responsive and a second /reload while
one runs is told to wait; an update delivered twice does its work once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
import tempfile
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import CommandHandler, ContextTypes, MessageHandler, filters

from bot.tg import addressing, uploads
from bot.tg.core import core_of
from bot.tg.render import escape
from bot.tg.replies import send_html

if TYPE_CHECKING:
    from bot.store import VersionInfo

log = logging.getLogger(__name__)

REFUSED = "抱歉，这个功能只有管理员可以使用。"
PRIVATE_ONLY = "管理命令请在与我的私聊中使用。"
BUSY = "正在重新加载，请稍候。"
UNANSWERED_DEFAULT = 10
UNANSWERED_MAX = 50
VERSION_COUNTS = (("sources", "发布会"), ("figures", "数字"))
# Update ids remembered for de-duplication: Telegram redelivers recent updates, not old ones.
SEEN_UPDATES = 1024

Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


class AdminState:
    """The lock that serialises knowledge changes, and the updates already acted on."""

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self._seen: deque[int] = deque(maxlen=SEEN_UPDATES)

    def first_delivery(self, update_id: int) -> bool:
        """True the first time an update id is seen."""
        if update_id in self._seen:
            return False
        self._seen.append(update_id)
        return True

    async def idle(self) -> None:
        """Wait until no knowledge change is running."""
        async with self.lock:
            pass


def state_of(context: ContextTypes.DEFAULT_TYPE) -> AdminState:
    """The admin state installed by the application builder."""
    return context.bot_data["admin"]


def is_admin(user_id: int | None, admin_ids: frozenset[int]) -> bool:
    """Whether a user id is one of the configured admins (none configured: nobody is)."""
    return user_id is not None and user_id in admin_ids


def admin_only(handler: Handler) -> Handler:
    """Refuse politely unless an admin sends this in a private chat."""

    @functools.wraps(handler)
    async def guarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user = update.effective_user
        message = update.effective_message
        if not is_admin(user.id if user else None, core_of(context).settings.admin_ids):
            await message.reply_text(REFUSED)
        elif update.effective_chat.type != ChatType.PRIVATE:
            await message.reply_text(PRIVATE_ONLY)
        else:
            await handler(update, context)

    return guarded


async def _exclusive(update: Update, context: ContextTypes.DEFAULT_TYPE, job: Coroutine[Any, Any, None]) -> None:
    """Run a knowledge change in the background, one at a time, once per update."""
    state = state_of(context)
    if not state.first_delivery(update.update_id):
        job.close()
        log.info("update %s delivered again; already handled", update.update_id)
        return
    if state.lock.locked():
        job.close()
        await update.effective_message.reply_text(BUSY)
        return
    await state.lock.acquire()  # free, so this returns at once; released when the job ends
    context.application.create_task(_release_after(state.lock, job), update=update)


async def _release_after(lock: asyncio.Lock, job: Coroutine[Any, Any, None]) -> None:
    try:
        await job
    finally:
        lock.release()


@admin_only
async def on_reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reload: rebuild the knowledge from the knowledge directory."""
    await _exclusive(update, context, _reload(update, context))


async def _reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, core = update.effective_message, core_of(context)
    await message.reply_text("开始重新加载知识库……")
    report = await core.heavy(core.service.reload, loaded_by=f"telegram:{update.effective_user.id}")
    head = "✅ 知识库已重新加载。" if report.ok else "❌ 重新加载失败，仍在使用原来的知识。"
    await send_html(message.reply_text, escape(f"{head}\n{report.text()}"))


@admin_only
async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A file sent in a private chat: an admin's knowledge upload (refused for anyone else)."""
    document = update.effective_message.document
    problem = uploads.refusal(document.file_name, document.file_size, core_of(context).settings.max_upload_bytes)
    if problem:
        await update.effective_message.reply_text(problem)
        return
    await _exclusive(update, context, _install(update, context))


async def _install(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, core = update.effective_message, core_of(context)
    settings, document = core.settings, message.document
    await message.reply_text(f"收到 {document.file_name}，正在检查……")
    with tempfile.TemporaryDirectory(prefix="tg-upload-") as folder:
        candidate = Path(folder) / uploads.target_name(document.file_name, dt.datetime.now())
        await (await document.get_file()).download_to_drive(candidate)
        problem = uploads.refusal(document.file_name, candidate.stat().st_size, settings.max_upload_bytes)
        if problem:  # Telegram's file_size is optional; the real size decides
            await message.reply_text(problem)
            return
        loaded_by = f"telegram:{update.effective_user.id}"
        outcome = await core.heavy(uploads.install, core.service, settings.knowledge_dir, candidate, loaded_by)
    await send_html(message.reply_text, escape(outcome.text))


@admin_only
async def on_status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/status: knowledge version, counts, last reload, uptime."""
    core = core_of(context)
    status = await core.quick(core.service.status)
    await update.effective_message.reply_text(status_text(status, time.time()))


def status_text(status: Any, now: float) -> str:
    """The /status reply for a core Status."""
    version = f"#{status.version}" if status.version is not None else "（未加载）"
    last = _clock(status.last_reload) if status.last_reload else "从未"
    return (
        f"知识版本：{version}\n"
        f"发布会：{status.sources} 场；段落：{status.passages}；数字：{status.figures}\n"
        f"最近加载：{last}\n"
        f"已运行：{_duration(now - status.started)}\n"
        f"数据库：{status.database}"
    )


def _clock(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch).strftime("%Y-%m-%d %H:%M:%S")


def _duration(seconds: float) -> str:
    """'2天3小时4分' style, down to minutes ('不到1分钟' below that)."""
    minutes = int(seconds // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{n}{unit}" for n, unit in ((days, "天"), (hours, "小时"), (minutes, "分")) if n]
    return "".join(parts) or "不到1分钟"


@admin_only
async def on_unanswered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unanswered [N]: questions that found nothing, most frequent first."""
    arg = addressing.command_argument(update.effective_message)
    limit = min(int(arg), UNANSWERED_MAX) if arg.isdigit() and int(arg) > 0 else UNANSWERED_DEFAULT
    core = core_of(context)
    rows = await core.heavy(core.service.unanswered, limit)  # may wait for the database: not on the core thread
    if not rows:
        await update.effective_message.reply_text("最近没有答不上来的问题。")
        return
    lines = ["<b>答不上来的问题（按次数）</b>"] + [f"{count}×  {escape(text)}" for text, count in rows]
    await send_html(update.effective_message.reply_text, "\n".join(lines))


@admin_only
async def on_versions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/versions: stored knowledge versions, newest first."""
    core = core_of(context)
    versions = await core.heavy(core.service.versions)  # may wait for the database: not on the core thread
    if not versions:
        await update.effective_message.reply_text("还没有保存过知识版本。")
        return
    lines = ["<b>知识版本（新→旧）</b>"] + [escape(version_line(v)) for v in versions]
    await send_html(update.effective_message.reply_text, "\n".join(lines))


def version_line(version: VersionInfo) -> str:
    """One stored version: id, when (local time), by whom, how much, whether it is served."""
    when = version.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
    counts = "，".join(f"{label}{version.counts[key]}" for key, label in VERSION_COUNTS if key in version.counts)
    mark = "  ← 当前" if version.active else ""
    return f"#{version.id}  {when}  {version.loaded_by}  {counts}{mark}"


@admin_only
async def on_rollback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/rollback [N]: serve version N, or the one before the current."""
    arg = addressing.command_argument(update.effective_message).lstrip("#")
    if arg and not arg.isdigit():
        await update.effective_message.reply_text("用法：/rollback 或 /rollback 版本号（见 /versions）")
        return
    await _exclusive(update, context, _rollback(update, context, int(arg) if arg else None))


async def _rollback(update: Update, context: ContextTypes.DEFAULT_TYPE, version: int | None) -> None:
    core = core_of(context)
    try:
        target = await core.heavy(core.service.rollback, version)
    except (LookupError, ValueError) as exc:  # no earlier version, unknown id: the admin can act on it
        await update.effective_message.reply_text(f"无法回滚：{exc}")
        return
    await update.effective_message.reply_text(f"已回滚，现在使用知识版本 #{target}。")


def handlers() -> list:
    """The handlers of this module."""
    return [
        CommandHandler("reload", on_reload),
        CommandHandler("status", on_status),
        CommandHandler("unanswered", on_unanswered),
        CommandHandler("versions", on_versions),
        CommandHandler("rollback", on_rollback),
        MessageHandler(filters.ChatType.PRIVATE & filters.Document.ALL, on_document),
    ]
