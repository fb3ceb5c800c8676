"""The stand-in Bot API served in-process to PTB through a BaseRequest (the pattern of PTB's own
tests/auxil/networking.py): unit tests run real handlers without sockets."""

from __future__ import annotations

import json
from urllib.parse import unquote

from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from .standin import DROP, HALF, HTML_ERROR_PAGE, TIMEOUT, TRUNCATED, ApiError, FakeBotApi, decode_params, error_body, result_body


class OfflineRequest(BaseRequest):
    """Routes every Bot API request to a FakeBotApi."""

    def __init__(self, api: FakeBotApi) -> None:
        self.api = api

    @property
    def read_timeout(self) -> float:
        return 1.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None, *args, **kwargs):
        if "/file/bot" in url:
            content = self.api.file_content(unquote(url.split("/file/bot", 1)[1].split("/", 1)[1]))
            return (200, content) if content is not None else (404, b"")
        params = decode_params(request_data.json_parameters if request_data else {})
        for name, (file_name, content, _) in (request_data.multipart_data if request_data else {}).items():
            params[name] = (file_name, content if isinstance(content, bytes) else content.read())
        try:
            result = await self.api.handle(url.rsplit("/", 1)[1], params)
        except ApiError as exc:
            return exc.code, json.dumps(error_body(exc)).encode()
        if result is DROP or result is HALF:
            raise NetworkError("connection dropped (injected)")
        if result is TIMEOUT:
            raise TimedOut("no reply in time (injected)")
        if result is HTML_ERROR_PAGE:
            return 502, result.encode()
        if result is TRUNCATED:
            return 200, json.dumps(result_body(True)).encode()[:7]
        return 200, json.dumps(result_body(result)).encode()
