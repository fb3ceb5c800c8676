"""Each everyday handler, run in-process through the real Application against the stand-in API.

Expected answers come from the service itself (asked on a separate chat), so these tests check
what the front end does with an answer, not the core's wording; they pass with the fake and the
real core alike.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import pytest

from bot.qa.answer import Answer, Option
from bot.tg import errors, handlers, topics
from bot.tg.render import escape, figure_line

from .conftest import Bot
from .standin import BOT_USER, visible_length
from .updates import GROUP_ID, RESIDENT_ID, buttons, mention

QUESTION = "县级远程影像诊断完成了多少例"


def record_asks(service: Any, monkeypatch: pytest.MonkeyPatch, answer: Answer | None = None) -> list[tuple[str, str]]:
    """Record every service.ask(chat, text); answer with `answer` when given."""
    asked: list[tuple[str, str]] = []
    original = service.ask

    def ask(chat: str, text: str) -> Answer:
        asked.append((chat, text))
        return answer if answer is not None else original(chat, text)

    monkeypatch.setattr(service, "ask", ask)
    return asked


def texts(calls: list, method: str = "sendMessage") -> list[str]:
    return [c.params["text"] for c in calls if c.method == method and c.ok]


async def test_private_question_gets_the_escaped_answer(app_bot: Bot, oracle_chat: Callable) -> None:
    expected = app_bot.service.ask(oracle_chat("q"), QUESTION)
    calls = await app_bot.process(app_bot.updates.message(QUESTION))
    assert [c.method for c in calls] == ["sendMessage"]  # a quick answer needs no "typing…"
    assert calls[0].params["text"] == escape(expected.text) and calls[0].params["parse_mode"] == "HTML"


async def test_slow_answer_shows_typing_first(app_bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(handlers, "TYPING_DELAY", 0.01)
    original = app_bot.service.ask
    monkeypatch.setattr(app_bot.service, "ask", lambda chat, text: time.sleep(0.2) or original(chat, text))
    calls = await app_bot.process(app_bot.updates.message(QUESTION))
    assert [c.method for c in calls] == ["sendChatAction", "sendMessage"]
    assert calls[0].params == {"chat_id": RESIDENT_ID, "action": "typing"}


async def test_failed_typing_does_not_cost_the_answer(app_bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(handlers, "TYPING_DELAY", 0.0)
    app_bot.api.fail("sendChatAction", "500")
    calls = await app_bot.process(app_bot.updates.message(QUESTION))
    assert [(c.method, c.fault) for c in calls] == [("sendChatAction", "500"), ("sendMessage", "")]


@pytest.mark.parametrize(
    ("text", "html"),
    [("完成率<90% & 上升", "完成率&lt;90% &amp; 上升"), ("<b>不是标签</b>", "&lt;b&gt;不是标签&lt;/b&gt;")],
    ids=["lt-amp", "fake-tag"],
)
async def test_answer_text_is_escaped(app_bot: Bot, monkeypatch: pytest.MonkeyPatch, text: str, html: str) -> None:
    record_asks(app_bot.service, monkeypatch, Answer(True, text, "figure"))
    calls = await app_bot.process(app_bot.updates.message("问<题>&"))
    assert texts(calls) == [html]


async def test_long_answer_is_split_with_buttons_on_the_last_part(app_bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    long_text = "棚户区改造工程已开工4433套，基本建成513套<&>。" * 400
    options = (Option("棚改进展", "棚户区改造进展如何"),)
    record_asks(app_bot.service, monkeypatch, Answer(True, long_text, "list", options=options))
    calls = [c for c in await app_bot.process(app_bot.updates.message("棚改")) if c.method == "sendMessage"]
    assert len(calls) > 1 and all(c.ok for c in calls)
    assert all(visible_length(c.params["text"]) <= 4096 for c in calls)
    assert "".join(c.params["text"] for c in calls) == escape(long_text)
    assert [bool(c.params.get("reply_markup")) for c in calls] == [False] * (len(calls) - 1) + [True]


async def test_options_become_buttons_that_ask_their_query(app_bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    options = (Option("市级远程医疗中心" * 3, "市级远程影像诊断完成了多少例"), Option("心电诊断", "县级心电诊断完成了多少例"))
    asked = record_asks(app_bot.service, monkeypatch, Answer(False, "没有找到。", "none", options=options))
    calls = await app_bot.process(app_bot.updates.message("远程"))
    message = next(c for c in calls if c.method == "sendMessage").result
    pressed = buttons(message)
    assert [label for label, _ in pressed][1] == "心电诊断"
    assert all(len(data.encode()) <= 64 and "诊断" not in data for _, data in pressed)
    calls = await app_bot.process(app_bot.updates.callback(pressed[1][1], message))
    assert [c.method for c in calls if c.method != "sendChatAction"] == ["answerCallbackQuery", "sendMessage"]
    assert asked[-1] == (str(RESIDENT_ID), "县级心电诊断完成了多少例")


async def test_expired_button_says_so(app_bot: Bot) -> None:
    message = (await app_bot.process(app_bot.updates.message("/help")))[-1].result
    calls = await app_bot.process(app_bot.updates.callback("a:0123456789", message))
    assert [(c.method, c.params.get("text")) for c in calls] == [("answerCallbackQuery", handlers.EXPIRED)]


async def test_start_offers_three_example_buttons(app_bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = await app_bot.process(app_bot.updates.message("/start"))
    message = calls[-1].result
    examples = app_bot.service.engine.examples(3)
    assert [label for label, _ in buttons(message)] == [e[:39] + "…" if len(e) > 40 else e for e in examples]
    asked = record_asks(app_bot.service, monkeypatch)
    await app_bot.process(app_bot.updates.callback(buttons(message)[0][1], message))
    assert asked == [(str(RESIDENT_ID), examples[0])]


async def test_help_and_ask_usage(app_bot: Bot) -> None:
    assert "怎么用" in texts(await app_bot.process(app_bot.updates.message("/help")))[0]
    assert texts(await app_bot.process(app_bot.updates.message("/ask"))) == [handlers.ASK_USAGE]


async def test_ask_command_in_private(app_bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = record_asks(app_bot.service, monkeypatch)
    await app_bot.process(app_bot.updates.message(f"/ask {QUESTION}"))
    assert asked == [(str(RESIDENT_ID), QUESTION)]


async def test_source_shows_the_passage_behind_the_last_answer(app_bot: Bot, oracle_chat: Callable) -> None:
    assert texts(await app_bot.process(app_bot.updates.message("/source"))) == [handlers.NO_SOURCE]
    expected = app_bot.service.ask(oracle_chat("source"), QUESTION)
    await app_bot.process(app_bot.updates.message(QUESTION))
    sent = "".join(texts(await app_bot.process(app_bot.updates.message("/source"))))
    assert sent.startswith("<b>原文</b>")
    assert escape(expected.passage or expected.sources[0].sentence)[:40] in sent


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        ("大家好，今天开会吗", None),
        ("@someone_else 你看这个", None),
        (mention(QUESTION), QUESTION),
        (f"请问 @{BOT_USER['username']} {QUESTION}", f"请问{QUESTION}"),
        (f"/ask {QUESTION}", QUESTION),
        (f"/ask@{BOT_USER['username']} {QUESTION}", QUESTION),
        (f"/ask@other_bot {QUESTION}", None),
    ],
    ids=["chatter", "other-mention", "mention", "mention-inside", "ask", "ask-at-bot", "ask-at-other-bot"],
)
async def test_group_answers_only_what_is_meant_for_it(app_bot: Bot, monkeypatch: pytest.MonkeyPatch, text: str,
                                                       answered: str | None) -> None:
    asked = record_asks(app_bot.service, monkeypatch)
    calls = await app_bot.process(app_bot.updates.group(text))
    if answered is None:
        assert calls == [] and asked == []
    else:
        assert [chat for chat, _ in asked] == [str(GROUP_ID)]
        assert asked[0][1].replace(" ", "") == answered.replace(" ", "")
        reply = next(c for c in calls if c.method == "sendMessage")
        assert reply.params["reply_parameters"]["message_id"]  # quotes the question in a group


async def test_group_reply_to_the_bot_is_a_follow_up(app_bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    first = await app_bot.process(app_bot.updates.group(f"/ask {QUESTION}"))
    bot_message = next(c for c in first if c.method == "sendMessage").result
    asked = record_asks(app_bot.service, monkeypatch)
    await app_bot.process(app_bot.updates.group("那心电诊断呢", reply_to=bot_message))
    assert asked == [(str(GROUP_ID), "那心电诊断呢")]
    # a reply to someone else's message is chatter
    other = app_bot.updates.group("随便说说")["message"]
    assert await app_bot.process(app_bot.updates.group("那心电诊断呢", reply_to=other)) == []


async def test_bare_mention_asks_for_a_question(app_bot: Bot) -> None:
    calls = await app_bot.process(app_bot.updates.group(f"@{BOT_USER['username']}"))
    assert texts(calls) == [handlers.EMPTY_MENTION.format(username=BOT_USER["username"])]


async def test_figures_lists_matching_figures(app_bot: Bot) -> None:
    expected = app_bot.service.desk().rows("远程影像诊断")
    assert expected
    sent = "".join(texts(await app_bot.process(app_bot.updates.message("/figures 远程影像诊断"))))
    assert escape(figure_line(expected[0])) in sent
    assert f"（{len(expected)}条）" in sent


@pytest.mark.parametrize(
    ("command", "reply_start"),
    [("/figures", "用法"), ("/figures 火星基地", "没有找到与“火星基地”相关的数字")],
    ids=["no-keyword", "nothing-found"],
)
async def test_figures_usage_and_nothing_found(app_bot: Bot, monkeypatch: pytest.MonkeyPatch, command: str,
                                               reply_start: str) -> None:
    monkeypatch.setattr(app_bot.service, "figures", lambda keyword, limit=30: [])  # the fake's fallback search
    assert texts(await app_bot.process(app_bot.updates.message(command)))[0].startswith(reply_start)


async def test_topics_browse_department_project_figures_and_back(app_bot: Bot) -> None:
    tree = app_bot.service.engine.topics()
    department = next(iter(tree))
    project, figures = next(iter(tree[department].items()))
    message = (await app_bot.process(app_bot.updates.message("/topics")))[-1].result
    labels = buttons(message)
    assert len(labels) == min(len(tree), topics.BUTTONS_SHOWN)
    assert labels[0][0].startswith(department[:10])

    async def press(data: str) -> dict:
        calls = await app_bot.process(app_bot.updates.callback(data, message))
        assert calls[0].method == "answerCallbackQuery"
        edit = next(c for c in calls if c.method == "editMessageText")
        assert edit.ok
        return edit.result

    level = await press(labels[0][1])
    assert escape(department) in level["text"]
    level = await press(buttons(level)[0][1])
    assert escape(figure_line(figures[0])) in level["text"] and escape(project) in level["text"]
    back = buttons(level)[-1]
    assert back[0] == topics.BACK
    level = await press(back[1])
    assert escape(department) in level["text"]


async def test_topics_button_after_reload_removed_the_department(app_bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    message = (await app_bot.process(app_bot.updates.message("/topics")))[-1].result
    monkeypatch.setattr(app_bot.service.engine, "topics", lambda: {"新部门": {"新工程": []}})
    calls = await app_bot.process(app_bot.updates.callback(buttons(message)[0][1], message))
    assert next(c for c in calls if c.method == "editMessageText").params["text"] == topics.GONE


async def test_inline_query_offers_quotable_figures(app_bot: Bot) -> None:
    expected = app_bot.service.figures("远程")[:20]
    calls = await app_bot.process(app_bot.updates.inline("远程"))
    assert [c.method for c in calls] == ["answerInlineQuery"] and calls[0].ok
    results = calls[0].params["results"]
    assert len(results) == len(expected) <= 20
    first = results[0]
    assert first["type"] == "article" and len(first["id"]) <= 64
    assert first["input_message_content"]["message_text"] == escape(figure_line(expected[0]))
    assert (await app_bot.process(app_bot.updates.inline("  ")))[0].params["results"] == []


async def test_handler_error_is_logged_once_and_the_user_gets_an_apology(
    app_bot: Bot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(chat: str, text: str) -> Answer:
        raise RuntimeError("core exploded")

    monkeypatch.setattr(app_bot.service, "ask", broken)
    with caplog.at_level(logging.ERROR, logger="bot.tg.errors"):
        update = app_bot.updates.message(QUESTION)
        calls = await app_bot.process(update)
    assert texts(calls) == [errors.APOLOGY]
    records = [r for r in caplog.records if r.name == "bot.tg.errors"]
    assert len(records) == 1 and str(update["update_id"]) in records[0].getMessage() and records[0].exc_info
    assert [type(e) for _, e in app_bot.errors] == [RuntimeError]
    app_bot.errors.clear()
    # and the bot goes on
    monkeypatch.undo()
    assert texts(await app_bot.process(app_bot.updates.message(QUESTION)))
