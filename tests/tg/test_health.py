"""The heartbeat the bot touches and the HEALTHCHECK command that reads it."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

from bot.tg import health

from .conftest import Bot, eventually


def test_healthy_only_while_fresh(tmp_path: Path) -> None:
    path = tmp_path / "beat"
    assert not health.healthy(path)
    path.touch()
    assert health.healthy(path)
    assert not health.healthy(path, now=time.time() + health.MAX_AGE_SECONDS + 1)


async def test_beat_touches_the_file(tmp_path: Path) -> None:
    path = tmp_path / "beat"
    task = asyncio.create_task(health.beat(path, every=0.01))
    await eventually(path.exists)
    task.cancel()


async def test_running_bot_keeps_the_heartbeat(app_bot: Bot) -> None:
    assert health.healthy(health.heartbeat_path())


def test_health_command_exit_status(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    command = [sys.executable, "-m", "bot.tg.health"]
    assert subprocess.run(command, env=env, capture_output=True).returncode == 1
    (tmp_path / "minsheng-bot.heartbeat").touch()
    assert subprocess.run(command, env=env, capture_output=True).returncode == 0


# What Docker runs every 30 s must stay small: no Telegram library, no database, no tokenizer.
HEAVY_PACKAGES = ("telegram", "sqlalchemy", "jieba", "httpx", "rapidfuzz", "yaml")


def test_health_command_imports_nothing_heavy_and_warns_nothing(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    (tmp_path / "minsheng-bot.heartbeat").touch()
    probe = subprocess.run([sys.executable, "-X", "importtime", "-m", "bot.tg.health"], env=env, capture_output=True, text=True)
    assert probe.returncode == 0
    report = [line for line in probe.stderr.splitlines() if line.startswith("import time:")]
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in report}
    assert "bot" in imported, "the -X importtime report was read"
    assert not imported & set(HEAVY_PACKAGES)
    others = [line for line in probe.stderr.splitlines() if not line.startswith("import time:")]
    assert others == [], "no warning (e.g. runpy's 'found in sys.modules') on the probe's stderr"
