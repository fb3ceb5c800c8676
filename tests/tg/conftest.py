"""Fixtures for the Telegram front end: a core service (fake or real), the stand-in Bot API, and
running applications (in-process for unit tests, polling or webhook over HTTP for end to end).

TG_SERVICE selects the core behind the bot: `both` (the default: every test runs with each),
`fake` (tests/tg/fakes.py) or `real` (bot.service.Service on an in-memory SQLite database).
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from bot.config import Settings
from bot.tg.app import build_application
from tests.conftest import SEED_DIR

from .fakes import open_service
from .harness import collect_errors, running
from .offline import OfflineRequest
from .standin import TOKEN, Call, FakeBotApi, StandIn
from .updates import ADMIN_ID, Updates

REPO = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
SERVICE_KINDS = {"fake": ["fake"], "real": ["real"], "both": ["fake", "real"]}[os.environ.get("TG_SERVICE", "both")]
# Tests send a few dozen messages from one user; the flood tests set their own limits.
TEST_FLOOD_MESSAGES = 1000


async def eventually(predicate: Callable[[], Any], timeout: float = 3.0, step: float = 0.01) -> Any:
    """Poll a condition that no API call signals (e.g. a background task's effect)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not (value := predicate()):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await asyncio.sleep(step)
    return value


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    """A private copy of the seed knowledge (tests/data/seed)."""
    folder = tmp_path / "knowledge"
    shutil.copytree(SEED_DIR, folder)
    return folder


@pytest.fixture
def make_settings(knowledge_dir: Path) -> Callable[..., Settings]:
    """Settings for a test bot; keyword arguments override fields."""

    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "token": TOKEN,
            "admin_ids": frozenset({ADMIN_ID}),
            "knowledge_dir": knowledge_dir,
            "database_url": "sqlite://",
            "flood_messages": TEST_FLOOD_MESSAGES,
            "poll_seconds": 0.05,
        }
        values.update(overrides)
        return Settings(**values)

    return make


@pytest.fixture(params=SERVICE_KINDS)
def service(request: pytest.FixtureRequest, make_settings: Callable[..., Settings]) -> Any:
    """The core the bot talks to (see TG_SERVICE)."""
    service = open_service(request.param, make_settings())
    yield service
    service.close()


@pytest.fixture
def oracle_chat() -> Callable[[str], str]:
    """Chat keys for asking the service directly, never used by the bot."""
    counter = iter(range(1, 10_000))
    return lambda name: f"oracle-{name}-{next(counter)}"


@dataclass
class Bot:
    """A running application and what a test needs around it."""

    app: Application
    api: FakeBotApi
    service: Any
    settings: Settings
    errors: list[tuple[object, BaseException]]
    updates: Updates = field(default_factory=Updates)

    async def process(self, update: dict) -> list[Call]:
        """Run one update through the handlers in-process; returns the API calls it made."""
        since = len(self.api.calls)
        await self.app.process_update(Update.de_json(update, self.app.bot))
        return self.api.calls[since:]

    async def send(self, update: dict, replies: int = 1, timeout: float = 5.0) -> list[Call]:
        """Deliver one update and wait for `replies` sendMessage calls to its chat."""
        since = len(self.api.calls)
        chat_id = _chat_of(update)
        self.api.push(update)
        return await self.api.replies(chat_id, replies, since=since, timeout=timeout)


def _chat_of(update: dict) -> int:
    if "message" in update:
        return update["message"]["chat"]["id"]
    return update["callback_query"]["message"]["chat"]["id"]


@pytest.fixture
def api() -> FakeBotApi:
    """The stand-in Bot API's state (in-process)."""
    return FakeBotApi()


@pytest.fixture
async def app_bot(api: FakeBotApi, service: Any, make_settings: Callable[..., Settings]) -> AsyncIterator[Bot]:
    """An application wired to the in-process stand-in; drive it with app.process_update."""
    settings = make_settings()
    app = build_application(settings, service, request=lambda: OfflineRequest(api))
    errors = collect_errors(app)
    async with running(app):
        yield Bot(app, api, service, settings, errors)
    assert errors == [], errors


@pytest.fixture
async def standin(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[StandIn]:
    """The stand-in Bot API over HTTP on 127.0.0.1."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    server = await StandIn().start()
    yield server
    await server.stop()


@pytest.fixture
async def polling_bot(standin: StandIn, service: Any, make_settings: Callable[..., Settings]) -> AsyncIterator[Bot]:
    """The real application polling the stand-in over HTTP."""
    settings = make_settings(base_url=standin.base_url, base_file_url=standin.base_file_url)
    app = build_application(settings, service)
    errors = collect_errors(app)
    async with running(app, polling=True):
        yield Bot(app, standin.api, service, settings, errors)
    assert errors == [], errors  # a test that provokes errors checks and clears them
