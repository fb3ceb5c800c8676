"""Bot API calls retried on transient failures, with back-off, before anyone gives up.

One 500 from Telegram (or a proxy's HTML error page, a dropped or half-read reply, a timeout)
used to cost a resident the answer: the handler failed and the error handler apologised. The
retries sit around the rate limiter, so each attempt is rate limited (and a 429 waited out) too.
getUpdates does not pass through here: PTB's polling loop has its own back-off; nor are the
start-up calls retried here (see NOT_RETRIED).

A call whose reply was lost may have reached Telegram, so a retried message can, rarely, arrive
twice; the Bot API has no idempotency key, and a duplicate costs less than a lost answer.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

# Waits before the 2nd, 3rd and 4th attempt: 3.5 s in all rides out a proxy restart or a short
# burst of 5xx, and is still a wait a person accepts before being told to try again.
RETRY_DELAYS: tuple[float, ...] = (0.5, 1.0, 2.0)
# Not retried here. "typing…" is best effort and awaited before the answer, so retrying it would
# only delay the answer it announces (it lasts 5 s anyway). The start-up calls have their own
# retries with longer back-off and one warning per attempt (app._initialize_with_retries for
# getMe, PTB's bootstrap for deleteWebhook, webhook.register for setWebhook); retrying inside
# each attempt would only hide the outage for longer.
NOT_RETRIED = frozenset({"sendChatAction", "getMe", "deleteWebhook", "setWebhook"})


def is_transient(error: BaseException) -> bool:
    """True for failures that may pass on their own: network, 5xx, timeouts, an unreadable reply."""
    if isinstance(error, BadRequest):  # a NetworkError subclass, but a bad request stays bad
        return False
    if isinstance(error, NetworkError):  # connection errors, TimedOut, 5xx and non-JSON error pages
        return True
    # A 2xx whose body is not JSON (cut short by a proxy): PTB raises a bare TelegramError from the
    # JSON decoder's ValueError.
    return type(error) is TelegramError and isinstance(error.__cause__, ValueError)


class RetryingRateLimiter(BaseRateLimiter):
    """Wraps a rate limiter: each Bot API call is retried after RETRY_DELAYS on transient failures."""

    def __init__(
        self,
        inner: BaseRateLimiter,
        *,
        delays: tuple[float, ...] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.inner = inner
        self._delays = delays
        self._sleep = sleep

    async def initialize(self) -> None:
        """Initialise the wrapped limiter."""
        await self.inner.initialize()

    async def shutdown(self) -> None:
        """Shut the wrapped limiter down."""
        await self.inner.shutdown()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Any,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Make the call through the wrapped limiter, retrying transient failures after each delay."""
        delays = RETRY_DELAYS if self._delays is None else self._delays
        if endpoint in NOT_RETRIED:
            delays = ()
        for attempt, delay in enumerate((*delays, None), start=1):
            try:
                return await self.inner.process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except TelegramError as error:
                if delay is None or not is_transient(error):
                    raise
                log.warning("%s failed (%s), attempt %d; retrying in %g s", endpoint, error, attempt, delay)
                await self._sleep(delay)
        raise AssertionError("unreachable: the last attempt returns or raises")
