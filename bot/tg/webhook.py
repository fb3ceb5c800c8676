"""The webhook endpoint Telegram posts updates to, guarded before a byte of the body is read.

PTB's built-in webhook server reads the whole body (tornado allows 100 MB) before it checks the
secret, so ten unauthenticated 90 MB posts took 750 MB; and a malformed body with the right
secret was a 500. This handler streams the body: the secret is checked from the headers (403;
a small body is drained and dropped first, a large one never read), an announced length over the
cap is refused from the headers (413), and the body is counted as it arrives (413 past the cap).
What arrives is parsed as an update or refused with 400.

`serving` registers the webhook and serves it for as long as its block runs; run_webhook and the
tests both use it, with PTB's Application doing everything else (handlers, update queue).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from http import HTTPStatus
from typing import TYPE_CHECKING

import tornado.web
from tornado.httpserver import HTTPServer
from telegram import Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import ExtBot

from bot.config import ConfigError

if TYPE_CHECKING:
    from telegram.ext import Application

log = logging.getLogger(__name__)

# An update is a few kilobytes (a message is at most 4096 characters; files come as ids), so
# 1 MB is plenty, and a flood of maximal posts costs megabytes, not gigabytes.
MAX_BODY_BYTES = 1 << 20
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# A refused post this small is read (and discarded) before the 403, so the client, which may still
# be sending, reads the answer instead of a reset connection; a larger one is cut off at once.
DRAIN_BYTES = 64 * 1024
# Waits between attempts to register the webhook: 1 s doubling to 30 s, as PTB's bootstrap does.
REGISTER_FIRST_WAIT = 1.0
REGISTER_MAX_WAIT = 30.0


@tornado.web.stream_request_body
class UpdateHandler(tornado.web.RequestHandler):
    """POST /<path>: one update, checked from the headers first, then parsed and queued."""

    SUPPORTED_METHODS = ("POST",)  # type: ignore[assignment]

    def initialize(self, bot_application: Application, secret: str) -> None:
        """Per request: what every request needs (tornado's interface)."""
        self._bot_application = bot_application
        self._secret = secret.encode()
        self._body = bytearray()
        self._refused = False
        self._ignoring: HTTPStatus | None = None

    def prepare(self) -> None:
        """Decide from the headers alone: a wrong secret, or an announced body over the cap, is refused."""
        length = _announced_length(self.request.headers.get("Content-Length"))
        given = self.request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            if length is not None and length <= DRAIN_BYTES:
                self._ignoring = HTTPStatus.FORBIDDEN  # answered in post(), once the body is drained
            else:
                self._refuse(HTTPStatus.FORBIDDEN)
            return
        unreadable = length is None and "Content-Length" in self.request.headers
        if unreadable or (length or 0) > MAX_BODY_BYTES:
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)

    def data_received(self, chunk: bytes) -> None:
        """Keep the body while it stays under the cap (a chunked body announces no length)."""
        if self._refused or self._ignoring:
            return
        if len(self._body) + len(chunk) > MAX_BODY_BYTES:
            self._body.clear()
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            return
        self._body.extend(chunk)

    async def post(self) -> None:
        """Queue the update; 400 for anything that is not one."""
        if self._refused:
            return
        if self._ignoring:
            self._refuse(self._ignoring)
            return
        update = self._parse(bytes(self._body))
        if update is None:
            self._refuse(HTTPStatus.BAD_REQUEST)
            return
        bot = self._bot_application.bot
        if isinstance(bot, ExtBot):  # as PTB's own handler does, for arbitrary callback data
            bot.insert_callback_data(update)
        await self._bot_application.update_queue.put(update)
        self.set_status(HTTPStatus.OK)
        self.finish()

    def on_connection_close(self) -> None:
        """The client went away (or was cut off past the cap): nothing to answer."""
        self._refused = True
        super().on_connection_close()

    def _parse(self, body: bytes) -> Update | None:
        """The update in the body, None when the body is not a JSON object PTB can read as one."""
        try:
            data = json.loads(body)
        except ValueError:  # includes an empty body and bytes that are not UTF-8
            return None
        if not isinstance(data, dict):
            return None
        try:
            return Update.de_json(data, self._bot_application.bot)
        except Exception:  # PTB raises whatever the malformed field provokes  # noqa: BLE001
            log.debug("webhook: a post with the right secret was not an update", exc_info=True)
            return None

    def _refuse(self, status: HTTPStatus) -> None:
        """Answer with the status and stop; tornado closes the connection rather than read on."""
        self._refused = True
        if not self._finished:
            self.set_status(status)
            self.finish()


def _announced_length(header: str | None) -> int | None:
    """The Content-Length as a number; None when absent or not a plain number."""
    if header is None or not header.strip().isdigit():
        return None
    return int(header)


class _App(tornado.web.Application):
    """The tornado application with the one route; it does not write an access log."""

    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """Telegram posts every update: an access log line each is noise (and names no one)."""


def _server(application: Application, url_path: str, secret: str) -> HTTPServer:
    """An HTTP server routing POST /url_path to UpdateHandler."""
    route = rf"/{url_path.strip('/')}/?"
    app = _App([(route, UpdateHandler, {"bot_application": application, "secret": secret})])
    return HTTPServer(app)


async def register(
    application: Application,
    *,
    webhook_url: str,
    secret_token: str,
    allowed_updates: Sequence[str] | None,
    drop_pending_updates: bool,
    bootstrap_retries: int,
) -> None:
    """setWebhook, retried with back-off while the Bot API is unreachable (-1: for ever); a bad token is not retried."""
    wait = REGISTER_FIRST_WAIT
    attempt = 0
    while True:
        try:
            await application.bot.set_webhook(
                url=webhook_url,
                allowed_updates=allowed_updates,
                drop_pending_updates=drop_pending_updates,
                secret_token=secret_token,
            )
            return
        except InvalidToken:
            raise
        except TelegramError as error:
            attempt += 1
            if 0 <= bootstrap_retries < attempt:
                raise
            log.warning("could not register the webhook (%s); retrying in %g s", error, wait)
            await asyncio.sleep(wait)
            wait = min(wait * 2, REGISTER_MAX_WAIT)


@asynccontextmanager
async def serving(
    application: Application,
    *,
    listen: str,
    port: int,
    url_path: str,
    webhook_url: str,
    secret_token: str,
    allowed_updates: Sequence[str] | None = None,
    bootstrap_retries: int = 0,
    drop_pending_updates: bool = False,
) -> AsyncIterator[None]:
    """Listen for Telegram's posts and register the webhook; stop listening when the block ends.

    Takes the keyword arguments of bot.tg.app.webhook_options (those of Updater.start_webhook).
    The application must be initialised; start it inside the block to process what arrives.
    """
    if not secret_token:
        raise ValueError("the webhook needs a secret token")
    server = _server(application, url_path, secret_token)
    try:
        server.listen(port, address=listen)
    except OSError as exc:  # the port is taken, or the address is not this machine's
        raise ConfigError(
            f"BOT_WEBHOOK_LISTEN/BOT_WEBHOOK_PORT: cannot listen on {listen}:{port}: {exc.strerror or exc}"
        ) from None
    try:
        await register(
            application,
            webhook_url=webhook_url,
            secret_token=secret_token,
            allowed_updates=allowed_updates,
            drop_pending_updates=drop_pending_updates,
            bootstrap_retries=bootstrap_retries,
        )
        yield
    finally:
        server.stop()
        await server.close_all_connections()


def run(application: Application, options: dict) -> None:
    """Serve the webhook until SIGINT/SIGTERM, then stop cleanly: what Application.run_webhook did (blocks).

    Runs on the current event loop, as run_webhook did: the bot was initialised on it (its HTTP
    client belongs to it); the loop is closed at the end.
    """
    loop = asyncio.get_event_loop_policy().get_event_loop()
    try:
        loop.run_until_complete(_run(application, options))
    finally:
        asyncio.set_event_loop(None)
        loop.close()


async def _run(application: Application, options: dict) -> None:
    """Initialise, start, serve until a stop signal; stop listening first, then finish what arrived."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in STOP_SIGNALS:
        try:
            loop.add_signal_handler(signum, stop.set)
        except NotImplementedError:  # pragma: no cover - Windows: Ctrl-C raises KeyboardInterrupt
            pass
    await application.initialize()
    try:
        if application.post_init:
            await application.post_init(application)
        await application.start()
        try:
            async with serving(application, **options):
                await stop.wait()
        finally:
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
    finally:
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)
