"""The composition root: settings applied, menus published, options for polling and webhook,
per-chat ordering, the version follower, and the package boundary."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from bot.config import ConfigError, Settings
from bot.tg import app as tg_app
from bot.tg.processor import PerChatUpdateProcessor
from bot.tg.retry import RetryingRateLimiter

from .conftest import REPO, Bot, eventually
from .harness import running
from .offline import OfflineRequest
from .standin import TOKEN, ApiError, FakeBotApi
from .updates import ADMIN_ID, Updates


def test_token_missing_message_says_how_to_fix_it() -> None:
    message = tg_app.token_missing_message()
    for needle in ("TELEGRAM_BOT_TOKEN", "@BotFather", "python -m bot chat", "python -m bot run", ".env"):
        assert needle in message


def test_build_without_token_fails_with_that_message(service: Any, make_settings: Callable[..., Settings]) -> None:
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN"):
        tg_app.build_application(make_settings(token=""), service)


def test_build_applies_urls_and_rate_limiter(service: Any, make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(base_url="http://127.0.0.1:9/bot", base_file_url="http://127.0.0.1:9/file/bot")
    application = tg_app.build_application(settings, service)
    assert application.bot.base_url == f"http://127.0.0.1:9/bot{TOKEN}"
    assert application.bot.base_file_url == f"http://127.0.0.1:9/file/bot{TOKEN}"
    assert isinstance(application.bot.rate_limiter, RetryingRateLimiter)
    assert application.bot.rate_limiter.inner._max_retries == tg_app.RATE_LIMIT_RETRIES
    assert isinstance(application.update_processor, PerChatUpdateProcessor)


async def test_menus_are_published_and_a_failing_admin_menu_is_not_fatal(
    service: Any, make_settings: Callable[..., Settings], caplog: pytest.LogCaptureFixture
) -> None:
    api = FakeBotApi()
    admins = frozenset({ADMIN_ID, 999})
    original = api._m_setMyCommands

    def set_commands(params: dict) -> bool:
        if (params.get("scope") or {}).get("chat_id") == 999:
            raise ApiError(400, "Bad Request: chat not found")
        return original(params)

    api._m_setMyCommands = set_commands
    application = tg_app.build_application(make_settings(admin_ids=admins), service, request=lambda: OfflineRequest(api))
    with caplog.at_level(logging.WARNING, logger="bot.tg.app"):
        async with running(application):
            pass
    default = [c["command"] for c in api.commands['{"type": "default"}']]
    admin = [c["command"] for c in api.commands[f'{{"chat_id": {ADMIN_ID}, "type": "chat"}}']]
    assert default == [c.command for c in tg_app.USER_COMMANDS]
    assert admin == default + [c.command for c in tg_app.ADMIN_COMMANDS]
    assert any("999" in r.getMessage() for r in caplog.records)


def test_polling_options() -> None:
    options = tg_app.polling_options()
    assert set(options["allowed_updates"]) == {"message", "callback_query", "inline_query"}
    assert options["drop_pending_updates"] is False and options["timeout"] > 0


@pytest.mark.parametrize(
    ("url", "path", "expected"),
    [
        ("https://bot.example.com", "telegram", "https://bot.example.com/telegram"),
        ("https://bot.example.com/", "telegram", "https://bot.example.com/telegram"),
        ("https://bot.example.com/telegram", "telegram", "https://bot.example.com/telegram"),
        ("https://example.com/prefix", "hook", "https://example.com/prefix/hook"),
    ],
    ids=["base", "trailing-slash", "already-has-path", "prefix"],
)
def test_webhook_url(make_settings: Callable[..., Settings], url: str, path: str, expected: str) -> None:
    settings = make_settings(webhook_url=url, webhook_path=path)
    assert tg_app.webhook_url(settings) == expected
    assert tg_app.webhook_options(settings)["url_path"] == path


def test_webhook_needs_a_url(make_settings: Callable[..., Settings]) -> None:
    with pytest.raises(ConfigError, match="BOT_WEBHOOK_URL"):
        tg_app.webhook_options(make_settings())


def test_webhook_secret_explicit_or_derived(make_settings: Callable[..., Settings]) -> None:
    assert tg_app.webhook_secret(make_settings(webhook_secret="s3cret")) == "s3cret"
    derived = tg_app.webhook_secret(make_settings())
    assert derived == tg_app.webhook_secret(make_settings()) != tg_app.webhook_secret(make_settings(token="1:other"))
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,256}", derived) and TOKEN not in derived


async def test_updates_of_one_chat_run_in_order_other_chats_do_not_wait() -> None:
    processor = PerChatUpdateProcessor(8)
    updates = Updates()
    log: list[str] = []
    release = asyncio.Event()

    async def handle(name: str, wait: bool = False) -> None:
        log.append(f"start {name}")
        if wait:
            await release.wait()
        log.append(f"end {name}")

    def update(chat_id: int) -> Update:
        return Update.de_json(updates.message("x", user_id=chat_id), None)

    tasks = [
        asyncio.create_task(processor.process_update(update(1), handle("a1", wait=True))),
        asyncio.create_task(processor.process_update(update(1), handle("a2"))),
        asyncio.create_task(processor.process_update(update(2), handle("b1"))),
    ]
    await asyncio.sleep(0.05)
    assert log == ["start a1", "start b1", "end b1"]
    release.set()
    await asyncio.gather(*tasks)
    assert log[3:] == ["end a1", "start a2", "end a2"]
    assert processor._chats == {}


async def test_follower_picks_up_other_replicas_versions(app_bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def refresh() -> bool:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database briefly away")
        return len(calls) == 2

    monkeypatch.setattr(app_bot.service, "refresh", refresh)
    await eventually(lambda: len(calls) >= 3)


def test_only_bot_tg_imports_telegram() -> None:
    offenders = [
        str(path.relative_to(REPO))
        for path in (REPO / "bot").rglob("*.py")
        if "tg" not in path.relative_to(REPO / "bot").parts[:1]
        and re.search(r"^\s*(from|import)\s+telegram\b", path.read_text(encoding="utf-8"), re.M)
    ]
    assert offenders == []


def test_tg_package_does_not_shadow_the_library() -> None:
    assert not (Path(tg_app.__file__).parent / "telegram").exists()


def test_run_polling_waits_while_another_replica_polls(
    service: Any, make_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A standby replica does not poll while the lock is taken, and takes over once it is free."""
    from bot.store import PollingTaken

    attempts: list[int] = []
    started: list[int] = []

    class TakenTwice:
        def __enter__(self) -> None:
            attempts.append(1)
            if len(attempts) <= 2:
                raise PollingTaken("another replica is polling this bot")

        def __exit__(self, *exc: object) -> None:
            return None

    monkeypatch.setattr(service.db, "polling_lock", lambda: TakenTwice())
    monkeypatch.setattr(tg_app, "POLLING_RETRY_FACTOR", 0.01)
    monkeypatch.setattr(tg_app, "_reach_bot_api", lambda application, settings: True)  # no Bot API here
    monkeypatch.setattr("telegram.ext.Application.run_polling", lambda self, **kw: started.append(len(attempts)))
    tg_app.run_polling(make_settings(), service)
    assert attempts == [1, 1, 1]
    assert started == [3]