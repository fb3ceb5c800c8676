"""Settings from the environment (and an optional .env file): one frozen object, checked at start."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_KNOWLEDGE_DIR = "knowledge"
DEFAULT_DATABASE_FILE = "data/bot.sqlite3"
# Telegram's documented limit for a bot's document download is 20 MB; a transcript is ~10 kB,
# so 2 MB leaves room for years of text while refusing anything that is clearly not one.
DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
DEFAULT_KEEP_VERSIONS = 10
# A person types at most a message every second or two; 8 in 10 s is generous for people
# and still stops a script from starving the others.
DEFAULT_FLOOD_MESSAGES = 8
DEFAULT_FLOOD_SECONDS = 10.0
DEFAULT_POLL_SECONDS = 2.0
# The names logging.basicConfig accepts; anything else raised ValueError deep in the start-up.
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(ValueError):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    """Everything the bot reads from its environment."""

    knowledge_dir: Path = Path(DEFAULT_KNOWLEDGE_DIR)
    database_url: str = ""
    token: str = field(default="", repr=False)
    admin_ids: frozenset[int] = frozenset()
    base_url: str = ""  # python-telegram-bot's base_url form, e.g. http://127.0.0.1:8081/bot
    base_file_url: str = ""
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_url: str = ""
    webhook_path: str = "telegram"
    webhook_secret: str = field(default="", repr=False)
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    keep_versions: int = DEFAULT_KEEP_VERSIONS
    flood_messages: int = DEFAULT_FLOOD_MESSAGES
    flood_seconds: float = DEFAULT_FLOOD_SECONDS
    poll_seconds: float = DEFAULT_POLL_SECONDS
    log_level: str = "INFO"
    # Where built engines are kept between restarts (bot/qa/persist.py): "" = beside the SQLite
    # file (<file>.engines/), or data/engines for a server database; "off" = never.
    cache_dir: str = ""

    @property
    def effective_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file beside the working directory."""
        return self.database_url or f"sqlite:///{Path(DEFAULT_DATABASE_FILE).resolve()}"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, dotenv: bool = True) -> Settings:
        """Read settings from `env` (default os.environ, after loading ./.env if present)."""
        if env is None:
            if dotenv:
                _load_dotenv()
            env = os.environ
        return cls(
            knowledge_dir=Path(env.get("BOT_KNOWLEDGE_DIR") or DEFAULT_KNOWLEDGE_DIR),
            database_url=env.get("BOT_DATABASE_URL", "").strip(),
            token=env.get("TELEGRAM_BOT_TOKEN", "").strip(),
            admin_ids=_parse_ids(env.get("BOT_ADMIN_IDS", "")),
            base_url=env.get("TELEGRAM_BASE_URL", "").strip(),
            base_file_url=env.get("TELEGRAM_BASE_FILE_URL", "").strip(),
            webhook_listen=env.get("BOT_WEBHOOK_LISTEN", "0.0.0.0").strip(),
            webhook_port=_parse_int(env, "BOT_WEBHOOK_PORT", 8443, minimum=1, maximum=65535),
            webhook_url=env.get("BOT_WEBHOOK_URL", "").strip(),
            webhook_path=env.get("BOT_WEBHOOK_PATH", "telegram").strip().strip("/"),
            webhook_secret=env.get("BOT_WEBHOOK_SECRET", "").strip(),
            max_upload_bytes=_parse_int(env, "BOT_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES, minimum=1),
            keep_versions=_parse_int(env, "BOT_KEEP_VERSIONS", DEFAULT_KEEP_VERSIONS, minimum=1),
            flood_messages=_parse_int(env, "BOT_FLOOD_MESSAGES", DEFAULT_FLOOD_MESSAGES, minimum=1),
            flood_seconds=_parse_float(env, "BOT_FLOOD_SECONDS", DEFAULT_FLOOD_SECONDS),
            poll_seconds=_parse_float(env, "BOT_POLL_SECONDS", DEFAULT_POLL_SECONDS),
            log_level=_parse_log_level(env.get("BOT_LOG_LEVEL", "")),
            cache_dir=env.get("BOT_CACHE_DIR", "").strip(),
        )

    def require_knowledge_dir(self, name: str = "BOT_KNOWLEDGE_DIR") -> Path:
        """The knowledge directory; ConfigError naming the setting (`name`) when it is not a directory."""
        directory = self.knowledge_dir
        if directory.is_dir():
            return directory
        state = "is not a directory" if directory.exists() else "does not exist"
        raise ConfigError(f"{name}: {directory.resolve()} {state} (it should hold the transcripts and figure files)")

    def with_overrides(self, **changes: object) -> Settings:
        """A copy with the given fields replaced (command-line options win over the environment)."""
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        values.update({k: v for k, v in changes.items() if v is not None})
        return Settings(**values)  # type: ignore[arg-type]


def _load_dotenv() -> None:
    """Load ./.env into os.environ without overriding variables already set."""
    from dotenv import load_dotenv

    load_dotenv(Path.cwd() / ".env", override=False)


def _parse_ids(raw: str) -> frozenset[int]:
    """Comma- or space-separated numeric Telegram user ids."""
    ids = set()
    for part in raw.replace(",", " ").split():
        if not re.fullmatch(r"-?[0-9]+", part):
            raise ConfigError(f"BOT_ADMIN_IDS must list numeric Telegram user ids, got {part!r}")
        ids.add(int(part))
    return frozenset(ids)


def _parse_log_level(raw: str) -> str:
    """One of logging's level names (case-insensitive), INFO when unset."""
    level = raw.strip().upper() or "INFO"
    if level not in LOG_LEVELS:
        raise ConfigError(f"BOT_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, got {raw.strip()!r}")
    return level


def _parse_int(env: Mapping[str, str], name: str, default: int, *, minimum: int, maximum: int | None = None) -> int:
    """An integer setting within bounds."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not re.fullmatch(r"-?[0-9]+", raw):
        raise ConfigError(f"{name} must be a whole number, got {raw!r}")
    value = int(raw)
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
        raise ConfigError(f"{name} must be {bounds}, got {value}")
    return value


def _parse_float(env: Mapping[str, str], name: str, default: float) -> float:
    """A positive number setting."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise ConfigError(f"{name} must be a positive finite number, got {raw!r}")
    return value
