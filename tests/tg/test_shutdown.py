"""run_polling and run_webhook in a real process: answer, then SIGTERM stops them cleanly."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

import aiohttp

from .conftest import SERVICE_KINDS
from .test_e2e import free_port
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


async def test_sigterm_stops_the_webhook_gracefully(standin: StandIn, knowledge_dir: Path) -> None:
    port, secret = free_port(), "s3cret-for-the-test"
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": standin.base_url,
        "TELEGRAM_BASE_FILE_URL": standin.base_file_url,
        "BOT_KNOWLEDGE_DIR": str(knowledge_dir),
        "BOT_DATABASE_URL": "sqlite://",
        "BOT_WEBHOOK_URL": "https://bot.example.com",
        "BOT_WEBHOOK_LISTEN": "127.0.0.1",
        "BOT_WEBHOOK_PORT": str(port),
        "BOT_WEBHOOK_SECRET": secret,
        "TG_SERVICE": SERVICE_KINDS[0],
        "NO_PROXY": "127.0.0.1",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(SCRIPT), "webhook", env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    try:
        await standin.api.wait_for(lambda: standin.api.sent("setWebhook"), timeout=30)
        assert standin.api.webhook["secret_token"] == secret
        update = Updates(first_update_id=88).message("县级远程影像诊断完成了多少例")
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret, "Content-Type": "application/json"}
        async with aiohttp.ClientSession() as http:
            url = f"http://127.0.0.1:{port}/telegram"
            async with http.post(url, data=json.dumps(update), headers=headers) as response:
                assert response.status == 200
        await standin.api.replies(RESIDENT_ID, timeout=30)
        process.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 20)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0, stderr.decode()
    assert "stopped cleanly" in stdout.decode()
