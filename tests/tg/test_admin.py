"""Admin commands and uploads: who may use them, that they work, and that they work once."""

from __future__ import annotations

import asyncio
import re
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from bot.tg import admin

from .conftest import DATA, Bot
from .test_uploads import BROKEN_FIGURES
from .updates import ADMIN_ID, GROUP_ID, RESIDENT_ID

SAMPLE = "2021-05-民生工程5月推进情况.txt"


async def run(bot: Bot, update: dict) -> list:
    """Process an update and wait for any knowledge change it started."""
    since = len(bot.api.calls)
    await bot.process(update)
    await bot.app.bot_data["admin"].idle()
    return bot.api.calls[since:]


def texts(calls: list) -> list[str]:
    return [c.params["text"] for c in calls if c.method == "sendMessage" and c.ok]


def count_reloads(service: Any, monkeypatch: pytest.MonkeyPatch, gate: threading.Event | None = None) -> list[str]:
    """Record reload(loaded_by) calls; with `gate`, each reload waits for it first."""
    loaded_by: list[str] = []
    original = service.reload

    def reload(loaded_by_: str = "cli", paths: list[Path] | None = None) -> Any:
        loaded_by.append(loaded_by_)
        if gate is not None:
            gate.wait(5)
        return original(loaded_by=loaded_by_, paths=paths)

    monkeypatch.setattr(service, "reload", lambda loaded_by="cli", paths=None: reload(loaded_by, paths))
    return loaded_by


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("command", ["/reload", "/status", "/unanswered", "/versions", "/rollback", "/rollback 1"])
async def test_non_admin_is_refused_and_nothing_changes(app_bot: Bot, monkeypatch: pytest.MonkeyPatch,
                                                        command: str) -> None:
    reloads = count_reloads(app_bot.service, monkeypatch)
    version = app_bot.service.version
    calls = await run(app_bot, app_bot.updates.message(command, user_id=RESIDENT_ID))
    assert texts(calls) == [admin.REFUSED]
    assert reloads == [] and app_bot.service.version == version


async def test_admin_commands_only_in_private(app_bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    reloads = count_reloads(app_bot.service, monkeypatch)
    calls = await run(app_bot, app_bot.updates.group("/reload", user_id=ADMIN_ID, chat_id=GROUP_ID))
    assert texts(calls) == [admin.PRIVATE_ONLY] and reloads == []


@pytest.mark.parametrize(("ids", "user", "allowed"), [(frozenset(), 1, False), (frozenset({1}), 1, True),
                                                      (frozenset({1}), 2, False), (frozenset({1}), None, False)],
                         ids=["nobody-configured", "listed", "not-listed", "no-user"])
def test_is_admin(ids: frozenset[int], user: int | None, allowed: bool) -> None:
    assert admin.is_admin(user, ids) is allowed


async def test_reload_reports_and_runs_once_per_update(app_bot: Bot, monkeypatch: pytest.MonkeyPatch,
                                                       knowledge_dir: Path) -> None:
    shutil.copy(DATA / SAMPLE, knowledge_dir / SAMPLE)
    reloads = count_reloads(app_bot.service, monkeypatch)
    update = app_bot.updates.message("/reload", user_id=ADMIN_ID)
    sent = texts(await run(app_bot, update))
    assert sent[0].startswith("开始重新加载") and sent[1].startswith("✅")
    assert reloads == [f"telegram:{ADMIN_ID}"]
    assert texts(await run(app_bot, update)) == []  # the same update delivered again
    assert len(reloads) == 1


async def test_second_reload_while_one_runs_is_told_to_wait(app_bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    gate = threading.Event()
    reloads = count_reloads(app_bot.service, monkeypatch, gate)
    await app_bot.process(app_bot.updates.message("/reload", user_id=ADMIN_ID))
    await app_bot.api.wait_for(lambda: reloads)  # the first reload is running (held at the gate)
    calls = await app_bot.process(app_bot.updates.message("/reload", user_id=ADMIN_ID))
    assert texts(calls) == [admin.BUSY]
    gate.set()
    await app_bot.app.bot_data["admin"].idle()
    assert len(reloads) == 1


async def test_status(app_bot: Bot) -> None:
    text = texts(await run(app_bot, app_bot.updates.message("/status", user_id=ADMIN_ID)))[0]
    status = app_bot.service.status()
    assert f"知识版本：#{status.version}" in text and f"数字：{status.figures}" in text and "已运行：" in text


async def test_unanswered_most_frequent_first_escaped(app_bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    limits: list[int] = []
    monkeypatch.setattr(app_bot.service, "unanswered",
                        lambda limit=10: limits.append(limit) or [("火星<基地>", 3), ("天气", 1)])
    text = texts(await run(app_bot, app_bot.updates.message("/unanswered 5", user_id=ADMIN_ID)))[0]
    assert text.index("3×  火星&lt;基地&gt;") < text.index("1×  天气") and limits == [5]


async def test_versions_and_rollback(app_bot: Bot, knowledge_dir: Path) -> None:
    first = app_bot.service.version
    no_earlier = texts(await run(app_bot, app_bot.updates.message("/rollback", user_id=ADMIN_ID)))
    assert no_earlier[0].startswith("无法回滚")
    shutil.copy(DATA / SAMPLE, knowledge_dir / SAMPLE)
    await run(app_bot, app_bot.updates.message("/reload", user_id=ADMIN_ID))
    second = app_bot.service.version
    assert second != first
    listing = texts(await run(app_bot, app_bot.updates.message("/versions", user_id=ADMIN_ID)))[0]
    assert listing.index(f"#{second}") < listing.index(f"#{first}") and "← 当前" in listing
    done = texts(await run(app_bot, app_bot.updates.message("/rollback", user_id=ADMIN_ID)))
    assert done == [f"已回滚，现在使用知识版本 #{first}。"] and app_bot.service.version == first
    usage = texts(await run(app_bot, app_bot.updates.message("/rollback abc", user_id=ADMIN_ID)))
    assert usage[0].startswith("用法")


async def test_rollback_to_an_unknown_version_says_so(app_bot: Bot) -> None:
    current = app_bot.service.version
    reply = texts(await run(app_bot, app_bot.updates.message("/rollback 99", user_id=ADMIN_ID)))
    assert len(reply) == 1 and reply[0].startswith("无法回滚") and "99" in reply[0], reply
    assert app_bot.service.version == current


@pytest.mark.parametrize(
    ("name", "size", "reply_start"),
    [("slides.pdf", 100, "“slides.pdf”不是"), ("big.txt", 10**9, "文件太大"), (None, 100, "请把知识文件")],
    ids=["wrong-type", "too-big", "no-name"],
)
async def test_upload_refused_before_download(app_bot: Bot, knowledge_dir: Path, name: str | None, size: int,
                                              reply_start: str) -> None:
    before = snapshot(knowledge_dir)
    calls = await run(app_bot, app_bot.updates.document("f1", name, size))
    assert texts(calls)[0].startswith(reply_start)
    assert "getFile" not in [c.method for c in calls] and snapshot(knowledge_dir) == before


async def test_upload_from_non_admin_is_refused(app_bot: Bot, knowledge_dir: Path) -> None:
    before = snapshot(knowledge_dir)
    app_bot.api.add_file("f1", SAMPLE, (DATA / SAMPLE).read_bytes())
    calls = await run(app_bot, app_bot.updates.document("f1", SAMPLE, 100, user_id=RESIDENT_ID))
    assert texts(calls) == [admin.REFUSED] and snapshot(knowledge_dir) == before


async def test_admin_upload_is_checked_moved_in_and_loaded(app_bot: Bot, knowledge_dir: Path) -> None:
    version = app_bot.service.version
    content = (DATA / SAMPLE).read_bytes()
    app_bot.api.add_file("f1", SAMPLE, content)
    sent = texts(await run(app_bot, app_bot.updates.document("f1", SAMPLE, len(content))))
    assert sent[0].startswith(f"收到 {SAMPLE}") and sent[-1].startswith(f"✅ 已加入了 {SAMPLE}")
    assert (knowledge_dir / SAMPLE).read_bytes() == content
    assert app_bot.service.version != version


async def test_broken_upload_is_refused_with_its_problems(app_bot: Bot, knowledge_dir: Path) -> None:
    before, version = snapshot(knowledge_dir), app_bot.service.version
    app_bot.api.add_file("f2", "2021-05.figures.yaml", BROKEN_FIGURES.encode())
    sent = texts(await run(app_bot, app_bot.updates.document("f2", "2021-05.figures.yaml", len(BROKEN_FIGURES))))
    assert sent[-1].startswith("❌") and re.search(r"2021-05\.figures\.yaml:\d+: error", sent[-1])
    assert snapshot(knowledge_dir) == before and app_bot.service.version == version


async def test_upload_larger_than_announced_is_refused_after_download(app_bot: Bot, knowledge_dir: Path) -> None:
    before = snapshot(knowledge_dir)
    big = b"x" * (app_bot.settings.max_upload_bytes + 1)
    app_bot.api.add_file("f3", "big.txt", big)
    sent = texts(await run(app_bot, app_bot.updates.document("f3", "big.txt", None)))
    assert sent[-1].startswith("文件太大") and snapshot(knowledge_dir) == before


async def test_reload_concurrent_with_questions(app_bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    """Questions are answered while a slow reload runs in the background."""
    gate = threading.Event()
    count_reloads(app_bot.service, monkeypatch, gate)
    await app_bot.process(app_bot.updates.message("/reload", user_id=ADMIN_ID))
    calls = await asyncio.wait_for(app_bot.process(app_bot.updates.message("县级远程影像诊断完成了多少例")), 5)
    assert texts(calls)
    gate.set()
    await app_bot.app.bot_data["admin"].idle()
