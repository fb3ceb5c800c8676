"""The command line as a user runs it: `python -m bot …` in a subprocess, over a temporary directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_seed

TIMEOUT_S = 60


def run(cwd: Path, *args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python -m bot ARGS` in `cwd`, with no BOT_*/TELEGRAM_* settings leaking in from this process."""
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "TELEGRAM_"))}
    clean_env["PYTHONPATH"] = str(ROOT)
    clean_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd, input=stdin, capture_output=True, text=True, encoding="utf-8", env=clean_env, timeout=TIMEOUT_S,
    )


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    return copy_seed(tmp_path / "kb")


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'x.sqlite3'}"


def test_ask_prints_an_answer(tmp_path: Path, kb: Path, db: str) -> None:
    result = run(tmp_path, "ask", "棚户区改造已开工多少套", "--knowledge", str(kb), "--db", db)
    assert result.returncode == 0, result.stderr
    first_line = result.stdout.splitlines()[0]
    assert "4433套" in first_line
    assert "来源" in result.stdout and "池大勇" in result.stdout


def test_ask_jsonl_answers_each_line_and_keeps_context_per_chat(tmp_path: Path, kb: Path, db: str) -> None:
    lines = [
        {"chat": "a", "text": "兴隆县有几个幼儿园项目"},
        {"chat": "b", "text": "围场县中小学项目有几个"},
        {"chat": "a", "text": "宽城县呢"},
        {"chat": "b", "text": "宽城县呢"},
        {"chat": "c", "text": "今天天气怎么样"},
    ]
    # A blank line is skipped; a line that is not JSON is taken as the question itself.
    stdin = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n\n失业率多少\n"
    result = run(tmp_path, "ask", "--jsonl", "--knowledge", str(kb), "--db", db, stdin=stdin)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == len(lines) + 1, "one JSON object per non-empty input line, in order"
    for record in records:
        assert {"found", "answer", "sources", "ms"} <= set(record)
        assert isinstance(record["found"], bool) and isinstance(record["ms"], (int, float)) and record["ms"] >= 0
    assert "2个" in records[0]["answer"] and records[0]["sources"][0]["speaker"] == "王成军"
    assert "幼儿园" in records[2]["answer"].split("来源")[0], "chat a follows up on kindergartens"
    assert "中小学" in records[3]["answer"].split("来源")[0], "chat b follows up on schools"
    assert records[4]["found"] is False and records[4]["sources"] == []
    source = records[0]["sources"][0]
    assert {"source", "conference", "date", "speaker", "speaker_title", "sentence", "line"} <= set(source)
    assert source["date"] == "2021-04-30" and source["line"] == 35
    assert records[5]["found"] and "3.88%" in records[5]["answer"], "a plain-text line is asked as it is"


def test_check_on_a_broken_directory_fails_with_file_and_line(tmp_path: Path, kb: Path, db: str) -> None:
    broken = kb / "bad.figures.yaml"
    broken.write_text("source: x.txt\nfigures:\n  - department: [\n", encoding="utf-8")
    # The README's form: global options before the subcommand.
    result = run(tmp_path, "--knowledge", str(kb), "--db", db, "check")
    assert result.returncode != 0
    assert "bad.figures.yaml:3:" in result.stdout + result.stderr  # the line of the unclosed '['


def test_load_exits_0_and_reports_the_version(tmp_path: Path, kb: Path, db: str) -> None:
    load = run(tmp_path, "load", "--knowledge", str(kb), "--db", db)
    assert load.returncode == 0, load.stderr
    assert "version 1" in load.stdout and "1 sources" in load.stdout


def test_a_malformed_setting_stops_with_its_name(tmp_path: Path, kb: Path, db: str) -> None:
    result = run(tmp_path, "check", "--knowledge", str(kb), "--db", db, env={"BOT_KEEP_VERSIONS": "ten"})
    assert result.returncode == 2
    assert "BOT_KEEP_VERSIONS" in result.stderr
