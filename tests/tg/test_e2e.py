"""End to end: the real Application polls the stand-in Bot API over HTTP (and serves a webhook).

Every expected answer is asked of the same service on a separate chat key, so the tests check
the whole path (HTTP, PTB, handlers, rendering) and run with the fake or the real core.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from telegram.error import NetworkError

from bot.config import Settings
from bot.tg import admin
from bot.tg.app import build_application, webhook_options, webhook_secret
from bot.tg.render import escape, figure_line

from .conftest import DATA, Bot
from .harness import collect_errors, running
from .standin import TOKEN, StandIn
from .test_uploads import BROKEN_FIGURES
from .updates import ADMIN_ID, GROUP_ID, RESIDENT_ID, Updates, buttons, mention

QUESTION = "县级远程影像诊断完成了多少例"
FOLLOW_UP = "那心电诊断呢"
SAMPLE = "2021-05-民生工程5月推进情况.txt"
NEW_QUESTION = "凤凰山大桥现在进度多少"


def text_of(calls: list) -> str:
    return "".join(c.params["text"] for c in calls)


async def test_resident_question_and_follow_up(polling_bot: Bot, oracle_chat: Callable) -> None:
    oracle = oracle_chat("private")
    first, second = (polling_bot.service.ask(oracle, q).text for q in (QUESTION, FOLLOW_UP))
    assert text_of(await polling_bot.send(polling_bot.updates.message(QUESTION))) == escape(first)
    assert text_of(await polling_bot.send(polling_bot.updates.message(FOLLOW_UP))) == escape(second)


async def test_slow_answer_shows_typing_before_it(polling_bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    original = polling_bot.service.ask
    monkeypatch.setattr(polling_bot.service, "ask", lambda chat, text: time.sleep(0.5) or original(chat, text))
    since = len(polling_bot.api.calls)
    await polling_bot.send(polling_bot.updates.message(QUESTION))
    methods = [c.method for c in polling_bot.api.calls[since:] if c.method != "getUpdates"]
    assert methods == ["sendChatAction", "sendMessage"]


async def test_group_ignores_chatter_and_answers_a_mention(polling_bot: Bot, oracle_chat: Callable) -> None:
    oracle = oracle_chat("group")
    expected = polling_bot.service.ask(oracle, QUESTION).text
    chatter = polling_bot.updates.group("今天的会几点开？")
    addressed = polling_bot.updates.group(mention(QUESTION))
    since = len(polling_bot.api.calls)
    polling_bot.api.push(chatter, addressed)
    replies = await polling_bot.api.replies(GROUP_ID, since=since)
    assert len(replies) == 1 and text_of(replies) == escape(expected)
    assert replies[0].params["reply_parameters"]["message_id"] == addressed["message"]["message_id"]
    # a reply to the bot's answer is a follow-up in the group's context
    follow = polling_bot.service.ask(oracle, FOLLOW_UP).text
    reply = await polling_bot.send(polling_bot.updates.group(FOLLOW_UP, reply_to=replies[0].result))
    assert text_of(reply) == escape(follow)


async def test_example_buttons_and_their_callbacks(polling_bot: Bot, oracle_chat: Callable) -> None:
    start = (await polling_bot.send(polling_bot.updates.message("/start")))[-1].result
    pressed = buttons(start)
    assert len(pressed) == len(polling_bot.service.engine.examples(3)) > 0
    example = polling_bot.service.engine.examples(3)[1]
    expected = polling_bot.service.ask(oracle_chat("example"), example).text
    since = len(polling_bot.api.calls)
    reply = await polling_bot.send(polling_bot.updates.callback(pressed[1][1], start))
    assert text_of(reply) == escape(expected)
    assert polling_bot.api.sent("answerCallbackQuery", since=since)


async def test_answer_options_are_buttons_that_answer(polling_bot: Bot, oracle_chat: Callable) -> None:
    candidates = [QUESTION, "医疗", "天气怎么样", "棚户区改造开工了多少套"]
    question = next((q for q in candidates if polling_bot.service.ask(oracle_chat("o"), q).options), None)
    if question is None:
        pytest.skip("this core offers no options for the candidate questions")
    oracle = oracle_chat("options")
    option = polling_bot.service.ask(oracle, question).options[0]
    expected = polling_bot.service.ask(oracle, option.query).text
    answer = await polling_bot.send(polling_bot.updates.message(question))
    pressed = buttons(answer[-1].result)
    assert pressed[0][0].startswith(option.label[:10])
    reply = await polling_bot.send(polling_bot.updates.callback(pressed[0][1], answer[-1].result))
    assert text_of(reply) == escape(expected)


async def test_inline_query(polling_bot: Bot) -> None:
    expected = polling_bot.service.figures("远程影像诊断")[:20]
    since = len(polling_bot.api.calls)
    polling_bot.api.push(polling_bot.updates.inline("远程影像诊断"))
    call = (await polling_bot.api.wait_for(lambda: polling_bot.api.sent("answerInlineQuery", since=since)))[0]
    messages = [r["input_message_content"]["message_text"] for r in call.params["results"]]
    assert messages == [escape(figure_line(f)) for f in expected]


async def test_non_admin_reload_is_refused(polling_bot: Bot) -> None:
    version = polling_bot.service.version
    reply = await polling_bot.send(polling_bot.updates.message("/reload", user_id=RESIDENT_ID))
    assert text_of(reply) == admin.REFUSED and polling_bot.service.version == version


async def test_admin_reload_and_upload(polling_bot: Bot, knowledge_dir: Path, oracle_chat: Callable) -> None:
    reload_replies = await polling_bot.send(polling_bot.updates.message("/reload", user_id=ADMIN_ID), replies=2)
    assert reload_replies[1].params["text"].startswith("✅")
    version = polling_bot.service.version
    content = (DATA / SAMPLE).read_bytes()
    polling_bot.api.add_file("doc-1", SAMPLE, content)
    upload = await polling_bot.send(polling_bot.updates.document("doc-1", SAMPLE, len(content)), replies=2)
    assert upload[1].params["text"].startswith(f"✅ 已加入了 {SAMPLE}")
    assert (knowledge_dir / SAMPLE).read_bytes() == content and polling_bot.service.version != version
    expected = polling_bot.service.ask(oracle_chat("new"), NEW_QUESTION).text
    assert text_of(await polling_bot.send(polling_bot.updates.message(NEW_QUESTION))) == escape(expected)


async def test_broken_upload_is_refused_and_old_knowledge_still_answers(polling_bot: Bot, knowledge_dir: Path,
                                                                       oracle_chat: Callable) -> None:
    before = sorted((p.name, p.read_bytes()) for p in knowledge_dir.iterdir())
    expected = polling_bot.service.ask(oracle_chat("old"), QUESTION).text
    polling_bot.api.add_file("doc-2", "2021-05.figures.yaml", BROKEN_FIGURES.encode())
    refused = await polling_bot.send(polling_bot.updates.document("doc-2", "2021-05.figures.yaml", 80), replies=2)
    assert refused[1].params["text"].startswith("❌") and "2021-05.figures.yaml:" in refused[1].params["text"]
    assert sorted((p.name, p.read_bytes()) for p in knowledge_dir.iterdir()) == before
    assert text_of(await polling_bot.send(polling_bot.updates.message(QUESTION))) == escape(expected)


# PTB's own rate limiter reads RetryAfter.retry_after, which warns about its future type.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_rate_limit_is_waited_out_not_dropped(polling_bot: Bot) -> None:
    polling_bot.api.fail("sendMessage", "429", retry_after=1)
    since = len(polling_bot.api.calls)
    reply = await polling_bot.send(polling_bot.updates.message(QUESTION), timeout=6)
    attempts = [c for c in polling_bot.api.calls[since:] if c.method == "sendMessage"]
    assert [c.fault for c in attempts] == ["429", ""]
    assert attempts[1].at - attempts[0].at >= 1.0 and reply


async def test_server_errors_and_dropped_connections_do_not_stop_polling(polling_bot: Bot) -> None:
    polling_bot.api.fail("getUpdates", "500")
    polling_bot.api.fail("getUpdates", "drop")
    await polling_bot.api.wait_for(lambda: [c for c in polling_bot.api.calls if c.fault == "drop"])
    assert await polling_bot.send(polling_bot.updates.message(QUESTION), timeout=8)
    assert polling_bot.errors and all(isinstance(e, NetworkError) for _, e in polling_bot.errors)
    polling_bot.errors.clear()
    # failed sends are retried before the apology: tests/tg/test_retry.py


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_webhook_checks_the_secret_token(standin: StandIn, service: Any, make_settings: Callable[..., Settings],
                                               oracle_chat: Callable) -> None:
    port = free_port()
    settings = make_settings(base_url=standin.base_url, base_file_url=standin.base_file_url,
                             webhook_listen="127.0.0.1", webhook_port=port, webhook_url="https://bot.example.com")
    application = build_application(settings, service)
    caught = collect_errors(application)
    updates = Updates(first_update_id=500)
    expected = service.ask(oracle_chat("webhook"), QUESTION).text
    async with running(application, webhook=webhook_options(settings)):
        registered = standin.api.sent("setWebhook")[-1].params
        assert registered["url"] == "https://bot.example.com/telegram"
        assert registered["secret_token"] == webhook_secret(settings)
        url = f"http://127.0.0.1:{port}/telegram"
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                async with http.post(url, json=updates.message("不该处理"), headers=headers) as response:
                    assert response.status == 403
            since = len(standin.api.calls)
            good = {"X-Telegram-Bot-Api-Secret-Token": webhook_secret(settings)}
            async with http.post(url, json=updates.message(QUESTION), headers=good) as response:
                assert response.status == 200
            reply = await standin.api.replies(RESIDENT_ID, since=since)
    assert text_of(reply) == escape(expected)
    assert len(standin.api.sent()) == 1  # the refused requests were never processed
    assert caught == []


async def test_token_never_appears_in_logs(standin: StandIn, service: Any, make_settings: Callable[..., Settings]) -> None:
    lines: list[str] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Capture(level=logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        settings = make_settings(base_url=standin.base_url, base_file_url=standin.base_file_url)
        application = build_application(settings, service)
        logging.getLogger("httpx").setLevel(logging.DEBUG)  # even if someone turns it back up
        standin.api.fail("getUpdates", "500")
        async with running(application, polling=True):
            standin.api.push(Updates().message(QUESTION))
            await standin.api.replies(RESIDENT_ID)
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        logging.getLogger("httpx").setLevel(logging.WARNING)
    assert any("getUpdates" in line for line in lines)  # the URLs were logged...
    assert not [line for line in lines if TOKEN in line or TOKEN.partition(":")[2] in line]  # ...without the token
