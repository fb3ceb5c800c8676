"""Scope: a question that names a city, year, month or session is answered only from those conferences."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest.build import build_knowledge
from bot.qa import Engine
from tests.conftest import SEED_DIR, knowledge_files

# Another city, another year, the same kinds of project as the seed (棚改, 老旧小区) with other numbers.
BAODING = """保定市2022年3月民生实事项目推进情况新闻发布会
主持人：各位记者朋友，大家好！出席今天发布会的有：保定市住建局局长韩志刚。下面请韩志刚局长介绍。
保定市住建局局长 韩志刚：
一、棚户区改造。2022年全市计划新开工棚改安置住房6000套。
二、老旧小区改造。全年计划改造老旧小区210个，截至3月底，已开工老旧小区131个。
主持人：发布会到此结束。
"""

# A news write-up: attendees in one sentence of a paragraph, speeches reported ('据X介绍').
XINGTAI_NEWS = """邢台市召开2023年民生工程推进情况新闻发布会
本报讯 8月24日上午，邢台市政府新闻办公室召开2023年民生工程推进情况新闻发布会。市住建局局长邵海川，市教育局副局长詹淑敏出席发布会，介绍有关情况并回答记者提问。
据邵海川介绍，2023年全市计划改造城镇老旧小区312个，截至7月底，已开工老旧小区296个。
据詹淑敏介绍，2023年全市计划新建公办幼儿园24所，截至7月底，已开工19所。
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    directory = tmp_path_factory.mktemp("cities")
    (directory / "保定市2022年3月民生实事发布会文字实录.txt").write_text(BAODING, encoding="utf-8")
    (directory / "2023-08-邢台民生工程新闻报道.txt").write_text(XINGTAI_NEWS, encoding="utf-8")
    knowledge, _ = build_knowledge([*knowledge_files(SEED_DIR), *sorted(directory.glob("*.txt"))])
    return Engine(knowledge)


def ask(engine: Engine, question: str):
    return engine.answer(question)[0]


@pytest.mark.parametrize(
    ("question", "wanted", "unwanted"),
    [
        ("保定老旧小区开工多少个了", "131个", "296个"),
        ("邢台老旧小区开工多少个了", "296个", "131个"),
        ("邢台2023年计划建几所公办幼儿园", "24所", "10个"),
        ("2021年棚改开工了多少套", "4433套", "6000套"),
        # the conference named in words that are no part of the topic
        ("保定2022年3月发布会上老旧小区开工多少个了", "131个", "296个"),
        ("邢台老旧小区开工多少个了(8月那场发布会说的)", "296个", "131个"),
        ("承德2021年4月第一场发布会上棚改开工了多少套", "4433套", "6000套"),
    ],
    ids=["city-baoding", "city-xingtai", "city-and-year", "year-only", "conference-words", "that-conference", "session"],
)
def test_a_named_city_or_year_is_answered_from_its_own_conferences(engine, question, wanted, unwanted):
    answer = ask(engine, question)
    assert answer.found and wanted in answer.text and unwanted not in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "held"),
    [("保定2021年棚改开工多少套", "保定市2022年3月"), ("2019年棚改开工多少套", "承德市2021年4月"), ("唐山市老旧小区开工多少个", "")],
    ids=["held-city-unheld-year", "unheld-year", "unheld-city"],
)
def test_a_scope_the_knowledge_lacks_is_not_found_and_says_what_it_holds(engine, question, held):
    answer = ask(engine, question)
    assert not answer.found, answer.text
    assert held in answer.text


def test_a_rate_never_divides_one_citys_progress_by_anothers_target(engine):
    # 保定 has a 棚改 target and no progress; 承德's 4433套 must not be divided by 保定's 6000套.
    for question in ("保定棚改新开工完成了百分之几", "棚改开工完成率是多少"):
        text = ask(engine, question).text
        assert not ("6000套" in text and "4433套" in text), text


def test_the_source_label_names_the_city(engine):
    answer = ask(engine, "保定老旧小区开工多少个了")
    assert "2022年3月保定市" in answer.sources[0].conference


def test_a_news_report_names_its_attendees_in_one_sentence(engine):
    speakers = {s.name: s.department for s in engine.knowledge.speakers}
    assert speakers.get("邵海川") == "市住建局" and speakers.get("詹淑敏") == "市教育局"
    answer = ask(engine, "邢台幼儿园开工了几所")
    assert "19所" in answer.text and "詹淑敏" in answer.text, answer.text


@pytest.mark.parametrize(
    "question",
    ["棚改基本建成比上个月多了多少套", "棚改基本建成跟4月底比多了多少套", "棚改基本建成这一个月完成了多少套"],
    ids=["last-month", "versus-april", "this-month"],
)
def test_a_change_in_any_phrasing_pairs_the_two_reports(may_engine, question):
    answer = may_engine.answer(question)[0]
    assert answer.found and "189套" in answer.text, answer.text


def test_a_two_digit_year_is_a_year(engine):
    answer = ask(engine, "22年保定老旧小区开工多少个了")
    assert answer.found and "131个" in answer.text, answer.text
    assert not ask(engine, "19年棚改开工多少套").found


def test_who_reported_for_a_department_is_limited_to_the_named_conference(may_engine):
    # Both months have a 住建局 report by the same person; a named month lists only its own.
    answer = may_engine.answer("5月住建局是谁发布的")[0]
    assert answer.found and answer.text.count("住建局") == 1, answer.text


def test_a_rate_divides_progress_by_the_target_of_the_same_verb(seed_engine):
    # 基本建成 6 projects / 513套: never divided by the 17 projects to 新开工.
    answer = seed_engine.answer("4月份棚改基本建成率是多少")[0]
    assert "÷ 17个" not in answer.text, answer.text


def test_a_month_named_as_of_is_the_report_that_gives_figures_as_of_it(tmp_path):
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "唐山劳动日报-2024年4月唐山市一季度民生工程进展报道.txt", (
        "唐山市召开2024年一季度民生工程进展新闻发布会\n市住建局副局长孙立伟出席发布会。\n"
        "据孙立伟介绍,今年全市计划新开工棚户区改造安置房3200套。截至3月底,全市棚改安置房新开工1140套。\n"
    ))
    answer = engine.answer("唐山到3月底棚改新开工多少套")[0]
    assert answer.found and "1140套" in answer.text, answer.text


def test_a_road_code_names_its_item(tmp_path):
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "2021-07-民生工程7月推进情况-第三场.txt", (
        "出席本场发布会的有:市交通运输局局长韩绍峰。\n下面请市交通运输局局长韩绍峰同志做发布;\n"
        "二是国省干线改造提升。截至6月底,国道G112线承德县至平泉段改建工程已完成工程量的45%,省道S354线隆化段改建工程完成62%。\n"
    ))
    assert "62%" in engine.answer("S354呢")[0].text
    assert "45%" in engine.answer("G112线改建工程弄到啥程度了")[0].text


def test_a_question_about_a_named_conference_itself_is_not_too_vague(engine):
    """'4月那场发布会哪个媒体提问了': the scope words name the conference the question is about."""
    answer = ask(engine, "承德4月那场发布会哪个媒体提问了")
    assert answer.found and "和合承德网" in answer.text, answer.text


def test_a_department_that_did_not_report_at_the_named_conference_is_not_answered_from_another(engine):
    """'邢台…发布会上,市住建局通报了哪些内容' is not 保定's 住建局 (the worst answer: another city's)."""
    answer = ask(engine, "保定2022年3月发布会上,市教育局通报了哪些内容")
    assert "詹淑敏" not in answer.text and "24所" not in answer.text, answer.text


@pytest.mark.parametrize(
    "question",
    ["保定2022年3月和邢台2023年8月发布会,老旧小区各开工了多少个", "老旧小区开工数,保定2022年和邢台2023年分别是多少个"],
    ids=["each-part-its-own-scope", "subject-said-once-before"],
)
def test_two_scopes_side_by_side(engine, question):
    """Each part is answered in its own scope; the whole question names no one conference."""
    answer = ask(engine, question)
    assert answer.found and "131个" in answer.text and "296个" in answer.text, answer.text


def test_a_city_before_a_level_of_government_leaves_the_level_in_the_topic(seed_engine):
    """'承德到5月底市级…' reads 承德 | 市级 once the date is left out: the city goes, 市级 stays."""
    from bot.qa.understand import understand

    query = understand("承德截至4月底市级远程影像诊断多少例", seed_engine.lexicon, seed_engine.speller)
    assert "市级" in query.topic and "月底" not in query.topic and "截至" not in query.topic, query.topic
    query = understand("承德市级远程影像诊断多少例", seed_engine.lexicon, seed_engine.speller)
    assert "市级" in query.topic, query.topic


def test_a_department_that_did_not_speak_at_the_conference_asked_about_is_not_found(tmp_path):
    """'…2024年第二场发布会上文旅局通报了什么' when 文旅 reported only in 2021: not found, saying so;
    a department that did speak there, named another way ('住建局' for 市住房和城乡建设局), is answered."""
    from tests.qa.invented import engine_over, transcript

    engine = engine_over(tmp_path, {
        "承德市2021年4月民生工程发布会.txt": transcript(
            "承德市2021年4月民生工程推进情况新闻发布会(第一场)", "市旅游和文化广电局局长唐某某",
            "一、文化惠民工程。今年计划送戏下乡1200场,已完成360场。\n",
        ),
        "承德市2024年6月民生工程发布会.txt": transcript(
            "承德市2024年6月民生工程推进情况新闻发布会(第二场)", "市住房和城乡建设局局长韩某某",
            "一、老旧小区改造。今年计划改造老旧小区120个,已开工86个。\n",
        ),
    })
    answer = engine.answer("承德2024年第二场发布会上旅文局通报了什么")[0]
    assert not answer.found and "没有发布" in answer.text, answer.text
    answer = engine.answer("承德2024年第二场发布会上文旅局通报了什么")[0]  # a name the knowledge lacks
    assert not answer.found and "文旅局" in answer.text.split("\n")[0], answer.text
    answer = engine.answer("承德2024年第二场发布会上住建局说老旧小区开工了多少个")[0]
    assert answer.found and "86个" in answer.text, answer.text


def test_a_department_is_the_one_of_that_name_that_spoke_where_the_question_is_limited_to(tmp_path):
    """'九江城管局' is 九江市城市管理局, which spoke in 九江; '市城管局' (承德's) first matched the name."""
    from tests.qa.invented import engine_over, transcript

    engine = engine_over(tmp_path, {
        "承德市2023年3月民生工程发布会.txt": transcript(
            "承德市2023年3月民生工程推进情况新闻发布会(第一场)", "市城管局局长王某某",
            "一、城市公厕。今年计划新建公厕40座,已完成12座。\n",
        ),
        "九江市2023年8月民生实事新闻发布会.txt": transcript(
            "九江市2023年8月民生实事进展情况新闻发布会", "九江市城市管理局局长舒某某",
            "(一)公共停车泊位。今年计划新增公共停车泊位8000个,截至7月底已新增5260个。\n",
        ),
    })
    answer = engine.answer("九江城管局今年的民生实事有哪几项任务")[0]
    assert answer.found and answer.kind == "items" and "停车泊位" in answer.text and "公厕" not in answer.text, answer.text


def test_a_county_only_one_held_city_speaks_of_names_that_city(tmp_path) -> None:
    """'红花岗区幼儿园在建学位几个' names no city, but only 遵义's conference has 红花岗区: the answer is
    遵义's figure, never another city's list of 学位 that 红花岗区 is 'missing' from."""
    from tests.qa.invented import engine_over, transcript

    engine = engine_over(tmp_path, {
        "遵义市2022年7月民生实事发布会.txt": transcript(
            "遵义市2022年7月民生实事推进情况新闻发布会", "市教育局副局长王某某",
            "一、项目开工。已开工改扩建公办幼儿园23所,在建学位7100个,其中红花岗区1320个、汇川区980个、播州区760个。\n",
        ),
        "株洲市2024年10月民生实事发布会.txt": transcript(
            "株洲市2024年10月民生实事推进情况新闻发布会", "市教育局副局长陈某某",
            "一、幼儿园新增学位。今年新建、改扩建幼儿园在建项目9个,其中中心城区4个、醴陵市2个、攸县1个、茶陵县1个。\n",
        ),
    })
    answer, _ = engine.answer("紅花崗區幼兒園在建學位幾個")
    assert answer.found and "1320个" in answer.text, answer.text
    assert "株洲" not in answer.text and "醴陵" not in answer.text, answer.text
    # a city named in the question still rules: 株洲 holds no 红花岗区
    answer, _ = engine.answer("株洲红花岗区新增学位多少个")
    assert "1320" not in answer.text, answer.text
