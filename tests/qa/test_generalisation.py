"""Behaviours found on transcripts the code was not written against, on a small invented one."""

from __future__ import annotations

import pytest

from bot.ingest.build import build_knowledge
from bot.qa import Engine
from tests.qa.invented import engine_for

TRANSCRIPT = """各位记者朋友:大家上午好!今天发布2022年民生工程6月推进情况。
出席本场发布会的有:市交通运输局局长郑国华;市民政局副局长周丽萍。
请市交通运输局局长郑国华同志做发布;
一是农村公路建设。年度目标新改建农村公路420公里,截至6月底已完成367.8公里。
二是5G基站配套。全年新建基站道路1800处,已建成1652处,其余148处正在施工。
请市民政局副局长周丽萍同志做发布;
全年计划建设社区养老服务中心48个,已建成36个,分别是双桥区12个、双滦区10个、承德县8个、兴隆县6个。
下面是记者提问环节。
承德日报:请问养老服务中心还有哪些县没有建完?
民政局副局长周丽萍答:尚未完成建设的是围场县、丰宁县和隆化县,预计年底前全部建成。
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    path = tmp_path_factory.mktemp("kb") / "2022-06-民生工程6月推进情况.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    knowledge, problems = build_knowledge([path])
    assert not [p for p in problems if p.severity == "error"]
    return Engine(knowledge)


CASES = [
    pytest.param("交通局局长叫啥", ("郑国华",), (), id="department-abbreviation"),
    pytest.param("农村公路完成了百分之多少", ("87.6%",), (), id="rate-from-target-and-progress"),
    pytest.param("基站道路完成率", ("91.8%",), ("148",), id="rate-ignores-what-is-left"),
    pytest.param("还剩多少公里农村公路没完成", ("52.2公里",), (), id="remaining-keeps-the-asked-unit"),
    pytest.param("养老服务中心没建完的是哪几个县", ("围场", "丰宁", "隆化"), (), id="counties-named-in-prose"),
    pytest.param("青龙县有养老服务中心吗", ("不在",), (), id="county-outside-the-list"),
    pytest.param("1到6月农村公路完成多少", ("367.8公里",), (), id="month-range-is-a-period"),
]


@pytest.mark.parametrize(("question", "expected", "absent"), CASES)
def test_answer(engine: Engine, question: str, expected: tuple[str, ...], absent: tuple[str, ...]) -> None:
    answer, _ = engine.answer(question)
    head = answer.text.split("来源", 1)[0]
    assert answer.found, answer.text
    for text in expected:
        assert text in answer.text, answer.text
    for text in absent:
        assert text not in head, answer.text


# A why/how question a reporter already asked is answered with the official's whole answer,
# even when the words that matter are in the question and the numbers in the speech.
QA_TRANSCRIPT = """各位记者朋友:大家上午好!今天发布2023年民生工程8月推进情况。
【市水务局副局长 林海涛】
全年计划改造农村供水管网260公里,截至8月底已完成198公里,完成投资1.1亿元。
主持人:下面请记者提问。
燕赵晚报记者:有的村子管网改造为什么比别的村慢?
【林海涛】
主要是部分山区村落施工道路狭窄,大型机械进不去。
我们调整了施工方案,改用小型设备分段作业,预计10月底前完工。
"""


@pytest.fixture(scope="module")
def qa_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_for(tmp_path_factory.mktemp("kb"), "2023-08-民生工程8月推进情况.txt", QA_TRANSCRIPT)


@pytest.mark.parametrize("question", ["管网改造为啥有的村慢", "有的村管网改造咋这么慢", "管網改造為什麼慢"])
def test_why_question_gets_the_answer_to_the_reporters_question(qa_engine: Engine, question: str) -> None:
    answer, _ = qa_engine.answer(question)
    assert answer.found and answer.kind == "passage", answer.text
    assert "施工道路狭窄" in answer.text and "小型设备" in answer.text, answer.text
    assert "林海涛" in answer.text, answer.text


def test_a_quantity_question_with_a_why_word_is_still_a_figure(qa_engine: Engine) -> None:
    answer, _ = qa_engine.answer("农村供水管网已经改造了多少公里")
    assert answer.kind == "figure" and "198公里" in answer.text, answer.text


# A county-level city named only in passing ('在迁安市试点') is still a place a question can ask
# about; a yes/no question about a county on no list says so, with the list.
PLACES_TRANSCRIPT = """各位记者朋友:大家上午好!今天发布2022年民生工程10月推进情况。
【市城市管理局局长 卢文清】
全年计划新建城市公厕60座,截至10月底已建成52座,其中东川区20座、西岭区18座、南平县14座。
我们还在迁安市、北河县试点智慧公厕。
"""


@pytest.fixture(scope="module")
def places_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_for(tmp_path_factory.mktemp("kb"), "2022-10-民生工程10月推进情况.txt", PLACES_TRANSCRIPT)


@pytest.mark.parametrize("question", ["迁安市有新建城市公厕吗", "那迁安市有没有公厕", "北河县有新建公厕吗"])
def test_a_place_not_on_the_list_is_told_so(places_engine: Engine, question: str) -> None:
    answer, _ = places_engine.answer(question)
    assert answer.found and "不在" in answer.text, answer.text
    assert "东川区20座" in answer.text, answer.text


def test_a_place_on_the_list_gets_its_number(places_engine: Engine) -> None:
    answer, _ = places_engine.answer("西岭区有新建公厕吗")
    assert "18座" in answer.text and "不在" not in answer.text, answer.text


@pytest.mark.parametrize("question", ["零工市场能提供哪些服务", "市民能用吗"])
def test_words_ending_in_shi_are_not_places(places_engine: Engine, question: str) -> None:
    from bot.qa.understand import understand

    query = understand(question, places_engine.lexicon, places_engine.speller)
    assert query.place == "" and query.county == "", query


DEPARTMENTS_TRANSCRIPT = """各位记者朋友:大家上午好!今天发布2024年民生工程3月推进情况。
【市公安局交管支队支队长 罗志强】
交管支队今年牵头“城市交通畅行工程”,计划总投资9000万元,一季度完成投资2500万元。
【市交通运输局局长 邢立伟】
交通运输局牵头“农村公路提升工程”,全年计划总投资10亿元,一季度完成投资2.1亿元。
分县区完成情况如下:
县区 | 完成(公里)
东川县 | 18
西岭县 | 11
南平县 | 16
【市城市管理综合执法局副局长 丁慧】
全年计划新装路灯8000盏,一季度已完成2600盏。
"""


@pytest.fixture(scope="module")
def departments_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_for(tmp_path_factory.mktemp("kb"), "2024-03-民生工程3月推进情况.txt", DEPARTMENTS_TRANSCRIPT)


def test_a_named_department_picks_its_own_figure(departments_engine: Engine) -> None:
    answer, _ = departments_engine.answer("交通局一季度完成投资多少")
    assert "2.1亿" in answer.text and "2500万" not in answer.text.split("来源")[0], answer.text


@pytest.mark.parametrize("form", ["城管局", "城管执法局", "城市管理综合执法局"])
def test_department_abbreviations(departments_engine: Engine, form: str) -> None:
    assert departments_engine.lexicon.departments.get(form) == "市城市管理综合执法局"


def test_short_department_keeps_the_cheng_of_chengshi() -> None:
    from bot.ingest.transcript import short_department

    assert short_department("市城市管理综合执法局") == "城市管理综合执法局"
    assert short_department("承德市住建局") == "住建局"
    assert short_department("市场监督管理局") == "市场监督管理局"


@pytest.mark.parametrize(
    ("question", "expected"),
    [("农村公路哪个县修得最多", "最多的是东川县（18公里）"), ("哪个县农村公路修得最少", "最少的是西岭县（11公里）")],
)
def test_which_county_most(departments_engine: Engine, question: str, expected: str) -> None:
    answer, _ = departments_engine.answer(question)
    assert answer.kind == "counties" and expected in answer.text, answer.text


def test_who_presented_a_topic_said_casually(departments_engine: Engine) -> None:
    answer, _ = departments_engine.answer("路灯的事是谁介绍的")
    assert answer.kind == "who" and "丁慧" in answer.text, answer.text


RATES_TRANSCRIPT = """各位记者朋友:大家上午好!今天发布2022年民生工程11月推进情况。
【市交通运输局副局长 米振东】
全年计划新改建农村公路400公里,1至10月已完成330公里。农村公路列养率保持100%。
全年计划新建公交候车亭120个,已建成90个。
"""


@pytest.fixture(scope="module")
def rates_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_for(tmp_path_factory.mktemp("kb"), "2022-11-民生工程11月推进情况.txt", RATES_TRANSCRIPT)


def test_a_stated_rate_of_another_measure_is_not_the_completion_rate(rates_engine: Engine) -> None:
    answer, _ = rates_engine.answer("农村公路完成了百分之几")
    assert "82.5%" in answer.text, answer.text


def test_the_stated_rate_asked_for_by_name_is_still_quoted(rates_engine: Engine) -> None:
    answer, _ = rates_engine.answer("农村公路列养率是多少")
    assert "100%" in answer.text, answer.text


def test_a_follow_up_about_another_topic_drops_the_first_topics_unit(rates_engine: Engine) -> None:
    _, context = rates_engine.answer("农村公路今年计划修多少公里")
    answer, _ = rates_engine.answer("那公交候车亭呢", context)
    assert "120个" in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "unit_class"),
    [("开工了多少处", "count:处"), ("发了几张", "count:张"), ("装了多少盏", "count:盏"), ("种了多少亩", "area"), ("建了几个", "count:个")],
)
def test_measure_words_say_what_is_counted(rates_engine: Engine, question: str, unit_class: str) -> None:
    from bot.qa.understand import understand

    assert understand(question, rates_engine.lexicon, rates_engine.speller).unit_class == unit_class



@pytest.mark.parametrize(
    ("question", "counted"),
    [("新开工多少套了", ""), ("新增多少学位了", "学位"), ("能新增多少学位(2024年)", "学位"), ("招了几名教师呢", "教师")],
)
def test_the_noun_counted_is_neither_a_measure_word_with_its_particle_nor_cut_by_a_year(
    rates_engine: Engine, question: str, counted: str
) -> None:
    """'新开工多少套了' counts in 套 and names no noun ('套了' is no thing counted); a year after the
    noun ends it."""
    from bot.qa.understand import understand

    assert understand(question, rates_engine.lexicon, rates_engine.speller).counted == counted

ANSWER_TRANSCRIPT = """各位记者朋友:大家上午好!今天发布2023年民生工程6月推进情况。
【市邮政管理局局长 程海洋】
全年计划建设村级寄递物流综合服务站1200个,已建成860个。
主持人:下面请记者提问。
云溪日报记者:服务站建起来以后,农村老百姓寄快递会更方便吗?
【程海洋】
会的。快递企业在乡村的配送成本平均下降了约30%。我们要求各村级站点公示收费标准,实行“同城同价”,不得另收进村费。发现乱收费的,群众可以拨打申诉电话反映。下一步,我们还将推动村级站点与电商平台合作,帮助农户把土特产直接从村里寄出去,让农产品出村进城的路子越走越宽。
"""


@pytest.fixture(scope="module")
def answer_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return engine_for(tmp_path_factory.mktemp("kb"), "2023-06-民生工程6月推进情况.txt", ANSWER_TRANSCRIPT)


def test_a_whether_question_answered_in_the_qa_gets_the_answers_sentences_around_the_best(answer_engine: Engine) -> None:
    answer, _ = answer_engine.answer("在村里寄快递会不会被多收钱")
    assert answer.kind == "passage" and "同城同价" in answer.text, answer.text


@pytest.mark.parametrize("question", ["教育局今年新建几所学校", "市教育局今年有什么项目"])
def test_a_department_the_knowledge_never_mentions_is_out_of_scope(answer_engine: Engine, question: str) -> None:
    answer, _ = answer_engine.answer(question)
    assert not answer.found and "没有" in answer.text and "教育局" in answer.text, answer.text


@pytest.mark.parametrize("question", ["已经建好的服务站在哪些县", "邮政管理局今年建了多少个服务站"])
def test_facilities_and_known_departments_are_not_unknown_departments(answer_engine: Engine, question: str) -> None:
    from bot.qa.understand import understand

    assert not understand(question, answer_engine.lexicon, answer_engine.speller).problem.startswith("department")


def test_people_counted_as_ren_and_ming_pair_for_a_rate(tmp_path) -> None:
    engine = engine_for(
        tmp_path,
        "2024-09-民生工程9月推进情况.txt",
        "【市卫健委副主任 石慧】\n全年计划为3.2万名适龄妇女开展宫颈癌筛查。截至9月底,已完成宫颈癌筛查2.71万人。\n"
        "今年计划新增智能快件箱1200组,已投用1046组。\n",
    )
    assert "84.7%" in engine.answer("宫颈癌筛查完成了百分之多少")[0].text
    assert "87.2%" in engine.answer("智能快件箱完成了百分之几")[0].text


def test_a_rate_pairs_progress_and_target_of_the_same_project(tmp_path) -> None:
    engine = engine_for(
        tmp_path,
        "2022-08-民生工程8月推进情况.txt",
        "【市交通运输局局长 常远】\n"
        "一是农村公路新改建。全年计划新改建农村公路480公里,已完成326公里。\n"
        "二是公路安全生命防护工程。已完成168公里。\n"
        "三是冷藏保鲜设施。今年支持新型经营主体建设冷藏保鲜设施150个,已建成118个。\n"
        "上半年城镇新增就业3.72万人。上半年为老年人免费体检41.7万人。\n",
    )
    assert "67.9%" in engine.answer("农村公路完成了百分之多少")[0].text
    assert "32个" in engine.answer("冷藏保鲜设施还差几个没建成")[0].text
    assert "3.72万" in engine.answer("上半年新增就业多少人")[0].text.split("来源")[0]


@pytest.mark.parametrize(
    ("question", "expected"),
    [("村里寄快递咋收费", "同城同价"), ("服务站先建哪些村", "")],
)
def test_za_is_how_and_which_first_is_a_passage_question(answer_engine: Engine, question: str, expected: str) -> None:
    from bot.qa.understand import understand

    query = understand(question, answer_engine.lexicon, answer_engine.speller)
    assert query.kind == "passage", query
    if expected:
        assert expected in answer_engine.answer(question)[0].text


def test_yes_no_about_a_county_against_a_list_in_prose(tmp_path) -> None:
    engine = engine_for(
        tmp_path,
        "2022-10-民生工程10月推进情况.txt",
        "【市体育局局长 关山月】\n全年计划建设体育公园6个,已建成4个。\n"
        "已建成的4个体育公园分别位于东川区、西岭县、南平县和北河县。\n"
        "全年计划新建健身步道80公里,已完成60公里,其中东川区20公里、崇礼区18公里、西岭县22公里。\n",
    )
    answer, _ = engine.answer("崇礼区有建成的体育公园吗")
    assert "没有崇礼区" in answer.text and "东川区" in answer.text, answer.text
    answer, _ = engine.answer("西岭县有建成的体育公园吗")
    assert "没有" not in answer.text.split("来源")[0] and "西岭县" in answer.text, answer.text


def test_places_listed_in_prose_are_known_counties(tmp_path) -> None:
    engine = engine_for(
        tmp_path,
        "2022-10-民生工程10月推进情况.txt",
        "【市体育局局长 关山月】\n全年计划建设体育公园6个,已建成4个。\n"
        "已建成的体育公园分别位于东川区、西岭县、南平县和北河县,涉及双桥区、双滦区的2个正在建设。\n",
    )
    counties = engine.lexicon.counties
    assert {"东川区", "西岭县", "南平县", "双桥区", "双滦区"} <= set(counties.values()), counties
    assert counties.get("西岭") == "西岭县"
    assert not any(name.startswith(("涉及", "位于")) for name in counties)


def test_how_long_asks_for_a_length(rates_engine: Engine) -> None:
    from bot.qa.understand import understand

    assert understand("中小河流今年总共要治理多长", rates_engine.lexicon, rates_engine.speller).unit_class == "length"


def test_a_list_after_from_the_distribution_and_a_works_rate(tmp_path) -> None:
    engine = engine_for(
        tmp_path,
        "2023-06-民生工程6月推进情况.txt",
        "【市水务局局长 许德言】\n第一项,农村供水工程。今年全市计划实施农村供水巩固提升工程132处,受益人口21.4万人。"
        "从分布上看,围场县31处、丰宁县27处、隆化县22处。截至6月底,已开工97处,完工58处,已完工工程惠及群众7.6万人。\n",
    )
    assert "27处" in engine.answer("丰宁那边农村供水工程有几处")[0].text
    assert "43.9%" in engine.answer("农村供水工程完工率是多少")[0].text


def test_one_character_counties_and_what_someone_does(tmp_path) -> None:
    engine = engine_for(
        tmp_path,
        "2024-10-民生工程10月推进情况.txt",
        "【市农业农村局局长 石云霞】\n今年高标准农田建设任务分布在3个县,分别是献县6.2万亩、河间市5.8万亩、沧县5.5万亩。\n",
    )
    answer, _ = engine.answer("青县有高标准农田任务吗")
    assert "不在" in answer.text and "献县6.2万亩" in answer.text, answer.text
    answer, _ = engine.answer("石云霞是干啥的")
    assert answer.kind == "who" and "市农业农村局" in answer.text, answer.text


@pytest.mark.parametrize("question", ["适老化改造具体改些啥", "老年食堂的钱从哪来", "服务站都有啥服务"])
def test_what_is_done_and_where_from_are_passage_questions(answer_engine: Engine, question: str) -> None:
    from bot.qa.understand import understand

    assert understand(question, answer_engine.lexicon, answer_engine.speller).kind == "passage"


def test_a_why_question_about_a_county_is_not_a_county_list_question(tmp_path) -> None:
    engine = engine_for(
        tmp_path,
        "2023-07-民生工程7月推进情况.txt",
        "【市教育局局长 薛文涛】\n全年计划新建幼儿园9所,其中东川县3所、西岭县5所、南平县1所。"
        "南平县的1所幼儿园因用地需要规划调整,预计9月开工。\n",
    )
    answer, _ = engine.answer("南平县那个幼儿园咋还没开工")
    assert answer.kind == "passage" and "规划调整" in answer.text, answer.text


def test_a_why_cue_as_written_decides_the_kind_whatever_the_speller_does(answer_engine: Engine) -> None:
    from bot.qa.understand import _kind

    assert _kind("改完以后谁来关", "改完以后谁来管") == "passage"





def test_a_word_is_found_where_the_segmenter_cut_it_otherwise():
    """A short field whose segmentation hid a word of the index ('改造老旧小区项目' → 改造|老旧|小区项目)
    still holds it, so a question's '老旧小区' finds it as well as a field where the word was cut out."""
    from bot.qa.terms import _add_words_segmented_otherwise

    hidden, plain, sentence = "改造老旧小区项目", "老旧小区", "全市年内改造老旧小区项目169个,惠及3.4万户城镇居民,涉及老旧小区的改造内容分为基础类、完善类和提升类三类"
    postings = {"改造": {0: 1.0}, "小区项目": {0: 1.0}, "老旧小区": {1: 1.0}}
    cache = {hidden: ("改造", "老旧", "小区项目"), plain: ("老旧小区",), sentence: ("改造",)}
    _add_words_segmented_otherwise([[(hidden, 1.0)], [(plain, 1.0)], [(sentence, 0.3)]], postings, cache)
    assert postings["老旧小区"] == {0: 1.0, 1: 1.0}  # a long sentence is left as it was cut




def test_a_level_of_government_picks_its_own_figure():
    """'县级…心电诊断' is the county centres' figure, never the city centre's of the same write-up
    (a fictional news write-up from a blind set, kept in tests/data/writeups)."""
    from pathlib import Path

    from bot.ingest.build import build_knowledge
    from bot.qa import Engine

    knowledge, _ = build_knowledge(sorted((Path(__file__).parent.parent / "data" / "writeups").glob("*.txt")))
    answer = Engine(knowledge).answer("张家口县级远程医疗中心做了多少例远程心电诊断")[0]
    first = answer.text.split("\n")[0]
    assert answer.found and "3.12万例" in first and "9350例" not in first, answer.text


def test_two_levels_summed_with_a_scope_in_front(seed_engine):
    """'2021年4月,市级和县级远程医疗中心…加起来': no unknown department '级和县级…中心', no county '和县'."""
    answer = seed_engine.answer("2021年4月,市级和县级远程医疗中心的远程影像诊断加起来一共多少例")[0]
    assert answer.found and "7152例" in answer.text, answer.text
