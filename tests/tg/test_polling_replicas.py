"""Two bot processes on one SQLite file: the second waits instead of polling, then takes over.

Telegram serves getUpdates to one poller per token and answers a second with 409 Conflict; the
stand-in does the same, so two processes polling at once show up as conflicts.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from .standin import TOKEN, StandIn
from .test_shutdown import SCRIPT
from .updates import RESIDENT_ID, Updates

WAITING = "another replica is polling this bot; waiting to take over"
TAKING_OVER = "the other replica stopped polling; taking over"
START_SECONDS = 60.0  # generous: each process builds its knowledge on a shared, busy machine


async def read_until(process: asyncio.subprocess.Process, needle: str) -> str:
    """The child's stderr up to the first line containing `needle`."""
    assert process.stderr is not None
    seen = []
    async with asyncio.timeout(START_SECONDS):
        while needle not in (line := (await process.stderr.readline()).decode()):
            assert line, f"the process ended before logging {needle!r}: {''.join(seen)}"
            seen.append(line)
    return "".join(seen)


async def stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.kill()
        await process.wait()


async def test_second_process_on_one_sqlite_file_waits_then_takes_over(
    standin: StandIn, knowledge_dir: Path, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": standin.base_url,
        "TELEGRAM_BASE_FILE_URL": standin.base_file_url,
        "BOT_KNOWLEDGE_DIR": str(knowledge_dir),
        "BOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.sqlite3'}",
        "BOT_POLL_SECONDS": "0.2",
        "TG_SERVICE": "real",  # the real store's polling lock is what is tested
        "NO_PROXY": "127.0.0.1",
    }

    async def start() -> asyncio.subprocess.Process:
        pipe = asyncio.subprocess.PIPE
        return await asyncio.create_subprocess_exec(sys.executable, str(SCRIPT), env=env, stdout=pipe, stderr=pipe)

    first = await start()
    second = None
    try:
        await standin.api.wait_for(lambda: standin.api.sent("getUpdates"), timeout=START_SECONDS)
        second = await start()
        await read_until(second, WAITING)
        waiting_from = len(standin.api.calls)
        await standin.api.wait_for(lambda: len(standin.api.sent("getUpdates", since=waiting_from)) >= 3)
        polls_while_waiting = standin.api.calls[waiting_from:]
        first.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(first.wait(), 20) == 0
        await read_until(second, TAKING_OVER)
        since = len(standin.api.calls)
        standin.api.push(Updates(first_update_id=500).message("县级远程影像诊断完成了多少例"))
        assert await standin.api.replies(RESIDENT_ID, since=since, timeout=20)
    finally:
        await stop(first)
        if second is not None:
            await stop(second)
    # Only the first polled while the second waited (a process stopping may still collide with
    # its own abandoned long poll, so the calls after SIGTERM are not counted).
    assert [c for c in polls_while_waiting if c in standin.api.conflicts()] == []
