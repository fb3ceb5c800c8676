"""A reload that fails at any stage, or whose process is killed at any moment, leaves the previous
knowledge version active and whole; the service keeps answering from it."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

import bot.ingest.build as build_stage
import bot.service as service_module
import bot.store.database as database_module
import bot.store.snapshot as snapshot_module
from bot.config import Settings
from bot.ingest.decode import DecodeError
from bot.service import Service
from bot.store import StoreError, open_database
from bot.store.models import FigureRow

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
    generate_transcripts,
)

# -- (a) one stage at a time fails ---------------------------------------------------------


class SimulatedBug(RuntimeError):
    """A programming error inside the loader (not the user's files)."""


@pytest.fixture
def served(database_url: str, tmp_path: Path) -> Iterator[tuple[Service, Path]]:
    """A service serving the seed as version 1, its knowledge directory now also holding the May sample."""
    knowledge_dir = copy_seed(tmp_path / "knowledge")
    service = Service(Settings(knowledge_dir=knowledge_dir, database_url=database_url), open_database(database_url))
    assert service.reload().version == 1
    add_may(knowledge_dir)
    yield service, knowledge_dir
    service.close()


def _raise_for_may(exception: Exception, is_may: Callable[..., bool]) -> Callable:
    """A stand-in for a stage function that raises when it reaches the May sample."""

    def wrap(original: Callable) -> Callable:
        def stage(*args, **kwargs):
            if is_may(*args, **kwargs):
                raise exception
            return original(*args, **kwargs)

        return stage

    return wrap


MAY_BYTES = (Path(__file__).parent / "data" / MAY_NAME).read_bytes()


def fail_decode_user(monkeypatch, service, knowledge_dir) -> None:
    """The May file is not text we can read (the user's file)."""
    wrap = _raise_for_may(DecodeError("not valid UTF-8 or GB18030 text; save the file as UTF-8", 3), lambda data: data == MAY_BYTES)
    monkeypatch.setattr(build_stage, "decode", wrap(build_stage.decode))


def fail_decode_bug(monkeypatch, service, knowledge_dir) -> None:
    wrap = _raise_for_may(SimulatedBug("decoder bug"), lambda data: data == MAY_BYTES)
    monkeypatch.setattr(build_stage, "decode", wrap(build_stage.decode))


def fail_decode_file(monkeypatch, service, knowledge_dir) -> None:
    """A real binary file dropped into the directory."""
    (knowledge_dir / "2021-06-坏文件.txt").write_bytes(b"\x00\x01PK\x03\x04 binary")


def fail_parse_file(monkeypatch, service, knowledge_dir) -> None:
    """A real text file with no sentences in it."""
    (knowledge_dir / "2021-06-坏文件.txt").write_text("。。。\n!!!\n", encoding="utf-8")


def fail_parse_bug(monkeypatch, service, knowledge_dir) -> None:
    wrap = _raise_for_may(SimulatedBug("parser bug"), lambda name, *a, **k: name == MAY_NAME)
    monkeypatch.setattr(build_stage, "parse_transcript", wrap(build_stage.parse_transcript))


def fail_extract_bug(monkeypatch, service, knowledge_dir) -> None:
    wrap = _raise_for_may(SimulatedBug("extractor bug"), lambda parsed: parsed.source.id == MAY_NAME)
    monkeypatch.setattr(build_stage, "extract_figures", wrap(build_stage.extract_figures))


def fail_curated_file(monkeypatch, service, knowledge_dir) -> None:
    """Real malformed curated figures."""
    (knowledge_dir / "2021-05-民生工程5月推进情况.figures.yaml").write_text("source: [unclosed\n", encoding="utf-8")


def fail_curated_bug(monkeypatch, service, knowledge_dir) -> None:
    wrap = _raise_for_may(SimulatedBug("curated reader bug"), lambda *a, **k: True)
    monkeypatch.setattr(build_stage, "read_curated", wrap(build_stage.read_curated))


def fail_validate_bug(monkeypatch, service, knowledge_dir) -> None:
    wrap = _raise_for_may(SimulatedBug("validator bug"), lambda *a, **k: True)
    monkeypatch.setattr(build_stage, "consistency_warnings", wrap(build_stage.consistency_warnings))


def fail_insert(monkeypatch, service, knowledge_dir) -> None:
    """The database refuses a statement halfway through the save (after sources and passages)."""
    original = snapshot_module.insert_rows

    def insert_rows(session, model, rows):
        if model is FigureRow:
            session.execute(text("INSERT INTO no_such_table VALUES (1)"))
        return original(session, model, rows)

    monkeypatch.setattr(snapshot_module, "insert_rows", insert_rows)


def fail_commit(monkeypatch, service, knowledge_dir) -> None:
    """The database's COMMIT of the save transaction fails (disk full, connection lost)."""
    armed = []
    prune = database_module.versioning.prune

    def prune_then_arm(session, keep):  # the save transaction's last statement
        prune(session, keep)
        armed.append(True)

    dialect = service.db._engine.dialect  # noqa: SLF001 - fault injection
    do_commit = dialect.do_commit

    def failing_commit(dbapi_connection):
        if armed:
            armed.clear()
            raise dialect.loaded_dbapi.OperationalError("simulated: could not write to disk at COMMIT")
        return do_commit(dbapi_connection)

    monkeypatch.setattr(database_module.versioning, "prune", prune_then_arm)
    monkeypatch.setattr(dialect, "do_commit", failing_commit)


def fail_switch(monkeypatch, service, knowledge_dir) -> None:
    """Building the new engine (the switch) fails: say, out of memory."""
    engine = service_module.Engine

    def failing_engine(knowledge):
        if any(s.id == MAY_NAME for s in knowledge.sources):
            raise SimulatedBug("engine build failed")
        return engine(knowledge)

    monkeypatch.setattr(service_module, "Engine", failing_engine)


# (stage, how it fails, what the caller gets: "report" naming a file, or the exception type)
STAGE_FAULTS = [
    pytest.param(fail_decode_user, ("report", MAY_NAME), id="decode-user"),
    pytest.param(fail_decode_file, ("report", "2021-06-坏文件.txt"), id="decode-file"),
    pytest.param(fail_decode_bug, SimulatedBug, id="decode-bug"),
    pytest.param(fail_parse_file, ("report", "2021-06-坏文件.txt"), id="parse-file"),
    pytest.param(fail_parse_bug, SimulatedBug, id="parse-bug"),
    pytest.param(fail_extract_bug, SimulatedBug, id="extract-bug"),
    pytest.param(fail_curated_file, ("report", "2021-05-民生工程5月推进情况.figures.yaml"), id="curated-file"),
    pytest.param(fail_curated_bug, SimulatedBug, id="curated-bug"),
    pytest.param(fail_validate_bug, SimulatedBug, id="validate-bug"),
    pytest.param(fail_insert, StoreError, id="insert"),
    pytest.param(fail_commit, StoreError, id="commit"),
    pytest.param(fail_switch, SimulatedBug, id="switch"),
]


@pytest.mark.parametrize(("inject", "outcome"), STAGE_FAULTS)
def test_a_failing_stage_keeps_the_previous_version(served, monkeypatch, inject, outcome) -> None:
    service, knowledge_dir = served
    before = service.version
    with monkeypatch.context() as patched:
        inject(patched, service, knowledge_dir)
        if isinstance(outcome, tuple):  # the user's files are at fault: a report says which
            report = service.reload()
            assert report.status == "failed" and not report.ok
            assert any(outcome[1] in str(problem) for problem in report.errors), report.text()
            assert "Load refused: the previous knowledge keeps serving" in report.text()
        else:  # a bug or the infrastructure: the caller sees the exception
            with pytest.raises(outcome):
                service.reload()

    assert service.version == before == 1
    assert service.db.active_version_id() == 1
    with open_database(service.settings.effective_database_url) as other:  # as another replica sees it
        assert other.active_version_id() == 1
        assert_versions_whole(other)
        assert [v.id for v in other.versions()] == [1]
    answer = service.ask("after-fault", BRIDGE_QUESTION)
    assert answer.found and bridge_pair(answer.text) == APRIL_BRIDGE, answer.text

    # Nothing is left behind (no lock held, no half version): the next reload of good files works.
    for leftover in knowledge_dir.glob("2021-06-坏文件.txt"):
        leftover.unlink()
    (knowledge_dir / "2021-05-民生工程5月推进情况.figures.yaml").unlink(missing_ok=True)
    report = service.reload()
    assert report.status == "saved" and report.version > 1, report.text()
    assert service.db.active_version_id() == service.version == report.version
    assert bridge_pair(service.ask("after-fault", BRIDGE_QUESTION).text) == MAY_BRIDGE


def test_a_rollback_that_cannot_switch_keeps_the_current_version(served, monkeypatch) -> None:
    service, _ = served
    assert service.reload().version == 2
    with monkeypatch.context() as patched:
        patched.setattr(service_module, "Engine", lambda knowledge: (_ for _ in ()).throw(SimulatedBug("no memory")))
        with pytest.raises(SimulatedBug):
            service.rollback()
    assert service.version == 2 and service.db.active_version_id() == 2
    assert bridge_pair(service.ask("after-fault", BRIDGE_QUESTION).text) == MAY_BRIDGE
    assert service.rollback() == 1 and service.db.active_version_id() == 1


# -- (b) SIGKILL at random moments ---------------------------------------------------------

SQLITE_KILLS = 20
POSTGRES_KILLS = 5
GENERATED_TRANSCRIPTS = 40
KILL_SEED = 20210531
# Logs the save transaction's statements with their times, then runs the CLI as `python -m bot` does.
TIMED_CLI = """
import logging, sys
handler = logging.StreamHandler(sys.stderr)
handler.setFormatter(logging.Formatter("@%(created).6f %(message).60s"))
sql = logging.getLogger("sqlalchemy.engine.Engine")
sql.setLevel(logging.INFO); sql.addHandler(handler); sql.propagate = False
from bot.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def _load_command(knowledge_dir: Path, url: str, timed: bool = False) -> list[str]:
    head = [sys.executable, "-c", TIMED_CLI] if timed else [sys.executable, "-m", "bot"]
    return [*head, "--knowledge", str(knowledge_dir), "--db", url, "load"]


def _save_window(stderr: str, started: float) -> tuple[float, float]:
    """Seconds from the start to the save transaction's BEGIN and its COMMIT, from the SQL log."""
    events = [(float(t), message) for t, message in re.findall(r"^@(\d+\.\d+) (.*)$", stderr, re.M)]
    insert = next(i for i, (_, message) in enumerate(events) if message.startswith("INSERT INTO versions"))
    begin = max(i for i in range(insert) if events[i][1].startswith("BEGIN"))
    commit = next(i for i in range(insert, len(events)) if events[i][1].startswith("COMMIT"))
    return events[begin][0] - started, events[commit][0] - started


def _kill_delays(count: int, duration: float, window: tuple[float, float]) -> list[float]:
    """Seeded delays: half spread over the whole load (and a little past it), half over the save."""
    rng = random.Random(KILL_SEED)
    spread, focused = (count + 1) // 2, count // 2
    margin = 0.02
    delays = [(i + rng.random()) / spread * duration * 1.1 for i in range(spread)]
    low, high = window[0] - margin, window[1] + margin
    delays += [low + (i + rng.random()) / focused * (high - low) for i in range(focused)] if focused else []
    rng.shuffle(delays)
    return delays


def _check_after_kill(url: str, knowledge_dir: Path, old: tuple[int, dict], new_counts: dict) -> str:
    """The active version is the old one or a complete new one; the service answers. Returns which."""
    with open_database(url) as db:
        assert_versions_whole(db)
        version_id, knowledge = db.load_active()
        outcome = "old" if version_id == old[0] else "new"
        assert counts(knowledge) == (old[1] if outcome == "old" else new_counts), (version_id, counts(knowledge))
    service = Service.open(Settings(knowledge_dir=knowledge_dir, database_url=url))
    try:
        assert service.version == version_id
        answer = service.ask("after-kill", BRIDGE_QUESTION)
        assert answer.found and bridge_pair(answer.text) == (APRIL_BRIDGE if outcome == "old" else MAY_BRIDGE), answer.text
    finally:
        service.close()
    return outcome


def _kill_loads(url: str, tmp_path: Path, kills: int) -> None:
    """Load a large knowledge directory over the seed again and again, SIGKILLing the CLI each time."""
    old_dir = copy_seed(tmp_path / "old")
    new_dir = add_may(copy_seed(tmp_path / "new"))
    generate_transcripts(new_dir, GENERATED_TRANSCRIPTS)
    old_counts, new_counts = counts(clean_build(old_dir)), counts(clean_build(new_dir))
    with open_database(url) as db:
        old_id = db.save_version(clean_build(old_dir), loaded_by="test", report="seed")
    env = child_env(BOT_KEEP_VERSIONS="1000")  # every killed attempt's predecessor stays for the checks

    # Measure one whole load, with the moment its save transaction runs.
    started = time.time()
    timed = subprocess.run(_load_command(new_dir, url, timed=True), cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    duration = time.time() - started
    assert timed.returncode == 0, timed.stderr[-2000:]
    window = _save_window(timed.stderr, started)
    with open_database(url) as db:
        new_id, knowledge = db.load_active()
        assert new_id != old_id and counts(knowledge) == new_counts
        db.activate(old_id)

    tally: Counter[str] = Counter()
    for delay in _kill_delays(kills, duration, window):
        child = subprocess.Popen(_load_command(new_dir, url), cwd=tmp_path, env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
            tally["killed"] += 1
            tally["killed in save window"] += window[0] <= delay <= window[1]
        assert child.wait(timeout=60) in (0, -signal.SIGKILL)
        outcome = _check_after_kill(url, new_dir, (old_id, old_counts), new_counts)
        tally[outcome] += 1
        if outcome == "new":
            with open_database(url) as db:
                db.activate(old_id)
    print(f"\n{url.split(':')[0]}: load takes {duration:.2f}s, save transaction {window[0]:.2f}-{window[1]:.2f}s; "
          f"{kills} runs: {dict(tally)}")
    assert tally["killed"] >= kills // 2, "most runs must be killed while loading"
    assert tally["old"] + tally["new"] == kills


def test_sigkill_during_sqlite_load_leaves_old_or_complete_new(tmp_path: Path) -> None:
    _kill_loads(f"sqlite:///{tmp_path / 'kill.sqlite3'}", tmp_path, SQLITE_KILLS)


@pytest.mark.postgres
def test_sigkill_during_postgres_load_leaves_old_or_complete_new(postgres_url: str, tmp_path: Path) -> None:
    _kill_loads(postgres_url, tmp_path, POSTGRES_KILLS)
