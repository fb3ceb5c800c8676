"""Telegram front end throughput and reply latency, end to end through the local Bot API stand-in.

    .venv/bin/python bench/bench_telegram.py [--updates 2000] [--chats 50] [--core real|fake] [--with-limits]

The stand-in Bot API (tests/tg/standin.py) serves HTTP on 127.0.0.1 in this process; the bot runs
in a child process through Application.run_polling, as in production, so the two share the
machine's cores the way a bot and Telegram never would share one. Every update is a private
question, answered with "typing…" and a reply. Runs:
  idle     one question at a time: the latency a resident sees on a quiet bot
  burst    all updates queued at once over --chats chats: throughput, and latency under load
  limits   (--with-limits) a burst through the production AIORateLimiter, which holds the bot
           to Telegram's ~30 messages/s overall: the ceiling in production is Telegram's
idle and burst use the same rate limiter with throttling off (429 retries kept), so they measure
the bot rather than Telegram's published limits. Prints a table; nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the stand-in lives with the tests

from tg.standin import TOKEN, StandIn  # noqa: E402
from tg.updates import Updates  # noqa: E402

QUESTIONS = [
    "县级远程影像诊断完成了多少例",
    "市级远程医疗中心远程教育搞了几次",
    "棚户区改造开工了多少套",
    "幼儿园项目面积一共多少",
    "中小学已开工面积是多少",
    "城镇新增就业多少人",
    "老旧小区改造项目有多少个",
    "凤凰山大桥完成了多少",
    "那基本建成呢",
    "农村生活垃圾转运站开工几座",
]
IDLE_CHAT = 99_999
FIRST_CHAT = 100_000
LIMITED_BURST = 150  # at ~15 updates/s (two requests each) this takes ten seconds


def serve_bot(core: str, limited: bool) -> None:
    """The child: run the bot with run_polling until SIGTERM, configured from the environment."""
    from telegram.ext import AIORateLimiter
    from tg.fakes import open_service

    from bot.config import Settings
    from bot.tg.app import RATE_LIMIT_RETRIES, build_application, polling_options

    settings = Settings.from_env(dotenv=False)
    service = open_service(core, settings)
    unthrottled = AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=RATE_LIMIT_RETRIES)
    application = build_application(settings, service, rate_limiter=None if limited else unthrottled)
    application.run_polling(**polling_options())
    service.close()


async def start_bot(standin: StandIn, knowledge: Path, core: str, limited: bool) -> asyncio.subprocess.Process:
    """Start the child bot and wait until it polls."""
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": standin.base_url,
        "TELEGRAM_BASE_FILE_URL": standin.base_file_url,
        "BOT_KNOWLEDGE_DIR": str(knowledge),
        "BOT_DATABASE_URL": "sqlite://",
        "BOT_FLOOD_MESSAGES": str(10**6),
        "NO_PROXY": "127.0.0.1",
    }
    profile = ["-m", "cProfile", "-o", os.environ["BENCH_PROFILE"]] if os.environ.get("BENCH_PROFILE") else []
    args = [sys.executable, *profile, __file__, "--serve-bot", "--core", core] + (["--with-limits"] if limited else [])
    process = await asyncio.create_subprocess_exec(*args, env=env)
    await standin.api.wait_for(lambda: standin.api.answered["getUpdates"], timeout=60)
    return process


async def stop_bot(process: asyncio.subprocess.Process) -> None:
    process.send_signal(signal.SIGTERM)
    await asyncio.wait_for(process.wait(), 30)


async def idle(standin: StandIn, count: int, updates: Updates) -> list[float]:
    """One question at a time; reply latencies in seconds."""
    latencies = []
    for i in range(count):
        since = len(standin.api.calls)
        start = time.monotonic()
        standin.api.push(updates.message(QUESTIONS[i % len(QUESTIONS)], user_id=IDLE_CHAT))
        reply = await standin.api.replies(IDLE_CHAT, since=since, timeout=30)
        latencies.append(reply[0].at - start)
    return latencies


async def burst(standin: StandIn, count: int, chats: int, updates: Updates) -> tuple[float, list[float]]:
    """Queue `count` questions over `chats` chats at once; (seconds until all answered, latencies)."""
    api = standin.api
    since, target = len(api.calls), api.answered["sendMessage"] + count
    batch = [updates.message(QUESTIONS[i % len(QUESTIONS)], user_id=FIRST_CHAT + i % chats) for i in range(count)]
    start = time.monotonic()
    api.push(*batch)
    await api.wait_for(lambda: api.answered["sendMessage"] >= target, timeout=600)
    replies = api.sent(since=since)
    latencies = [call.at - start for call in replies]  # all were queued at `start`
    return max(c.at for c in replies) - start, latencies


async def measure(args: argparse.Namespace, knowledge: Path, limited: bool) -> list[tuple]:
    standin = await StandIn().start()
    updates = Updates()
    rows = []
    try:
        process = await start_bot(standin, knowledge, args.core, limited)
        try:
            await idle(standin, 3, updates)  # warm up: jieba, connection pool
            if limited:
                elapsed, latencies = await burst(standin, LIMITED_BURST, args.chats, updates)
                rows.append(("limits", LIMITED_BURST, args.chats, LIMITED_BURST / elapsed, latencies))
            else:
                rows.append(("idle", args.idle, 1, None, await idle(standin, args.idle, updates)))
                elapsed, latencies = await burst(standin, args.updates, args.chats, updates)
                rows.append(("burst", args.updates, args.chats, args.updates / elapsed, latencies))
        finally:
            await stop_bot(process)
    finally:
        await standin.stop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--updates", type=int, default=2000, help="questions in the burst")
    parser.add_argument("--chats", type=int, default=50, help="chats the burst is spread over")
    parser.add_argument("--idle", type=int, default=100, help="questions asked one at a time")
    parser.add_argument("--core", choices=["real", "fake"], default="real", help="bot.service.Service or the test fake")
    parser.add_argument("--with-limits", action="store_true", help="also run a burst through Telegram's rate limits")
    parser.add_argument("--serve-bot", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bot:
        serve_bot(args.core, args.with_limits)
        return
    with tempfile.TemporaryDirectory() as folder:
        knowledge = Path(folder) / "knowledge"
        shutil.copytree(REPO / "knowledge", knowledge)
        rows = asyncio.run(measure(args, knowledge, limited=False))
        if args.with_limits:
            rows += asyncio.run(measure(args, knowledge, limited=True))
    print(f"core={args.core}  cpus={os.cpu_count()}  python={sys.version.split()[0]}")
    print(f"{'run':<8}{'updates':>9}{'chats':>7}{'updates/s':>11}{'median ms':>11}{'p99 ms':>9}{'max ms':>9}")
    for name, count, chats, rate, latencies in rows:
        ms = [x * 1000 for x in latencies]
        p99 = sorted(ms)[min(len(ms) - 1, int(0.99 * len(ms)))]
        rate_text = f"{rate:.0f}" if rate else "-"
        print(f"{name:<8}{count:>9}{chats:>7}{rate_text:>11}{statistics.median(ms):>11.1f}{p99:>9.1f}{max(ms):>9.1f}")


if __name__ == "__main__":
    main()
