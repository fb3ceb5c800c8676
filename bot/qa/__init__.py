"""Pure question answering over an immutable knowledge snapshot (no Telegram, no database)."""

from bot.qa.answer import Answer, Citation, Option
from bot.qa.context import Context
from bot.qa.engine import Engine

__all__ = ["Answer", "Citation", "Context", "Engine", "Option"]
