"""The webhook endpoint: the secret is checked before the body is read, the body is capped, and a
malformed body with the right secret is a 400, never a 500 (or a hang while 90 MB arrive)."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest

from bot.config import ConfigError, Settings
from bot.tg import webhook
from bot.tg.app import build_application, webhook_options, webhook_secret
from bot.tg.render import escape

from .harness import collect_errors, running
from .standin import StandIn
from .test_e2e import QUESTION, free_port
from .updates import RESIDENT_ID, Updates

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# How long a refusal may take before the test calls it a hang: the server must answer from the
# headers alone, so any wait here means it is reading (or waiting for) the body.
HANG_SECONDS = 10.0


class Endpoint:
    """A webhook bot listening on 127.0.0.1 and what a test needs to post to it."""

    def __init__(self, port: int, secret: str, standin: StandIn, errors: list) -> None:
        self.port, self.secret, self.standin, self.errors = port, secret, standin, errors
        self.url = f"http://127.0.0.1:{port}/telegram"

    async def post(self, body: bytes, secret: str | None = None) -> int:
        """POST a body (with the right secret unless another is given); the response status."""
        headers = {"Content-Type": "application/json", SECRET_HEADER: self.secret if secret is None else secret}
        async with aiohttp.ClientSession() as http, http.post(self.url, data=body, headers=headers) as response:
            return response.status

    async def status_after_headers_only(self, content_length: int, secret: str | None) -> int:
        """Send a POST's headers announcing `content_length` bytes but no body; the status line's code."""
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            head = ["POST /telegram HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json",
                    f"Content-Length: {content_length}"]
            if secret is not None:
                head.append(f"{SECRET_HEADER}: {secret}")
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode())
            await writer.drain()
            status_line = await asyncio.wait_for(reader.readline(), HANG_SECONDS)
            return int(status_line.split()[1])
        finally:
            writer.close()


@pytest.fixture
async def endpoint(standin: StandIn, service: Any, make_settings: Callable[..., Settings]) -> AsyncIterator[Endpoint]:
    port = free_port()
    settings = make_settings(base_url=standin.base_url, base_file_url=standin.base_file_url,
                             webhook_listen="127.0.0.1", webhook_port=port, webhook_url="https://bot.example.com")
    application = build_application(settings, service)
    errors = collect_errors(application)
    async with running(application, webhook=webhook_options(settings)):
        yield Endpoint(port, webhook_secret(settings), standin, errors)
    assert errors == [], errors


@pytest.mark.parametrize("secret", [None, "wrong"], ids=["no-secret", "wrong-secret"])
async def test_a_huge_post_without_the_secret_is_refused_before_its_body(endpoint: Endpoint, secret: str | None) -> None:
    assert await endpoint.status_after_headers_only(90 * 1024 * 1024, secret) == 403


async def test_a_body_over_the_cap_is_refused_from_its_length(endpoint: Endpoint) -> None:
    assert await endpoint.status_after_headers_only(webhook.MAX_BODY_BYTES + 1, endpoint.secret) == 413


async def test_a_body_over_the_cap_without_a_length_is_refused(endpoint: Endpoint) -> None:
    async def chunks() -> AsyncIterator[bytes]:  # chunked transfer encoding: no Content-Length
        for _ in range(webhook.MAX_BODY_BYTES // 65536 + 2):
            yield b" " * 65536

    headers = {"Content-Type": "application/json", SECRET_HEADER: endpoint.secret}
    async with aiohttp.ClientSession() as http:
        try:
            async with http.post(endpoint.url, data=chunks(), headers=headers) as response:
                status = response.status
        except aiohttp.ClientError:  # the server may close the connection while we still send
            status = "cut off"
    assert status in (413, "cut off")  # either way nothing past the cap was kept
    assert await endpoint.post(json.dumps(Updates(first_update_id=900).message(QUESTION)).encode()) == 200


@pytest.mark.parametrize(
    "body",
    [b"", b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe", json.dumps({"update_id": "x", "message": 5}).encode()],
    ids=["empty", "malformed", "array", "string", "not-utf8", "not-an-update"],
)
async def test_a_malformed_body_with_the_right_secret_is_400(endpoint: Endpoint, body: bytes) -> None:
    assert await endpoint.post(body) == 400
    assert endpoint.standin.api.sent() == []


async def test_a_good_update_is_answered_after_refusals(endpoint: Endpoint, service: Any, oracle_chat: Callable) -> None:
    expected = service.ask(oracle_chat("webhook"), QUESTION).text
    assert await endpoint.post(b"{oops") == 400
    assert await endpoint.post(b"{}", secret="wrong") == 403
    since = len(endpoint.standin.api.calls)
    assert await endpoint.post(json.dumps(Updates(first_update_id=700).message(QUESTION)).encode()) == 200
    reply = await endpoint.standin.api.replies(RESIDENT_ID, since=since)
    assert [c.params["text"] for c in reply] == [escape(expected)]


async def test_a_port_in_use_is_a_setting_error_naming_it(standin: StandIn, service: Any,
                                                         make_settings: Callable[..., Settings]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        settings = make_settings(base_url=standin.base_url, webhook_listen="127.0.0.1", webhook_port=port,
                                 webhook_url="https://bot.example.com")
        application = build_application(settings, service)
        with pytest.raises(ConfigError, match=f"BOT_WEBHOOK_PORT.*127.0.0.1:{port}"):
            async with running(application, webhook=webhook_options(settings)):
                pass  # pragma: no cover - must not be reached
