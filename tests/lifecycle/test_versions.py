"""Knowledge versions as an admin meets them: every load recorded with its files and report,
`versions` and `rollback` on the command line, keep-last-N, and what the reload report lists."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Settings
from bot.domain import FileInfo
from bot.ingest import knowledge_files
from bot.service import Service
from bot.store import open_database

from .conftest import (
    APRIL_BRIDGE,
    BRIDGE_QUESTION,
    MAY_BRIDGE,
    MAY_NAME,
    add_may,
    assert_versions_whole,
    bridge_pair,
    child_env,
    clean_build,
    copy_seed,
    counts,
)

SEED_WARNING = "幼儿园建设工程项目: the 7 listed parts add up to 8个, but the stated total is 10个"


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    return copy_seed(tmp_path / "knowledge")


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'data' / 'bot.sqlite3'}"


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture, kb: Path, db_url: str):
    """`python -m bot --knowledge KB --db URL ARGS…` in this process: (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)  # no ./.env of the project's
    for name in [n for n in os.environ if n.startswith(("BOT_", "TELEGRAM_"))]:
        monkeypatch.delenv(name)

    def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
        with monkeypatch.context() as patched:
            for name, value in (env or {}).items():
                patched.setenv(name, value)
            capsys.readouterr()
            code = main(["--knowledge", str(kb), "--db", db_url, *args])
            out, err = capsys.readouterr()
            return code, out, err

    return run


def set_bridge(kb: Path, percent: int, luanping: int = 16) -> None:
    """Write the May sample with another bridge figure (and 滦平县's share of the service stations)."""
    text = (Path(__file__).parent / "data" / MAY_NAME).read_text(encoding="utf-8")
    text = text.replace("凤凰山大桥完成90%", f"凤凰山大桥完成{percent}%").replace("滦平县16个", f"滦平县{luanping}个")
    (kb / MAY_NAME).write_text(text, encoding="utf-8")


def files_of(kb: Path) -> list[FileInfo]:
    """What a version must record of a directory's files."""
    return [FileInfo(p.name, hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_size) for p in knowledge_files(kb)]


def test_every_successful_load_is_a_version_with_files_counts_loaded_by_and_report(cli, kb, db_url) -> None:
    expected = []
    code, out, _ = cli("load")
    assert code == 0 and "Loaded as knowledge version 1." in out
    expected.append((1, files_of(kb), counts(clean_build(kb)), "+ transcript 2021-04-民生工程4月推进情况-第一场.txt"))

    add_may(kb)
    code, out, _ = cli("load")
    assert code == 0 and "Loaded as knowledge version 2." in out
    expected.append((2, files_of(kb), counts(clean_build(kb)), f"+ transcript {MAY_NAME}"))

    code, out, _ = cli("load")  # the same files again: nothing stored
    assert code == 0 and "Nothing changed: version 2 already serves these files." in out
    (kb / "2021-06-坏文件.txt").write_bytes(b"\x00binary")
    code, out, _ = cli("load")  # refused: nothing stored
    assert code == 1 and "Load refused" in out
    (kb / "2021-06-坏文件.txt").unlink()

    with open_database(db_url) as db:
        versions = db.versions()
        assert_versions_whole(db)
    assert [v.id for v in versions] == [2, 1]
    for version, (number, files, part_counts, change) in zip(versions, reversed(expected), strict=True):
        assert version.id == number
        assert version.files == files  # names, sha256 and sizes of exactly the files loaded
        assert all(re.fullmatch(r"[0-9a-f]{64}", f.sha256) for f in version.files)
        assert version.counts == part_counts
        assert version.loaded_by == "cli"
        assert change in version.report and SEED_WARNING in version.report
        assert version.created_at.tzinfo is not None
        assert version.active == (number == 2)
    assert versions[0].created_at >= versions[1].created_at


def test_versions_cli_lists_every_version_and_marks_the_active_one(cli, kb) -> None:
    cli("load")
    add_may(kb)
    cli("load")
    code, out, _ = cli("versions")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2
    newest, oldest = lines
    assert re.match(r"^\*\s+2\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+cli\s+4 files\s+2 sources, ", newest), newest
    assert re.match(r"^ \s+1\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+cli\s+3 files\s+1 sources, ", oldest), oldest
    may, seed = counts(clean_build(kb)), counts(clean_build(copy_seed(kb.parent / "seed-only")))
    assert f"{may['figures']} figures" in newest and f"{seed['figures']} figures" in oldest
    assert f"{may['passages']} passages" in newest and f"{seed['passages']} passages" in oldest


def test_rollback_cli_serves_the_previous_version(cli, kb, db_url, tmp_path, capsys) -> None:
    cli("load")
    add_may(kb)
    cli("load")

    # As an admin runs it: a fresh process.
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--knowledge", str(kb), "--db", db_url, "rollback"],
        cwd=tmp_path, env=child_env(), capture_output=True, text=True, encoding="utf-8", timeout=60,
    )
    wall = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "now serving knowledge version 1"
    with open_database(db_url) as db:
        assert db.active_version_id() == 1
        assert [(v.id, v.active) for v in db.versions()] == [(2, False), (1, True)]

    service = Service.open(Settings(knowledge_dir=kb, database_url=db_url))
    try:
        assert service.version == 1
        assert bridge_pair(service.ask("admin", BRIDGE_QUESTION).text) == APRIL_BRIDGE
        # The switch itself, in a running service (no interpreter start-up): forward and back.
        started = time.perf_counter()
        assert service.rollback(2) == 2
        switch = time.perf_counter() - started
        assert service.db.active_version_id() == 2
        assert bridge_pair(service.ask("admin", BRIDGE_QUESTION).text) == MAY_BRIDGE
    finally:
        service.close()
    with capsys.disabled():  # `cli` captures stdout
        print(f"\nrollback: CLI process {wall:.2f}s (interpreter start-up included); Service.rollback {switch * 1000:.0f} ms")

    code, _, err = cli("rollback", "99")
    assert code == 1 and "unknown knowledge version 99" in err
    with open_database(db_url) as db:
        assert db.active_version_id() == 2


def test_keep_last_n_versions_from_bot_keep_versions(cli, kb, db_url) -> None:
    keep = {"BOT_KEEP_VERSIONS": "2"}
    cli("load", env=keep)
    for percent in (91, 92, 93):
        set_bridge(kb, percent)
        code, _, _ = cli("load", env=keep)
        assert code == 0
    with open_database(db_url) as db:
        assert [(v.id, v.active) for v in db.versions()] == [(4, True), (3, False)]
        assert_versions_whole(db)  # the pruned versions' rows went with them

    assert cli("rollback", env=keep)[0] == 0
    set_bridge(kb, 94)
    assert cli("load", env=keep)[0] == 0
    with open_database(db_url) as db:
        assert [(v.id, v.active) for v in db.versions()] == [(5, True), (4, False)]
        assert_versions_whole(db)

    # Without the setting, the default keeps more.
    for percent in (95, 96):
        set_bridge(kb, percent)
        cli("load")
    with open_database(db_url) as db:
        assert [v.id for v in db.versions()] == [7, 6, 5, 4]


def test_the_reload_report_lists_added_transcripts_changed_figures_and_warnings(cli, kb, db_url) -> None:
    cli("load")
    set_bridge(kb, 90, luanping=15)  # the May sample, its service stations now one short of the total
    code, out, _ = cli("load")
    assert code == 0
    assert f"+ transcript {MAY_NAME}" in out
    assert "+ figure 中心城区“治堵”工程 凤凰山大桥完成 90% (2021-05-31)" in out
    assert "Warnings:" in out
    assert "医保服务站: the 7 listed parts add up to 125个, but the stated total is 126个" in out
    assert SEED_WARNING in out

    set_bridge(kb, 95, luanping=15)  # the same transcript, one figure changed
    code, out, _ = cli("load")
    assert code == 0 and "Loaded as knowledge version 3." in out
    assert "~ figure 中心城区“治堵”工程 凤凰山大桥完成 90% (2021-05-31) → 95%" in out
    assert "+ transcript" not in out

    with open_database(db_url) as db:
        stored = db.versions()[0].report
    assert "~ figure 中心城区“治堵”工程 凤凰山大桥完成 90% (2021-05-31) → 95%" in stored
    assert "the 7 listed parts add up to 125个, but the stated total is 126个" in stored
