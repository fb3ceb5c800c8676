"""How handlers reach the question-answering core without blocking the event loop.

Quick calls (ask, figures, topics, refresh) run one at a time on a dedicated thread: the core's
per-chat context and query log are written to the database, and one writer at a time is what
every database (SQLite in memory included) handles without surprises. Heavy admin work (reload,
check, rollback) runs on the default thread pool so questions keep being answered meanwhile;
the core swaps its snapshot in one step when a reload is done.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from telegram.ext import Application, ContextTypes

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.domain import Figure
    from bot.qa.answer import Answer
    from bot.service import Service

T = TypeVar("T")
_KEY = "core"


class Core:
    """The Service, the settings, and the thread quick core calls run on."""

    def __init__(self, service: Service, settings: Settings) -> None:
        self.service = service
        self.settings = settings
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="core")

    async def quick(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a short core call on the core thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))

    async def heavy(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a long core call (reload, check, rollback) on the default thread pool."""
        return await asyncio.to_thread(fn, *args, **kwargs)

    async def ask(self, chat: str, text: str) -> Answer:
        """Answer a question in a chat's context."""
        return await self.quick(self.service.ask, chat, text)

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
        """Let running calls finish and stop the core thread."""
        self._executor.shutdown(wait=True)


def install(bot_data: dict, core: Core) -> None:
    """Make the core reachable from every handler."""
    bot_data[_KEY] = core


def core_of(holder: ContextTypes.DEFAULT_TYPE | Application) -> Core:
    """The core installed by the application builder (from a handler's context or the application)."""
    return holder.bot_data[_KEY]
