"""Composition root of the Telegram front end: build the Application, run it by polling or webhook."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from telegram import BotCommand, BotCommandScopeChat, LinkPreviewOptions, Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, BaseRateLimiter, Defaults

from bot.config import ConfigError
from bot.desk.png import prepare as prepare_charts
from bot.store import PollingTaken
from bot.tg import admin, desk, errors, figures, flood, handlers, health, inline, logs, topics, webhook
from bot.tg.admin import AdminState
from bot.tg.core import Core, core_of, install
from bot.tg.flood import FloodGate
from bot.tg.processor import PerChatUpdateProcessor
from bot.tg.retry import RetryingRateLimiter

if TYPE_CHECKING:
    from collections.abc import Callable

    from telegram.request import BaseRequest

    from bot.config import Settings
    from bot.service import Service

log = logging.getLogger(__name__)

# A 429 names how long to wait; three waits ride out a burst without hiding a real outage.
RATE_LIMIT_RETRIES = 3
# Updates handled at once (different chats run concurrently; one chat's run in order).
MAX_CONCURRENT_UPDATES = 16
# httpcore checks every pooled connection for each request; with PTB's default of 256 that
# scan was most of the bot's CPU under load (bench/bench_telegram.py, profiled). Sixteen
# connections carry Telegram's ~30 messages/s with room to spare.
BOT_API_CONNECTIONS = 16
# With every connection busy a request waits for one rather than failing at once.
POOL_TIMEOUT_SECONDS = 10.0
# Long-poll length for getUpdates: Telegram holds the request up to this long when idle.
POLL_TIMEOUT_SECONDS = 30
# PTB's own start-up retries; _reach_bot_api has already initialised the bot by then.
BOOTSTRAP_RETRIES = 10
# Waits between attempts to reach the Bot API at start: doubling from 1 s to at most 60 s, so a
# short outage costs seconds and a long one a request a minute. A rejected token is not retried.
FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 60.0
TELEGRAM_API = "https://api.telegram.org/bot"
# What stops run_polling/run_webhook (PTB's defaults on POSIX); they stop the retries too.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# A waiting replica retries the polling lock every few refresh intervals: a dead poller's lock
# is released by PostgreSQL at once, so this is how long a takeover may take.
POLLING_RETRY_FACTOR = 5
# See _share_the_gil.
GIL_SWITCH_SECONDS = 0.001
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]

USER_COMMANDS = [
    BotCommand("start", "开始使用与示例问题"),
    BotCommand("help", "使用说明"),
    BotCommand("ask", "提问（群聊中用 /ask 问题）"),
    BotCommand("topics", "按部门浏览民生工程"),
    BotCommand("figures", "按关键词查数字（可下载 CSV / Excel）"),
    BotCommand("chart", "按关键词画图"),
    BotCommand("brief", "发布会简报"),
    BotCommand("changes", "与上次发布会相比的变化"),
    BotCommand("county", "某个县区的全部数字"),
    BotCommand("source", "查看上一条回答的原文"),
]
ADMIN_COMMANDS = [
    BotCommand("reload", "重新加载知识库"),
    BotCommand("status", "运行状态"),
    BotCommand("unanswered", "答不上来的问题"),
    BotCommand("versions", "知识版本"),
    BotCommand("rollback", "回滚知识版本"),
    BotCommand("check", "数字一致性检查"),
]


def token_missing_message() -> str:
    """What to tell someone who starts the bot without a token (the CLI prints it instead of starting)."""
    return (
        "没有设置 TELEGRAM_BOT_TOKEN，Telegram 机器人无法启动。\n"
        "  1. 在 Telegram 里找 @BotFather，发送 /newbot，按提示取得 token；\n"
        "  2. export TELEGRAM_BOT_TOKEN=123456:ABC...（或写进当前目录的 .env 文件）；\n"
        "  3. 再运行 python -m bot run。\n"
        "不用 token 也可以在终端里提问：python -m bot chat\n"
        "\n"
        "TELEGRAM_BOT_TOKEN is not set, so the Telegram bot cannot start.\n"
        "  1. In Telegram, talk to @BotFather, send /newbot and copy the token it gives you;\n"
        "  2. export TELEGRAM_BOT_TOKEN=123456:ABC... (or put it in a .env file in this directory);\n"
        "  3. run python -m bot run again.\n"
        "To ask questions without a token, in the terminal: python -m bot chat"
    )


def build_application(
    settings: Settings,
    service: Service,
    *,
    request: Callable[[], BaseRequest] | None = None,
    rate_limiter: BaseRateLimiter | None = None,
) -> Application:
    """The bot with every handler registered; `request` and `rate_limiter` are for tests and benches.

    Every Bot API call but getUpdates passes the rate limiter, wrapped so that transient failures
    are retried (bot/tg/retry.py).
    """
    if not settings.token:
        raise ConfigError(token_missing_message())
    logs.protect(settings.token)
    _share_the_gil()
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .rate_limiter(RetryingRateLimiter(rate_limiter or AIORateLimiter(max_retries=RATE_LIMIT_RETRIES)))
        .concurrent_updates(PerChatUpdateProcessor(MAX_CONCURRENT_UPDATES))
        .defaults(Defaults(link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    if settings.base_file_url:
        builder = builder.base_file_url(settings.base_file_url)
    if request is not None:
        builder = builder.request(request()).get_updates_request(request())
    else:
        builder = builder.connection_pool_size(BOT_API_CONNECTIONS).pool_timeout(POOL_TIMEOUT_SECONDS)
    application = builder.build()
    install(application.bot_data, Core(service, settings))
    application.bot_data["flood"] = FloodGate(settings.flood_messages, settings.flood_seconds)
    application.bot_data["admin"] = AdminState()
    application.add_handlers(flood.handlers(), group=-1)
    application.add_handlers([*handlers.handlers(), *topics.handlers(), *figures.handlers(), *desk.handlers(),
                              *inline.handlers(), *admin.handlers()])
    application.add_error_handler(errors.on_error)
    return application


async def _post_init(application: Application) -> None:
    """Publish the command menus; start following other replicas' versions and the heartbeat."""
    await publish_commands(application)
    application.bot_data["background"] = [
        asyncio.create_task(_follow_versions(core_of(application)), name="follow-knowledge-versions"),
        asyncio.create_task(health.beat(health.heartbeat_path()), name="heartbeat"),
        # matplotlib and the CJK font take about a second to load: not on the first /chart.
        asyncio.create_task(asyncio.to_thread(prepare_charts), name="prepare-charts"),
    ]


async def _post_shutdown(application: Application) -> None:
    """Stop the background tasks and the core thread."""
    for task in application.bot_data.pop("background", []):
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    core_of(application).close()


async def publish_commands(application: Application) -> None:
    """The "/" menu: everyone's commands, plus the admin ones in each admin's private chat."""
    bot = application.bot
    await bot.set_my_commands(USER_COMMANDS)
    for admin_id in sorted(core_of(application).settings.admin_ids):
        try:
            await bot.set_my_commands(USER_COMMANDS + ADMIN_COMMANDS, scope=BotCommandScopeChat(admin_id))
        except TelegramError as exc:  # e.g. the admin has never opened a chat with the bot
            log.warning("could not set the admin menu for %s: %s", admin_id, exc)


async def _follow_versions(core: Core) -> None:
    """Every poll_seconds, serve the knowledge version another replica activated, if any."""
    while True:
        await asyncio.sleep(core.settings.poll_seconds)
        try:
            if await core.quick(core.service.refresh):
                log.info("now serving knowledge version %s", core.service.version)
        except Exception:  # the database may be briefly away; the next round retries
            log.warning("could not check for a new knowledge version", exc_info=True)


def polling_options() -> dict[str, Any]:
    """Keyword arguments for Application.run_polling / Updater.start_polling."""
    return {
        "timeout": POLL_TIMEOUT_SECONDS,
        "allowed_updates": ALLOWED_UPDATES,
        "bootstrap_retries": BOOTSTRAP_RETRIES,
        "drop_pending_updates": False,  # questions sent while the bot was down still get answers
    }


def webhook_secret(settings: Settings) -> str:
    """BOT_WEBHOOK_SECRET, or one derived from the token so every replica agrees without a setting."""
    if settings.webhook_secret:
        return settings.webhook_secret
    return hashlib.sha256(f"webhook-secret:{settings.token}".encode()).hexdigest()


def webhook_url(settings: Settings) -> str:
    """The public URL Telegram posts to: BOT_WEBHOOK_URL followed by /BOT_WEBHOOK_PATH."""
    if not settings.webhook_url:
        raise ConfigError("webhook mode needs BOT_WEBHOOK_URL, the public https:// address Telegram should post to")
    base = settings.webhook_url.rstrip("/")
    suffix = f"/{settings.webhook_path}"
    return base if base.endswith(suffix) else base + suffix


def webhook_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for bot.tg.webhook.serving (the same as Updater.start_webhook's)."""
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": settings.webhook_path,
        "webhook_url": webhook_url(settings),
        "secret_token": webhook_secret(settings),
        "allowed_updates": ALLOWED_UPDATES,
        "bootstrap_retries": BOOTSTRAP_RETRIES,
        "drop_pending_updates": False,
    }


def run_polling(settings: Settings, service: Service) -> None:
    """Serve by long polling until SIGINT/SIGTERM, then shut down cleanly (blocks).

    Telegram serves getUpdates to one consumer per token, so the store's polling lock is held
    throughout; a second replica raises bot.store.PollingTaken before it contacts Telegram.
    """
    application = build_application(settings, service)
    if not _reach_bot_api(application, settings):
        return
    with _polling_turn(service, settings):
        log.info("starting the Telegram bot (polling)")
        application.run_polling(**polling_options())


def token_rejected_message(settings: Settings) -> str:
    """One line for a token the Bot API refuses (401/404); the token itself is never shown."""
    where = settings.base_url or TELEGRAM_API
    hint = "; or check TELEGRAM_BASE_URL" if settings.base_url else ""
    return (
        f"TELEGRAM_BOT_TOKEN was rejected by the Bot API at {where}: copy the bot's current token "
        f"from @BotFather (/mybots → API Token) into TELEGRAM_BOT_TOKEN{hint}"
    )


def _reach_bot_api(application: Application, settings: Settings) -> bool:
    """Initialise the bot (getMe) on the event loop PTB will run, retrying while the API is unreachable.

    PTB's own start-up retries log only at DEBUG and end in a traceback, and a rejected token
    ended in a traceback that quoted the token. Here a rejected token is a ConfigError (one line,
    no token) and each failed attempt is one warning saying when the next comes. False when
    SIGTERM/SIGINT stopped the retries (docker stop during an outage): the caller just returns.
    """
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)  # run_polling/run_webhook take the current loop and close it at the end
    task = loop.create_task(_initialize_with_retries(application, settings))
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, task.cancel)
    try:
        loop.run_until_complete(task)
        return True
    except asyncio.CancelledError:
        log.info("stopped before the Bot API could be reached")
        _close_loop(loop)
        return False
    except BaseException:
        _close_loop(loop)
        raise
    finally:
        if not loop.is_closed():
            for sig in STOP_SIGNALS:
                loop.remove_signal_handler(sig)


def _close_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Forget and close the loop run_polling/run_webhook will now never use."""
    for sig in STOP_SIGNALS:
        loop.remove_signal_handler(sig)
    asyncio.set_event_loop(None)
    loop.close()


async def _initialize_with_retries(application: Application, settings: Settings) -> None:
    """application.initialize() until it succeeds, waiting longer after each failure."""
    wait = FIRST_RETRY_SECONDS
    while True:
        try:
            await application.initialize()
            return
        except InvalidToken:
            raise ConfigError(token_rejected_message(settings)) from None
        except TelegramError as exc:
            log.warning("cannot reach the Bot API at %s (%s); retrying in %g s",
                        settings.base_url or TELEGRAM_API, exc, wait)
        await asyncio.sleep(wait)
        wait = min(wait * 2, MAX_RETRY_SECONDS)


def _share_the_gil() -> None:
    """Let the event loop and the core thread take turns quickly.

    Answers run on a core thread so "typing…" can be shown for slow ones; with CPython's
    default 5 ms switch interval the loop waited that long for the GIL whenever the core
    thread was answering (bench/bench_telegram.py: 143 → 19x updates/s with 1 ms).
    """
    sys.setswitchinterval(GIL_SWITCH_SECONDS)


@contextmanager
def _polling_turn(service: Service, settings: Settings) -> Iterator[None]:
    """Hold the store's polling lock, waiting while another replica polls (it may die or stop)."""
    waiting = False
    while True:
        try:
            with service.db.polling_lock():
                if waiting:
                    log.info("the other replica stopped polling; taking over")
                yield
                return
        except PollingTaken:
            if not waiting:
                log.info("another replica is polling this bot; waiting to take over (webhook mode needs no lock)")
                waiting = True
            time.sleep(settings.poll_seconds * POLLING_RETRY_FACTOR)


def run_webhook(settings: Settings, service: Service) -> None:
    """Serve Telegram's webhook posts until SIGINT/SIGTERM, then shut down cleanly (blocks)."""
    options = webhook_options(settings)
    application = build_application(settings, service)
    if not _reach_bot_api(application, settings):
        return
    log.info("starting the Telegram bot (webhook on %s:%s/%s)", options["listen"], options["port"], options["url_path"])
    webhook.run(application, options)
