"""'哪项进展最快': the items one sentence names, ranked by the completion each one's own clause states."""

from __future__ import annotations

import pytest

from tests.qa.invented import engine_for, transcript

TRANSPORT = (
    "（虚构材料）\n出席本场发布会的有:市交通运输局局长贺建峰。\n请市交通运输局局长贺建峰同志做发布。\n"
    "市交通运输局今年牵头城乡交通便民工程,主要包括农村公路提档升级、城乡公交一体化、停车设施建设和重点交通项目建设4项工作。\n"
    "四、重点交通项目建设。年内重点推进承围高速连接线、武烈河三号桥和南山隧道3项工程。"
    "截至5月底,承围高速连接线完成工程量的45%,武烈河三号桥完成82%,南山隧道完成出口端洞门开挖。\n"
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return engine_for(tmp_path_factory.mktemp("ranking"), "2021-05-民生工程5月推进情况-第二场.txt", TRANSPORT)


@pytest.mark.parametrize("question", ["交通局那3项重点工程里哪个进度最快", "重点推进的那3项工程哪个最快"])
def test_the_item_furthest_along_is_named_with_the_others(engine, question):
    answer = engine.answer(question)[0]
    first = answer.text.split("\n")[0]
    assert answer.found and "武烈河三号桥" in first and "82%" in first, answer.text
    assert "承围高速连接线 45%" in answer.text and "南山隧道完成出口端洞门开挖" in answer.text, answer.text


def test_a_stated_count_chooses_the_list_of_that_many(engine):
    """'3项工程是哪些' is the list of three, not the department's four lines of work."""
    answer = engine.answer("交通局今年重点抓的3项工程是哪些")[0]
    assert answer.found and "共3项" in answer.text and "南山隧道" in answer.text, answer.text


def test_a_figure_named_for_another_project_loses_though_its_sentence_mentions_the_asked_one(seed_engine):
    """'10个幼儿园建设项目目前都已经开工建设…中小学建设工程分别是…': the 幼儿园 figure's sentence names
    中小学 too, but what it counts is 幼儿园; asked about 中小学, the 中小学 figure answers."""
    answer = seed_engine.answer("2021年4月承德中小学建设项目开工几个了")[0]
    assert answer.found and "7个" in answer.text.split("\n")[0], answer.text


def test_a_measure_word_after_how_many_is_not_part_of_the_topic(tmp_path):
    """'多少户户厕改造任务': 户 is how it is counted; the topic is 户厕改造 (jieba would read 户户 first)."""

    engine = engine_for(tmp_path, "宜昌市2022年5月民生实事新闻发布会.txt", transcript(
        "宜昌市2022年5月民生实事推进情况新闻发布会", "市城管执法委副主任胡某某",
        "一、停车泊位。分县区年度任务:西陵区2800个、伍家岗区2300个、夷陵区1700个、点军区700个。\n",
        "三峡日报记者:请问今年农村户厕改造的1.2万户是怎么分配到各县市区的?\n",
        "市农业农村局副局长邓某某:按照各地上报的需求,分别是夷陵区2300户、枝江市1800户、当阳市1700户。\n",
    ))
    answer = engine.answer("宜昌2022年夷陵区分到了多少户户厕改造任务？")[0]
    assert answer.found and "2300户" in answer.text.split("\n")[0] and "户厕" in answer.text.split("\n")[0], answer.text


@pytest.mark.parametrize(("question", "wanted", "not_wanted"), [
    ("棚戶區改造計劃建設多少套", "4500套", "1033套"),  # no stage named: the plain 建设 target
    ("棚户区改造计划基本建成多少套", "1033套", "4500套"),  # the stage named
])
def test_a_stage_the_question_does_not_name_is_a_narrower_measure(seed_engine, question, wanted, not_wanted):
    first = seed_engine.answer(question)[0].text.split("\n")[0]
    assert wanted in first and not_wanted not in first, first


def test_what_a_unit_counts_in_words_no_figure_uses_weighs_nothing(seed_engine):
    """'开工了多少套房子': 套 already says what is counted; '房子' (房屋) is in no figure, so as a topic
    word it would only weigh against every figure — by how rare it is elsewhere, which another
    city's transcript loaded beside the seed can change (the answer then fell below the bar)."""
    search = seed_engine.search
    query = seed_engine._ask("承德2021年棚改4月底开工了多少套房子")
    terms = search.question_terms(query, search.figure_index)
    assert "棚户区改造" in terms and not {"房子", "房屋"} & set(terms), terms
    # a counted word the figures do use is kept: it tells the figures apart ('回迁安置房')
    query = seed_engine._ask("承德2021年棚改4月底开工了多少套安置房")
    assert "安置" in search.question_terms(query, search.figure_index)


def test_what_is_done_answers_how_far_before_what_is_planned(tmp_path):
    """'滨河路南延干到哪一步了': both '年内实施…滨河路南延…3处' and '滨河路南延已完成路基工程' name it
    equally; the question asks how far it got, which only the second says."""
    engine = engine_for(tmp_path, "承德市2023年7月民生工程发布会.txt", transcript(
        "承德市2023年7月民生工程推进情况新闻发布会(第二场)", "市住建局局长池某某",
        "四是中心城区治堵工程。年内实施武烈河右岸路拓宽、滨河路南延和新建公共停车场3处。"
        "截至目前，武烈河右岸路拓宽完成工程量的65%；滨河路南延已完成路基工程，正在铺设雨污管线；3处停车场已有2处投入使用。\n",
    ))
    answer = engine.answer("2023年承德滨河路南延干到哪一步了")[0]
    assert answer.found and "路基工程" in answer.text.split("\n")[0], answer.text




def test_a_verb_then_its_object_is_found_said_the_other_way_round(tmp_path):
    """'今年计划改造老旧小区187个' answers '今年老旧小区改造几个' (not the '老旧小区改造开工率' beside it),
    with the seed loaded too (its project '老旧小区改造工程' makes 老旧小区改造 one word of the index)."""
    from bot.ingest.build import build_knowledge
    from bot.qa import Engine
    from tests.conftest import SEED_DIR, knowledge_files

    (tmp_path / "岳阳市2023年7月民生实事发布会.txt").write_text(transcript(
        "岳阳市2023年7月民生实事推进情况新闻发布会", "市住房和城乡建设局副局长易某某",
        "今年我市确定12件重点民生实事。截至6月底,老旧小区改造开工率达到81.3%。\n",
        "城市更新方面,易某某介绍,今年计划改造老旧小区187个,惠及居民3万2000户。截至6月底,已开工152个。\n",
    ), encoding="utf-8")
    knowledge, _ = build_knowledge([*knowledge_files(SEED_DIR), *tmp_path.glob("*.txt")])
    first = Engine(knowledge).answer("岳阳今年老旧小区改造几个")[0].text.split("\n")[0]
    assert "187个" in first, first
