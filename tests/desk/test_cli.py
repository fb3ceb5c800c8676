"""The reporters' subcommands as a user runs them: `python -m bot …` over the seed plus the May sample."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import MAY_SAMPLE, copy_seed
from tests.test_cli import run


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A directory with the seed and the May sample, loaded once into its own database."""
    root = tmp_path_factory.mktemp("desk-cli")
    kb = copy_seed(root / "kb")
    shutil.copy(MAY_SAMPLE, kb / MAY_SAMPLE.name)
    options = ["--knowledge", str(kb), "--db", f"sqlite:///{root / 'x.sqlite3'}"]
    loaded = run(root, "load", *options)
    assert loaded.returncode == 0, loaded.stderr
    return root, options


def desk(place, *args: str):
    root, options = place
    return run(root, *args, *options)


def test_figures_table(place) -> None:
    result = desk(place, "figures", "棚改")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["部门", "工程/项目", "指标"]
    assert any("4433" in line and "池大勇" in line for line in lines)
    assert lines[-1] == "（共11条）"


def test_figures_csv_to_a_file_and_to_stdout(place, tmp_path: Path) -> None:
    out = tmp_path / "f.csv"
    assert desk(place, "figures", "丰宁", "--format", "csv", "-o", str(out)).returncode == 0
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert rows and all("丰宁" in r["县区"] + r["原文"] for r in rows)
    printed = desk(place, "figures", "丰宁", "--format", "csv")
    assert printed.stdout.lstrip("\ufeff").splitlines()[0] == out.read_bytes().decode("utf-8-sig").splitlines()[0]


def test_figures_xlsx_and_json(place, tmp_path: Path) -> None:
    out = tmp_path / "f.xlsx"
    assert desk(place, "figures", "凤凰山大桥", "--format", "xlsx", "-o", str(out)).returncode == 0
    sheet = openpyxl.load_workbook(out).active
    assert {sheet.cell(r, 6).value for r in range(2, sheet.max_row + 1)} >= {75, 90}
    data = json.loads(desk(place, "figures", "凤凰山大桥", "--format", "json").stdout)
    assert {d["value"] for d in data} >= {75.0, 90.0}


def test_figures_refuses_xlsx_on_the_terminal_and_says_when_nothing_matches(place) -> None:
    refused = desk(place, "figures", "棚改", "--format", "xlsx")
    assert refused.returncode == 2 and "-o FILE.xlsx" in refused.stderr
    nothing = desk(place, "figures", "火星基地")
    assert nothing.returncode == 1 and "没有找到" in nothing.stderr


def test_chart_writes_a_png(place, tmp_path: Path) -> None:
    out = tmp_path / "c.png"
    result = desk(place, "chart", "凤凰山大桥", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\x89PNG") and "按月变化" in result.stderr
    assert "Glyph" not in result.stderr, "a missing-glyph warning reached the terminal"
    forced = desk(place, "chart", "棚改", "--kind", "progress", "-o", str(out))
    assert forced.returncode == 0 and "完成进度" in forced.stderr
    nothing = desk(place, "chart", "火星基地", "-o", str(out))
    assert nothing.returncode == 1 and "没有找到" in nothing.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("brief",), "【发布会简报】2021年5月承德市民生工程推进情况新闻发布会"),
        (("brief", "--month", "2021-04"), "完成率49.7%"),
        (("brief", "--source", "第一场", "--city", "承德"), "市教育局 · 局长 王成军"),
        (("changes",), "凤凰山大桥完成：75% → 90%（+15个百分点"),
        (("changes", "--since", "2021-04"), "513套 → 702套（+189套"),
        (("county", "丰宁"), "【丰宁县】"),
        (("check", "--report"), "分项之和与总数不符（1处）"),
    ],
    ids=["brief", "brief-month", "brief-source-city", "changes", "changes-since", "county", "check-report"],
)
def test_reports(place, args, expected) -> None:
    result = desk(place, *args)
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [(("brief", "--month", "2021-13"), "YYYY-MM"), (("changes", "--since", "2021-05"), "之后还没有发布会"),
     (("county", "火星县"), "没有找到县区")],
    ids=["bad-month", "nothing-since", "unknown-county"],
)
def test_reports_say_what_they_cannot_do(place, args, message) -> None:
    result = desk(place, *args)
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr
