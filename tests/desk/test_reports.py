"""Brief, changes, county page and consistency report on the seed plus the May sample."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from bot.desk import Desk, DeskError, plain
from bot.desk.consistency import KINDS, check_files, findings
from bot.ingest import knowledge_files
from tests.conftest import MAY_SAMPLE, SEED_DIR


def test_brief_defaults_to_the_latest_conference(desk: Desk) -> None:
    text = plain(desk.brief())
    assert text.startswith("【发布会简报】2021年5月承德市民生工程推进情况新闻发布会")
    assert "地点：承德市" in text and "数据截至2021年5月31日" in text
    assert "市医疗保障局 · 局长 赵文静" in text
    assert "围场县28个、丰宁县24个" in text and "合计126个，所说总数126个" in text


def test_brief_of_a_month_has_completion_rates_and_its_warnings(desk: Desk) -> None:
    sections = desk.brief(month="2021-04")
    text = plain(sections)
    assert "基本建成棚户区改造回迁安置房：目标1033套，进度513套（基本建成回迁安置房），完成率49.7%" in text
    assert "新开工改造项目：目标17个，进度17个（已开工项目），完成率100.0%，已达目标" in text
    assert "市住建局 · 局长 池大勇" in text and "市人社局 · 副局长 董晓东" in text
    assert sections[-1].title == "一致性提示" and "7个县区合计8个，所说总数10个" in sections[-1].text()
    assert plain(desk.brief(source="第一场")) == text


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"month": "2021-13"}, "YYYY-MM"), ({"month": "2020-01"}, "没有发布会"), ({"source": "不存在"}, "没有找到"),
     ({"city": "保定"}, "没有保定")],
    ids=["bad-month", "no-conference-that-month", "unknown-source", "unknown-city"],
)
def test_brief_says_what_it_cannot_find(desk: Desk, kwargs, message) -> None:
    with pytest.raises(DeskError, match=message):
        desk.brief(**kwargs)


def test_changes_between_april_and_may(desk: Desk) -> None:
    sections = desk.changes()
    text = plain(sections)
    assert sections[0].title == "【变化】2021年4月 → 2021年5月"
    assert "凤凰山大桥完成：75% → 90%（+15个百分点" in text
    assert "基本建成项目：513套 → 702套（+189套；2021年4月称“基本建成回迁安置房”）" in text
    assert "城镇登记失业率：3.88% → 3.85%（-0.03个百分点）" in text
    # Grouped by department: the 住建局 section holds its moves, the 人社局 section its own.
    titles = [s.title for s in sections]
    assert titles.index("市住建局") < titles.index("市人社局")
    assert "建设回迁安置房：目标4500套，已开工项目4500套" in text  # a target reached in May
    assert "市医疗保障局 医保便民服务工程" in text  # a new project
    assert plain(desk.changes(since="2021-04")).count("→") == text.count("→")


def test_changes_needs_two_months(seed_desk: Desk, desk: Desk) -> None:
    with pytest.raises(DeskError, match="只有一个月"):
        seed_desk.changes()
    with pytest.raises(DeskError, match="之后还没有发布会"):
        desk.changes(since="2021-05")


def test_county_page_newest_first(desk: Desk) -> None:
    sections = desk.county("丰宁")
    assert sections[0].title == "【丰宁县】"
    assert sections[1].title.startswith("2021年5月") and sections[2].title.startswith("2021年4月")
    assert "医保服务站：24个（进展，赵文静，第16行）" in sections[1].text()
    assert "幼儿园建设项目：1个（目标，王成军，第35行）" in sections[2].text()


def test_county_short_form_is_not_the_city(desk: Desk) -> None:
    text = plain(desk.county("承德县"))
    assert "承德创业联盟" not in text and "高雅艺术进承德" not in text


def test_unknown_county(desk: Desk) -> None:
    with pytest.raises(DeskError, match="没有找到县区"):
        desk.county("火星县")


def test_consistency_report_on_the_served_snapshot(desk: Desk, may_knowledge) -> None:
    found = findings(may_knowledge)
    assert [(f.kind, f.line) for f in found] == [("sum", 35)]
    text = plain(desk.consistency())
    assert "分项之和与总数不符（1处）" in text and "进度超过目标 0处" in text


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "kb"
    shutil.copytree(SEED_DIR, folder)
    shutil.copy(MAY_SAMPLE, folder / MAY_SAMPLE.name)
    figures = next(folder.glob("*.figures.yaml"))
    figures.write_text(figures.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return folder


def test_check_files_reports_a_curated_figure_not_in_its_sentence(tmp_path: Path) -> None:
    folder = _broken_copy(tmp_path, "value: 4433", "value: 4434")
    found, errors = check_files(knowledge_files(folder), folder)
    wrong = [f for f in found if f.kind == "not_in_sentence"]
    assert len(wrong) == 1 and wrong[0].line == 17 and "4434套" in wrong[0].text
    assert errors == [], "the evidence error is reported as a finding, not twice"


def _with(knowledge, *figures):
    return dataclasses.replace(knowledge, figures=(*knowledge.figures, *figures))


def _one(knowledge, indicator: str):
    return next(f for f in knowledge.figures if f.indicator == indicator)


@pytest.mark.parametrize(
    ("change", "kind", "expected"),
    [
        (lambda k: dataclasses.replace(_one(k, "已培育乡村基层文艺团体"), id="x1", value=101), "over_target",
         "进度101支，超过目标100支"),
        (lambda k: dataclasses.replace(_one(k, "已开工回迁安置房"), id="x2", value=4400, line=18),
         "two_values", "4433套（2021-04-民生工程4月推进情况-第一场.txt第17行）与4400套"),
        (lambda k: dataclasses.replace(_one(k, "已开工回迁安置房"), id="x3", value=4434, indicator="已开工安置房"),
         "not_in_sentence", "中没有这个数字和单位"),
    ],
    ids=["progress-above-target", "two-values-one-date", "curated-not-in-sentence"],
)
def test_each_kind_of_finding(seed_knowledge, change, kind, expected) -> None:
    assert not [f for f in findings(seed_knowledge) if f.kind == kind]
    found = [f for f in findings(_with(seed_knowledge, change(seed_knowledge))) if f.kind == kind]
    assert len(found) == 1 and expected in found[0].text, found
