"""How handlers reach the question-answering core without blocking the event loop.

Quick calls (ask, figures, topics, refresh) run one at a time on a dedicated thread (or, while
answers are quick, on the loop itself: see Core.ask). None of them waits for a database write:
on SQLite the Service queues each question's context and query-log row and writes them on its
own writer thread, so a database locked by another process delays the log, never an answer.
Heavy admin work (reload, check, rollback, and the admin reads that may wait for a locked
database) runs on the default thread pool so questions keep being answered meanwhile; the core
swaps its snapshot in one step when a reload is done.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from telegram.ext import Application, ContextTypes

from bot.store import StoreError

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.domain import Figure
    from bot.qa.answer import Answer
    from bot.service import Service

log = logging.getLogger(__name__)
T = TypeVar("T")
# Answers faster than this on average run on the event loop (see Core.ask); a blocked loop
# for this long delays no one noticeably.
INLINE_MAX_MS = 20.0
# Answers measured on the core thread before trusting the average.
INLINE_WARMUP = 5
SMOOTHING = 0.2
_KEY = "core"


class Core:
    """The Service, the settings, and the thread quick core calls run on."""

    def __init__(self, service: Service, settings: Settings) -> None:
        self.service = service
        self.settings = settings
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="core")
        self._answers = 0
        self._recent_ms = 0.0

    async def quick(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a short core call on the core thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))

    async def heavy(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a long core call (reload, check, rollback) on the default thread pool."""
        return await asyncio.to_thread(fn, *args, **kwargs)

    async def ask(self, chat: str, text: str) -> Answer:
        """Answer a question in a chat's context.

        While answers are known to be quick they run on the event loop itself: a hop to the
        core thread and back costs more than the answer (GIL hand-overs; bench_telegram.py,
        143 → 192 updates/s). While they are slow (or not yet measured) they run on the core
        thread, so the loop stays free and "typing…" can be shown. An ask that writes to the
        database before returning (a shared database) always runs on the core thread.
        """
        started = time.perf_counter()
        if self._answers >= INLINE_WARMUP and self._recent_ms < INLINE_MAX_MS and not self.service.ask_waits_for_database:
            answer = self.service.ask(chat, text)
        else:
            answer = await self.quick(self.service.ask, chat, text)
        self._observe((time.perf_counter() - started) * 1000)
        return answer

    def _observe(self, ms: float) -> None:
        """Keep a moving average of how long answers take."""
        self._answers += 1
        self._recent_ms = ms if self._answers == 1 else self._recent_ms + SMOOTHING * (ms - self._recent_ms)

    async def figures(self, keyword: str) -> list[Figure]:
        """Figures matching a keyword, best first."""
        return await self.quick(self.service.figures, keyword)

    async def topics(self) -> dict[str, dict[str, list[Figure]]]:
        """Department → project → figures of the knowledge being served."""
        return await self.quick(lambda: self.service.engine.topics())

    async def examples(self, count: int) -> list[str]:
        """Example questions drawn from the knowledge."""
        return await self.quick(lambda: self.service.engine.examples(count))

    def close(self) -> None:
        """Let running calls finish, stop the core thread and write the questions still pending."""
        self._executor.shutdown(wait=True)
        try:
            self.service.flush()
        except StoreError as exc:  # they stay queued: Service.close tries once more
            log.warning("could not write the pending questions at shutdown: %s", exc)


def install(bot_data: dict, core: Core) -> None:
    """Make the core reachable from every handler."""
    bot_data[_KEY] = core


def core_of(holder: ContextTypes.DEFAULT_TYPE | Application) -> Core:
    """The core installed by the application builder (from a handler's context or the application)."""
    return holder.bot_data[_KEY]
