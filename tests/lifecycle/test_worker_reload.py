"""A reload in a worker process (the running bot's): the same outcomes as a reload in the serving
process, while the serving process only loads the engine the worker cached."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import bot.qa.persist as persist
import bot.service as service_module
from bot.config import Settings
from bot.service import Service

from .conftest import APRIL_BRIDGE, BRIDGE_QUESTION, MAY_BRIDGE, add_may, bridge_pair, copy_seed


@pytest.fixture
def serving(tmp_path: Path, monkeypatch):
    """A worker-mode service serving the seed as version 1; its directory now also holds the May sample."""
    knowledge_dir = copy_seed(tmp_path / "knowledge")
    settings = Settings(knowledge_dir=knowledge_dir, database_url=f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    service = Service.open(settings, worker=True)
    assert service.reload().version == 1
    add_may(knowledge_dir)
    builds: list[int] = []
    real = service_module.Engine

    def counting(knowledge, **options):
        builds.append(len(knowledge.sources))
        return real(knowledge, **options)

    monkeypatch.setattr(service_module, "Engine", counting)
    yield service, knowledge_dir, builds
    service.close()


def test_a_worker_reload_serves_the_new_version_without_building_here(serving) -> None:
    service, _, builds = serving
    report = service.reload()
    assert report.status == "saved" and report.version == 2, report.text()
    assert "2021-05" in report.text()  # compared with the served version: the May file is new
    assert builds == [], "the engine was built in the serving process"
    assert service.version == service.db.active_version_id() == 2
    assert bridge_pair(service.ask("c", BRIDGE_QUESTION).text) == MAY_BRIDGE


def test_a_bad_file_in_a_worker_reload_keeps_the_previous_version(serving) -> None:
    service, knowledge_dir, _ = serving
    (knowledge_dir / "2021-06-坏文件.txt").write_bytes(b"\x00\x01PK\x03\x04 binary")
    report = service.reload()
    assert report.status == "failed" and any("2021-06-坏文件.txt" in str(p) for p in report.errors), report.text()
    assert service.version == service.db.active_version_id() == 1
    assert bridge_pair(service.ask("c", BRIDGE_QUESTION).text) == APRIL_BRIDGE


def test_an_unreadable_cached_engine_is_built_here_from_the_stored_version(serving, monkeypatch) -> None:
    service, _, builds = serving
    monkeypatch.setattr(persist, "load", lambda *a, **k: (_ for _ in ()).throw(persist.CacheMiss("damaged")))
    report = service.reload()
    assert report.version == 2 and builds == [2]
    assert bridge_pair(service.ask("c", BRIDGE_QUESTION).text) == MAY_BRIDGE


def test_the_same_files_again_change_nothing(serving) -> None:
    service, knowledge_dir, _ = serving
    (knowledge_dir / "2021-05-民生工程5月推进情况.txt").unlink()
    report = service.reload()
    assert report.status == "unchanged" and service.version == 1, report.text()


def test_a_second_reload_while_one_runs_is_told_busy(serving) -> None:
    service, _, _ = serving
    service._reload_guard.acquire()  # noqa: SLF001 - a reload in progress
    try:
        assert service.reload().status == "busy"
    finally:
        service._reload_guard.release()  # noqa: SLF001
    assert service.version == 1


def test_answers_go_on_while_the_worker_reloads(serving) -> None:
    service, _, _ = serving
    answered: list[tuple[str, str] | None] = []
    done = threading.Event()

    def ask() -> None:
        while not done.is_set():
            answered.append(bridge_pair(service.ask("c", BRIDGE_QUESTION).text))

    asker = threading.Thread(target=ask)
    asker.start()
    try:
        assert service.reload().version == 2
    finally:
        done.set()
        asker.join()
    assert answered and set(answered) <= {APRIL_BRIDGE, MAY_BRIDGE}, set(answered)
    assert answered[0] == APRIL_BRIDGE  # the last may have begun on the old engine, just before the swap
    assert bridge_pair(service.ask("c", BRIDGE_QUESTION).text) == MAY_BRIDGE
