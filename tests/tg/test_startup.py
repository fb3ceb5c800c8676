"""`python -m bot run` against a Bot API that rejects the token or cannot be reached."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from .conftest import REPO
from .standin import StandIn

# Shaped like a real token, and not the one the stand-in accepts.
WRONG_TOKEN = "987654321:WRONG-token-ZyXwVuTsRqPoNmLkJiHgFeDcBa9"
# Generous: each report comes after a connection refused at once and a back-off of a few seconds.
REPORTS_WITHIN_S = 60


def bot_env(base_url: str, knowledge_dir: Path) -> dict[str, str]:
    """The environment of `python -m bot run` in a subprocess, without this process's settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "TELEGRAM_"))}
    env.update({
        "PYTHONPATH": str(REPO),
        "TELEGRAM_BOT_TOKEN": WRONG_TOKEN,
        "TELEGRAM_BASE_URL": base_url,
        "BOT_KNOWLEDGE_DIR": str(knowledge_dir),
        "BOT_DATABASE_URL": "sqlite://",
        "BOT_LOG_LEVEL": "WARNING",
        "PTB_TIMEDELTA": "1",
        "NO_PROXY": "127.0.0.1",
    })
    return env


@contextlib.asynccontextmanager
async def bot_process(env: dict[str, str], *args: str) -> AsyncIterator[asyncio.subprocess.Process]:
    """`python -m bot ARGS`, killed at the end if it is still running."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


def assert_token_hidden(text: str) -> None:
    assert WRONG_TOKEN not in text and WRONG_TOKEN.partition(":")[2] not in text


@pytest.mark.parametrize("command", ["run", "webhook"])
async def test_a_rejected_token_is_one_line_without_the_token(
    standin: StandIn, knowledge_dir: Path, command: str
) -> None:
    env = bot_env(standin.base_url, knowledge_dir) | {"BOT_WEBHOOK_URL": "https://bot.example.com", "BOT_WEBHOOK_PORT": str(closed_port())}
    async with bot_process(env, command) as process:
        stdout, stderr = await asyncio.wait_for(process.communicate(), REPORTS_WITHIN_S)
    text = stderr.decode()
    assert process.returncode != 0
    assert_token_hidden(text + stdout.decode())
    assert "Traceback" not in text
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "TELEGRAM_BOT_TOKEN" in lines[0] and "rejected" in lines[0]
    assert [c.method for c in standin.api.calls] == [], "the stand-in refused before any method ran"


def closed_port() -> int:
    """A local port nobody listens on (connections are refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_an_unreachable_bot_api_is_reported_then_retried_with_back_off(knowledge_dir: Path) -> None:
    env = bot_env(f"http://127.0.0.1:{closed_port()}/bot", knowledge_dir)
    reports: list[str] = []
    async with bot_process(env, "run") as process:

        async def read_reports() -> None:
            while len(reports) < 3:
                line = (await process.stderr.readline()).decode()
                assert line, f"the bot exited (status {await process.wait()}) after {reports}"
                assert "Traceback" not in line
                reports.append(line)

        await asyncio.wait_for(read_reports(), REPORTS_WITHIN_S)
        process.send_signal(signal.SIGTERM)  # docker stop during the outage
        rest = (await asyncio.wait_for(process.stderr.read(), REPORTS_WITHIN_S)).decode()
        assert await process.wait() == 0, f"a clean stop while waiting:\n{rest}"
        assert "Traceback" not in rest
    for line in reports:
        assert "Bot API" in line and "retrying in" in line, line
        assert_token_hidden(line)
    waits = [float(re.search(r"retrying in ([0-9.]+) s", line).group(1)) for line in reports]
    assert waits == sorted(waits) and waits[0] < waits[-1], f"the waits grow: {waits}"
