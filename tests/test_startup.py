"""Starting the command line with bad settings or odd plumbing: one line naming the cause, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import ROOT
from tests.test_cli import TIMEOUT_S, run

QUESTION = "棚户区改造已开工多少套"


@pytest.fixture
def kb(seed_dir: Path) -> Path:
    return seed_dir


def assert_one_line_naming(result: subprocess.CompletedProcess, variable: str) -> None:
    """Non-zero exit, and stderr is one line that names the variable (never a traceback)."""
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("setting", "value", "variable"),
    [
        ("BOT_DATABASE_URL", "nosuchdb://somewhere/x", "BOT_DATABASE_URL"),
        ("BOT_DATABASE_URL", "not a url at all", "BOT_DATABASE_URL"),
        # Nothing listens on port 1: the connection is refused at once.
        ("BOT_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:1/test", "BOT_DATABASE_URL"),
        ("BOT_LOG_LEVEL", "LOUD", "BOT_LOG_LEVEL"),
        ("BOT_KNOWLEDGE_DIR", "no-such-directory", "BOT_KNOWLEDGE_DIR"),
    ],
    ids=["unknown-scheme", "not-a-url", "unreachable-host", "unknown-log-level", "missing-knowledge-dir"],
)
def test_a_bad_setting_stops_with_one_line_naming_it(
    tmp_path: Path, kb: Path, setting: str, value: str, variable: str
) -> None:
    env = {"BOT_KNOWLEDGE_DIR": str(kb), "BOT_DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", setting: value}
    result = run(tmp_path, "ask", QUESTION, env=env)
    assert_one_line_naming(result, variable)


def test_a_bad_database_option_names_the_option(tmp_path: Path, kb: Path) -> None:
    result = run(tmp_path, "versions", "--db", "nosuchdb://x", env={"BOT_KNOWLEDGE_DIR": str(kb)})
    assert_one_line_naming(result, "--db")


def test_a_missing_knowledge_option_names_the_option(tmp_path: Path) -> None:
    result = run(tmp_path, "check", "--knowledge", str(tmp_path / "nowhere"), "--db", "sqlite://")
    assert_one_line_naming(result, "--knowledge")


def test_the_default_knowledge_directory_missing_names_the_variable(tmp_path: Path) -> None:
    result = run(tmp_path, "ask", QUESTION, env={"BOT_DATABASE_URL": "sqlite://"})
    assert_one_line_naming(result, "BOT_KNOWLEDGE_DIR")


@pytest.mark.postgres
def test_an_unknown_postgresql_role_names_the_variable(tmp_path: Path, kb: Path, postgres_url: str) -> None:
    url = make_url(postgres_url).set(username="no_such_role_minsheng", password=None)
    env = {"BOT_KNOWLEDGE_DIR": str(kb), "BOT_DATABASE_URL": url.render_as_string(hide_password=False)}
    result = run(tmp_path, "ask", QUESTION, env=env)
    assert_one_line_naming(result, "BOT_DATABASE_URL")
    assert "no_such_role_minsheng" in result.stderr


def test_the_database_password_is_not_printed(tmp_path: Path, kb: Path) -> None:
    env = {"BOT_KNOWLEDGE_DIR": str(kb), "BOT_DATABASE_URL": "postgresql+psycopg://bot:s3cret-pw@127.0.0.1:1/test"}
    result = run(tmp_path, "ask", QUESTION, env=env)
    assert result.returncode != 0
    assert "s3cret-pw" not in result.stderr + result.stdout


def test_run_without_token_or_terminal_exits_non_zero(tmp_path: Path, kb: Path) -> None:
    """In Docker (no -it) there is nobody to chat with: exit so the restart policy shows the fault."""
    env = {"BOT_KNOWLEDGE_DIR": str(kb), "BOT_DATABASE_URL": "sqlite://"}
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "TELEGRAM_"))}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"], cwd=tmp_path, stdin=subprocess.DEVNULL, capture_output=True,
        text=True, encoding="utf-8", env={**clean_env, "PYTHONPATH": str(ROOT), **env}, timeout=TIMEOUT_S,
    )
    assert result.returncode != 0
    assert "TELEGRAM_BOT_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["ask", QUESTION], ["ask", "--jsonl"]], ids=["one-question", "jsonl"])
def test_output_into_a_closed_pipe_ends_quietly(tmp_path: Path, kb: Path, args: list[str]) -> None:
    """`ask … | head -1`: the reader has gone before the answer is written."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # every write now fails with EPIPE, as after head has exited
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "TELEGRAM_"))}
    env = {**clean_env, "PYTHONPATH": str(ROOT), "BOT_KNOWLEDGE_DIR": str(kb), "BOT_DATABASE_URL": "sqlite://"}
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bot", *args], cwd=tmp_path, stdout=write_end, stderr=subprocess.PIPE,
            input=f'{{"text": "{QUESTION}"}}\n'.encode() * 3, env=env, timeout=TIMEOUT_S,
        )
    finally:
        os.close(write_end)
    assert result.stderr.decode() == ""


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql+psycopg://bot@db.example/minsheng", {"connect_timeout": 10}),  # POSTGRES_CONNECT_TIMEOUT_S
        ("postgresql+psycopg://bot@db.example/minsheng?connect_timeout=3", {}),  # the URL's own value stands
    ],
    ids=["default-timeout", "url-timeout-kept"],
)
def test_an_unreachable_postgresql_server_is_given_up_on(monkeypatch: pytest.MonkeyPatch, url: str, expected: dict) -> None:
    """A host that drops packets would otherwise hold the start-up for the OS's TCP timeout (minutes)."""
    from bot.store import db as store_db

    calls: list[dict] = []
    monkeypatch.setattr(store_db, "create_engine", lambda _url, **kwargs: calls.append(kwargs))
    store_db.make_engine(url)
    assert calls[0].get("connect_args", {}) == expected
