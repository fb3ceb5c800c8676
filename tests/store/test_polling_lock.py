"""polling_lock: one replica long-polls a bot token; the others are told at once."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from bot.store import PollingTaken, ReloadInProgress, open_database


def test_second_poller_is_refused(shared_database_url: str) -> None:
    """While one Database polls, another on the same database may not; after release it may."""
    with open_database(shared_database_url) as first, open_database(shared_database_url) as second:
        with first.polling_lock():
            with pytest.raises(PollingTaken):
                with second.polling_lock():
                    pass  # pragma: no cover - must not be reached
        with second.polling_lock():
            pass


def test_polling_and_reload_locks_are_independent(db) -> None:
    """Polling for updates never blocks a reload, and a reload never stops polling."""
    with db.polling_lock():
        with db.reload_lock():
            pass
    with db.reload_lock():
        with db.polling_lock():
            pass


_HOLDER = """
import sys, time
from bot.store import open_database
lock = open_database(sys.argv[1]).polling_lock()
lock.__enter__()
print("locked", flush=True)
time.sleep(60)
"""


@pytest.mark.postgres
def test_postgres_poller_released_when_its_process_dies(postgres_url: str) -> None:
    """A replica killed with SIGKILL loses the lock with its connection, so another takes over."""
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, postgres_url], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with open_database(postgres_url) as second:
            with pytest.raises(PollingTaken):
                with second.polling_lock():
                    pass  # pragma: no cover
            holder.kill()
            holder.wait(timeout=10)
            deadline = time.monotonic() + 10
            while True:
                try:
                    with second.polling_lock():
                        break
                except PollingTaken:
                    assert time.monotonic() < deadline, "lock not released after the holder died"
                    time.sleep(0.1)
    finally:
        holder.kill()
        holder.wait(timeout=10)


def test_sqlite_poller_in_another_process_excludes_this_one(tmp_path) -> None:
    """Two processes on one SQLite file: the second may not poll while the first does, and
    may once the first dies (SIGKILL: nothing of it is left to release the lock)."""
    url = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    open_database(url).close()  # create the tables before two processes race to
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, url], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with open_database(url) as second:
            with pytest.raises(PollingTaken):
                with second.polling_lock():
                    pass  # pragma: no cover - must not be reached
            holder.kill()
            holder.wait(timeout=10)
            with second.polling_lock():
                pass
    finally:
        holder.kill()
        holder.wait(timeout=10)


def test_polling_taken_is_not_reload_in_progress() -> None:
    """Callers can tell the two apart."""
    assert not issubclass(PollingTaken, ReloadInProgress)
