"""The query over the figures that every format is drawn from."""

from __future__ import annotations

import pytest

from bot.desk import Desk
from bot.desk.measure import measure, pair, similarity, targets_and_progress
from bot.desk.rows import COLUMNS, HEADINGS


@pytest.mark.parametrize(
    ("query", "field", "expected"),
    [
        ("棚改", "project", "棚户区改造工程"),  # an alias from common.aliases.yaml
        ("棚戶區改造", "project", "棚户区改造工程"),  # traditional characters
        ("丰宁", "county", "丰宁县"),  # a county's short form
        ("池大勇", "speaker", "池大勇"),
        ("住建局", "department", "市住建局"),
        ("凤凰山大桥", "indicator", None),  # an indicator: checked below
    ],
    ids=["alias", "traditional", "county-short-form", "speaker", "department-short-form", "indicator"],
)
def test_a_query_names_a_project_county_speaker_department_or_indicator(desk: Desk, query, field, expected) -> None:
    rows = desk.rows(query)
    assert rows
    if expected is not None:
        assert getattr(rows[0], field) == expected
    else:
        assert all("凤凰山大桥" in r.indicator for r in rows[:2])


def test_best_match_first_then_newest_first(desk: Desk) -> None:
    rows = desk.rows("丰宁")
    # Figures of 丰宁县 itself come before figures whose sentence merely mentions it.
    named = [r.county == "丰宁县" for r in rows]
    assert named == sorted(named, reverse=True) and named[0] and not named[-1]
    county_rows = [r for r in rows if r.county == "丰宁县"]
    assert [r.as_of for r in county_rows] == sorted((r.as_of for r in county_rows), reverse=True)


def test_every_word_must_match(desk: Desk) -> None:
    both = desk.rows("池大勇 棚改")
    assert both and all(r.speaker == "池大勇" and r.project == "棚户区改造工程" for r in both)
    assert len(both) < len(desk.rows("池大勇"))


def test_empty_query_is_every_figure_newest_first(desk: Desk, may_knowledge) -> None:
    rows = desk.rows("")
    assert len(rows) == len(may_knowledge.figures)
    assert rows[0].as_of == "2021-05-31" and rows[-1].as_of == "2021-04-30"


def test_a_row_has_every_field(desk: Desk) -> None:
    row = next(r for r in desk.rows("棚改") if r.indicator == "已开工回迁安置房")
    assert (row.department, row.kind, row.value, row.unit, row.as_of, row.city, row.speaker, row.line) == (
        "市住建局", "progress", 4433, "套", "2021-04-30", "承德市", "池大勇", 17,
    )
    assert row.source == "2021年4月承德市民生工程推进情况新闻发布会(第1场)"
    assert row.file == "2021-04-民生工程4月推进情况-第一场.txt" and "4433套" in row.sentence
    assert set(HEADINGS) == set(COLUMNS)


def test_an_item_is_the_numbered_heading_under_the_project(desk: Desk) -> None:
    row = next(r for r in desk.rows("主体完工中小学项目") if r.unit == "个")
    assert (row.project, row.item) == ("中小学建设工程项目", "项目进度")
    same = next(r for r in desk.rows("远程影像诊断") if r.indicator.startswith("县级"))
    assert (same.project, same.item) == ("互联网+医疗", ""), "a heading that is the project itself is no item"
    qa_row = next(r for r in desk.rows("幼儿园建设项目") if r.county == "丰宁县")
    assert qa_row.item == "", "a Q&A passage's heading is the question, not an item"


def test_the_engine_search_is_the_fallback_for_words_no_field_names(desk: Desk) -> None:
    assert desk.rows("棚户区改早")  # a typo: only the engine's speller finds it
    assert Desk(desk.knowledge).rows("棚户区改早") == []
    assert desk.rows("天气预报") == []


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("已开工项目", "已开工回迁安置房", True),
        ("基本建成项目", "基本建成回迁安置房", True),
        ("凤凰山大桥完成工程量", "凤凰山大桥完成", True),
        ("已经开工建设的老旧小区改造项目", "已开工老旧小区改造项目", True),
        ("基本建成项目", "已开工回迁安置房", False),
        ("培训乡村医生", "改造村卫生室", False),
    ],
    ids=["started", "completed", "bridge", "old-estates", "completed-vs-started", "no-common-word"],
)
def test_same_measure(a: str, b: str, same: bool) -> None:
    assert (similarity(measure(a), measure(b)) >= 34) is same


def test_pairs_are_one_to_one_most_alike_first() -> None:
    olds, news = ["开工回迁安置房", "基本建成回迁安置房"], ["基本建成项目", "开工项目"]
    pairs = pair(olds, news, key=lambda _: 0, scorer=lambda a, b: similarity(measure(a), measure(b)))
    assert sorted(pairs) == [("基本建成回迁安置房", "基本建成项目"), ("开工回迁安置房", "开工项目")]


def test_targets_pair_with_their_progress(seed_knowledge) -> None:
    pairs = {(t.indicator, p.indicator) for t, p in targets_and_progress(seed_knowledge.figures)}
    assert ("基本建成棚户区改造回迁安置房", "基本建成回迁安置房") in pairs
    assert ("培训乡村(社区)文艺骨干", "已完成乡村(社区)文艺骨干培训") in pairs
    assert not any("跑办" in p for _, p in pairs), "work not yet done never completes a target"
