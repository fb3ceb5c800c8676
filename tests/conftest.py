"""Shared fixtures: the seed knowledge and its Engine (built once per session), the May sample, paths.

Building an Engine takes about a second (jieba loads its dictionary), so every engine here is
session-scoped and must be treated as read-only: Engine and Knowledge are immutable snapshots.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from bot.domain import Knowledge, Problem
from bot.ingest import build_knowledge, knowledge_files
from bot.qa import Answer, Context, Engine

pytest_plugins = ["tests.postgres_fixtures"]

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path(__file__).resolve().parent / "data"
# A copy of the seed as shipped: admins add next month's transcript to knowledge/, and the suite
# must pass whatever is there (tests/test_independence.py).
SEED_DIR = DATA_DIR / "seed"
SEED_NAME = "2021-04-民生工程4月推进情况-第一场.txt"
SEED_TRANSCRIPT = SEED_DIR / SEED_NAME
SEED_FIGURES = SEED_DIR / "2021-04-民生工程4月推进情况-第一场.figures.yaml"
SEED_ALIASES = SEED_DIR / "common.aliases.yaml"
SEED_AS_OF = "2021-04-30"

MAY_NAME = "2021-05-民生工程5月推进情况.txt"
MAY_SAMPLE = DATA_DIR / MAY_NAME
MAY_AS_OF = "2021-05-31"
# A small invented transcript whose text names no year, month or session (they come from its name).
SYNTHETIC_JUNE = DATA_DIR / "synthetic" / "2021-06-民生工程推进情况-第二场.txt"


class KnowledgeDirectoryRead(RuntimeError):
    """A test read the repository's knowledge/ instead of the seed copy."""


_KNOWLEDGE = str(ROOT / "knowledge")
_READS = ("open", "os.listdir", "os.scandir")


def _refuse_knowledge_reads(event: str, args: tuple) -> None:
    """Audit hook: any open or listing of knowledge/ in this process fails the test doing it."""
    if event not in _READS or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    name = os.fsdecode(args[0])
    # os.open(name, dir_fd=...) reports a name relative to a directory the event does not give
    # (shutil.rmtree cleaning a tmp "knowledge" folder); builtin open passes its mode as a str.
    if not os.path.isabs(name) and event == "open" and not isinstance(args[1], str):
        return
    path = os.path.abspath(name)
    if path == _KNOWLEDGE or path.startswith(_KNOWLEDGE + os.sep):
        raise KnowledgeDirectoryRead(f"a test read {path}; use the seed copy in tests/data/seed (SEED_DIR)")


sys.addaudithook(_refuse_knowledge_reads)


def errors_of(problems: list[Problem]) -> list[Problem]:
    """The problems that refuse a load."""
    return [p for p in problems if p.severity == "error"]


def build_clean(paths: list[Path]) -> Knowledge:
    """Knowledge from files that must load without errors."""
    knowledge, problems = build_knowledge(paths)
    errors = errors_of(problems)
    assert not errors, "\n".join(map(str, errors))
    return knowledge


def head(answer: Answer) -> str:
    """The direct answer: everything before the source line (which quotes the whole sentence, and so
    would contain the neighbouring numbers too)."""
    return answer.text.split("来源：", 1)[0]


def ask_chain(engine: Engine, *questions: str) -> list[Answer]:
    """Ask questions one after another in one chat (each sees the previous one's context)."""
    context = Context()
    answers = []
    for question in questions:
        answer, context = engine.answer(question, context)
        answers.append(answer)
    return answers


def copy_seed(directory: Path) -> Path:
    """A writable copy of the seed knowledge directory (transcript, curated figures, aliases)."""
    directory.mkdir(parents=True, exist_ok=True)
    for path in knowledge_files(SEED_DIR):
        shutil.copy(path, directory / path.name)
    return directory


@pytest.fixture(scope="session")
def seed_build() -> tuple[Knowledge, list[Problem]]:
    """build_knowledge over the seed directory: (knowledge, problems)."""
    return build_knowledge(knowledge_files(SEED_DIR))


@pytest.fixture(scope="session")
def seed_knowledge(seed_build) -> Knowledge:
    """The seed snapshot; the seed must load without errors."""
    knowledge, problems = seed_build
    assert not errors_of(problems), "\n".join(map(str, problems))
    return knowledge


@pytest.fixture(scope="session")
def seed_engine(seed_knowledge: Knowledge) -> Engine:
    """One Engine over the seed for the whole session."""
    return Engine(seed_knowledge)


@pytest.fixture(scope="session")
def may_knowledge() -> Knowledge:
    """The seed plus the fictional May sample: two conference dates."""
    return build_clean([*knowledge_files(SEED_DIR), MAY_SAMPLE])


@pytest.fixture(scope="session")
def may_engine(may_knowledge: Knowledge) -> Engine:
    """One Engine over seed + May for the whole session."""
    return Engine(may_knowledge)


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    """A fresh, writable copy of the seed knowledge directory."""
    return copy_seed(tmp_path / "knowledge")
