"""The load/check report an admin reads: what failed, where (relative to the knowledge directory), how much."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.domain import Problem
from bot.ingest.report import MAX_LISTED_PROBLEMS, LoadReport
from bot.service import Service
from bot.store import open_database
from tests.conftest import SYNTHETIC_JUNE

BROKEN_NAME = "2021-06-broken.figures.yaml"
BROKEN_YAML = f"source: {SYNTHETIC_JUNE.name}\nfigures:\n  - department: [\n"
BROKEN_LINE = 3


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "knowledge"
    directory.mkdir()
    shutil.copy(SYNTHETIC_JUNE, directory / SYNTHETIC_JUNE.name)
    return directory


@pytest.fixture
def service(knowledge_dir: Path) -> Iterator[Service]:
    service = Service(Settings(knowledge_dir=knowledge_dir, database_url="sqlite://"), open_database("sqlite://"))
    yield service
    service.close()


@pytest.fixture
def broken(knowledge_dir: Path) -> Path:
    path = knowledge_dir / BROKEN_NAME
    path.write_text(BROKEN_YAML, encoding="utf-8")
    return path


def test_check_says_check_failed(service: Service, broken: Path) -> None:
    text = service.check().text()
    assert text.startswith("Check failed") and "Load refused" not in text


def test_load_says_load_refused(service: Service, broken: Path) -> None:
    assert service.reload().text().startswith("Load refused")


@pytest.mark.parametrize("action", ["check", "reload"])
def test_problems_name_files_relative_to_the_knowledge_directory(
    service: Service, knowledge_dir: Path, broken: Path, action: str
) -> None:
    report = getattr(service, action)()
    assert [str(p) for p in report.errors][0].startswith(f"{BROKEN_NAME}:{BROKEN_LINE}: error: ")
    assert str(knowledge_dir) not in report.text()


def test_a_file_outside_the_knowledge_directory_is_named_as_given(service: Service, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / BROKEN_NAME
    outside.parent.mkdir()
    outside.write_text(BROKEN_YAML, encoding="utf-8")
    report = service.check([SYNTHETIC_JUNE, outside])
    assert {p.path for p in report.errors} == {str(outside)}


def _report(errors: int, warnings: int) -> LoadReport:
    problems = [Problem(f"e{i}.txt", i, "bad") for i in range(errors)]
    problems += [Problem(f"w{i}.txt", i, "odd", "warning") for i in range(warnings)]
    return LoadReport(counts={}, problems=tuple(problems), status="failed" if errors else "checked")


@pytest.mark.parametrize(
    ("errors", "warnings", "listed", "more"),
    [
        pytest.param(3, 2, 5, None, id="few-all-listed"),
        pytest.param(MAX_LISTED_PROBLEMS, 0, MAX_LISTED_PROBLEMS, None, id="exactly-the-limit"),
        pytest.param(25, 0, MAX_LISTED_PROBLEMS, "… and 5 more problems (25 errors, 0 warnings in all)", id="errors-over"),
        pytest.param(18, 7, MAX_LISTED_PROBLEMS, "… and 5 more problems (18 errors, 7 warnings in all)", id="errors-first"),
        pytest.param(100_000, 0, MAX_LISTED_PROBLEMS, "… and 99,980 more problems", id="a-hundred-thousand"),
    ],
)
def test_report_lists_at_most_20_problems_then_a_count(errors: int, warnings: int, listed: int, more: str | None) -> None:
    lines = _report(errors, warnings).text().splitlines()
    problem_lines = [line for line in lines if ": error: " in line or ": warning: " in line]
    assert len(problem_lines) == listed
    assert problem_lines[: min(errors, listed)] == [f"  e{i}.txt:{i}: error: bad" for i in range(min(errors, listed))]
    if more is None:
        assert not any(line.lstrip().startswith("…") for line in lines)
    else:
        assert any(more in line for line in lines), lines[-3:]
