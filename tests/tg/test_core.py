"""The core's calls from the event loop: database writes never run on the loop's thread."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from bot import service as service_module
from bot.config import Settings
from bot.service import Service
from bot.store import open_database
from bot.tg import core as core_module
from bot.tg.core import INLINE_WARMUP, Core

from .conftest import Bot, eventually
from .updates import ADMIN_ID

# How long a blocked call is held before the test calls it a hang (it is released sooner when all is well).
HANG_SECONDS = 10.0


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    return "sqlite://" if request.param == "sqlite" else request.getfixturevalue("postgres_url")


async def test_quick_answers_on_the_loop_leave_their_writes_to_another_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    """SQLite: written behind the answers on the writer thread; PostgreSQL: asked on the core thread."""
    monkeypatch.setattr(service_module, "WRITE_BATCH", 1)  # every question is due to be written
    monkeypatch.setattr(core_module, "INLINE_MAX_MS", float("inf"))  # however slow the first answers were
    service = Service(Settings(knowledge_dir=tmp_path, database_url=database_url), open_database(database_url))
    writers: list[threading.Thread] = []
    for name in ("record_turn", "record_turns"):
        write = getattr(service.db, name)
        monkeypatch.setattr(service.db, name, lambda *args, write=write: writers.append(threading.current_thread()) or write(*args))
    core = Core(service, Settings(knowledge_dir=tmp_path))
    try:
        for i in range(INLINE_WARMUP + 3):  # past the warm-up, quick answers run on the loop itself
            await core.ask("chat", f"第{i}个问题")
        await eventually(lambda: writers)  # the writer thread has had its turn
        while_answering = list(writers)
        core.close()  # at shutdown the rest is written by whoever closes
        assert while_answering and threading.current_thread() not in while_answering
        assert len(service.db.unanswered(limit=100)) == INLINE_WARMUP + 3
    finally:
        service.close()


@pytest.mark.parametrize("command", ["/unanswered", "/versions"])
async def test_an_admin_read_waiting_for_the_database_does_not_hold_up_answers(
    app_bot: Bot, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """/unanswered writes the pending questions first and both read the store: a locked database
    may keep them waiting, but never on the thread answers run on."""
    entered, released = threading.Event(), threading.Event()
    name = command.lstrip("/")
    original = getattr(app_bot.service, name)

    def waits_for_the_lock(*args: object, **kwargs: object) -> object:
        entered.set()
        released.wait(HANG_SECONDS)
        return original(*args, **kwargs)

    monkeypatch.setattr(app_bot.service, name, waits_for_the_lock)
    admin_task = asyncio.create_task(app_bot.process(app_bot.updates.message(command, user_id=ADMIN_ID)))
    try:
        await eventually(entered.is_set)  # the admin command is waiting for the database
        calls = await asyncio.wait_for(app_bot.process(app_bot.updates.message("县级远程影像诊断完成了多少例")), HANG_SECONDS / 2)
        assert [c.method for c in calls if c.ok] == ["sendMessage"] and not released.is_set()
    finally:
        released.set()
        await admin_task
