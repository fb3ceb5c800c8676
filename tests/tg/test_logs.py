"""The token never reaches a log line; httpx's URL logging is off."""

from __future__ import annotations

import logging

import pytest

from bot.tg import logs

from .standin import TOKEN


class ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def captured() -> ListHandler:
    handler = ListHandler()
    root = logging.getLogger()
    root.addHandler(handler)
    logs.protect(TOKEN)
    yield handler
    root.removeHandler(handler)


@pytest.mark.parametrize(
    "emit",
    [
        lambda log: log.warning("GET https://api.telegram.org/bot%s/getUpdates", TOKEN),
        lambda log: log.warning(f"url https://api.telegram.org/bot{TOKEN}/sendMessage"),
        lambda log: log.warning("secret half %s", TOKEN.partition(":")[2]),
        lambda log: log.error("failed", exc_info=RuntimeError(f"bad url .../bot{TOKEN}/getMe")),
    ],
    ids=["args", "preformatted", "secret-half", "traceback"],
)
def test_token_is_redacted(captured: ListHandler, emit) -> None:
    emit(logging.getLogger("telegram.ext.some.child"))
    assert captured.lines
    assert all(TOKEN not in line and TOKEN.partition(":")[2] not in line for line in captured.lines)
    assert logs.REDACTED in "\n".join(captured.lines)


def test_protect_is_idempotent_and_quiets_httpx(captured: ListHandler) -> None:
    logs.protect(TOKEN)
    assert sum(isinstance(f, logs.RedactToken) for f in captured.filters) == 1
    assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING


def test_short_tokens_do_not_redact_everything() -> None:
    assert logs.RedactToken("1:ab").secrets == []
