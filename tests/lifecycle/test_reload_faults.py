"""A reload that fails at any stage, or whose process is killed at any moment, leaves the previous
knowledge version active and whole; the service keeps answering from it."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
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

    def failing_engine(knowledge, **options):
        if any(s.id == MAY_NAME for s in knowledge.sources):
            raise SimulatedBug("engine build failed")
        return engine(knowledge, **options)

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
        patched.setattr(service_module, "Engine", lambda knowledge, **options: (_ for _ in ()).throw(SimulatedBug("no memory")))
        patched.setattr(service_module.persist, "load", lambda *a, **k: (_ for _ in ()).throw(SimulatedBug("no memory")))
        with pytest.raises(SimulatedBug):
            service.rollback()
    assert service.version == 2 and service.db.active_version_id() == 2
    assert bridge_pair(service.ask("after-fault", BRIDGE_QUESTION).text) == MAY_BRIDGE
    assert service.rollback() == 1 and service.db.active_version_id() == 1


# -- (b) SIGKILL at every step of a load's database work ---------------------------------

SQLITE_KILLS = 20
POSTGRES_KILLS = 8
GENERATED_TRANSCRIPTS = 40
# Runs the CLI as `python -m bot` does, numbering every database step (each statement sent and
# each COMMIT, just before it happens) on stderr, and SIGKILLs itself at step KILL_AT. Killing at
# a numbered step instead of after a delay makes each run land where it was aimed, however
# loaded the machine is.
STEPPED_CLI = """
import os, signal, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine
kill_at, steps = os.environ.get("KILL_AT", ""), 0

def step(kind, statement):
    global steps
    steps += 1
    print(f"@{steps} {kind} {' '.join(statement.split())[:40]}", file=sys.stderr, flush=True)
    if str(steps) == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)

event.listen(Engine, "before_cursor_execute", lambda conn, cursor, statement, *rest: step("execute", statement))
event.listen(Engine, "commit", lambda conn: step("commit", ""))
from bot.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def _load_command(knowledge_dir: Path, url: str) -> list[str]:
    return [sys.executable, "-c", STEPPED_CLI, "--knowledge", str(knowledge_dir), "--db", url, "load"]


def _steps(stderr: str) -> list[tuple[int, str]]:
    """(number, "execute INSERT INTO …" or "commit ") of each database step a run reported."""
    return [(int(n), rest) for n, rest in re.findall(r"^@(\d+) (.*)$", stderr, re.M)]


def _save_steps(steps: list[tuple[int, str]]) -> tuple[int, int]:
    """The first step of the save transaction (after the commit before it) and its COMMIT."""
    insert = next(i for i, (_, what) in enumerate(steps) if what.startswith("execute INSERT INTO versions"))
    first = max(i for i in range(insert) if steps[i][1].startswith("commit")) + 1
    commit = next(i for i in range(insert, len(steps)) if steps[i][1].startswith("commit"))
    return steps[first][0], steps[commit][0]


def _kill_points(count: int, total: int, save: tuple[int, int]) -> list[int]:
    """Where to kill: the first step, the save's first step, its COMMIT, the step after it and the
    last step, and the rest of `count` spread evenly over the save's statements."""
    first, commit = save
    fixed = {1, first, commit, min(commit + 1, total), total}
    spread = max(count - len(fixed), 0)
    inside = {first + round((i + 1) * (commit - first) / (spread + 1)) for i in range(spread)}
    return sorted(fixed | inside)


def _reset_to(url: str, old_id: int) -> None:
    """Back to the state before the load: only the old version, active; nothing else stored or remembered."""
    with open_database(url) as db:
        with db._engine.begin() as connection:  # noqa: SLF001 - white-box reset between runs
            connection.execute(text("DELETE FROM versions WHERE id != :old"), {"old": old_id})
            connection.execute(text("DELETE FROM file_contents WHERE sha256 NOT IN (SELECT sha256 FROM version_files)"))
            connection.execute(text("DELETE FROM directory_loads"))
        db.activate(old_id)


def _check_after_kill(url: str, knowledge_dir: Path, old: tuple[int, dict], new_counts: dict) -> str:
    """The active version is the old one or a complete new one; the service answers. Returns which."""
    with open_database(url) as db:
        assert_versions_whole(db)
        version_id, knowledge = db.load_active()
        outcome = "old" if version_id == old[0] else "new"
        assert counts(knowledge) == (old[1] if outcome == "old" else new_counts), (version_id, counts(knowledge))
    service = Service.open(Settings(knowledge_dir=knowledge_dir, database_url=url, cache_dir="off"))
    try:
        assert service.version == version_id
        answer = service.ask("after-kill", BRIDGE_QUESTION)
        assert answer.found and bridge_pair(answer.text) == (APRIL_BRIDGE if outcome == "old" else MAY_BRIDGE), answer.text
    finally:
        service.close()
    return outcome


def _kill_loads(url: str, tmp_path: Path, kills: int) -> None:
    """Load a large knowledge directory over the seed again and again, SIGKILLing the CLI at a
    different database step each time: before the save, at each part of it, at its COMMIT, after it."""
    old_dir = copy_seed(tmp_path / "old")
    new_dir = add_may(copy_seed(tmp_path / "new"))
    generate_transcripts(new_dir, GENERATED_TRANSCRIPTS)
    old_counts, new_counts = counts(clean_build(old_dir)), counts(clean_build(new_dir))
    with open_database(url) as db:
        old_id = db.save_version(clean_build(old_dir), loaded_by="test", report="seed")
    # Without the engine cache: a run that finds the engine cached reads the database in fewer
    # steps than one that does not, and each run must take the whole load's steps.
    env = child_env(BOT_CACHE_DIR="off")

    # One whole load, numbering its steps; every run from the same state takes the same steps.
    whole = subprocess.run(_load_command(new_dir, url), cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert whole.returncode == 0, whole.stderr[-2000:]
    steps = _steps(whole.stderr)
    save = _save_steps(steps)
    with open_database(url) as db:
        new_id, knowledge = db.load_active()
        assert new_id != old_id and counts(knowledge) == new_counts

    outcomes: list[tuple[int, str]] = []
    for point in _kill_points(kills, len(steps), save):
        _reset_to(url, old_id)
        child = subprocess.run(_load_command(new_dir, url), cwd=tmp_path, env={**env, "KILL_AT": str(point)},
                               capture_output=True, text=True, timeout=120)
        assert child.returncode == -signal.SIGKILL, f"step {point} not reached:\n{child.stderr[-2000:]}"
        assert _steps(child.stderr)[-1] == steps[point - 1], "a run took other steps than the whole load"
        outcome = _check_after_kill(url, new_dir, (old_id, old_counts), new_counts)
        # Until its COMMIT goes through the old version serves; from the step after, the whole new one.
        assert outcome == ("new" if point > save[1] else "old"), (point, steps[point - 1], outcome)
        outcomes.append((point, outcome))
    print(f"\n{url.split(':')[0]}: {len(steps)} database steps, save transaction {save[0]}-{save[1]}; "
          f"killed at {outcomes}")
    assert len(outcomes) >= min(kills, len(steps)) // 2 and {"old", "new"} <= {o for _, o in outcomes}


def test_sigkill_during_sqlite_load_leaves_old_or_complete_new(tmp_path: Path) -> None:
    _kill_loads(f"sqlite:///{tmp_path / 'kill.sqlite3'}", tmp_path, SQLITE_KILLS)


@pytest.mark.postgres
def test_sigkill_during_postgres_load_leaves_old_or_complete_new(postgres_url: str, tmp_path: Path) -> None:
    _kill_loads(postgres_url, tmp_path, POSTGRES_KILLS)
