"""Tests for the curated figures loader and for the shipped figures file it reads."""

from __future__ import annotations

import pathlib
import re

import pytest

from bot.domain import FIGURE_KINDS, Figure
from bot.ingest.curated import read_curated
from bot.ingest.verify import TranscriptText
from tests.conftest import SEED_DIR

KNOWLEDGE = SEED_DIR
TRANSCRIPT = KNOWLEDGE / "2021-04-民生工程4月推进情况-第一场.txt"
SEED = KNOWLEDGE / "2021-04-民生工程4月推进情况-第一场.figures.yaml"
SEED_AS_OF = "2021-04-30"
MIN_SEED_FIGURES = 60
SENTENCE_ENDS = "。！？!?"
SPACED_DECIMAL = re.compile(r"(?<=\d\.)\s+(?=\d)")
KINDERGARTENS = "kindergartens-by-county"
KINDERGARTEN_PARTS_SUM = 8
KINDERGARTEN_STATED_TOTAL = 10
KINDERGARTEN_COUNTIES = 7

TRANSCRIPT_TEXT = TRANSCRIPT.read_text(encoding="utf-8")
TRANSCRIPT_LINES = TRANSCRIPT_TEXT.splitlines()
SEED_TRANSCRIPTS = {TRANSCRIPT.name: TranscriptText.of(TRANSCRIPT.name, TRANSCRIPT_TEXT, int(SEED_AS_OF[:4]))}
SEED_FIGURES, SEED_PROBLEMS = read_curated(SEED, SEED.read_text(encoding="utf-8"), SEED_TRANSCRIPTS)

SAMPLE_PATH = pathlib.Path("talk.figures.yaml")
SAMPLE_SOURCE = "talk.txt"
# The transcript VALID's figures quote: line 3 and line 35 state them, the rest is filler.
SAMPLE_LINES = [f"第{number}行。" for number in range(1, 36)]
SAMPLE_LINES[2], SAMPLE_LINES[34] = "年内计划新开工改造项目17个。", "其中滦平县1个,兴隆县2个。"
SAMPLE_TRANSCRIPTS = {SAMPLE_SOURCE: TranscriptText.of(SAMPLE_SOURCE, "\n".join(SAMPLE_LINES), 2021)}
BAD_LINE_MARK = "# <- bad"
FIRST_ENTRY = "  - department: 市住建局"
SECOND_ENTRY = "  - department: 市教育局"
VALID = """\
source: talk.txt
as_of: 2021-04-30
figures:
  - department: 市住建局
    project: 棚户区改造工程
    indicator: 新开工改造项目
    kind: target
    value: 17
    unit: 个
    line: 3
    sentence: 年内计划新开工改造项目17个。
  - department: 市教育局
    project: 幼儿园建设工程项目
    indicator: 幼儿园建设项目
    kind: target
    value: 2
    unit: 个
    county: 兴隆县
    line: 35
    speaker: 王成军
    sentence: 兴隆县2个
    as_of: 2021-05-31
    group: kindergartens-by-county
    group_total: 10
"""


def _edit(old: str, new: str, bad_line: str = SECOND_ENTRY) -> str:
    """VALID with old (which must occur once) replaced by new, and bad_line flagged with BAD_LINE_MARK."""
    assert VALID.count(old) == 1, old
    text = VALID.replace(old, new)
    assert text.count(f"{bad_line}\n") == 1, bad_line
    return text.replace(f"{bad_line}\n", f"{bad_line}  {BAD_LINE_MARK}\n")


MALFORMED = [
    ("missing-field", _edit("    project: 幼儿园建设工程项目\n", ""), "figure 2: missing required field 'project'"),
    ("bad-kind", _edit("kind: target\n    value: 2\n", "kind: plan\n    value: 2\n", "    kind: plan"),
     "figure 2: 'kind' must be one of target, progress, total, rate, got 'plan'"),
    ("non-number-value", _edit("value: 2\n", "value: abc\n", "    value: abc"), "figure 2: 'value' must be a number, got 'abc'"),
    ("boolean-value", _edit("value: 2\n", "value: yes\n", "    value: yes"), "'value' must be a number, got True"),
    ("infinite-value", _edit("value: 2\n", "value: .inf\n", "    value: .inf"), "'value' must be a number, got inf"),
    ("empty-unit", _edit("unit: 个\n    county", "unit: ''\n    county", "    unit: ''"), "'unit' must be non-empty text"),
    ("unknown-key", _edit("speaker: 王成军\n", "speaker: 王成军\n    colour: red\n", "    colour: red"), "unknown key 'colour'"),
    ("duplicate-key", _edit("speaker: 王成军\n", "speaker: 王成军\n    county: 滦平县\n", "    county: 滦平县"), "duplicate key 'county'"),
    ("negative-line", _edit("line: 35", "line: -1", "    line: -1"), "'line' must be a whole number, 0 or more, got -1"),
    ("numeric-county", _edit("county: 兴隆县", "county: 7", "    county: 7"), "'county' must be text, got 7"),
    ("bad-figure-date", _edit("as_of: 2021-05-31", "as_of: 2021-13-01", "    as_of: 2021-13-01"),
     "'as_of' must be a date written YYYY-MM-DD, got '2021-13-01'"),
    ("bad-default-date", _edit("as_of: 2021-04-30", "as_of: 2021-04-31", "as_of: 2021-04-31"),
     "'as_of' must be a date written YYYY-MM-DD, got '2021-04-31'"),
    ("no-date-anywhere", _edit("as_of: 2021-04-30\n", "", FIRST_ENTRY), "figure 1: missing 'as_of'"),
    ("total-without-group", _edit("    group: kindergartens-by-county\n", "", "    group_total: 10"), "'group_total' needs a 'group'"),
    ("entry-not-mapping", _edit("figures:\n", "figures:\n  - just text\n", "  - just text"),
     "figure 1: must be a mapping"),
    ("yaml-syntax-error", _edit("project: 棚户区改造工程", "project: 棚户区: 改造工程", "    project: 棚户区: 改造工程"),
     "YAML syntax error"),
    ("unclosed-quote", _edit("sentence: 兴隆县2个", 'sentence: "兴隆县2个', '    sentence: "兴隆县2个'),
     "quoted scalar"),
    ("unclosed-bracket", _edit("county: 兴隆县", "county: [兴隆县", "    county: [兴隆县"), "flow sequence"),
    ("unknown-top-level-key", _edit("figures:\n", "title: x\nfigures:\n", "title: x"), "unknown top-level key 'title'"),
    ("figures-not-a-list", f"source: talk.txt\nas_of: 2021-04-30\nfigures: 3  {BAD_LINE_MARK}\n",
     "'figures' must be a list of figures, got 3"),
    ("not-a-mapping", f"- source: talk.txt  {BAD_LINE_MARK}\n", "must be a YAML mapping"),
    ("unknown-source", VALID.replace("source: talk.txt\n", f"source: other.txt  {BAD_LINE_MARK}\n"),
     "figures file names source other.txt, which is not in the knowledge directory"),
]


def _number_text(value: float) -> str:
    """Write a number the way the transcript does: 17 not 17.0, 1.91 as 1.91."""
    return str(int(value)) if value.is_integer() else repr(value)


def _figure_test_id(figure: Figure) -> str:
    """An ASCII test id naming a figure's position, line and value."""
    position = figure.id.rsplit("#", 1)[1]
    return f"{position}-line{figure.line}-{_number_text(figure.value)}"


def _is_whole_sentence(sentence: str, line: str) -> bool:
    """Whether sentence occurs in line starting and ending at sentence boundaries."""
    start = line.find(sentence)
    before = line[:start].rstrip()
    starts_clean = not before or before[-1] in SENTENCE_ENDS
    ends_clean = sentence[-1:] in tuple(SENTENCE_ENDS) or start + len(sentence) == len(line)
    return start >= 0 and starts_clean and ends_clean


def _marked_line(text: str) -> int:
    """The 1-based line of text carrying BAD_LINE_MARK."""
    return next(number for number, line in enumerate(text.splitlines(), 1) if BAD_LINE_MARK in line)


shipped_figures = pytest.mark.parametrize(
    "figure", SEED_FIGURES, ids=[_figure_test_id(figure) for figure in SEED_FIGURES]
)


def test_valid_file_gives_figures_with_ids_defaults_and_overrides() -> None:
    figures, problems = read_curated(SAMPLE_PATH, VALID, SAMPLE_TRANSCRIPTS)
    assert problems == []
    first, second = figures
    assert (first.id, first.source_id, first.value, first.as_of, first.county, first.line, first.group_total) == (
        "talk.txt#c0", SAMPLE_SOURCE, 17.0, "2021-04-30", "", 3, None)
    assert (second.id, second.as_of, second.county, second.group, second.group_total) == (
        "talk.txt#c1", "2021-05-31", "兴隆县", KINDERGARTENS, 10.0)
    assert first.curated and second.curated


def test_any_source_is_accepted_when_no_source_ids_are_given() -> None:
    figures, problems = read_curated(SAMPLE_PATH, VALID.replace(SAMPLE_SOURCE, "other.txt"))
    assert (len(figures), problems) == (2, [])


@pytest.mark.parametrize(
    ("text", "fragment"), [case[1:] for case in MALFORMED], ids=[case[0] for case in MALFORMED]
)
def test_malformed_input_is_an_error_at_the_bad_line(text: str, fragment: str) -> None:
    figures, problems = read_curated(SAMPLE_PATH, text, SAMPLE_TRANSCRIPTS)
    matching = [(problem.path, problem.line, problem.severity) for problem in problems if fragment in problem.message]
    assert figures == []
    assert matching == [(str(SAMPLE_PATH), _marked_line(text), "error")], [str(problem) for problem in problems]


def test_shipped_file_loads_without_problems() -> None:
    assert SEED_PROBLEMS == []
    assert len(SEED_FIGURES) >= MIN_SEED_FIGURES
    assert len({figure.id for figure in SEED_FIGURES}) == len(SEED_FIGURES)


@shipped_figures
def test_shipped_sentence_is_a_whole_sentence_of_its_line(figure: Figure) -> None:
    line = TRANSCRIPT_LINES[figure.line - 1]
    assert figure.sentence in line
    assert _is_whole_sentence(figure.sentence, line)


@shipped_figures
def test_shipped_value_is_written_with_its_unit_in_the_sentence(figure: Figure) -> None:
    sentence = SPACED_DECIMAL.sub("", figure.sentence)
    written = f"{figure.county}{_number_text(figure.value)}{figure.unit}"
    assert _number_text(figure.value) in sentence
    assert re.search(rf"(?<![\d.]){re.escape(written)}", sentence), (written, sentence)


@shipped_figures
def test_shipped_figure_is_attributed_to_a_speaker_of_the_transcript(figure: Figure) -> None:
    assert figure.kind in FIGURE_KINDS
    assert figure.speaker and figure.speaker in TRANSCRIPT_TEXT
    assert figure.department in TRANSCRIPT_TEXT
    assert (figure.source_id, figure.as_of, figure.curated) == (TRANSCRIPT.name, SEED_AS_OF, True)


def test_kindergarten_breakdown_keeps_the_stated_total_although_parts_sum_lower() -> None:
    parts = [figure for figure in SEED_FIGURES if figure.group == KINDERGARTENS]
    assert sum(figure.value for figure in parts) == KINDERGARTEN_PARTS_SUM
    assert {figure.group_total for figure in parts} == {KINDERGARTEN_STATED_TOTAL}
    assert len({figure.county for figure in parts}) == len(parts) == KINDERGARTEN_COUNTIES
