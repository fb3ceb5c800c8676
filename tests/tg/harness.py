"""Running an Application inside an existing event loop, as run_polling / run_webhook would."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram.ext import Application

from bot.tg.app import polling_options
from bot.tg.webhook import serving


def collect_errors(app: Application) -> list[tuple[object, BaseException]]:
    """Register an error handler that records (update, error); tests assert it stays empty."""
    errors: list[tuple[object, BaseException]] = []

    async def collect(update: object, context: Any) -> None:
        errors.append((update, context.error))

    app.add_error_handler(collect)
    return errors


@asynccontextmanager
async def running(app: Application, *, polling: bool = False, webhook: dict | None = None) -> AsyncIterator[Application]:
    """What Application.run_polling / bot.tg.webhook.run do, inside the test's event loop."""
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    if polling:

        def forward(exc: Exception) -> None:  # as run_polling does: polling errors → error handlers
            app.create_task(app.process_error(error=exc, update=None))

        await app.updater.start_polling(**polling_options(), error_callback=forward)
    await app.start()
    try:
        if webhook is not None:
            async with serving(app, **webhook):
                yield app
        else:
            yield app
    finally:
        if app.updater.running:
            await app.updater.stop()
        await app.stop()
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)
