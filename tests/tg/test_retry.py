"""Bot API calls that fail transiently are retried with back-off before anyone apologises."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError, TimedOut
from telegram.ext import BaseRateLimiter

from bot.tg import errors, retry
from bot.tg.render import escape

from .conftest import Bot, eventually

QUESTION = "县级远程影像诊断完成了多少例"


class PassThrough(BaseRateLimiter):
    """An inner limiter that just calls through (and counts how often)."""

    def __init__(self) -> None:
        self.calls = 0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):  # type: ignore[no-untyped-def]
        self.calls += 1
        return await callback(*args, **kwargs)


def invalid_json() -> TelegramError:
    """What PTB raises for a 2xx reply whose JSON cannot be parsed."""
    try:
        json.loads('{"ok": tr')
    except ValueError as cause:
        try:
            raise TelegramError("Invalid server response") from cause
        except TelegramError as exc:
            return exc
    raise AssertionError("unreachable")


def failing(*failures: BaseException) -> Callable[..., Any]:
    """A Bot API callback raising the failures in turn, then returning "sent"."""
    pending = list(failures)

    async def callback(*_args: Any, **_kwargs: Any) -> str:
        if pending:
            raise pending.pop(0)
        return "sent"

    return callback


async def run(limiter: retry.RetryingRateLimiter, callback: Callable[..., Any]) -> Any:
    return await limiter.process_request(callback, (), {}, "sendMessage", {}, None)


TRANSIENT = [
    NetworkError("Internal Server Error (500)"),
    NetworkError("Bad Gateway (502). Parsing the server response b'<html>' failed"),
    NetworkError("httpx.RemoteProtocolError: peer closed connection without sending complete message body"),
    TimedOut("Timed out"),
    invalid_json(),
]


@pytest.mark.parametrize("failure", TRANSIENT, ids=["5xx", "html-page", "half-sent", "timeout", "cut-json"])
async def test_transient_failures_are_retried_after_growing_waits(failure: BaseException) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    inner = PassThrough()
    limiter = retry.RetryingRateLimiter(inner, delays=(0.5, 1.0, 2.0), sleep=sleep)
    assert await run(limiter, failing(failure, failure, failure)) == "sent"
    assert waits == [0.5, 1.0, 2.0] and inner.calls == 4  # each retry passes the rate limiter again


async def test_the_last_failure_is_raised_when_every_retry_fails() -> None:
    async def sleep(_seconds: float) -> None:
        pass

    limiter = retry.RetryingRateLimiter(PassThrough(), delays=(0.1, 0.2), sleep=sleep)
    with pytest.raises(NetworkError, match="third"):
        await run(limiter, failing(NetworkError("first"), NetworkError("second"), NetworkError("third")))


@pytest.mark.parametrize(
    "failure",
    [BadRequest("Bad Request: message is too long"), Forbidden("Forbidden: bot was blocked by the user"),
     TelegramError("Conflict")],
    ids=["bad-request", "forbidden", "other"],
)
async def test_permanent_failures_are_not_retried(failure: BaseException) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    inner = PassThrough()
    limiter = retry.RetryingRateLimiter(inner, delays=(0.5,), sleep=sleep)
    with pytest.raises(type(failure)):
        await run(limiter, failing(failure))
    assert waits == [] and inner.calls == 1


@pytest.mark.parametrize("endpoint", ["sendChatAction", "getMe", "deleteWebhook", "setWebhook"])
async def test_typing_and_start_up_calls_are_not_retried_here(endpoint: str) -> None:
    """Typing is best effort; the start-up calls have their own retries with longer back-off."""
    limiter = retry.RetryingRateLimiter(PassThrough(), delays=(0.5,))
    with pytest.raises(NetworkError):
        await limiter.process_request(failing(NetworkError("500")), (), {}, endpoint, {}, None)


@pytest.fixture
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> tuple[float, ...]:
    """Back-off in milliseconds, so the tests that exhaust it stay quick."""
    delays = (0.01, 0.02, 0.04)
    monkeypatch.setattr(retry, "RETRY_DELAYS", delays)
    return delays


def send_faults(calls: list) -> list[str]:
    return [c.fault for c in calls if c.method == "sendMessage"]


async def test_a_timed_out_send_is_retried(app_bot: Bot, quick_retries: tuple, oracle_chat: Callable) -> None:
    expected = app_bot.service.ask(oracle_chat("timeout"), QUESTION).text
    app_bot.api.fail("sendMessage", "timeout")
    calls = await app_bot.process(app_bot.updates.message(QUESTION))
    assert send_faults(calls) == ["timeout", ""]
    assert [c.params["text"] for c in calls if c.method == "sendMessage" and c.ok] == [escape(expected)]


@pytest.mark.parametrize("fault", ["500", "html", "drop", "half", "truncated"])
async def test_a_failed_send_over_http_is_retried(polling_bot: Bot, quick_retries: tuple, oracle_chat: Callable,
                                                  fault: str) -> None:
    expected = polling_bot.service.ask(oracle_chat("retry"), QUESTION).text
    polling_bot.api.fail("sendMessage", fault)
    since = len(polling_bot.api.calls)
    reply = await polling_bot.send(polling_bot.updates.message(QUESTION))
    assert send_faults(polling_bot.api.calls[since:]) == [fault, ""]
    assert [c.params["text"] for c in reply] == [escape(expected)]


async def test_apology_only_after_every_retry_failed(polling_bot: Bot, quick_retries: tuple) -> None:
    attempts = len(quick_retries) + 1
    polling_bot.api.fail("sendMessage", "500", times=attempts)
    since = len(polling_bot.api.calls)
    apology = await polling_bot.send(polling_bot.updates.message(QUESTION))
    assert send_faults(polling_bot.api.calls[since:]) == ["500"] * attempts + [""]
    assert [c.params["text"] for c in apology] == [errors.APOLOGY]
    await eventually(lambda: polling_bot.errors)  # the test's collector runs after the apologising handler
    assert len(polling_bot.errors) == 1 and isinstance(polling_bot.errors[0][1], NetworkError)
    polling_bot.errors.clear()
