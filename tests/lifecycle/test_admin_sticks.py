"""What an admin does sticks (issue 9, items 1-2): a rollback stays in force through `ask` and
restarts; a replaced file comes back with a rollback."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

import bot.service as service_module
from bot.config import Settings
from bot.ingest import knowledge_files
from bot.service import Service
from bot.store import open_database
from bot.tg import uploads

from .conftest import (
    APRIL_BRIDGE,
    BRIDGE_QUESTION,
    MAY_BRIDGE,
    MAY_NAME,
    MAY_SAMPLE,
    active_and_ids,
    add_may,
    bridge_pair,
    copy_seed,
    with_bridge,
)


@pytest.fixture
def service(kb: Path, db_url: str) -> Iterator[Service]:
    service = Service.open(Settings(knowledge_dir=kb, database_url=db_url))
    yield service
    service.close()


def restarted(kb: Path, db_url: str) -> Service:
    """A new process's service as `run`, `ask` and `chat` open it: the database's version, then autoload."""
    service = Service.open(Settings(knowledge_dir=kb, database_url=db_url))
    service.ensure_loaded()
    return service


# -- 1. a rollback stays in force -----------------------------------------------------------


def test_a_rollback_stays_in_force_through_ask_and_a_restart(cli, kb: Path, db_url: str) -> None:
    cli("load")
    add_may(kb)
    cli("load")
    assert cli("rollback")[0] == 0

    code, out, _ = cli("ask", BRIDGE_QUESTION)
    assert code == 0 and bridge_pair(out) == APRIL_BRIDGE, out
    service = restarted(kb, db_url)
    try:
        assert service.version == 1
        assert bridge_pair(service.ask("admin", BRIDGE_QUESTION).text) == APRIL_BRIDGE
    finally:
        service.close()
    assert active_and_ids(db_url) == [(2, False), (1, True)], "no new version, nothing pruned"


def test_autoload_follows_changes_to_the_directory_not_differences_from_the_active_version(
    kb: Path, db_url: str, tmp_path: Path
) -> None:
    first = restarted(kb, db_url)
    add_may(kb)
    assert first.reload().version == 2
    first.close()
    # An admin rolls back from another host, whose knowledge directory is not this one.
    elsewhere = Service.open(Settings(knowledge_dir=copy_seed(tmp_path / "elsewhere"), database_url=db_url))
    assert elsewhere.rollback() == 1
    elsewhere.close()

    service = restarted(kb, db_url)  # this directory still has the May file: unchanged since its last load
    try:
        assert service.version == 1
        (kb / "2021-06-民生工程推进情况-第二场.txt").write_bytes(
            (Path(__file__).parents[1] / "data" / "synthetic" / "2021-06-民生工程推进情况-第二场.txt").read_bytes()
        )
        report = service.ensure_loaded()  # a change since the last load: loaded
        assert report is not None and report.status == "saved" and service.version == 3
    finally:
        service.close()


def test_loading_files_identical_to_a_stored_version_serves_that_version(service: Service, kb: Path, db_url: str) -> None:
    assert service.reload().version == 1
    add_may(kb)
    assert service.reload().version == 2
    (kb / MAY_NAME).unlink()

    report = service.reload()
    assert report.ok and report.status == "reactivated" and report.version == 1, report.text()
    assert "version 1" in report.text()
    assert service.version == 1 and bridge_pair(service.ask("c", BRIDGE_QUESTION).text) == APRIL_BRIDGE
    assert active_and_ids(db_url) == [(2, False), (1, True)]


# -- 2. a replaced file can be restored -----------------------------------------------------


def test_a_replaced_transcript_comes_back_with_rollback_and_stays_after_a_restart(
    service: Service, kb: Path, db_url: str
) -> None:
    add_may(kb)
    assert service.reload().version == 1
    (kb / MAY_NAME).write_text(with_bridge(95), encoding="utf-8")
    assert service.reload().version == 2

    assert service.rollback() == 1
    assert (kb / MAY_NAME).read_bytes() == MAY_SAMPLE.read_bytes(), "the previous file is back"
    assert bridge_pair(service.ask("c", BRIDGE_QUESTION).text) == MAY_BRIDGE
    again = restarted(kb, db_url)
    try:
        assert again.version == 1 and bridge_pair(again.ask("c", BRIDGE_QUESTION).text) == MAY_BRIDGE
    finally:
        again.close()
    assert service.rollback(2) == 2 and "95%" in (kb / MAY_NAME).read_text(encoding="utf-8")


def test_an_uploaded_replacement_is_undone_by_rollback(service: Service, kb: Path, tmp_path: Path) -> None:
    add_may(kb)
    assert service.reload().version == 1
    candidate = tmp_path / "upload" / MAY_NAME
    candidate.parent.mkdir()
    candidate.write_text(with_bridge(97), encoding="utf-8")
    outcome = uploads.install(service, kb, candidate, "telegram:1")
    assert outcome.ok and service.version == 2, outcome.text

    assert service.rollback() == 1
    assert (kb / MAY_NAME).read_bytes() == MAY_SAMPLE.read_bytes()
    assert bridge_pair(service.ask("c", BRIDGE_QUESTION).text) == MAY_BRIDGE


def test_rollback_takes_out_files_the_version_did_not_have_and_keeps_unknown_ones(
    service: Service, kb: Path, db_url: str
) -> None:
    assert service.reload().version == 1
    add_may(kb)
    assert service.reload().version == 2
    never_loaded = kb / "2021-07-草稿.txt"
    never_loaded.write_text("尚未加载的草稿。", encoding="utf-8")

    assert service.rollback() == 1
    assert not (kb / MAY_NAME).exists(), "stored with version 2, so rollback may take it out"
    assert never_loaded.exists(), "no copy of it is stored: a rollback never deletes it"
    again = restarted(kb, db_url)  # the draft is not loaded behind the admin's back
    try:
        assert again.version == 1
    finally:
        again.close()
    assert service.rollback(2) == 2 and (kb / MAY_NAME).read_bytes() == MAY_SAMPLE.read_bytes()


def test_files_are_stored_once_however_many_versions_use_them(service: Service, kb: Path, db_url: str) -> None:
    service.reload()
    add_may(kb)
    service.reload()
    with open_database(db_url) as db:
        stored = db.stored_files()
    expected = {hashlib.sha256(p.read_bytes()).hexdigest() for p in knowledge_files(kb)}
    assert stored == expected


def test_a_rollback_into_a_read_only_directory_still_serves_the_version(
    service: Service, kb: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_may(kb)
    assert service.reload().version == 1
    (kb / MAY_NAME).write_text(with_bridge(95), encoding="utf-8")
    assert service.reload().version == 2

    def read_only(target: Path, data: bytes) -> None:
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(service_module, "write_file", read_only)
    assert service.rollback() == 1
    assert bridge_pair(service.ask("c", BRIDGE_QUESTION).text) == MAY_BRIDGE
    again = restarted(kb, db_url)  # the directory still holds version 2's file: not loaded again
    try:
        assert again.version == 1
    finally:
        again.close()
