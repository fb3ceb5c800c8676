"""The Telegram front end: the only package that imports `telegram`.

`build_application(settings, service)` wires the handlers to a core Service; `run_polling` and
`run_webhook` serve it until SIGTERM. Without a token, print `token_missing_message()` instead.
"""

from bot.tg.app import build_application, run_polling, run_webhook, token_missing_message

__all__ = ["build_application", "run_polling", "run_webhook", "token_missing_message"]
