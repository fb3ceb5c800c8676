"""Logging for the bot: quiet HTTP loggers, and the token redacted from every record.

httpx logs each request URL at INFO, and the Bot API puts the token in the URL
(https://api.telegram.org/bot<token>/getUpdates), so a log file would leak it.
"""

from __future__ import annotations

import logging

REDACTED = "<token>"
NOISY_LOGGERS = ("httpx", "httpcore")


class RedactToken(logging.Filter):
    """Replace the token (and its secret half) in a record's message and traceback."""

    def __init__(self, token: str) -> None:
        super().__init__()
        secret = token.partition(":")[2]
        # The secret half alone is as good as the token; too short a string would redact noise.
        self.secrets = [s for s in (token, secret) if len(s) >= 8]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(s in message for s in self.secrets):
            record.msg, record.args = self._redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redact(record.exc_text)
        return True

    def _redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text


def protect(token: str) -> None:
    """Lower the HTTP loggers and add the redacting filter to every root handler (idempotent)."""
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    if not token:
        return
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in root.handlers:
        if not any(isinstance(f, RedactToken) and token in f.secrets for f in handler.filters):
            handler.addFilter(RedactToken(token))
