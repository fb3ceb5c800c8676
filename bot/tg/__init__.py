"""The Telegram front end: the only package that imports `telegram`.

`build_application(settings, service)` wires the handlers to a core Service; `run_polling` and
`run_webhook` serve it until SIGTERM. Without a token, print `token_missing_message()` instead.

The names are imported on first use: Docker's health probe (`python -m bot.tg.health`) runs
every 30 s and must not load python-telegram-bot, SQLAlchemy and the core just to read a file's
age; importing them here also made runpy warn that bot.tg.health was already imported.
"""

from __future__ import annotations

from typing import Any

__all__ = ["build_application", "run_polling", "run_webhook", "token_missing_message"]


def __getattr__(name: str) -> Any:
    """The public names of bot.tg.app, imported when first asked for (PEP 562)."""
    if name in __all__:
        from bot.tg import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
