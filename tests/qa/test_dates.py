"""Two conferences (seed April + fictional May sample): latest by default, a named month, changes."""

from __future__ import annotations

import pytest

from bot.qa import Engine
from tests.conftest import MAY_AS_OF, SEED_AS_OF, head

APRIL, MAY = "2021年4月底", "2021年5月底"

# (question, words the direct answer must hold, words it must not, the as-of date of the figure used)
DATED = [
    # latest by default, and the answer says which date
    pytest.param("凤凰山大桥进度", ("90%", MAY), ("75%",), MAY_AS_OF, id="latest-bridge"),
    pytest.param("城镇登记失业率", ("3.85%", MAY), ("3.88",), MAY_AS_OF, id="latest-unemployment-rate"),
    pytest.param("城镇新增就业多少人", ("2.3万人", MAY), ("1.8",), MAY_AS_OF, id="latest-new-jobs"),
    pytest.param("现在老旧小区开工了几个项目", ("96个", MAY), (), MAY_AS_OF, id="latest-现在"),
    pytest.param(
        "棚户区已开工多少套安置房", ("4500套", MAY), ("4433",), MAY_AS_OF, id="latest-housing-worded-differently"
    ),
    # a figure only April has is still answered, with April's date
    pytest.param("文艺团体培育了几支", ("43支", APRIL), (), SEED_AS_OF, id="april-only-figure"),
    # a figure only May has
    pytest.param("异地就医直接结算定点医疗机构有多少家", ("210家", MAY), (), MAY_AS_OF, id="may-only-figure"),
    pytest.param("会龙山隧道进洞施工多少米", ("50米",), (), MAY_AS_OF, id="may-only-metres"),
    # a named month answers that month
    pytest.param("4月份凤凰山大桥完成了多少", ("75%", APRIL), ("90%",), SEED_AS_OF, id="april-bridge"),
    pytest.param("4月的城镇登记失业率", ("3.88%", APRIL), ("3.85",), SEED_AS_OF, id="april-rate"),
    pytest.param("四月份失业率多少", ("3.88%",), ("3.85",), SEED_AS_OF, id="april-in-chinese-numerals"),
    pytest.param("五月份失业率多少", ("3.85%",), ("3.88",), MAY_AS_OF, id="may-in-chinese-numerals"),
    pytest.param("截至4月底老旧小区开工了几个项目", ("5个", APRIL), ("96",), SEED_AS_OF, id="april-old-compounds"),
    pytest.param("4月棚户区已开工多少套安置房", ("4433套", APRIL), ("4500",), SEED_AS_OF, id="april-month-before-topic"),
]


@pytest.mark.parametrize(("question", "expected", "absent", "as_of"), DATED)
def test_dated_figure(may_engine: Engine, question: str, expected: tuple[str, ...], absent: tuple[str, ...], as_of: str) -> None:
    answer, _ = may_engine.answer(question)
    assert answer.found, answer.text
    text = head(answer)
    for word in expected:
        assert word in text, f"{word!r} missing from {text!r}"
    for word in absent:
        assert word not in text, f"{word!r} should not be in {text!r}"
    assert answer.sources[0].date == as_of


CHANGES = [
    pytest.param("城镇新增就业比4月增加了多少", ("0.5万人", "2.3万人", "1.8万人"), id="new-jobs"),
    pytest.param("失业人员再就业比4月增加了多少", ("0.16万人", "0.71万人", "0.55万人"), id="re-employed"),
    pytest.param("职业培训人数比4月多了多少", ("1660人", "6180人", "4520人"), id="training"),
    pytest.param(
        "棚户区基本建成的安置房比4月增加了多少", ("189套", "702套", "513套"), id="built-homes"
    ),
    pytest.param(
        "承下线完成工程量比4月提高了多少", ("20", "80%", "60%"), id="road-percent-points"
    ),
]


@pytest.mark.parametrize(("question", "expected"), CHANGES)
def test_change_since_april_is_computed(may_engine: Engine, question: str, expected: tuple[str, ...]) -> None:
    answer, _ = may_engine.answer(question)
    assert answer.found and answer.kind == "change", answer.text
    text = head(answer)
    for word in expected:
        assert word in text, f"{word!r} missing from {text!r}"
    assert sorted(c.date for c in answer.sources) == [SEED_AS_OF, MAY_AS_OF]


def test_the_seed_alone_has_no_may(seed_engine: Engine) -> None:
    """Without the May file the same question is answered from April: the dates above come from the data."""
    answer, _ = seed_engine.answer("凤凰山大桥进度")
    assert "75%" in head(answer) and APRIL in head(answer)


@pytest.mark.parametrize("question", ["6月份失业率多少", "6月棚户区开工多少套"], ids=["june-rate", "june-housing"])
def test_a_month_without_a_conference_is_not_answered_from_another(may_engine: Engine, question: str) -> None:
    answer, _ = may_engine.answer(question)
    assert not answer.found or "6月" in head(answer), answer.text
    for wrong in ("3.85%", "3.88%", "4433", "4500"):
        assert wrong not in head(answer)


def test_a_computed_rate_uses_the_latest_figures(may_engine: Engine) -> None:
    answer, _ = may_engine.answer("医保服务站建成的占计划的几成")
    assert answer.found and answer.kind == "rate"
    text = head(answer)
    assert "42" in text and "126个" in text and "300个" in text


def test_a_county_breakdown_of_may(may_engine: Engine) -> None:
    answer, _ = may_engine.answer("围场县建了几个医保服务站")
    assert answer.found
    assert "28个" in head(answer) and "围场县" in head(answer)


@pytest.mark.parametrize("question", ["还没开工的中小学项目打算什么时候开工", "4月时没开工的那几个学校项目啥时候开工"])
def test_when_is_the_date_things_happen_not_the_date_figures_are_as_of(seed_engine, question):
    """'截止4月底,已开工项目7个' names a date too, but only '…6月份开工建设' says when."""
    answer = seed_engine.answer(question)[0]
    assert answer.found and "6月份" in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "wanted"),
    [("农村公路完工里程比4月底多了多少公里", "172公里"), ("农村自来水普及率和上个月比提高了几个百分点", "0.7个百分点"),
     ("新增公共停车泊位比4月底多了多少个", "1270个")],
    ids=["two-dates-one-sentence", "from-to", "than-april"],
)
def test_a_change_stated_inside_one_report_is_computed(tmp_path, question, wanted):
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "承德市2021年5月民生工程发布会.txt", (
        "承德市2021年5月民生工程推进情况新闻发布会\n出席本场发布会的有:市交通运输局局长贺建峰。\n请贺建峰同志做发布。\n"
        "一、农村公路提档升级。全市年内计划改造提升农村公路1200公里。截至4月底,已完工214公里;截至5月底,累计完工386公里。\n"
        "二、农村饮水。全市农村自来水普及率由4月底的91.6%提高到92.3%。\n"
        "三、停车设施。新增公共停车泊位4620个,比4月底的3350个有较大增长。\n"
    ))
    answer = engine.answer(question)[0]
    assert answer.found and wanted in answer.text, answer.text


def test_a_change_since_the_start_of_the_year_is_read_from_its_sentence(tmp_path):
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "承德市2022年4月民生工程发布会.txt", (
        "承德市2022年4月民生工程推进情况新闻发布会\n出席本场发布会的有:市卫健委主任周明远。\n请周明远同志做发布。\n"
        "三、家庭医生签约服务。全市组建家庭医生团队1268个,重点人群签约率由年初的71.4%提高到76.8%,年底前力争达到80%以上。\n"
    ))
    answer = engine.answer("家庭医生重点人群签约率比年初提高了几个百分点")[0]
    assert answer.found and "5.4个百分点" in answer.text and "1268个" not in answer.text.split("\n")[0], answer.text


@pytest.mark.parametrize(("question", "wanted"), [
    pytest.param("跨省门诊直接结算的定点医疗机构9月底比8月底多了多少家", "87家", id="two-months-named"),
    pytest.param("2022年10月发布会上,定点医疗机构比8月底多了多少家", "87家", id="conference-month-is-not-a-figure-month"),
])
def test_a_change_between_two_named_months(tmp_path, question, wanted):
    """'8月底…为1177家。截至9月底,这一数字达到1264家': the later month is the new figure, and a total
    then and progress now count the same stock."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "唐山市2022年10月民生工程发布会.txt", (
        "唐山市2022年10月民生工程推进情况新闻发布会\n出席本场发布会的有:市医保局副局长苗晓岚。\n请苗晓岚同志做发布。\n"
        "二是异地就医直接结算。8月底,全市开通跨省门诊费用直接结算的定点医疗机构为1177家。"
        "截至9月底,这一数字达到1264家,覆盖所有县(市、区)。\n"
    ))
    answer = engine.answer(question)[0]
    assert answer.found and answer.kind == "change" and wanted in answer.text, answer.text
    assert "机构为" not in answer.text.split("\n")[0]


def test_the_newest_statement_of_a_result_is_a_result_of_any_heading(tmp_path):
    """May names its items by their own headings ('二、基层文艺团体培育') where April put them under
    the programme: the newest result is still the answer, and May's restated plan never is."""
    from bot.ingest.build import build_knowledge

    april = tmp_path / "承德市2021年4月民生工程发布会.txt"
    april.write_text(
        "承德市2021年4月民生工程推进情况新闻发布会\n出席本场发布会的有:市旅游和文化广电局局长唐秋华。\n请唐秋华同志做发布。\n"
        "一、文化惠民工程。今年计划培训乡村(社区)文艺骨干1000名,培育乡村基层文艺团体100支。"
        "截至4月底,已完成乡村(社区)文艺骨干培训560名,已培育乡村基层文艺团体43支。\n", encoding="utf-8")
    may = tmp_path / "承德市2021年5月民生工程发布会.txt"
    may.write_text(
        "承德市2021年5月民生工程推进情况新闻发布会\n出席本场发布会的有:市旅游和文化广电局局长唐秋华。\n请唐秋华同志做发布。\n"
        "一、文化惠民工程。今年我局承担的任务是:培训乡村文艺骨干1000名;培育100支乡村基层文艺团体。\n"
        "二、基层文艺团体培育。截至5月底,已培育乡村基层文艺团体71支。\n"
        "三、文艺骨干培训提前完成全年任务。截至5月底,已完成乡村文艺骨干培训1024名。\n", encoding="utf-8")
    knowledge, _ = build_knowledge([april, may])
    engine = Engine(knowledge)
    for question, wanted in (("培育了多少支乡村文艺团体", "71支"), ("文艺骨干培训完成了多少名", "1024名")):
        first_line = engine.answer(question)[0].text.split("\n")[0]
        assert wanted in first_line, first_line


def test_a_value_a_conference_quotes_from_last_month_loses_to_its_own(tmp_path):
    """'截至8月底…开工率': 152 of 169, not last month's 131 quoted in the same sentence."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "承德市2021年9月民生工程发布会.txt", (
        "承德市2021年9月民生工程推进情况新闻发布会\n出席本场发布会的有:市住建局局长马德胜。\n请马德胜同志做发布。\n"
        "二、老旧小区改造工程。全市年内改造老旧小区项目169个。截至8月底,全市老旧小区改造已开工项目由上月的131个增加到152个。\n"
    ))
    answer = engine.answer("截至2021年8月底承德老旧小区改造的项目开工率是多少")[0]
    assert answer.found and "89.9%" in answer.text, answer.text


def test_a_month_no_figure_is_as_of_names_its_conference(tmp_path):
    """'承德2021年9月,围场县…有几支': no figure is as of September, but a September conference is
    held; its figures (as of August) answer, not nothing."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "承德市2021年9月民生工程推进情况新闻发布会(第一场).txt", (
        "承德市2021年9月民生工程推进情况新闻发布会\n出席本场发布会的有:市旅游和文化广电局局长周晓岚。\n请周晓岚同志做发布。\n"
        "截至8月底,培育乡村基层文艺团体87支。87支文艺团体中,双桥区9支、围场县12支、丰宁县10支。\n"
    ))
    answer = engine.answer("承德2021年9月,围场县培育的乡村文艺团体有几支")[0]
    assert answer.found and "12支" in answer.text.split("\n")[0], answer.text
