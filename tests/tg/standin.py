"""A local stand-in for the Telegram Bot API, so the tests never touch the network.

`FakeBotApi` holds the state and answers method calls; `StandIn` serves it over real HTTP on
127.0.0.1 (a random port) for end-to-end tests and the benchmark; tests/tg/offline.py serves it
in-process to a BaseRequest for unit tests. Every call is recorded; faults (429 with retry_after,
500, an HTML error page, a dropped connection, a response cut off half-way, a timeout) can be
injected into the next N calls of a method. Messages sent with
parse_mode=HTML are checked the way Telegram does, so an unescaped `<` or `&` fails the test.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

TOKEN = "123456789:TEST-token-AbCdEfGhIjKlMnOpQrStUvWxYz0"
BOT_USER = {
    "id": 4242,
    "is_bot": True,
    "first_name": "民生助手",
    "username": "minsheng_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}
# Long polls are cut short so shutdown is quick; the bot just polls again.
MAX_LONG_POLL = 1.0
JSON_FIELDS = {"reply_markup", "results", "commands", "scope", "allowed_updates", "reply_parameters",
               "link_preview_options", "entities", "button"}
INT_FIELDS = {"chat_id", "message_id", "offset", "limit", "timeout", "user_id", "cache_time"}
HTML_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "span",
             "tg-spoiler", "tg-emoji", "blockquote"}
_HTML_TOKEN = re.compile(r"<(/?)([a-zA-Z-]+)[^<>]*>|&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);|[<>&]")

CONFLICT = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
DROP = object()  # the HTTP layer closes the connection without answering
HALF = object()  # the HTTP layer announces a whole reply, sends half of it and closes the connection
TRUNCATED = object()  # a complete HTTP reply whose JSON body is cut short (as a broken proxy might)
TIMEOUT = object()  # no reply in time (in-process only: OfflineRequest raises TimedOut)
HTML_ERROR_PAGE = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>"


class ApiError(Exception):
    """A Bot API error reply."""

    def __init__(self, code: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


@dataclass
class Call:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    at: float
    fault: str = ""  # the injected fault's kind (see FakeBotApi.fail) when the call was answered with one
    result: Any = None  # what the API returned (e.g. the sent message), or the ApiError

    @property
    def ok(self) -> bool:
        """Answered successfully (no injected fault, no API error)."""
        return not self.fault and not isinstance(self.result, ApiError)


@dataclass
class _Fault:
    kind: str
    retry_after: int = 1


def decode_params(raw: dict[str, Any]) -> dict[str, Any]:
    """Form values as the Bot API reads them: JSON for objects, numbers for ids."""
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if key in JSON_FIELDS and isinstance(value, str):
            value = json.loads(value)
        elif key in INT_FIELDS and isinstance(value, str) and re.fullmatch(r"-?\d+", value):
            value = int(value)
        params[key] = value
    return params


def visible_length(html: str) -> int:
    """Length of HTML text after parsing, in UTF-16 units; raises ApiError like Telegram."""
    stack: list[str] = []
    text = []
    pos = 0
    for match in _HTML_TOKEN.finditer(html):
        text.append(html[pos : match.start()])
        pos = match.end()
        token = match.group(0)
        if token in "<>&":
            raise ApiError(400, f"Bad Request: can't parse entities: unexpected {token!r} at byte offset {match.start()}")
        if match.group(3):
            text.append("x")
            continue
        closing, tag = match.group(1), match.group(2).lower()
        if tag not in HTML_TAGS:
            raise ApiError(400, f"Bad Request: can't parse entities: unsupported start tag \"{tag}\"")
        if not closing:
            stack.append(tag)
        elif not stack or stack.pop() != tag:
            raise ApiError(400, f"Bad Request: can't parse entities: can't find end tag corresponding to \"{tag}\"")
    if stack:
        raise ApiError(400, f"Bad Request: can't parse entities: can't find end tag corresponding to \"{stack[-1]}\"")
    text.append(html[pos:])
    return len("".join(text).encode("utf-16-le")) // 2


class FakeBotApi:
    """The Bot API's state: queued updates, chats, sent messages, files, recorded calls, faults."""

    def __init__(self, token: str = TOKEN, bot_user: dict | None = None) -> None:
        self.token = token
        self.bot_user = bot_user or dict(BOT_USER)
        self.calls: list[Call] = []
        self.answered: Counter[str] = Counter()  # successful calls per method (cheap to poll)
        self.updates: list[dict] = []
        self.chats: dict[int, dict] = {}
        self.messages: dict[tuple[int, int], dict] = {}
        self.files: dict[str, tuple[str, bytes]] = {}
        self.commands: dict[str, list[dict]] = {}
        self.webhook: dict[str, Any] = {}
        self._faults: dict[str, deque[_Fault]] = defaultdict(deque)
        self._next_message_id = 10_000
        self._changed: asyncio.Future | None = None
        self._polling = False

    # -- what tests do -------------------------------------------------------------------

    def push(self, *updates: dict) -> None:
        """Queue updates for getUpdates (and remember the chats they mention)."""
        for update in updates:
            self._learn_chats(update)
            self.updates.append(update)
        self._notify()

    def add_file(self, file_id: str, name: str, content: bytes) -> None:
        """Make a file downloadable through getFile and the file URL."""
        self.files[file_id] = (f"documents/{file_id}/{name}", content)

    def fail(self, method: str, kind: str, times: int = 1, retry_after: int = 1) -> None:
        """Answer the next `times` calls of `method` with a fault.

        "429" (with retry_after), "500" (a JSON error), "html" (a 502 HTML page, as a proxy sends),
        "drop" (connection closed), "half" (reply cut off mid-body), "truncated" (a 200 whose JSON
        is cut short) or "timeout" (in-process only).
        """
        self._faults[method].extend(_Fault(kind, retry_after) for _ in range(times))

    def sent(self, method: str = "sendMessage", since: int = 0, chat_id: int | None = None) -> list[Call]:
        """Successful calls of a method (optionally to one chat) from index `since` on."""
        return [
            c for c in self.calls[since:]
            if c.method == method and c.ok and (chat_id is None or c.params.get("chat_id") == chat_id)
        ]

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Wait until predicate() is truthy (re-checked after every call and push); return its value."""
        value = await self._wait(predicate, timeout)
        if not value:
            methods = [c.method + (f"!{c.fault}" if c.fault else "") for c in self.calls[-15:]]
            raise AssertionError(f"timed out after {timeout}s; last calls: {methods}")
        return value

    async def replies(self, chat_id: int, count: int = 1, since: int = 0, timeout: float = 5.0) -> list[Call]:
        """Wait for `count` sendMessage calls to a chat after call index `since`."""
        return await self.wait_for(lambda: (r := self.sent("sendMessage", since, chat_id))[count - 1 :] and r, timeout)

    # -- what the bot does ---------------------------------------------------------------

    async def handle(self, method: str, params: dict[str, Any]) -> Any:
        """Run one API method; returns its result, DROP, or raises ApiError."""
        fault = self._faults[method].popleft() if self._faults[method] else None
        call = Call(method, params, time.monotonic(), fault.kind if fault else "")
        try:
            call.result = await self._answer(method, params, fault)
        except ApiError as error:
            call.result = error
            raise
        finally:
            self.calls.append(call)
            self.answered[method] += call.ok
            self._notify()
        return call.result

    async def _answer(self, method: str, params: dict[str, Any], fault: _Fault | None) -> Any:
        if fault is not None:
            sentinel = {"drop": DROP, "half": HALF, "truncated": TRUNCATED, "timeout": TIMEOUT, "html": HTML_ERROR_PAGE}
            if fault.kind in sentinel:
                return sentinel[fault.kind]
            if fault.kind == "429":
                raise ApiError(429, f"Too Many Requests: retry after {fault.retry_after}", {"retry_after": fault.retry_after})
            raise ApiError(500, "Internal Server Error")
        if method == "getUpdates":
            return await self._get_updates(params)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        return handler(params)

    def file_content(self, path: str) -> bytes | None:
        """The bytes behind a file path handed out by getFile."""
        return next((content for p, content in self.files.values() if p == path), None)

    async def _get_updates(self, params: dict[str, Any]) -> list[dict]:
        if self._polling:  # one poller per token: Telegram ends the older poll, we refuse the newer
            raise ApiError(409, CONFLICT)
        self._polling = True
        try:
            offset = int(params.get("offset") or 0)
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            timeout = min(float(params.get("timeout") or 0), MAX_LONG_POLL)
            await self._wait(lambda: self.updates, timeout)
            return self.updates[: int(params.get("limit") or 100)]
        finally:
            self._polling = False

    def conflicts(self) -> list[Call]:
        """getUpdates calls refused because another poll was running (two bots on one token)."""
        return [c for c in self.calls if isinstance(c.result, ApiError) and c.result.code == 409]

    def _m_getMe(self, params: dict) -> dict:
        return self.bot_user

    def _m_sendMessage(self, params: dict) -> dict:
        self._check_text(params)
        chat = self._chat(params["chat_id"])
        self._next_message_id += 1
        message = {"message_id": self._next_message_id, "date": int(time.time()), "chat": chat,
                   "from": self.bot_user, "text": params["text"]}
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        self.messages[(chat["id"], message["message_id"])] = message
        return message

    def _m_editMessageText(self, params: dict) -> dict | bool:
        self._check_text(params)
        if "inline_message_id" in params:
            return True
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.messages:
            raise ApiError(400, "Bad Request: message to edit not found")
        message = self.messages[key]
        if message["text"] == params["text"] and message.get("reply_markup") == params.get("reply_markup"):
            raise ApiError(400, "Bad Request: message is not modified")
        message.update(text=params["text"], reply_markup=params.get("reply_markup"))
        return message

    def _m_answerInlineQuery(self, params: dict) -> bool:
        results = params.get("results", [])
        if len(results) > 50 or any(len(r["id"].encode()) > 64 for r in results):
            raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
        for result in results:
            content = result.get("input_message_content", {})
            if content.get("parse_mode") == "HTML":
                visible_length(content["message_text"])
        return True

    def _m_getFile(self, params: dict) -> dict:
        file_id = params["file_id"]
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        path, content = self.files[file_id]
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(content), "file_path": path}

    def _m_setMyCommands(self, params: dict) -> bool:
        scope = params.get("scope") or {"type": "default"}
        self.commands[json.dumps(scope, sort_keys=True)] = params["commands"]
        return True

    def _m_getMyCommands(self, params: dict) -> list[dict]:
        return self.commands.get(json.dumps(params.get("scope") or {"type": "default"}, sort_keys=True), [])

    def _m_setWebhook(self, params: dict) -> bool:
        self.webhook = params
        return True

    def _m_deleteWebhook(self, params: dict) -> bool:
        self.webhook = {}
        return True

    def _m_sendDocument(self, params: dict) -> dict:
        return self._send_file(params, "document")

    def _m_sendPhoto(self, params: dict) -> dict:
        return self._send_file(params, "photo")

    def _send_file(self, params: dict, field: str) -> dict:
        """A document or photo uploaded with the request (multipart), checked as Telegram does."""
        upload = params.get(field)
        if isinstance(upload, str) and upload.startswith("attach://"):
            upload = params.get(upload.removeprefix("attach://"))
        if not isinstance(upload, tuple):
            raise ApiError(400, f"Bad Request: there is no {field} in the request")
        name, content = upload
        if not content:
            raise ApiError(400, "Bad Request: file must be non-empty")
        if field == "photo" and not content.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
            raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        if len(content) > (10 if field == "photo" else 50) * 1024 * 1024:
            raise ApiError(400, "Bad Request: file is too big")
        if len(params.get("caption", "")) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        chat = self._chat(params["chat_id"])
        self._next_message_id += 1
        file_id = f"sent-{self._next_message_id}"
        self.files[file_id] = (f"{field}s/{file_id}/{name}", content)
        message = {"message_id": self._next_message_id, "date": int(time.time()), "chat": chat, "from": self.bot_user,
                   field: ([{"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 1, "height": 1}] if field == "photo"
                           else {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": name})}
        if params.get("caption"):
            message["caption"] = params["caption"]
        self.messages[(chat["id"], message["message_id"])] = message
        return message

    def uploaded(self, method: str, since: int = 0, chat_id: int | None = None) -> list[tuple[str, bytes]]:
        """(file name, bytes) of each document or photo the bot sent successfully."""
        field = "document" if method == "sendDocument" else "photo"
        out = []
        for call in self.sent(method, since, chat_id):
            result = call.result[field]
            file_id = result[-1]["file_id"] if isinstance(result, list) else result["file_id"]
            path, content = self.files[file_id]
            out.append((path.rsplit("/", 1)[1], content))
        return out

    def _m_sendChatAction(self, params: dict) -> bool:
        return True

    def _m_answerCallbackQuery(self, params: dict) -> bool:
        return True

    def _m_close(self, params: dict) -> bool:
        return True

    def _m_logOut(self, params: dict) -> bool:
        return True

    def _check_text(self, params: dict) -> None:
        text = params.get("text", "")
        length = visible_length(text) if params.get("parse_mode") == "HTML" else len(text.encode("utf-16-le")) // 2
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if length > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        markup = params.get("reply_markup") or {}
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if len(button.get("callback_data", "").encode()) > 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")

    def _chat(self, chat_id: int | str) -> dict:
        chat_id = int(chat_id)
        return self.chats.get(chat_id, {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"})

    def _learn_chats(self, value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("chat"), dict) and "id" in value["chat"]:
                self.chats[value["chat"]["id"]] = value["chat"]
            for item in value.values():
                self._learn_chats(item)

    async def _wait(self, predicate: Callable[[], Any], timeout: float) -> Any:
        """predicate()'s value once truthy, or its falsy value after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while not (value := predicate()) and (remaining := deadline - time.monotonic()) > 0:
            if self._changed is None:
                self._changed = asyncio.get_running_loop().create_future()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._changed), remaining)
        return value

    def _notify(self) -> None:
        """Wake everything waiting in _wait."""
        if self._changed is not None and not self._changed.done():
            self._changed.set_result(None)
        self._changed = None


def result_body(result: Any) -> dict:
    """A successful Bot API reply."""
    return {"ok": True, "result": result}


def error_body(error: ApiError) -> dict:
    """A Bot API error reply."""
    body: dict[str, Any] = {"ok": False, "error_code": error.code, "description": error.description}
    if error.parameters:
        body["parameters"] = error.parameters
    return body


class StandIn:
    """FakeBotApi over HTTP on 127.0.0.1 with a random port."""

    def __init__(self, api: FakeBotApi | None = None) -> None:
        self.api = api or FakeBotApi()
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        """For Settings.base_url (PTB appends the token)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """For Settings.base_file_url."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    async def start(self) -> StandIn:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.1)
        await self._runner.setup()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _method(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.api.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        if request.content_type == "application/json":
            raw = await request.json()
        else:
            raw = {key: (value.filename, value.file.read()) if isinstance(value, web.FileField) else value
                   for key, value in (await request.post()).items()}
        try:
            result = await self.api.handle(request.match_info["method"], decode_params(raw))
        except ApiError as exc:
            return web.json_response(error_body(exc), status=exc.code)
        if result is DROP:
            request.transport.close()  # the client sees the connection die mid-request
            return web.Response(status=500)
        if result is HTML_ERROR_PAGE:
            return web.Response(status=502, text=result, content_type="text/html")
        if result is HALF:
            body = json.dumps(result_body(True)).encode()
            head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            request.transport.write(head.encode() + body[: len(body) // 2])
            request.transport.close()
            return web.Response(status=500)
        if result is TRUNCATED:
            return web.Response(body=json.dumps(result_body(True)).encode()[:7], content_type="application/json")
        if result is TIMEOUT:
            raise NotImplementedError("the timeout fault is for the in-process OfflineRequest")
        return web.json_response(result_body(result))

    async def _file(self, request: web.Request) -> web.StreamResponse:
        content = self.api.file_content(request.match_info["path"])
        if request.match_info["token"] != self.api.token or content is None:
            return web.Response(status=404)
        return web.Response(body=content)
