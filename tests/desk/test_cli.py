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
