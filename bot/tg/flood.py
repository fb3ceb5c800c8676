"""Per-user flood limit: N messages in a sliding window, one polite warning, then silence."""

from __future__ import annotations

import enum
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from telegram import Update
from telegram.ext import ApplicationHandlerStop, CallbackQueryHandler, ContextTypes, MessageHandler

from bot.tg import addressing

SLOW_DOWN = "请稍慢一点，{seconds}秒后再问我吧。"
# Users tracked before idle ones are forgotten; a purge walks the table, so not on every message.
PURGE_AT = 10_000


class Verdict(enum.Enum):
    """What to do with one message."""

    ALLOW = "allow"
    WARN = "warn"  # the first message over the limit: say so once
    DROP = "drop"  # later ones in the same window: say nothing


@dataclass
class _User:
    times: deque[float] = field(default_factory=deque)
    warned: bool = False


class FloodGate:
    """Counts each user's accepted messages in the last `window` seconds."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._users: dict[int, _User] = {}

    def check(self, user_id: int) -> Verdict:
        """Record a message from `user_id` and say whether to answer it."""
        now = self._clock()
        user = self._users.setdefault(user_id, _User())
        while user.times and user.times[0] <= now - self.window:
            user.times.popleft()
        if len(user.times) < self.limit:
            user.times.append(now)
            user.warned = False
            self._maybe_purge(now)
            return Verdict.ALLOW
        if user.warned:
            return Verdict.DROP
        user.warned = True
        return Verdict.WARN

    def _maybe_purge(self, now: float) -> None:
        """Forget users with nothing in the window once the table grows large."""
        if len(self._users) < PURGE_AT:
            return
        idle = [uid for uid, u in self._users.items() if not u.times or u.times[-1] <= now - self.window]
        for uid in idle:
            del self._users[uid]


async def guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop an update from a user over the limit; warn them the first time."""
    user = update.effective_user
    if user is None:
        return
    gate: FloodGate = context.bot_data["flood"]
    verdict = gate.check(user.id)
    if verdict is Verdict.ALLOW:
        return
    text = SLOW_DOWN.format(seconds=round(gate.window))
    if update.callback_query:
        await update.callback_query.answer(text if verdict is Verdict.WARN else None)
    elif verdict is Verdict.WARN and update.effective_message:
        await update.effective_message.reply_text(text)
    raise ApplicationHandlerStop


def handlers() -> list:
    """The guard, for every update the bot would act on (group chatter it ignores is not counted)."""
    return [MessageHandler(addressing.ACTIONABLE, guard), CallbackQueryHandler(guard)]
