"""Shared store fixtures: a tiny Knowledge, and a Database on each backend (SQLite, PostgreSQL)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

# The project is not installed into the virtualenv; make `import bot` work from any directory.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from bot.domain import FileInfo, Figure, Knowledge, Passage, Problem, Source, Speaker  # noqa: E402
from bot.store import Database, open_database  # noqa: E402


SQLITE_MEMORY = "sqlite-memory"
SQLITE_FILE = "sqlite-file"
POSTGRESQL = "postgresql"
BACKENDS = [
    pytest.param(SQLITE_MEMORY, id=SQLITE_MEMORY),
    pytest.param(SQLITE_FILE, id=SQLITE_FILE),
    pytest.param(POSTGRESQL, id=POSTGRESQL, marks=pytest.mark.postgres),
]
# Backends where two open_database calls on one URL reach the same data.
SHARED_BACKENDS = BACKENDS[1:]

KnowledgeFactory = Callable[..., Knowledge]


def build_knowledge(tag: str = "") -> Knowledge:
    """Two sources with speakers, passages, figures (one a per-county breakdown part), and the rest."""
    first, second = f"2021-04-第一场{tag}.txt", f"2021-05{tag}.txt"
    return Knowledge(
        sources=(
            Source(first, "2021年民生工程4月推进情况新闻发布会(第一场)", "承德市", 2021, 4, 1, "2021-04-30", "a" * 64),
            Source(second, "2021年民生工程5月推进情况新闻发布会", "", 2021, 5, None, "2021-05-31", "b" * 64),
        ),
        speakers=(
            Speaker(first, "王成军", "局长", "市教育局", "presenter"),
            Speaker(second, "李明", "副局长", "市住建局", "answerer"),
        ),
        passages=(
            Passage(f"{first}#0", first, 0, 3, "host", "", "", "", "", "各位记者朋友，大家上午好。"),
            Passage(f"{first}#1", first, 1, 5, "speech", "市住建局", "李明", "棚户区改造工程", "棚户区改造工程", "已开工1.91万平方米。"),
            Passage(f"{second}#0", second, 0, 2, "question", "市教育局", "承德日报", "", "", "请问进展如何？"),
        ),
        figures=(
            Figure("f1", first, "市住建局", "棚户区改造工程", "已开工项目", "progress", 1.91, "万平方米", "2021-04-30", "", "已开工1.91万平方米。", 5, "李明", False),
            Figure("f2", first, "市住建局", "棚户区改造工程", "开工", "target", 1200.0, "套", "2021-04-30", "双桥区", "双桥区1200套。", 6, "李明", True, group="g1", group_total=3400.5),
            Figure("f3", second, "市教育局", "", "完成率", "rate", 87.5, "%", "2021-05-31", "", "完成率87.5%。", 0, "", False),
        ),
        aliases=(("棚改", "棚户区改造工程"), ("教育局", "市教育局")),
        files=(FileInfo(first, "a" * 64, 1024), FileInfo(second, "b" * 64, 2048)),
        warnings=(Problem(second, 7, "未找到日期", "warning"),),
    )


@pytest.fixture
def make_knowledge() -> KnowledgeFactory:
    """Builds the tiny Knowledge; a tag makes its ids and file names distinct."""
    return build_knowledge


@pytest.fixture
def knowledge() -> Knowledge:
    """The tiny Knowledge."""
    return build_knowledge()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty database on each backend."""
    return _url_for(request, tmp_path)


@pytest.fixture(params=SHARED_BACKENDS)
def shared_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty database that several Database objects can share."""
    return _url_for(request, tmp_path)


def _url_for(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL for the requested backend; the SQLite file's directories do not exist yet."""
    if request.param == SQLITE_MEMORY:
        return "sqlite://"
    if request.param == SQLITE_FILE:
        return f"sqlite:///{tmp_path / 'nested' / 'data' / 'bot.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """An open Database on each backend, closed afterwards."""
    database = open_database(database_url)
    yield database
    database.close()


def count_rows(database: Database, table: str, version_id: int | None = None) -> int:
    """Rows in a store table, optionally only those of one version (peeks at the engine)."""
    statement = f"SELECT count(*) FROM {table}"
    params = {}
    if version_id is not None:
        statement += " WHERE version_id = :version_id"
        params["version_id"] = version_id
    with database._engine.connect() as connection:  # noqa: SLF001 - white-box check
        return connection.scalar(text(statement), params)


@pytest.fixture
def rows() -> Callable[..., int]:
    """count_rows, as a fixture."""
    return count_rows
