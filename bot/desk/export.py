"""Rows → formats at the edge: an aligned terminal table, CSV for Excel, an Excel workbook, JSON."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence

from bot.desk.fmt import format_value
from bot.desk.rows import COLUMNS, HEADINGS, KIND_NAMES, Row

FORMATS = ("table", "csv", "xlsx", "json")
# Columns the terminal table shows; the sentence would make every line wrap (csv, xlsx, json have it).
TABLE_COLUMNS = ("department", "project", "indicator", "kind", "value", "unit", "county", "as_of", "speaker", "file", "line")
# A terminal column wider than this is cut with '…' (a long indicator would push the rest off screen).
TABLE_CELL_WIDTH = 24
# Excel column widths in characters: at least the heading, at most this (the sentence column wraps).
XLSX_MAX_WIDTH = 60
SHEET_NAME = "数字"


def cell(row: Row, column: str) -> str:
    """A field as people read it: numbers without '.0', kinds in Chinese."""
    value = getattr(row, column)
    if column == "value":
        return format_value(value)
    if column == "kind":
        return KIND_NAMES.get(value, value)
    if column == "line":
        return str(value) if value else ""
    return str(value)


def to_table(rows: Sequence[Row]) -> str:
    """A table aligned for a terminal (CJK characters count two columns)."""
    headings = [HEADINGS[c] for c in TABLE_COLUMNS]
    body = [[_cut(cell(row, c)) for c in TABLE_COLUMNS] for row in rows]
    widths = [max([display_width(h), *(display_width(r[i]) for r in body)]) for i, h in enumerate(headings)]
    numeric = {TABLE_COLUMNS.index("value"), TABLE_COLUMNS.index("line")}

    def line(cells: list[str]) -> str:
        padded = [_pad(text, widths[i], right=i in numeric) for i, text in enumerate(cells)]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headings), rule, *(line(r) for r in body), f"（共{len(rows)}条）"])


def display_width(text: str) -> int:
    """Terminal columns a string takes: wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cut(text: str) -> str:
    if display_width(text) <= TABLE_CELL_WIDTH:
        return text
    out, width = [], 0
    for ch in text:
        width += display_width(ch)
        if width > TABLE_CELL_WIDTH - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


def _pad(text: str, width: int, *, right: bool) -> str:
    gap = " " * (width - display_width(text))
    return gap + text if right else text + gap


def to_csv(rows: Sequence[Row]) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so Excel opens the Chinese correctly; Chinese headings."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([HEADINGS[c] for c in COLUMNS])
    writer.writerows([cell(row, c) for c in COLUMNS] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_json(rows: Sequence[Row]) -> str:
    """A JSON array of objects with the field names (kind as its code: target, progress, total, rate)."""
    return json.dumps([row.to_dict() for row in rows], ensure_ascii=False, indent=1)


def to_xlsx(rows: Sequence[Row]) -> bytes:
    """An Excel workbook: a bold, frozen header row, numbers as numbers, columns as wide as their text."""
    import xlsxwriter  # only exports need it

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_urls": False})
    sheet = book.add_worksheet(SHEET_NAME)
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    widths = [display_width(HEADINGS[c]) for c in COLUMNS]
    sheet.write_row(0, 0, [HEADINGS[c] for c in COLUMNS], bold)
    value_col, line_col = COLUMNS.index("value"), COLUMNS.index("line")
    for r, row in enumerate(rows, start=1):
        for c, column in enumerate(COLUMNS):
            if c == value_col:
                sheet.write_number(r, c, row.value)
                text = format_value(row.value)
            elif c == line_col:
                sheet.write_number(r, c, row.line)
                text = str(row.line)
            else:
                text = cell(row, column)
                sheet.write_string(r, c, text)
            widths[c] = max(widths[c], display_width(text))
    for c, width in enumerate(widths):
        sheet.set_column(c, c, min(width, XLSX_MAX_WIDTH) + 2)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(COLUMNS) - 1)
    book.close()
    return buffer.getvalue()


def render(rows: Sequence[Row], fmt: str) -> bytes:
    """Rows in one of FORMATS, as bytes to write to a file or send."""
    if fmt == "table":
        return (to_table(rows) + "\n").encode("utf-8")
    if fmt == "csv":
        return to_csv(rows)
    if fmt == "xlsx":
        return to_xlsx(rows)
    if fmt == "json":
        return (to_json(rows) + "\n").encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
