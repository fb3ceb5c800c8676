"""Answering never waits for the database, and a failed write keeps its rows for the next try.

Another process holding SQLite's write lock (a CLI `load`, a backup) used to stall every answer
for the lock's duration and then lose the batch of query-log rows being written.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot import service as service_module
from bot.config import Settings
from bot.qa import Answer, Context
from bot.service import Service
from bot.store import StoreError, db as store_db, open_database

QUESTIONS = [f"第{i}个没人能答的问题" for i in range(5)]  # nothing is loaded: every one is unanswered


@pytest.fixture(autouse=True)
def write_every_question(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each question is due to be written at once, so every one meets the database."""
    monkeypatch.setattr(service_module, "WRITE_BATCH", 1)


def wait_until(condition: Callable[[], object], seconds: float = 10.0) -> None:
    """Wait for something another thread does; the bound is a hang guard, not a speed check."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the writer thread did not get there"
        time.sleep(0.01)


def open_service(tmp_path: Path, url: str) -> Service:
    return Service(Settings(knowledge_dir=tmp_path / "knowledge", database_url=url), open_database(url))


@pytest.fixture
def sqlite_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Service, Path]]:
    # A short busy timeout: a write that waits for the lock fails after a second instead of 30.
    monkeypatch.setattr(store_db, "SQLITE_BUSY_TIMEOUT_S", 1.0)
    path = tmp_path / "bot.sqlite3"
    service = open_service(tmp_path, f"sqlite:///{path}")
    yield service, path
    service.close()


def test_answers_while_another_process_holds_the_write_lock(sqlite_file: tuple[Service, Path]) -> None:
    service, path = sqlite_file
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # what a `load` in another process holds while it writes
    try:
        answers = [service.ask(f"chat-{i}", question) for i, question in enumerate(QUESTIONS)]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert all(answer.text and not answer.found for answer in answers)
    service.flush()
    assert sorted(service.db.unanswered(limit=10)) == sorted((q, 1) for q in QUESTIONS)


def test_a_failed_write_keeps_its_rows_for_the_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    service = open_service(tmp_path, "sqlite://")
    write = service.db.record_turns
    attempts: list[int] = []

    def fails_once(turns: list) -> None:
        attempts.append(len(turns))
        if len(attempts) == 1:
            raise StoreError("recording questions failed: database is locked")
        write(turns)

    monkeypatch.setattr(service.db, "record_turns", fails_once)
    try:
        for i, question in enumerate(QUESTIONS):
            service.ask(f"chat-{i}", question)  # the first write, behind these answers, fails
        wait_until(lambda: attempts)
        service.flush()
        assert sorted(service.db.unanswered(limit=10)) == sorted((q, 1) for q in QUESTIONS)
        assert attempts[0] >= 1 and sum(attempts[1:]) >= len(QUESTIONS)  # the failed rows went again
    finally:
        service.close()


def test_close_writes_what_is_pending(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    service = open_service(tmp_path, url)
    for i, question in enumerate(QUESTIONS):
        service.ask(f"chat-{i}", question)
    service.close()
    with open_database(url) as database:
        assert sorted(database.unanswered(limit=10)) == sorted((q, 1) for q in QUESTIONS)


@pytest.mark.postgres
def test_shared_database_down_answers_go_on_and_follow_ups_keep_their_context(
    tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL each turn is written at once; while that fails, the chat's context is taken
    from the turns not yet written, and they are written when the database is back."""
    service = open_service(tmp_path, postgres_url)
    seen: list[str] = []
    engine = service.engine

    def answer(text: str, context: Context) -> tuple[Answer, Context]:
        seen.append(context.text)  # the previous question, as the chat's context remembers it
        return Answer(False, "找不到", "none"), Context(text=text, at=time.time())

    monkeypatch.setattr(engine, "answer", answer)
    down = [True]

    def unless_down(write: Callable[..., None]) -> Callable[..., None]:
        def guarded(*args: object) -> None:
            if down[0]:
                raise StoreError("recording questions failed: server closed the connection")
            write(*args)

        return guarded

    for name in ("record_turn", "record_turns"):
        monkeypatch.setattr(service.db, name, unless_down(getattr(service.db, name)))
    try:
        for question in QUESTIONS[:3]:
            assert service.ask("chat", question).text == "找不到"
        assert seen == ["", *QUESTIONS[:2]]
        down[0] = False
        service.flush()
        assert sorted(service.db.unanswered(limit=10)) == sorted((q, 1) for q in QUESTIONS[:3])
        assert service.db.get_context("chat")["text"] == QUESTIONS[2]
    finally:
        service.close()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_failed_write_is_retried_without_waiting_for_another_question(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest, backend: str
) -> None:
    monkeypatch.setattr(service_module, "WRITE_RETRY_SECONDS", 0.05)
    url = "sqlite://" if backend == "sqlite" else request.getfixturevalue("postgres_url")
    service = open_service(tmp_path, url)
    failures = [StoreError("recording questions failed: database is locked")] * 2

    def fails_twice(write: Callable[..., None]) -> Callable[..., None]:
        def flaky(*args: object) -> None:
            if failures:
                raise failures.pop()
            write(*args)

        return flaky

    for name in ("record_turn", "record_turns"):
        monkeypatch.setattr(service.db, name, fails_twice(getattr(service.db, name)))
    try:
        service.ask("chat", QUESTIONS[0])  # its write fails; nothing else is asked or flushed
        wait_until(lambda: service.db.unanswered(limit=10))
        assert service.db.unanswered(limit=10) == [(QUESTIONS[0], 1)] and not failures
    finally:
        service.close()
