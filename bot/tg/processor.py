"""Update processing: different chats concurrently, each chat's updates strictly in order.

A follow-up question ("那基本建成呢？") depends on the answer before it, so one chat's updates
must not overtake each other; other chats need not wait for a slow one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Runs updates concurrently (up to the limit) but one at a time per chat."""

    __slots__ = ("_chats",)

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._chats: dict[int, tuple[asyncio.Lock, int]] = {}  # chat id → (lock, updates holding it)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Await the update's handlers while holding its chat's lock (updates without a chat run free)."""
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock, users = self._chats.get(chat.id, (asyncio.Lock(), 0))
        self._chats[chat.id] = (lock, users + 1)
        try:
            async with lock:  # asyncio.Lock is FIFO, and PTB starts update tasks in arrival order
                await coroutine
        finally:
            lock, users = self._chats[chat.id]
            if users == 1:
                del self._chats[chat.id]
            else:
                self._chats[chat.id] = (lock, users - 1)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
