"""Settings.from_env: defaults, parsing, and a ConfigError naming the variable for every bad value."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.config import (
    DEFAULT_FLOOD_MESSAGES,
    DEFAULT_KEEP_VERSIONS,
    DEFAULT_MAX_UPLOAD_BYTES,
    ConfigError,
    Settings,
)


def test_defaults_from_an_empty_environment() -> None:
    s = Settings.from_env({})
    assert s.knowledge_dir == Path("knowledge")
    assert s.database_url == "" and s.effective_database_url.startswith("sqlite:///")
    assert s.effective_database_url.endswith("data/bot.sqlite3")
    assert (s.token, s.admin_ids) == ("", frozenset())
    assert (s.keep_versions, s.flood_messages, s.max_upload_bytes) == (
        DEFAULT_KEEP_VERSIONS, DEFAULT_FLOOD_MESSAGES, DEFAULT_MAX_UPLOAD_BYTES,
    )
    assert (s.webhook_port, s.webhook_path, s.log_level) == (8443, "telegram", "INFO")


@pytest.mark.parametrize(
    ("raw", "ids"),
    [
        pytest.param("", frozenset(), id="empty"),
        pytest.param("12345", frozenset({12345}), id="one"),
        pytest.param("1,2,3", frozenset({1, 2, 3}), id="commas"),
        pytest.param(" 1 , 2\t3 ", frozenset({1, 2, 3}), id="commas-and-spaces"),
        pytest.param("7,7", frozenset({7}), id="duplicates"),
        pytest.param("-1001234567890", frozenset({-1001234567890}), id="negative-chat-id"),
    ],
)
def test_admin_ids(raw: str, ids: frozenset[int]) -> None:
    assert Settings.from_env({"BOT_ADMIN_IDS": raw}).admin_ids == ids


BAD = [
    pytest.param("BOT_ADMIN_IDS", "12,abc", id="admin-id-not-a-number"),
    pytest.param("BOT_ADMIN_IDS", "@someone", id="admin-username"),
    pytest.param("BOT_ADMIN_IDS", "1.5", id="admin-id-decimal"),
    pytest.param("BOT_ADMIN_IDS", "1;2", id="admin-ids-semicolon"),
    pytest.param("BOT_WEBHOOK_PORT", "https", id="port-word"),
    pytest.param("BOT_WEBHOOK_PORT", "0", id="port-zero"),
    pytest.param("BOT_WEBHOOK_PORT", "-443", id="port-negative"),
    pytest.param("BOT_KEEP_VERSIONS", "1.5", id="keep-decimal"),
    pytest.param("BOT_KEEP_VERSIONS", "0", id="keep-zero"),
    pytest.param("BOT_MAX_UPLOAD_BYTES", "2MB", id="upload-with-unit"),
    pytest.param("BOT_FLOOD_MESSAGES", "many", id="flood-messages-word"),
    pytest.param("BOT_FLOOD_SECONDS", "-1", id="flood-seconds-negative"),
    pytest.param("BOT_FLOOD_SECONDS", "ten", id="flood-seconds-word"),
    pytest.param("BOT_POLL_SECONDS", "0", id="poll-zero"),
    pytest.param(
        "BOT_ADMIN_IDS", "²", id="admin-id-superscript-digit",
    ),
    pytest.param(
        "BOT_FLOOD_SECONDS", "nan", id="flood-seconds-nan",
    ),
    pytest.param(
        "BOT_POLL_SECONDS", "inf", id="poll-seconds-infinite",
    ),
    pytest.param(
        "BOT_WEBHOOK_PORT", "70000", id="port-above-65535",
    ),
]


@pytest.mark.parametrize(("name", "raw"), BAD)
def test_bad_value_is_a_config_error_naming_the_variable(name: str, raw: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({name: raw})
    message = str(caught.value)
    assert name in message
    assert any(part in message for part in raw.replace(",", " ").split()), "the message quotes the bad value"


def test_config_error_is_a_value_error() -> None:
    assert issubclass(ConfigError, ValueError)


def test_values_are_parsed_and_trimmed() -> None:
    s = Settings.from_env({
        "BOT_KNOWLEDGE_DIR": "/srv/kb",
        "BOT_DATABASE_URL": " postgresql+psycopg://bot@db/bot ",
        "TELEGRAM_BOT_TOKEN": " 123:abc ",
        "BOT_WEBHOOK_PORT": " 8080 ",
        "BOT_WEBHOOK_PATH": "/hook/",
        "BOT_KEEP_VERSIONS": "3",
        "BOT_FLOOD_SECONDS": "2.5",
        "BOT_LOG_LEVEL": " debug ",
    })
    assert s.knowledge_dir == Path("/srv/kb")
    assert s.database_url == s.effective_database_url == "postgresql+psycopg://bot@db/bot"
    assert (s.token, s.webhook_port, s.webhook_path, s.keep_versions) == ("123:abc", 8080, "hook", 3)
    assert math.isclose(s.flood_seconds, 2.5) and s.log_level == "DEBUG"


def test_the_token_is_never_in_the_repr() -> None:
    s = Settings.from_env({"TELEGRAM_BOT_TOKEN": "123456:SECRET-token", "BOT_WEBHOOK_SECRET": "hush"})
    assert "SECRET" not in repr(s) and "hush" not in repr(s)


def test_command_line_overrides_win_and_none_keeps_the_environment() -> None:
    s = Settings.from_env({"BOT_KNOWLEDGE_DIR": "/env/kb", "BOT_DATABASE_URL": "sqlite:///env.db"})
    t = s.with_overrides(knowledge_dir=Path("/cli/kb"), database_url=None)
    assert (t.knowledge_dir, t.database_url) == (Path("/cli/kb"), "sqlite:///env.db")
    assert s.knowledge_dir == Path("/env/kb"), "settings are immutable"


def test_from_env_reads_os_environ_when_given_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("BOT_ADMIN_IDS", "42")
    assert Settings.from_env(dotenv=False).admin_ids == frozenset({42})


def test_dotenv_file_does_not_override_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("BOT_ADMIN_IDS=1\nBOT_KEEP_VERSIONS=4\n", encoding="utf-8")
    monkeypatch.setenv("BOT_ADMIN_IDS", "2")
    # Set, then delete: monkeypatch then restores "absent" after load_dotenv has written it.
    monkeypatch.setenv("BOT_KEEP_VERSIONS", "placeholder")
    monkeypatch.delenv("BOT_KEEP_VERSIONS")
    s = Settings.from_env()
    assert s.admin_ids == frozenset({2}) and s.keep_versions == 4


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E) | st.sampled_from(" \t,"), max_size=40))
def test_admin_ids_either_parse_to_ints_or_raise_config_error(raw: str) -> None:
    try:
        ids = Settings.from_env({"BOT_ADMIN_IDS": raw}).admin_ids
    except ConfigError as error:
        assert "BOT_ADMIN_IDS" in str(error)
    else:
        assert all(isinstance(i, int) for i in ids)
        assert len(ids) <= len(raw.replace(",", " ").split())
