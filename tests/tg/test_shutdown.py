"""run_polling in a real process: answers, then SIGTERM stops it cleanly and confirms the updates."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from .conftest import SERVICE_KINDS
from .standin import TOKEN, StandIn
from .updates import ADMIN_ID, RESIDENT_ID, Updates

SCRIPT = Path(__file__).resolve().parent / "run_bot.py"


async def test_sigterm_stops_polling_gracefully(standin: StandIn, knowledge_dir: Path) -> None:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": standin.base_url,
        "TELEGRAM_BASE_FILE_URL": standin.base_file_url,
        "BOT_KNOWLEDGE_DIR": str(knowledge_dir),
        "BOT_DATABASE_URL": "sqlite://",
        "BOT_ADMIN_IDS": str(ADMIN_ID),
        "TG_SERVICE": SERVICE_KINDS[0],
        "NO_PROXY": "127.0.0.1",
    }
    update = Updates(first_update_id=77).message("县级远程影像诊断完成了多少例")
    standin.api.push(update)
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(SCRIPT), env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    try:
        await standin.api.replies(RESIDENT_ID, timeout=30)
        process.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 20)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0, stderr.decode()
    assert "stopped cleanly" in stdout.decode()
    assert TOKEN not in stderr.decode() and TOKEN.partition(":")[2] not in stderr.decode()
    offsets = [c.params.get("offset") for c in standin.api.calls if c.method == "getUpdates"]
    assert offsets[-1] == update["update_id"] + 1  # the answered update was confirmed before exit
