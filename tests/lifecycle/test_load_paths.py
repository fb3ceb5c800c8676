"""`load PATH` adds files to the knowledge set, `load --replace PATH` replaces the set, and a running
`chat` follows the active version (issue 9, item 3)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import bot.service as service_module
from bot.config import Settings
from bot.service import Service
from bot.store import open_database

from .conftest import (
    APRIL_BRIDGE,
    BRIDGE_QUESTION,
    MAY_BRIDGE,
    MAY_NAME,
    MAY_SAMPLE,
    SEED_FILES,
    active_and_ids,
    add_may,
    bridge_pair,
    copy_seed,
    names,
    with_bridge,
)


def test_load_path_adds_the_file_to_the_knowledge_set(cli, kb: Path, db_url: str, tmp_path: Path) -> None:
    cli("load")
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    shutil.copy(MAY_SAMPLE, incoming / MAY_NAME)

    code, out, _ = cli("load", str(incoming / MAY_NAME))
    assert code == 0 and "Loaded as knowledge version 2." in out, out
    assert names(kb) == sorted([*SEED_FILES, MAY_NAME]), "the file joins the knowledge directory"
    with open_database(db_url) as db:
        assert sorted(f.path for f in db.versions()[0].files) == sorted([*SEED_FILES, MAY_NAME])
    code, out, _ = cli("ask", BRIDGE_QUESTION)
    assert bridge_pair(out) == MAY_BRIDGE and active_and_ids(db_url)[0] == (2, True)


def test_load_path_replaces_the_file_of_the_same_name(cli, kb: Path, db_url: str, tmp_path: Path) -> None:
    add_may(kb)
    cli("load")
    incoming = tmp_path / "incoming" / MAY_NAME
    incoming.parent.mkdir()
    incoming.write_text(with_bridge(96), encoding="utf-8")

    code, out, _ = cli("load", str(incoming))
    assert code == 0, out
    assert (kb / MAY_NAME).read_bytes() == incoming.read_bytes() and names(kb) == sorted([*SEED_FILES, MAY_NAME])
    assert "96%" in cli("ask", BRIDGE_QUESTION)[1]
    assert cli("rollback")[0] == 0 and (kb / MAY_NAME).read_bytes() == MAY_SAMPLE.read_bytes()


def test_load_path_with_an_error_changes_nothing(cli, kb: Path, db_url: str, tmp_path: Path) -> None:
    cli("load")
    before = {p.name: p.read_bytes() for p in kb.iterdir()}
    broken = tmp_path / "2021-06-坏文件.txt"
    broken.write_bytes(b"\x00binary")

    code, out, _ = cli("load", str(broken))
    assert code == 1 and "Load refused" in out and "2021-06-坏文件.txt" in out
    assert {p.name: p.read_bytes() for p in kb.iterdir()} == before
    assert active_and_ids(db_url) == [(1, True)]


def test_load_replace_serves_only_the_given_files(cli, kb: Path, db_url: str, tmp_path: Path) -> None:
    cli("load")
    only = tmp_path / "only" / MAY_NAME
    only.parent.mkdir()
    shutil.copy(MAY_SAMPLE, only)

    code, out, _ = cli("load", "--replace", str(only))
    assert code == 0 and "Loaded as knowledge version 2." in out, out
    with open_database(db_url) as db:
        assert [f.path for f in db.versions()[0].files] == [MAY_NAME]
    assert names(kb) == [MAY_NAME], "the directory holds the set that is served"
    assert cli("rollback")[0] == 0 and names(kb) == SEED_FILES


def test_a_running_chat_answers_from_a_version_activated_elsewhere(
    cli, kb: Path, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("load")
    lines = iter([BRIDGE_QUESTION, "load elsewhere", BRIDGE_QUESTION, ""])

    def typed(_prompt: str = "") -> str:
        line = next(lines)
        if line == "load elsewhere":  # another process (the bot, `python -m bot load`) loads May
            other = Service.open(Settings(knowledge_dir=add_may(copy_seed(tmp_path / "other")), database_url=db_url))
            assert other.reload().version == 2
            other.close()
            line = next(lines)
        return line

    monkeypatch.setattr("builtins.input", typed)
    code, out, _ = cli("chat")
    assert code == 0
    first, second = [part for part in out.split("\n\n") if part.strip()]
    assert bridge_pair(first) == APRIL_BRIDGE and bridge_pair(second) == MAY_BRIDGE, out




def test_load_path_into_a_directory_that_cannot_be_written_says_so(
    cli, kb: Path, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("load")

    def read_only(target: Path, data: bytes) -> None:
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(service_module, "write_file", read_only)
    code, out, _ = cli("load", str(MAY_SAMPLE))
    assert code == 1 and "Load refused" in out and "cannot write" in out and "Permission denied" in out, out
    assert names(kb) == SEED_FILES and active_and_ids(db_url) == [(1, True)]
