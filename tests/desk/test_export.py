"""Rows → table, CSV (round trip), Excel (read back with openpyxl), JSON."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from bot.desk import Desk
from bot.desk.export import display_width, render, to_csv, to_json, to_table, to_xlsx
from bot.desk.rows import COLUMNS, HEADINGS


@pytest.fixture(scope="module")
def rows(desk: Desk):
    return desk.rows("棚改") + desk.rows("丰宁")


def test_csv_round_trip(rows) -> None:
    data = to_csv(rows)
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    read = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert read[0] == [HEADINGS[c] for c in COLUMNS]
    assert len(read) == len(rows) + 1
    for line, row in zip(read[1:], rows, strict=True):
        record = dict(zip(COLUMNS, line, strict=True))
        assert float(record["value"]) == row.value
        assert (record["indicator"], record["unit"], record["county"], record["sentence"]) == (
            row.indicator, row.unit, row.county, row.sentence,
        )
        assert int(record["line"]) == row.line


def test_xlsx_opens_with_openpyxl_and_holds_numbers(rows) -> None:
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(rows)))
    sheet = book.active
    assert [c.value for c in sheet[1]] == [HEADINGS[c] for c in COLUMNS]
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == len(rows) + 1
    value_col = COLUMNS.index("value") + 1
    for r, row in enumerate(rows, start=2):
        cell = sheet.cell(r, value_col)
        assert cell.data_type == "n" and isinstance(cell.value, (int, float)) and cell.value == row.value
        assert sheet.cell(r, COLUMNS.index("indicator") + 1).value == row.indicator
    widths = {c: sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width for i, c in enumerate(COLUMNS)}
    assert widths["sentence"] > widths["unit"] >= display_width(HEADINGS["unit"])


def test_json_keeps_field_names_and_numbers(rows) -> None:
    data = json.loads(to_json(rows))
    assert data[0].keys() == set(COLUMNS) and data[0]["value"] == rows[0].value
    assert isinstance(data[0]["value"], float) and data[0]["kind"] in ("target", "progress", "total", "rate")


def test_table_is_aligned_for_a_terminal(rows) -> None:
    lines = to_table(rows).splitlines()
    header, rule = lines[0], lines[1]
    assert header.startswith("部门") and set(rule) <= {"-", " "}
    # Every row's value column ends where the rule's value column ends (CJK counts two columns).
    value_end = sum(len(w) + 2 for w in rule.split("  ")[:5]) - 2
    for line in lines[2:-1]:
        prefix = ""
        width = 0
        for ch in line:
            if width >= value_end:
                break
            prefix += ch
            width += display_width(ch)
        assert prefix[-1].isdigit(), line
    assert lines[-1] == f"（共{len(rows)}条）"


def test_unknown_format_is_refused(rows) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render(rows, "pdf")
