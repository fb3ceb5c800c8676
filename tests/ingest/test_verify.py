"""Curated figures are checked against their transcript: the line, the sentence, the value as written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.ingest import build_knowledge
from bot.ingest.curated import read_curated
from bot.ingest.verify import TranscriptText
from tests.conftest import SYNTHETIC_JUNE, errors_of

NAME = "2021-04-发布会.txt"
TEXT = """\
2021年民生工程4月推进情况新闻发布会
请市住建局局长池大勇同志做发布。
截至目前,已开工17个项目、4433套,基本建成6个项目、513套。
全市改造老旧小区1.91万平方米,惠及3. 4万户。
年内计划新建幼儿园两所,总投资4,500万元。
截止4月底,10个项目已全部开工建设。
"""
TRANSCRIPT = TranscriptText.of(NAME, TEXT, 2021)
PATH = Path("2021-04-发布会.figures.yaml")
GOOD = {
    "department": "市住建局",
    "project": "棚户区改造工程",
    "indicator": "已开工",
    "kind": "progress",
    "value": "4433",
    "unit": "套",
    "line": "3",
    "sentence": "截至目前,已开工17个项目、4433套,基本建成6个项目、513套。",
}


def _yaml(as_of: str = "2021-04-30", **fields: str | None) -> str:
    """A figures file with one figure: GOOD with `fields` changed (None drops a field)."""
    entry = {**GOOD, **fields}
    lines = [f"source: {NAME}", f"as_of: {as_of}", "figures:"]
    for index, (key, value) in enumerate((k, v) for k, v in entry.items() if v is not None):
        lines.append(f"  {'- ' if index == 0 else '  '}{key}: {value}")
    return "\n".join(lines) + "\n"


def _line_of(text: str, prefix: str) -> int:
    """The line of the last field starting with prefix (a figure's own field comes after the header's)."""
    return [n for n, line in enumerate(text.splitlines(), 1) if line.strip().lstrip("- ").startswith(prefix)][-1]


def _errors(text: str) -> list[tuple[int, str]]:
    figures, problems = read_curated(PATH, text, {NAME: TRANSCRIPT})
    assert not figures or not problems
    return [(p.line, p.message) for p in problems if p.severity == "error"]


ACCEPTED = [
    pytest.param({}, id="as-written"),
    pytest.param({"value": "1.91", "unit": "万平方米", "line": "4", "sentence": "全市改造老旧小区1.91万平方米,惠及3. 4万户。"},
                 id="scaled-unit"),
    pytest.param({"value": "3.4", "unit": "万户", "line": "4", "sentence": "全市改造老旧小区1.91万平方米,惠及3. 4万户。"},
                 id="decimal-broken-by-a-space"),
    pytest.param({"value": "2", "unit": "所", "line": "5", "sentence": "年内计划新建幼儿园两所,总投资4,500万元。"},
                 id="chinese-numeral"),
    pytest.param({"value": "4500", "unit": "万元", "line": "5", "sentence": "年内计划新建幼儿园两所,总投资4,500万元。"},
                 id="thousands-separator"),
    pytest.param({"sentence": "截至目前，已开工17个项目、4433套，基本建成6个项目、513套。"}, id="full-width-commas"),
    pytest.param({"sentence": "已开工17个项目、4433套"}, id="part-of-the-line"),
    pytest.param({"value": "17", "unit": "个"}, id="another-number-of-the-sentence"),
    pytest.param({"value": "10", "unit": "个", "line": "6", "sentence": "截止4月底,10个项目已全部开工建设。"},
                 id="after-a-comma"),
]


@pytest.mark.parametrize("fields", ACCEPTED)
def test_a_figure_its_transcript_states_is_accepted(fields: dict) -> None:
    assert _errors(_yaml(**fields)) == []


REFUSED = [
    pytest.param({"value": "9999", "sentence": "截至目前,已开工9999套。"}, "sentence",
                 f"does not occur in {NAME}", id="invented-sentence"),
    pytest.param({"value": "9999"}, "value", "9999套 is not written in its sentence", id="invented-value"),
    pytest.param({"value": "4433", "unit": "个"}, "value", "4433个 is not written", id="wrong-unit"),
    pytest.param({"value": "44330"}, "value", "44330套 is not written", id="longer-number"),
    pytest.param({"value": "433"}, "value", "433套 is not written", id="number-inside-another"),
    pytest.param({"value": "500", "unit": "万元", "line": "5", "sentence": "年内计划新建幼儿园两所,总投资4,500万元。"},
                 "value", "500万元 is not written", id="tail-of-a-thousands-number"),
    pytest.param({"value": "19100", "unit": "平方米", "line": "4", "sentence": "全市改造老旧小区1.91万平方米,惠及3. 4万户。"},
                 "value", "19100平方米 is not written", id="scale-converted"),
    pytest.param({"line": "4"}, "sentence", "on line 3 of", id="sentence-on-another-line"),
    pytest.param({"line": "40"}, "line", "beyond the end", id="line-beyond-the-end"),
    pytest.param({"line": None}, "department", "missing 'line'", id="no-line"),
    pytest.param({"sentence": None}, "department", "missing 'sentence'", id="no-sentence"),
    pytest.param({"value": "10000000000000"}, "value", "beyond", id="absurdly-large"),
    pytest.param({"value": "-2000000000000.0"}, "value", "beyond", id="absurdly-negative"),
    pytest.param({"as_of": "2030-04-30"}, "as_of", "2030", id="as-of-years-away"),
]


@pytest.mark.parametrize(("fields", "at", "says"), REFUSED)
def test_a_figure_its_transcript_does_not_state_is_refused_at_the_field(fields: dict, at: str, says: str) -> None:
    text = _yaml(**fields)
    errors = _errors(text)
    assert errors, "must be refused"
    assert any(line == _line_of(text, f"{at}:") and says in message for line, message in errors), errors


@pytest.mark.parametrize(
    ("as_of", "ok"),
    [("2021-04-30", True), ("2020-12-31", True), ("2022-06-30", True), ("2019-12-31", False), ("2023-01-31", False)],
    ids=["same-year", "year-before", "year-after", "two-years-before", "two-years-after"],
)
def test_the_default_as_of_is_within_a_year_of_the_transcript(as_of: str, ok: bool) -> None:
    text = _yaml(as_of)
    errors = _errors(text)
    assert (errors == []) == ok, errors
    if not ok:
        assert errors[0][0] == _line_of(text, "as_of:")


def test_an_invented_figure_refuses_the_load_with_file_and_line(tmp_path: Path) -> None:
    """The issue's case: `value: 9999` with a made-up sentence passed check and was served as a quote."""
    transcript = tmp_path / SYNTHETIC_JUNE.name
    shutil.copy(SYNTHETIC_JUNE, transcript)
    figures = tmp_path / f"{transcript.stem}.figures.yaml"
    figures.write_text(
        f"source: {transcript.name}\nas_of: 2021-06-30\nfigures:\n"
        "  - department: 市城管局\n    project: 城市公厕提升工程\n    indicator: 已建成公厕\n    kind: progress\n"
        "    value: 9999\n    unit: 座\n    line: 6\n    sentence: 截至目前已建成9999座。\n",
        encoding="utf-8",
    )
    knowledge, problems = build_knowledge([transcript, figures], root=tmp_path)
    errors = errors_of(problems)
    assert [str(p).split(": error:")[0] for p in errors] == [f"{figures.name}:11"], [str(p) for p in errors]
    assert not any(f.value == 9999 for f in knowledge.figures)


def test_a_true_figure_of_the_same_transcript_loads(tmp_path: Path) -> None:
    transcript = tmp_path / SYNTHETIC_JUNE.name
    shutil.copy(SYNTHETIC_JUNE, transcript)
    figures = tmp_path / f"{transcript.stem}.figures.yaml"
    figures.write_text(
        f"source: {transcript.name}\nas_of: 2021-06-30\nfigures:\n"
        "  - department: 市城管局\n    project: 城市公厕提升工程\n    indicator: 已建成公厕\n    kind: progress\n"
        "    value: 12\n    unit: 座\n    line: 6\n    sentence: 年内计划新建公厕30座，截至目前已建成12座。\n",
        encoding="utf-8",
    )
    knowledge, problems = build_knowledge([transcript, figures], root=tmp_path)
    assert errors_of(problems) == []
    assert any(f.curated and f.value == 12 for f in knowledge.figures)
