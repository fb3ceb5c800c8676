"""The per-user flood limit: N messages per window, one warning, then silence until the window passes."""

from __future__ import annotations

import pytest

from bot.tg.flood import FloodGate, Verdict

from .conftest import Bot
from .updates import RESIDENT_ID


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_gate_allows_limit_then_warns_once_then_drops() -> None:
    clock = Clock()
    gate = FloodGate(3, 10.0, clock)
    verdicts = [gate.check(1) for _ in range(6)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.WARN] + [Verdict.DROP] * 2


def test_gate_reopens_after_the_window_and_warns_again_next_time() -> None:
    clock = Clock()
    gate = FloodGate(2, 10.0, clock)
    assert [gate.check(1) for _ in range(3)] == [Verdict.ALLOW, Verdict.ALLOW, Verdict.WARN]
    clock.now += 10.0
    assert [gate.check(1) for _ in range(4)] == [Verdict.ALLOW, Verdict.ALLOW, Verdict.WARN, Verdict.DROP]


def test_gate_is_per_user_and_sliding() -> None:
    clock = Clock()
    gate = FloodGate(2, 10.0, clock)
    gate.check(1)
    clock.now += 6
    gate.check(1)
    assert gate.check(2) is Verdict.ALLOW  # another user is not affected
    clock.now += 5  # the first message left the window, the second did not
    assert gate.check(1) is Verdict.ALLOW
    assert gate.check(1) is Verdict.WARN


def test_gate_forgets_idle_users(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.tg.flood.PURGE_AT", 10)
    clock = Clock()
    gate = FloodGate(1, 1.0, clock)
    for uid in range(10):
        gate.check(uid)
    clock.now += 2
    gate.check(99)
    assert list(gate._users) == [99]


async def test_flooding_user_gets_one_polite_warning(app_bot: Bot) -> None:
    app_bot.app.bot_data["flood"] = FloodGate(2, 60.0)
    for _ in range(5):
        await app_bot.process(app_bot.updates.message("县级远程影像诊断完成了多少例"))
    texts = [c.params["text"] for c in app_bot.api.sent(chat_id=RESIDENT_ID)]
    assert len(texts) == 3
    assert texts[2].startswith("请稍慢一点")
    # another user is still answered
    other = await app_bot.process(app_bot.updates.message("县级远程影像诊断完成了多少例", user_id=RESIDENT_ID + 1))
    assert [c.method for c in other if c.method == "sendMessage"] == ["sendMessage"]


async def test_group_chatter_does_not_count(app_bot: Bot) -> None:
    app_bot.app.bot_data["flood"] = FloodGate(1, 60.0)
    for _ in range(5):
        await app_bot.process(app_bot.updates.group("大家好，今天天气不错"))
    calls = await app_bot.process(app_bot.updates.group("/ask 县级远程影像诊断完成了多少例"))
    sent = [c.params["text"] for c in calls if c.method == "sendMessage"]
    assert len(sent) == 1 and not sent[0].startswith("请稍慢一点")
