"""Figure extraction: recall against the hand-curated seed, kinds, per-county breakdowns, numerals."""

from __future__ import annotations

import pytest

from bot.domain import Figure, Knowledge
from bot.ingest.curated import read_curated
from bot.ingest.extract import county_items, county_lists, extract_figures
from bot.ingest.transcript import parse_transcript
from bot.ingest.verify import TranscriptText
from bot.ingest.validate import consistency_warnings
from bot.qa.search import scaled
from tests.conftest import SEED_AS_OF, SEED_FIGURES, SEED_NAME, SEED_TRANSCRIPT
from tests.qa.invented import transcript as _transcript



# Measured 87/87 = 1.00 when this test was written; the floor leaves room for four misses.
RECALL_FLOOR = 0.95


@pytest.fixture(scope="module")
def extracted() -> list[Figure]:
    """Figures the extractor finds in the seed transcript on its own (no curated file)."""
    return extract_figures(parse_transcript(SEED_NAME, SEED_TRANSCRIPT.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def curated() -> list[Figure]:
    transcript = TranscriptText.of(SEED_NAME, SEED_TRANSCRIPT.read_text(encoding="utf-8"), int(SEED_AS_OF[:4]))
    figures, problems = read_curated(SEED_FIGURES, SEED_FIGURES.read_text(encoding="utf-8"), {SEED_NAME: transcript})
    assert problems == []
    return figures


def test_recall_against_the_curated_seed(extracted: list[Figure], curated: list[Figure]) -> None:
    found = {(f.line, f.value, f.unit) for f in extracted}
    missed = [f for f in curated if (f.line, f.value, f.unit) not in found]
    recall = 1 - len(missed) / len(curated)
    print(f"\nextraction recall on the seed: {len(curated) - len(missed)}/{len(curated)} = {recall:.3f}")
    for figure in missed:
        print(f"  missed line {figure.line}: {figure.value:g}{figure.unit} {figure.indicator}")
    assert recall >= RECALL_FLOOR


def test_extracted_figures_are_not_dates_or_ordinals(extracted: list[Figure]) -> None:
    """'2021年', '4月底', '第一场' are never figures."""
    assert not [f for f in extracted if f.unit in ("年", "月", "日")]
    assert not [f for f in extracted if f.value == 2021]


def test_extracted_figures_carry_source_facts(extracted: list[Figure]) -> None:
    assert extracted
    assert {f.source_id for f in extracted} == {SEED_NAME}
    assert {f.as_of for f in extracted} == {SEED_AS_OF}
    assert all(not f.curated for f in extracted)
    assert all(f.line > 0 and f.speaker for f in extracted)
    assert len({f.id for f in extracted}) == len(extracted)


def test_extracted_figure_sits_in_its_sentence(extracted: list[Figure]) -> None:
    for figure in extracted:
        digits = f"{figure.value:g}"
        assert digits in figure.sentence.replace(" ", ""), figure


# -- kinds on small synthetic speeches ---------------------------------------------------------

HEAD = "出席本场发布会的有:市城管局局长张明远;\n请市城管局局长张明远同志做发布;\n"


def extract(*lines: str) -> list[Figure]:
    """Figures of a one-speaker synthetic transcript with the given speech lines."""
    return extract_figures(parse_transcript("2021-06-城管.txt", HEAD + "\n".join(lines)))


def only(figures: list[Figure], value: float, unit: str) -> Figure:
    matches = [f for f in figures if f.value == value and f.unit == unit]
    assert len(matches) == 1, figures
    return matches[0]


KINDS = [
    pytest.param("年内计划新建公厕30座。", 30, "座", "target", id="target-年内计划"),
    pytest.param("今年要改造背街小巷12条。", 12, "条", "target", id="target-今年要"),
    pytest.param("全年目标培训环卫工人800人。", 800, "人", "target", id="target-全年目标"),
    pytest.param("力争完成道路改造任务45公里。", 45, "公里", "target", id="target-力争"),
    pytest.param("计划投资3.04亿元。", 3.04, "亿元", "target", id="target-money"),
    pytest.param("截至目前,已建成公厕12座。", 12, "座", "progress", id="progress-截至-已"),
    pytest.param("已完成背街小巷改造5条。", 5, "条", "progress", id="progress-已完成"),
    pytest.param("截至5月底,累计培训环卫工人320人。", 320, "人", "progress", id="progress-累计"),
    pytest.param("目前已铺设管网8.5公里。", 8.5, "公里", "progress", id="progress-目前"),
    pytest.param("全市共有公园46个。", 46, "个", "total", id="total-stock"),
    pytest.param("生活垃圾无害化处理率达到98.5%。", 98.5, "%", "rate", id="rate-percent"),
    pytest.param("组织志愿者入户宣传,确保年底分类覆盖率达到80%。", 80, "%", "target", id="target-确保-percent"),
    pytest.param("分类覆盖率达到72%,年度目标为80%;", 80, "%", "target", id="target-年度目标为-percent"),
    pytest.param("分类覆盖率达到72%,年度目标为80%;", 72, "%", "rate", id="rate-beside-its-target"),
    # a cue of the clause before says nothing of a plan whose done part follows it
    pytest.param("截至6月底,管道改造计划186公里,已完成97公里;新建停车泊位6000个,已建成3850个。", 6000, "个", "target", id="target-then-done"),
    pytest.param("截至6月底,城镇新增就业2.96万人,已完成年度目标的78%。", 2.96, "万人", "progress", id="progress-then-share"),
]


def test_an_aspect_named_before_the_clause_is_part_of_what_the_number_measures() -> None:
    """'生活垃圾分类方面,中心城区居民小区分类覆盖率达到72%': a 垃圾分类 rate, though its clause never says 垃圾."""
    figure = only(extract("生活垃圾分类方面,中心城区居民小区分类覆盖率达到72%,年度目标为80%;"), 72, "%")
    assert figure.indicator.startswith("生活垃圾分类") and "覆盖率" in figure.indicator, figure


@pytest.mark.parametrize(("sentence", "value", "unit", "kind"), KINDS)
def test_kind_of_a_figure(sentence: str, value: float, unit: str, kind: str) -> None:
    assert only(extract(sentence), value, unit).kind == kind


def test_target_and_progress_in_one_sentence() -> None:
    figures = extract("计划新建公厕30座,截至目前已建成12座。")
    assert (only(figures, 30, "座").kind, only(figures, 12, "座").kind) == ("target", "progress")


def test_numbered_heading_becomes_the_project() -> None:
    figures = extract("一是公厕提升工程。年内计划新建公厕30座。", "二是背街小巷改造。已完成背街小巷改造5条。")
    assert only(figures, 30, "座").project == "公厕提升工程"
    assert only(figures, 5, "条").project == "背街小巷改造"
    assert {f.department for f in figures} == {"市城管局"}
    assert {f.speaker for f in figures} == {"张明远"}


# -- per-county breakdowns -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stated", "warned"),
    [pytest.param(6, False, id="parts-add-up"), pytest.param(8, True, id="parts-fall-short")],
)
def test_breakdown_with_a_stated_total(stated: int, warned: bool) -> None:
    figures = extract(f"今年建设的{stated}个口袋公园分别是双桥区3个、双滦区2个、营子区1个。")
    parts = [f for f in figures if f.group]
    assert [(f.county, f.value) for f in parts] == [("双桥区", 3), ("双滦区", 2), ("营子区", 1)]
    assert {f.group for f in parts} == {parts[0].group}
    assert {f.group_total for f in parts} == {stated}
    assert all(f.project == "口袋公园" for f in parts)
    warnings = consistency_warnings(Knowledge(figures=tuple(figures)))
    assert bool(warnings) == warned
    if warned:
        (warning,) = warnings
        assert warning.severity == "warning"
        assert "6个" in warning.message and "8个" in warning.message
        assert warning.line == parts[0].line == 3


def test_seed_kindergarten_breakdown_is_flagged(seed_knowledge: Knowledge) -> None:
    """The seed's 10 kindergartens are listed county by county as 8: the load must say so."""
    messages = [w.message for w in seed_knowledge.warnings]
    assert any("8个" in m and "10个" in m for m in messages), messages


def test_county_items_need_two_adjacent_items() -> None:
    assert [i.county for i in county_items("滦平县1个,丰宁县2个")] == ["滦平县", "丰宁县"]
    assert county_items("其中滦平县1个项目正在施工") == []


def test_breakdown_after_分布在() -> None:
    figures = extract("改造的小区分布在双桥区5个、双滦区4个。")
    assert sorted((f.county, f.value) for f in figures if f.group) == [("双桥区", 5), ("双滦区", 4)]


# -- numerals and scale ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "value", "unit", "base_value"),
    [
        pytest.param("年内计划改造公厕十二座。", 12, "座", 12, id="十二座"),
        pytest.param("已建成停车场三十五个。", 35, "个", 35, id="三十五个"),
        pytest.param("落实资金两千万元。", 2000, "万元", 2e7, id="两千万元"),
        pytest.param("城区清扫保洁面积1.5万平方米。", 1.5, "万平方米", 15_000, id="万平方米"),
        pytest.param("计划投资3.04亿元。", 3.04, "亿元", 3.04e8, id="亿元"),
        pytest.param("惠及3. 4万户居民。", 3.4, "万户", 34_000, id="broken-decimal-万户"),
        pytest.param("发布就业岗位6.1万个。", 6.1, "万个", 61_000, id="万个"),
    ],
)
def test_numerals_and_scale(sentence: str, value: float, unit: str, base_value: float) -> None:
    figure = only(extract(sentence), value, unit)
    assert scaled(figure) == pytest.approx(base_value)


def test_chinese_ordinals_and_words_are_not_figures() -> None:
    assert extract("一是加强管理。第一场发布会上,一些项目已统一招标。") == []


def test_an_item_of_a_planned_list_is_a_target_even_when_it_says_complete() -> None:
    """'年内计划打通断头路5条、新增泊位8000个、完成30个路口渠化改造': 30 is planned, not done."""
    text = (
        "出席本场发布会的有:市公安局交警支队副支队长魏国强。\n请魏国强同志做发布。\n"
        "年内计划打通断头路5条、新增公共停车泊位8000个、完成30个路口渠化改造。截至5月底,完成路口渠化改造14个。\n"
    )
    figures = extract_figures(parse_transcript("2022-06-民生工程6月推进情况.txt", text))
    kinds = {f.value: f.kind for f in figures}
    assert (kinds[5], kinds[8000], kinds[30], kinds[14]) == ("target", "target", "target", "progress")


def test_a_number_is_dated_by_its_own_sentence() -> None:
    """'截至4月底,已完工214公里;截至5月底,累计完工386公里' in May's report: 214 is April's."""
    text = _transcript(
        "承德市2021年5月民生工程推进情况新闻发布会", "市交通运输局局长贺建峰",
        "全市年内计划改造提升农村公路1200公里。截至4月底,已完工214公里;截至5月底,累计完工386公里。\n"
        "全市农村自来水普及率由4月底的91.6%提高到92.3%。新增公共停车泊位4620个,比4月底的3350个有较大增长。\n"
    )
    figures = extract_figures(parse_transcript("承德市2021年5月民生工程发布会.txt", text))
    as_of = {f.value: f.as_of for f in figures}
    assert as_of[214] == as_of[91.6] == as_of[3350] == "2021-04-30"
    assert as_of[386] == as_of[92.3] == as_of[4620] == as_of[1200] == "2021-05-31"


def test_a_clause_that_starts_with_its_date_and_this_number() -> None:
    """'8月底,全市开通…1177家。截至9月底,这一数字达到1264家': 1177 is August's, and 1264 measures
    what 1177 did."""
    text = _transcript(
        "承德市2021年9月民生工程推进情况新闻发布会", "市医保局局长王立新",
        "8月底,全市开通门诊费用跨省直接结算的定点医药机构1177家。截至9月底,这一数字达到1264家。\n"
    )
    figures = extract_figures(parse_transcript("承德市2021年9月民生工程发布会.txt", text))
    by_value = {f.value: f for f in figures}
    assert by_value[1177].as_of == "2021-08-31"
    assert by_value[1264].as_of == "2021-09-30"
    assert by_value[1264].indicator == by_value[1177].indicator
    assert "这一数字" not in by_value[1264].indicator


def test_a_bare_verb_counts_what_the_figure_before_it_named() -> None:
    """'年内计划建成示范型退役军人服务站100个,已建成58个': 58 counts 示范型退役军人服务站; a plan word
    ('年度任务') names nothing."""
    text = _transcript(
        "承德市2021年7月民生工程推进情况新闻发布会", "市退役军人事务局局长常建民",
        "年内计划建成示范型退役军人服务站100个。截至6月底,已建成58个。\n"
        "棚户区改造年度任务2160套,已开工860套。\n"
    )
    figures = extract_figures(parse_transcript("承德市2021年7月民生工程发布会.txt", text))
    indicators = {f.value: f.indicator for f in figures}
    assert indicators[58] == "已建成示范型退役军人服务站"
    assert indicators[860] == "已开工"


def test_a_day_of_the_month_is_not_part_of_a_name() -> None:
    """'截至11月15日已完成561公里' after '全年计划新改建农村公路680公里': 561 is 已完成农村公路."""
    text = _transcript(
        "阜阳市2022年11月民生工程推进情况新闻发布会", "市交通运输局副局长王德胜",
        "全年计划新改建农村公路680公里,截至11月15日已完成561公里;计划改造农村公路危桥45座,已完工33座。\n"
    )
    figures = extract_figures(parse_transcript("阜阳市2022年11月民生工程发布会.txt", text))
    indicators = {f.value: f.indicator for f in figures}
    assert indicators[561] == "已完成农村公路"
    assert indicators[33] == "已完工农村公路危桥"


def test_last_months_value_is_dated_last_month_and_measures_the_same() -> None:
    """'…1186张,上月发布会时这一数字为1023张', '激活率72.3%,比上月的68.9%': 1023 and 68.9 are
    August's values of the same indicators; '比上个月增加了310个' is a change, left as it is."""
    text = _transcript(
        "承德市2023年9月民生工程推进情况新闻发布会", "市民政局局长孟庆岩",
        "截至9月底,已建成家庭养老床位1186张,上月发布会时这一数字为1023张。\n"
        "截至9月底,全市医保电子凭证激活218.6万人,激活率72.3%,比上月的68.9%进一步提高;\n"
        "新增公共停车泊位4620个,比上个月增加了310个。\n"
    )
    figures = {f.value: f for f in extract_figures(parse_transcript("承德市2023年9月民生工程发布会.txt", text))}
    assert (figures[1023].as_of, figures[1023].indicator) == ("2023-08-31", figures[1186].indicator)
    assert (figures[68.9].as_of, figures[68.9].indicator) == ("2023-08-31", "激活率")
    assert figures[310].as_of == "2023-09-30" and figures[310].indicator != figures[4620].indicator


def test_an_earlier_month_ends_value_in_an_aside_is_dated_then_and_measures_the_same() -> None:
    """'968套(9月底为853套)', '186个,而7月底这一数字为142个', '1460名,而1月底时为825名': the same
    measure at an earlier month-end; a number after the aside's clause keeps the conference's date."""
    text = _transcript(
        "承德市2021年10月民生工程推进情况新闻发布会", "市住建局局长池大勇",
        "截至10月底,基本建成回迁安置房968套(9月底为853套)。\n"
        "老年助餐点已建成186个,而7月底这一数字为142个,建设进度明显加快。\n"
        "截至10月底,已为1460名残疾儿童提供康复救助,而1月底时为825名,拨付康复救助资金1865万元。\n"
    )
    figures = {f.value: f for f in extract_figures(parse_transcript("承德市2021年10月民生工程发布会.txt", text))}
    assert (figures[853].as_of, figures[853].indicator) == ("2021-09-30", figures[968].indicator)
    assert (figures[142].as_of, figures[142].indicator) == ("2021-07-31", figures[186].indicator)
    assert (figures[825].as_of, figures[825].indicator) == ("2021-01-31", figures[1460].indicator)
    assert figures[1865].as_of == "2021-10-31"


def test_a_village_plan_is_a_noun_not_a_plan() -> None:
    """'已完成规划编制并经县级政府批复的村庄118个': 规划 names the work; 118 is done, not planned."""
    text = _transcript(
        "承德市2021年7月民生工程推进情况新闻发布会", "市自然资源和规划局局长郑立群",
        "年内计划完成320个村庄规划编制任务。截至6月底,已完成规划编制并经县级政府批复的村庄118个。\n"
    )
    kinds = {f.value: f.kind for f in extract_figures(parse_transcript("承德市2021年7月民生工程发布会.txt", text))}
    assert (kinds[320], kinds[118]) == ("target", "progress")


def test_both_ends_of_a_stated_change_measure_its_subject() -> None:
    """'已开工项目由上月的131个增加到152个': 131 (July's) and 152 are both 已开工项目, and the change
    words are no part of either; '由年初的71.4%' is as of the start of the year."""
    text = _transcript(
        "承德市2021年9月民生工程推进情况新闻发布会", "市住建局局长马德胜",
        "截至8月底,全市老旧小区改造已开工项目由上月的131个增加到152个,已完工61个。\n"
        "签约率由年初的71.4%提高到76.8%。\n"
    )
    figures = {f.value: f for f in extract_figures(parse_transcript("承德市2021年9月民生工程发布会.txt", text))}
    assert figures[131].indicator == figures[152].indicator == "老旧小区改造已开工项目"
    assert (figures[131].as_of, figures[152].as_of) == ("2021-07-31", "2021-08-31")
    assert "增加" not in figures[61].indicator
    assert figures[71.4].indicator == figures[76.8].indicator == "签约率"
    assert figures[71.4].as_of == "2021-01-01"


@pytest.mark.parametrize(("sentence", "value", "kind"), [
    pytest.param("今年的目标是:城镇登记失业率控制在4.5%以内。", 4.5, "target", id="bound-in-a-plan"),
    pytest.param("截至4月底,城镇登记失业率3.65%。", 3.65, "rate", id="stated-rate"),
    pytest.param("宫颈癌筛查进度较快的是平泉市,均已完成年度任务的40%以上。", 40, "rate", id="share-done"),
    pytest.param("力争10月底前完成年度任务的90%以上。", 90, "target", id="share-aimed-at"),
])
def test_a_percentage_bound_by_a_plan_is_its_target(sentence: str, value: float, kind: str) -> None:
    text = "承德市2022年5月民生工程推进情况新闻发布会\n出席本场发布会的有:市人社局局长郑国栋。\n请郑国栋同志做发布。\n" + sentence + "\n"
    kinds = {f.value: f.kind for f in extract_figures(parse_transcript("承德市2022年5月民生工程发布会.txt", text))}
    assert kinds[value] == kind


def test_what_the_years_plan_reaches_is_a_target_and_a_done_task_is_done() -> None:
    """'年内…覆盖小区达到320个,新建分类投放亭200座' is the plan; '全年目标11万人,1至7月实现…7.46万人'
    and '年度开工任务全面完成;基本建成…768套' are results."""
    text = _transcript(
        "承德市2021年5月民生工程推进情况新闻发布会", "市城管局局长鲍建新",
        "年内中心城区生活垃圾分类覆盖小区达到320个,新建分类投放亭200座。截至5月底,已覆盖小区214个,建成分类投放亭186座。\n"
        "全年目标11万人,1至7月实现城镇新增就业7.46万人。\n"
        "截至5月底,4500套已全部开工,年度开工任务全面完成;基本建成9个项目、768套。\n"
    )
    figures = {f.value: f for f in extract_figures(parse_transcript("承德市2021年5月民生工程发布会.txt", text))}
    assert [figures[v].kind for v in (320, 200, 214, 186, 11, 7.46, 768)] == [
        "target", "target", "progress", "progress", "target", "progress", "progress"]
    assert figures[320].indicator == "年内中心城区生活垃圾分类覆盖小区"


def test_a_county_list_whose_items_name_what_they_count() -> None:
    """'滦南县62个村、乐亭县48个村、玉田县71个村': a per-county list all the same."""
    items = county_items("分别是滦南县62个村、乐亭县48个村、玉田县71个村。")
    assert [(i.county, i.value) for i in items] == [("滦南县", 62), ("乐亭县", 48), ("玉田县", 71)]


def test_a_county_list_after_its_total_is_the_breakdown_of_that_figure() -> None:
    """'培育乡村基层文艺团体87支。87支文艺团体中,双桥区9支、围场县12支': the parts count what 87 did;
    '双桥区计划38个,已开工36个' are 双桥区's own."""
    text = _transcript(
        "承德市2021年9月民生工程推进情况新闻发布会", "市旅游和文化广电局局长周晓岚",
        "截至8月底,培育乡村基层文艺团体87支。87支文艺团体中,双桥区9支、围场县12支、丰宁县10支。\n"
        "截至8月底,双桥区计划38个,已开工36个;双滦区14个、宽城县10个已全部开工。\n"
    )
    figures = extract_figures(parse_transcript("承德市2021年9月民生工程发布会.txt", text))
    parts = {f.county: f for f in figures if f.group}
    assert parts["围场县"].indicator == "培育乡村基层文艺团体" and parts["围场县"].kind == "progress"
    own = {f.value: f.county for f in figures if f.line == figures[-1].line and not f.group}
    assert own[38] == own[36] == "双桥区"
    assert parts["双滦区"].indicator != "双桥区"


def test_a_bare_result_takes_the_object_of_the_second_verb_when_the_first_has_none() -> None:
    """'年度计划新建、改扩建公办幼儿园23所…已开工21所': 21 is 已开工公办幼儿园."""
    text = _transcript(
        "南阳市2024年8月民生实事推进情况新闻发布会", "市教育局局长范卫东",
        "年度计划新建、改扩建公办幼儿园23所。截至7月底,已开工21所。\n"
    )
    indicators = {f.value: f.indicator for f in extract_figures(parse_transcript("南阳市2024年8月民生实事发布会.txt", text))}
    assert indicators[21] == "已开工公办幼儿园"


def test_a_plan_in_an_aside_is_the_plan_of_the_figure_before_it_and_ends_there() -> None:
    """'城镇新增就业3.46万人(年度目标3.8万人),失业人员再就业1.07万人': 3.8 is 城镇新增就业's plan; the
    aside's 目标 says nothing of 1.07, which is a result."""
    text = _transcript(
        "承德市2021年10月民生工程推进情况新闻发布会", "市人社局副局长董晓东",
        "截至10月底,全市城镇新增就业3.46万人(年度目标3.8万人),失业人员再就业1.07万人。\n",
    )
    figures = {f.value: f for f in extract_figures(parse_transcript("承德市2021年10月民生工程发布会.txt", text))}
    assert (figures[3.8].indicator, figures[3.8].kind) == (figures[3.46].indicator, "target")
    assert figures[1.07].kind != "target"


_BAOTOU = _transcript(
    "包头市2022年6月民生实事推进情况新闻发布会", "市住房和城乡建设局局长乌云其其格",
    "一、老旧小区改造。今年全市计划改造老旧小区236个,截至5月底,全市已开工158个,其中昆都仑区52个、青山区41个、东河区38个。\n",
    "二、高标准农田建设。全市年度任务36.5万亩,截至5月底已完成12.8万亩,其中土默特右旗5.6万亩、固阳县3.2万亩、"
    "达尔罕茂明安联合旗2.4万亩、九原区1.6万亩。\n",
    "三、社会救助。自7月1日起,全市城市低保标准由每人每月810元提高到每人每月850元。\n",
    "包头广播电视台记者:燃气管道改造涉及哪些旗县区?\n",
    "乌云其其格:已改造的97.4公里中,昆都仑区41.2公里、青山区18.6公里。\n",
    "包头日报记者:户厕改造已经完成的3150户分布在哪些旗县区?\n",
    "乌云其其格:已完成的3150户中,土默特右旗1200户、固阳县860户。\n",
)


@pytest.fixture(scope="module")
def baotou() -> list[Figure]:
    return extract_figures(parse_transcript("包头市2022年6月民生实事新闻发布会.txt", _BAOTOU))


def _by(figures: list[Figure], value: float, unit: str) -> Figure:
    return next(f for f in figures if f.value == value and f.unit == unit)


def test_the_whole_city_is_no_county_and_a_bare_verb_counts_what_the_plan_named(baotou: list[Figure]) -> None:
    """'全市已开工158个,其中昆都仑区52个…': 158 is the city's (全市 is 全 + 市, not a county) and counts
    the 老旧小区 the plan named, not the list part after it ('已开工开工')."""
    started = _by(baotou, 158, "个")
    assert started.county == "" and started.indicator == "已开工老旧小区", started
    assert _by(baotou, 236, "个").county == ""


def test_a_banners_long_name_keeps_its_place_in_the_list(baotou: list[Figure]) -> None:
    part = _by(baotou, 2.4, "万亩")
    assert part.county == "达尔罕茂明安联合旗" and part.project == "高标准农田建设", part
    assert _by(baotou, 1.6, "万亩").county == "九原区"


def test_a_raised_standard_names_what_it_measures_not_what_it_is_per(baotou: list[Figure]) -> None:
    assert _by(baotou, 850, "元").indicator == "城市低保标准"
    assert _by(baotou, 810, "元").indicator == "原城市低保标准"  # what it was raised from


def test_each_reporters_question_names_the_list_its_answer_gives(baotou: list[Figure]) -> None:
    """A new reporter's question that does not open '请问' still sets the answer's topic."""
    assert _by(baotou, 41.2, "公里").project == "燃气管道改造"
    assert _by(baotou, 1200, "户").project.startswith("户厕改造")  # (…已完成: the done ones)


def test_a_bare_stage_after_a_change_counts_what_the_figure_before_the_change_named() -> None:
    """'已开工356处,较4月底的298处增加58处;完工203处': 完工 counts the 农村供水工程, named before the change."""
    text = _transcript(
        "承德市2021年5月民生工程推进情况新闻发布会(第二场)", "市水务局局长骆某某",
        "一、农村饮水安全巩固提升。年内全市实施农村供水工程412处。截至5月底,已开工356处,较4月底的298处增加58处;完工203处。\n",
    )
    figures = extract_figures(parse_transcript("承德市2021年5月民生工程发布会.txt", text))
    assert _by(figures, 203, "处").indicator == "完工农村供水工程"


def test_a_number_after_a_date_alone_measures_what_the_number_before_it_did() -> None:
    """'背街小巷整治年度目标30条,截至8月底21条': 21 is 背街小巷整治's progress, not a measure '截至8月底'."""
    text = _transcript(
        "安庆市2024年9月民生实事新闻发布会", "市城管局局长何某某",
        "一、背街小巷整治。背街小巷整治年度目标30条,截至8月底21条,完成率70%。\n",
    )
    figures = extract_figures(parse_transcript("安庆市2024年9月民生实事新闻发布会.txt", text))
    assert _by(figures, 21, "条").indicator == "背街小巷整治"


def test_counties_with_their_numbers_then_counties_sharing_one_are_one_list() -> None:
    """'其中信都区2所、…威县2所,任泽区、南和区、…临西县各1所': ten counties, 南和区 whole (its 和 is no join)."""
    text = "今年14所中小学项目分布在10个县(市、区),其中信都区2所、襄都区2所、宁晋县2所、威县2所,任泽区、南和区、沙河市、南宫市、清河县、临西县各1所。"
    lists = county_lists(text)
    assert len(lists) == 1 and [i.county for i in lists[0]][3:6] == ["威县", "任泽区", "南和区"], lists
    assert sum(i.value for i in lists[0]) == 14


def test_two_lists_in_one_sentence_stay_two() -> None:
    text = "城镇新增就业完成较好的是双桥区和平泉市,分别完成0.31万人和0.19万人,全市新增转移就业1.05万人,其中丰宁县0.16万人、围场县0.15万人。"
    assert [[i.county for i in items] for items in county_lists(text)] == [["双桥区", "平泉市"], ["丰宁县", "围场县"]]


def test_a_second_item_with_its_own_verb_shares_only_the_plan_not_the_first_verb() -> None:
    """'年内计划新开工棚改安置房2680套、基本建成1460套。截至目前，新开工2315套，基本建成1092套。':
    1460 is what is planned to be 基本建成 (not '新开工基本建成'), and 2315 is what has 新开工."""
    text = _transcript(
        "承德市2023年7月民生工程推进情况新闻发布会", "市住建局局长池某某",
        "二是棚户区改造。年内计划新开工棚改安置房2680套、基本建成1460套。截至目前，新开工2315套，基本建成1092套。\n",
    )
    figures = {f.value: f for f in extract_figures(parse_transcript("承德市2023年7月.txt", text))}
    assert figures[1460].indicator == "年内计划基本建成" and figures[1460].kind == "target", figures[1460]
    assert "基本建成" not in figures[2315].indicator and "新开工" in figures[2315].indicator, figures[2315]


def test_counties_each_with_two_measures_form_one_list_of_the_first() -> None:
    """'分县区看,定边县开工14处、完工11处,…横山区开工10处、已全部完工,子洲县开工7处、完工3处': one list
    of 开工 by county (a speaker's '分县区看' is no rewritten table), and each 完工 its county's own."""
    text = _transcript(
        "榆林市2023年8月民生实事推进情况新闻发布会", "市水利局局长贺某某",
        "一是农村供水保障工程。年内计划实施农村供水工程86处。截至8月底,已开工81处;完工58处。"
        "分县区看,定边县开工14处、完工11处,靖边县开工12处、完工9处,横山区开工10处、已全部完工,子洲县开工7处、完工3处。\n",
    )
    figures = extract_figures(parse_transcript("榆林市2023年8月.txt", text))
    started = {f.county: f for f in figures if f.group}
    assert set(started) == {"定边县", "靖边县", "横山区", "子洲县"}, figures
    assert all(f.indicator.startswith("开工") for f in started.values()), started
    finished = {f.county: f.value for f in figures if not f.group and f.county}
    assert finished == {"定边县": 11, "靖边县": 9, "子洲县": 3}, figures
    assert all("开工" not in f.indicator for f in figures if not f.group and f.county), figures


def test_a_change_since_a_month_end_is_dated_by_the_conference_and_this_number_skips_a_target() -> None:
    """'比4月底增加620套' is May's change, not a value as of April; '新增就业3.52万人,完成年度目标3.8万人
    的92.6%,8月底这一数字为3.11万人': 3.11 is 城镇新增就业 as of August, not the target's."""
    text = _transcript(
        "宝鸡市2024年9月民生实事推进情况新闻发布会", "市人社局副局长孙某某",
        "一、棚户区改造。截至9月底,已开工2856套,比8月底增加620套。\n",
        "二、就业。1至9月,全市城镇新增就业3.52万人,完成年度目标3.8万人的92.6%,8月底这一数字为3.11万人。\n",
    )
    figures = {f.value: f for f in extract_figures(parse_transcript("宝鸡市2024年9月.txt", text))}
    assert figures[620].as_of == figures[2856].as_of == "2024-09-30", figures[620]
    assert figures[3.11].indicator == figures[3.52].indicator and figures[3.11].kind != "target", figures[3.11]
    assert figures[3.11].as_of == "2024-08-31"
