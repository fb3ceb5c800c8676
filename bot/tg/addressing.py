"""Which messages are meant for the bot, and the question inside them.

In a private chat every message is. In a group the bot answers only a command, a message that
mentions it (@username) or a reply to one of its own messages, and stays out of other chatter.
"""

from __future__ import annotations

from telegram import Message, MessageEntity
from telegram.ext import filters


def _bot_username(message: Message) -> str:
    """The bot's @username in lower case ('' before the bot is initialised)."""
    try:
        return (message.get_bot().username or "").lower()
    except RuntimeError:
        return ""


class _MentionsBot(filters.MessageFilter):
    """The message text contains an @mention of this bot."""

    __slots__ = ()

    def filter(self, message: Message) -> bool:
        username = _bot_username(message)
        mentions = message.parse_entities([MessageEntity.MENTION]).values()
        return bool(username) and any(m[1:].lower() == username for m in mentions)


class _RepliesToBot(filters.MessageFilter):
    """The message replies to one of this bot's messages."""

    __slots__ = ()

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        return bool(replied and replied.from_user and replied.from_user.id == message.get_bot().id)


MENTIONS_BOT = _MentionsBot(name="MentionsBot")
REPLIES_TO_BOT = _RepliesToBot(name="RepliesToBot")

PRIVATE_QUESTION = filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND
GROUP_QUESTION = filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND & (MENTIONS_BOT | REPLIES_TO_BOT)
# Everything the bot acts on; the flood limit counts these and nothing else.
ACTIONABLE = filters.COMMAND | filters.ChatType.PRIVATE | GROUP_QUESTION


def question_text(message: Message) -> str:
    """The message text with mentions of this bot removed."""
    text = message.text or ""
    username = _bot_username(message)
    for mention in set(message.parse_entities([MessageEntity.MENTION]).values()):
        if mention[1:].lower() == username:
            text = text.replace(mention, " ")
    return text.strip()


def command_argument(message: Message) -> str:
    """What follows the command in '/ask 问题' or '/ask@bot 问题', line breaks kept."""
    text = message.text or ""
    for entity in message.entities:
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
            # Commands are ASCII, so UTF-16 offsets equal string indices here.
            return text[entity.length :].strip()
    return ""
