"""One Database used from several threads at once: the bot writes its query log on a writer thread
while the core thread reads (refresh, /versions) and reloads run on others."""

from __future__ import annotations

import threading

from bot.store import Database

ROUNDS = 300  # each thread's units of work; a few dozen were enough to interleave before


def test_concurrent_writes_and_reads_do_not_interfere(db: Database) -> None:
    errors: list[BaseException] = []

    def run(work) -> None:  # type: ignore[no-untyped-def]
        try:
            for i in range(ROUNDS):
                work(i)
        except BaseException as exc:  # noqa: BLE001 - reported by the test thread
            errors.append(exc)

    def write(i: int) -> None:
        db.record_turns([("chat", {"n": i}, f"问题{i}", False, "none", 1.0)])

    def read(_i: int) -> None:
        db.unanswered(limit=5)
        db.active_version_id()
        db.get_context("chat")

    threads = [threading.Thread(target=run, args=(work,)) for work in (write, read)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(db.unanswered(limit=ROUNDS + 1)) == ROUNDS
