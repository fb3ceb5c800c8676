"""Knowledge lifecycle fixtures: knowledge directories, databases on SQLite files and PostgreSQL
schemas, a generator for a larger transcript set, and replica processes speaking JSON lines.

PostgreSQL is reached the way tests/store/conftest.py does it (the logic is copied, not imported:
that directory is not a package): BOT_TEST_POSTGRES_URL or postgres@127.0.0.1:5432/test, one fresh
schema per test first on the search_path, skipped when unreachable unless BOT_REQUIRE_POSTGRES=1.
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bot.cli import main
from bot.domain import Knowledge
from bot.ingest import build_knowledge, knowledge_files
from bot.store import Database, open_database
from tests.conftest import ROOT, SEED_DIR

DATA = Path(__file__).resolve().parent / "data"
MAY_NAME = "2021-05-民生工程5月推进情况.txt"
MAY_SAMPLE = DATA / MAY_NAME  # a copy of /work/shared/samples/… so the tests never read outside the repo

SEED_FILES = [
    "2021-04-民生工程4月推进情况-第一场.figures.yaml",
    "2021-04-民生工程4月推进情况-第一场.txt",
    "common.aliases.yaml",
]
BRIDGE_QUESTION = "凤凰山大桥现在进度多少"
APRIL_BRIDGE = ("75%", "2021年4月底", "2021-04-30")  # the seed's figure, its answer date, its source date
MAY_BRIDGE = ("90%", "2021年5月底", "2021-05-31")  # the May sample's


SQLITE_FILE = "sqlite-file"
POSTGRESQL = "postgresql"
BACKENDS = [
    pytest.param(SQLITE_FILE, id=SQLITE_FILE),
    pytest.param(POSTGRESQL, id=POSTGRESQL, marks=pytest.mark.postgres),
]
# Every part of a snapshot, as Knowledge names it and as the store's tables hold it.
PART_TABLES = {
    "sources": "sources",
    "speakers": "speakers",
    "passages": "passages",
    "figures": "figures",
    "aliases": "aliases",
    "files": "version_files",
    "warnings": "version_warnings",
}


# -- knowledge ---------------------------------------------------------------------------


def copy_seed(directory: Path) -> Path:
    """A writable copy of the repository's seed knowledge (transcript, curated figures, aliases)."""
    directory.mkdir(parents=True, exist_ok=True)
    for path in knowledge_files(SEED_DIR):
        shutil.copy(path, directory / path.name)
    return directory


def add_may(directory: Path) -> Path:
    """Put the May sample into a knowledge directory."""
    shutil.copy(MAY_SAMPLE, directory / MAY_NAME)
    return directory


def clean_build(directory: Path) -> Knowledge:
    """The snapshot a load of the directory must store; the files must have no errors."""
    knowledge, problems = build_knowledge(knowledge_files(directory))
    errors = [p for p in problems if p.severity == "error"]
    assert not errors, "\n".join(map(str, errors))
    return knowledge


def counts(knowledge: Knowledge) -> dict[str, int]:
    """How many items each part of a snapshot has."""
    return {part: len(getattr(knowledge, part)) for part in PART_TABLES}


def generate_transcripts(directory: Path, count: int) -> list[Path]:
    """`count` transcripts made from the May sample with shifted numbers, one conference each.

    Dated 2015-2020, before the seed, and naming another bridge, so the bridge question is still
    answered from May 2021 (75% before, 90% after a load that adds them); the shifted numbers make some per-county breakdowns miss their stated total (warnings, as real
    transcripts do). Deterministic: same count, same bytes.
    """
    sample = MAY_SAMPLE.read_text(encoding="utf-8")
    paths = []
    for k in range(1, count + 1):
        year, month = 2015 + (k - 1) // 12, (k - 1) % 12 + 1

        def shifted(match: re.Match, k: int = k) -> str:
            number = match.group(0)
            return f"{float(number) + k / 100:.2f}" if "." in number else str(int(number) + k)

        body = re.sub(r"(?<![年\d.])\d+(?:\.\d+)?(?=[个套%亿万人家米])", shifted, sample)
        body = body.replace("2021年民生工程5月", f"{year}年民生工程{month}月").replace("5月", f"{month}月")
        body = body.replace("凤凰山大桥", "武烈河大桥")  # leave the bridge question to the seed and the May sample
        path = directory / f"{year}-{month:02d}-民生工程推进情况-第{k}场.txt"
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths


def with_bridge(percent: int) -> str:
    """The May sample with another bridge figure."""
    return MAY_SAMPLE.read_text(encoding="utf-8").replace("凤凰山大桥完成90%", f"凤凰山大桥完成{percent}%")


def names(folder: Path) -> list[str]:
    """The knowledge files in a directory."""
    return [p.name for p in knowledge_files(folder)]


def bridge_pair(answer_text: str) -> tuple[str, str, str] | None:
    """Which version's bridge figure the answer states: APRIL_BRIDGE, MAY_BRIDGE, or None if mixed."""
    head = answer_text.split("来源", 1)[0]
    for pair, other in ((APRIL_BRIDGE, MAY_BRIDGE), (MAY_BRIDGE, APRIL_BRIDGE)):
        if pair[0] in head and pair[1] in head and other[0] not in head and other[1] not in head:
            return pair
    return None


# -- databases ---------------------------------------------------------------------------


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database that several processes can share: a SQLite file or a PostgreSQL schema."""
    if request.param == SQLITE_FILE:
        return f"sqlite:///{tmp_path / 'db' / 'bot.sqlite3'}"
    return request.getfixturevalue("postgres_url")


def stored_rows(db: Database, table: str, version_id: int | None = None) -> int:
    """Rows in a store table, optionally only those of one version (a white-box look)."""
    statement = f"SELECT count(*) FROM {table}"
    params = {}
    if version_id is not None:
        statement += " WHERE version_id = :version_id"
        params["version_id"] = version_id
    with db._engine.connect() as connection:  # noqa: SLF001 - white-box check
        return connection.scalar(text(statement), params)


def assert_versions_whole(db: Database) -> None:
    """Every stored version has exactly the rows its counts promise, no rows belong to no version,
    and exactly one version is active."""
    versions = db.versions()
    assert [v.active for v in versions].count(True) == 1, [(v.id, v.active) for v in versions]
    for part, table in PART_TABLES.items():
        for version in versions:
            assert stored_rows(db, table, version.id) == version.counts[part], (version.id, part)
        assert stored_rows(db, table) == sum(v.counts[part] for v in versions), f"orphan rows in {table}"


def active_and_ids(db_url: str) -> list[tuple[int, bool]]:
    """(id, active) of every stored version, newest first, after checking each is whole."""
    with open_database(db_url) as db:
        assert_versions_whole(db)
        return [(v.id, v.active) for v in db.versions()]


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    """A writable copy of the seed knowledge."""
    return copy_seed(tmp_path / "knowledge")


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A SQLite file database that does not exist yet."""
    return f"sqlite:///{tmp_path / 'data' / 'bot.sqlite3'}"


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture, kb: Path, db_url: str):
    """`python -m bot --knowledge KB --db URL ARGS…` in this process: (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)  # no ./.env of the project's
    for name in [n for n in os.environ if n.startswith(("BOT_", "TELEGRAM_"))]:
        monkeypatch.delenv(name)

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["--knowledge", str(kb), "--db", db_url, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


# -- processes ---------------------------------------------------------------------------


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a `python` child: this project importable, no BOT_*/TELEGRAM_* leaking in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "TELEGRAM_"))}
    env["PYTHONPATH"] = str(ROOT)
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


class Replica:
    """A replica process (tests/lifecycle/replica.py) driven over stdin/stdout JSON lines."""

    def __init__(self, name: str, knowledge_dir: Path, database_url: str, cwd: Path) -> None:
        self.name = name
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.lifecycle.replica", "--knowledge", str(knowledge_dir), "--db", database_url],
            cwd=cwd, env=child_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, encoding="utf-8", bufsize=1,
        )
        self._lines: queue.Queue[dict[str, Any]] = queue.Queue()
        self._replies: dict[int, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self._next_id = 0
        self._stderr: list[str] = []
        threading.Thread(target=self._read, args=(self.process.stdout, True), daemon=True).start()
        threading.Thread(target=self._read, args=(self.process.stderr, False), daemon=True).start()

    def _read(self, stream, is_stdout: bool) -> None:
        for line in stream:
            if is_stdout:
                self._lines.put(json.loads(line))
            else:
                self._stderr.append(line)
        if is_stdout:
            self._lines.put({"event": "eof"})

    def _pump(self, timeout: float) -> None:
        """Take one line off stdout (waiting up to `timeout`), filing it as a reply or an event."""
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            return
        if line.get("event") == "eof":
            raise AssertionError(f"replica {self.name} exited ({self.process.poll()}):\n{self.stderr}")
        if "id" in line:
            self._replies[line["id"]] = line
        else:
            self.events.append(line)

    @property
    def stderr(self) -> str:
        return "".join(self._stderr)

    def send(self, op: str, **fields: Any) -> int:
        """Send a request without waiting; returns its id."""
        self._next_id += 1
        self.process.stdin.write(json.dumps({"id": self._next_id, "op": op, **fields}, ensure_ascii=False) + "\n")
        self.process.stdin.flush()
        return self._next_id

    def reply(self, request_id: int, timeout: float = 30.0) -> dict[str, Any]:
        """Wait for the reply to a request."""
        deadline = time.monotonic() + timeout
        while request_id not in self._replies:
            if time.monotonic() > deadline:
                raise AssertionError(f"replica {self.name}: no reply to {request_id} in {timeout}s\n{self.stderr}")
            self._pump(0.05)
        reply = self._replies.pop(request_id)
        if "error" in reply:
            raise AssertionError(f"replica {self.name} failed: {reply['error']}\n{self.stderr}")
        return reply

    def call(self, op: str, timeout: float = 30.0, **fields: Any) -> dict[str, Any]:
        """Send a request and wait for its reply."""
        return self.reply(self.send(op, **fields), timeout)

    def wait_event(self, name: str, timeout: float = 30.0) -> dict[str, Any]:
        """Wait for the first not yet consumed event of that name."""
        deadline = time.monotonic() + timeout
        while True:
            for index, event in enumerate(self.events):
                if event.get("event") == name:
                    return self.events.pop(index)
            if time.monotonic() > deadline:
                raise AssertionError(f"replica {self.name}: no {name!r} event in {timeout}s\n{self.stderr}")
            self._pump(0.05)

    def close(self) -> None:
        """Ask it to quit; kill it if it does not."""
        if self.process.poll() is None:
            try:
                self.process.stdin.write('{"op": "quit"}\n')
                self.process.stdin.flush()
                self.process.stdin.close()
                self.process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()


@pytest.fixture
def start_replica(tmp_path: Path):
    """Start replica processes (they load in parallel); each is stopped when the test ends."""
    started: list[Replica] = []

    def _start(name: str, knowledge_dir: Path, database_url: str) -> Replica:
        replica = Replica(name, knowledge_dir, database_url, tmp_path)
        started.append(replica)
        return replica

    yield _start
    for replica in started:
        replica.close()
