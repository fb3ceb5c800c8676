"""Bot API update JSON as Telegram sends it: private and group messages, commands, mentions,
replies, callback queries, inline queries and documents. Entities are derived from the text."""

from __future__ import annotations

import itertools
import re
import time
from typing import Any

from .standin import BOT_USER

ADMIN_ID = 7001
RESIDENT_ID = 8001
GROUP_ID = -100_555


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def entities(text: str) -> list[dict]:
    """bot_command at the start and @mentions anywhere, with UTF-16 offsets like Telegram's."""
    found = []
    command = re.match(r"/\w+(@\w+)?", text)
    if command:
        found.append({"type": "bot_command", "offset": 0, "length": _utf16(command.group(0))})
    for mention in re.finditer(r"(?<![/\w])@\w{5,}", text):
        found.append({"type": "mention", "offset": _utf16(text[: mention.start()]), "length": _utf16(mention.group(0))})
    return found


class Updates:
    """Builds updates with increasing ids."""

    def __init__(self, first_update_id: int = 1) -> None:
        self._update_ids = itertools.count(first_update_id)
        self._message_ids = itertools.count(1)
        self._query_ids = itertools.count(1)

    @staticmethod
    def user(user_id: int) -> dict:
        return {"id": user_id, "is_bot": False, "first_name": f"用户{user_id}", "language_code": "zh-hans"}

    @staticmethod
    def private_chat(user_id: int) -> dict:
        return {"id": user_id, "type": "private", "first_name": f"用户{user_id}"}

    @staticmethod
    def group_chat(chat_id: int = GROUP_ID) -> dict:
        return {"id": chat_id, "type": "supergroup", "title": "民生工程讨论群"}

    def message(
        self,
        text: str | None,
        user_id: int = RESIDENT_ID,
        chat: dict | None = None,
        reply_to: dict | None = None,
        **extra: Any,
    ) -> dict:
        """An update with a message; private chat with the user unless `chat` is given."""
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat or self.private_chat(user_id),
            "from": self.user(user_id),
            **extra,
        }
        if text is not None:
            message["text"] = text
            if found := entities(text):
                message["entities"] = found
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return {"update_id": next(self._update_ids), "message": message}

    def group(self, text: str, user_id: int = RESIDENT_ID, chat_id: int = GROUP_ID, **kw: Any) -> dict:
        """A message in the test group."""
        return self.message(text, user_id, chat=self.group_chat(chat_id), **kw)

    def document(self, file_id: str, file_name: str | None, size: int | None, user_id: int = ADMIN_ID) -> dict:
        """A private message carrying a document."""
        document: dict[str, Any] = {"file_id": file_id, "file_unique_id": f"u{file_id}"}
        if file_name is not None:
            document["file_name"] = file_name
        if size is not None:
            document["file_size"] = size
        return self.message(None, user_id, document=document)

    def callback(self, data: str, message: dict, user_id: int = RESIDENT_ID) -> dict:
        """A button press on a message the bot sent."""
        return {
            "update_id": next(self._update_ids),
            "callback_query": {
                "id": str(next(self._query_ids)),
                "from": self.user(user_id),
                "chat_instance": "instance",
                "data": data,
                "message": message,
            },
        }

    def inline(self, query: str, user_id: int = RESIDENT_ID) -> dict:
        """An inline query (`@bot query` typed in any chat)."""
        return {
            "update_id": next(self._update_ids),
            "inline_query": {"id": str(next(self._query_ids)), "from": self.user(user_id), "query": query, "offset": ""},
        }


def mention(text: str) -> str:
    """`text` addressed to the test bot with an @mention."""
    return f"@{BOT_USER['username']} {text}"


def buttons(message: dict) -> list[tuple[str, str]]:
    """(label, callback_data) of every inline button on a sent message."""
    markup = message.get("reply_markup") or {}
    return [(b["text"], b.get("callback_data", "")) for row in markup.get("inline_keyboard", []) for b in row]
