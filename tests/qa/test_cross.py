"""Across projects: a sum of two stated figures with its inputs, two things side by side, a county's page."""

from __future__ import annotations

import pytest

from bot.ingest.build import build_knowledge
from bot.qa import Engine
from tests.conftest import SEED_DIR, knowledge_files
from tests.qa.invented import transcript

XINGTAI = """邢台市召开2023年民生工程推进情况新闻发布会
本报讯 8月24日上午，邢台市政府新闻办公室召开发布会。市教育局副局长詹淑敏，市人社局局长巩立国出席发布会。
据詹淑敏介绍，2023年全市计划新建公办幼儿园24所，新增学前教育学位7560个。
在中小学建设方面，今年全市计划新建、改扩建中小学18所，新增学位2.16万个。
据巩立国介绍，截至7月底，全市城镇登记失业率3.12%。
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> Engine:
    directory = tmp_path_factory.mktemp("cross")
    (directory / "2023-08-邢台民生工程新闻报道.txt").write_text(XINGTAI, encoding="utf-8")
    knowledge, _ = build_knowledge([*knowledge_files(SEED_DIR), *directory.glob("*.txt")])
    return Engine(knowledge)


def test_a_sum_of_two_figures_shows_both_inputs(engine):
    answer = engine.answer("邢台今年幼儿园和中小学加起来计划新增多少学位")[0]
    assert answer.found and "29160个" in answer.text, answer.text
    assert "7560个" in answer.text and "2.16万个" in answer.text


def test_a_sum_in_the_seed_keeps_its_unit(engine):
    answer = engine.answer("承德市级和县级远程影像诊断加起来一共多少例")[0]
    assert "7152例" in answer.text, answer.text


def test_two_cities_side_by_side_each_from_its_own_conference(engine):
    answer = engine.answer("承德2021年4月和邢台2023年的城镇登记失业率分别是多少")[0]
    assert "3.88%" in answer.text and "3.12%" in answer.text, answer.text
    assert "承德市" in answer.text and "邢台市" in answer.text


def test_a_countys_page_lists_every_project_that_names_it(seed_engine):
    answer = seed_engine.answer("兴隆县今年都有哪些民生项目")[0]
    assert answer.found and "兴隆县涉及" in answer.text, answer.text


def test_a_plain_word_after_a_term_is_not_spelt_into_another_term(engine):
    # '中小学加起来': 加 must not become 中 because '中小学中' happens to be a phrase of the knowledge.
    from bot.qa.understand import understand

    query = understand("幼儿园和中小学加起来多少学位", engine.lexicon, engine.speller)
    assert "加起来" in query.text


def test_one_countys_part_quotes_its_own_clause(seed_engine):
    answer = seed_engine.answer("兴隆县幼儿园项目有几个")[0]
    assert answer.found and "兴隆县2个" in answer.text, answer.text
    assert "滦平县1个" not in answer.text.split("来源")[1], answer.text


def test_items_named_and_counted_in_a_sentence_are_listed(seed_engine):
    """'我局年内完成承下线、凤凰山大桥拓宽改造和会龙山隧道贯通3项工程': '治堵工程包括哪几项' lists the three."""
    answer = seed_engine.answer("4月住建局说的治堵工程包括哪几项")[0]
    assert answer.found and answer.text.startswith("共3项"), answer.text
    for item in ("承下线", "凤凰山大桥拓宽改造", "会龙山隧道贯通"):
        assert item in answer.text


def test_items_counted_then_named_are_listed(tmp_path):
    """'年内实施4项工程,分别是A、B、C和D': the count first, then the items."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "承德市2024年6月民生工程发布会.txt", transcript(
        "承德市2024年民生工程6月推进情况新闻发布会(第二场)", "市住建局局长韩某某",
        "四、中心城区“治堵”工程。年内实施4项工程,分别是武烈河东岸路打通、滦河大街西延、冯营子互通立交和北大街雨污分流改造。"
        "目前,武烈河东岸路已完工通车,滦河大街西延正在进行路面铺装。\n",
    ))
    answer = engine.answer("2024年承德中心城区治堵工程有哪几项？")[0]
    assert answer.found and answer.text.startswith("共4项"), answer.text
    assert all(item in answer.text for item in ("武烈河东岸路打通", "滦河大街西延", "冯营子互通立交", "北大街雨污分流改造"))


def test_a_list_of_another_projects_items_is_not_the_answer(seed_engine):
    answer = seed_engine.answer("幼儿园建设包括哪几项")[0]
    assert "承下线" not in answer.text, answer.text


def test_two_places_after_their_subject_are_summed_for_that_subject(tmp_path):
    """'公厕建设任务里,洛龙区和涧西区加起来多少座': both places count 公厕建设任务."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "洛阳市2022年9月民生实事新闻发布会.txt", transcript(
        "洛阳市2022年9月民生实事推进情况新闻发布会", "市城市管理局副局长齐某某",
        "一、公厕建设。全年新建改造城市公厕120座,公厕建设任务在中心城区安排较为集中,"
        "其中涧西区14座、洛龙区18座、老城区12座。\n",
    ))
    answer = engine.answer("洛阳公厕建设任务里，洛龙区和涧西区加起来多少座？")[0]
    assert answer.found and "32座" in answer.text, answer.text


_BAOTOU = transcript(
    "包头市2022年6月民生实事推进情况新闻发布会", "市农牧局副局长张瑞峰",
    "第一,高标准农田建设。全市年度任务36.5万亩,截至5月底已完成12.8万亩,其中土默特右旗5.6万亩、固阳县3.2万亩、昆都仑区1.6万亩。\n",
    "第二,农村牧区户厕改造。截至5月底已完成3150户,其中土默特右旗1200户、固阳县860户、昆都仑区450户。\n",
    "第三,农村牧区供水。46处工程分别是:土默特右旗14处、固阳县11处、昆都仑区7处。\n",
    "包头日报记者:请问适老化改造改哪些内容?\n",
    "张瑞峰:主要是防滑、扶手和照明,已改造的土默特右旗139户、固阳县98户。\n",
)


@pytest.fixture(scope="module")
def baotou(tmp_path_factory) -> Engine:
    from tests.qa.invented import engine_for

    return engine_for(tmp_path_factory.mktemp("baotou"), "包头市2022年6月民生实事新闻发布会.txt", _BAOTOU)


@pytest.mark.parametrize("said", ["昆区", "昆都仑区"])
def test_a_long_district_name_is_known_by_its_short_form(baotou, said):
    answer = baotou.answer(f"{said}户厕改造完成了多少户")[0]
    first = answer.text.split("\n")[0]
    assert answer.found and "昆都仑区" in first and "450户" in first, answer.text


def test_a_county_asked_about_several_things_gets_each_of_them(baotou):
    answer = baotou.answer("包头土右旗在供水、农田、改厕上各有多少？")[0]
    reply = answer.text
    assert answer.found and all(v in reply for v in ("14处", "5.6万亩", "1200户")), reply


def test_a_countys_page_is_not_refused_for_a_question_word_a_reporter_used(baotou):
    """The reporter's '适老化改造改哪些内容' names no project '哪些': '都有哪些数字' still asks for the county's page."""
    answer = baotou.answer("固阳县在民生实事里都有哪些数字？")[0]
    assert answer.found and all(v in answer.text for v in ("3.2万亩", "860户", "11处", "98户")), answer.text
    assert "哪些" not in answer.text.split("\n", 1)[1], answer.text


def test_the_parts_of_a_whole_the_question_names_are_added_with_their_inputs(tmp_path):
    """'两癌筛查加起来一共筛了多少人': 宫颈癌 3.38万人 + 乳腺癌 2.71万人 = 6.09万人; a question naming one
    part gets that part; '加起来' over a plan of two stages (新开工, 基本建成) adds nothing."""
    from tests.qa.invented import engine_for, transcript

    engine = engine_for(tmp_path, "遵义市2022年7月民生实事发布会.txt", transcript(
        "遵义市2022年7月民生实事推进情况新闻发布会", "市卫生健康局局长田某",
        "一是农村适龄妇女“两癌”免费筛查。年度目标为宫颈癌筛查5.2万人、乳腺癌筛查4.8万人。截至6月底,完成宫颈癌筛查3.38万人,"
        "完成率65.0%;完成乳腺癌筛查2.71万人,完成率56.5%。\n",
        "二是棚户区改造。年内计划新开工棚改安置房2680套、基本建成1460套。\n",
    ))
    first = engine.answer("遵义两癌筛查加起来一共筛了多少人")[0].text.split("\n")[0]
    assert "6.09万人" in first and "3.38万人" in first and "2.71万人" in first, first
    first = engine.answer("遵义宫颈癌筛查加起来一共筛了多少人")[0].text.split("\n")[0]
    assert "3.38万人" in first and "6.09" not in first, first
    assert "4140" not in engine.answer("遵义棚改加起来计划多少套")[0].text


def test_the_projects_a_department_reported_are_listed_in_order(tmp_path):
    """'卫健局负责哪几块民生实事': the numbered items its official reported, not the city's total of 10件."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "遵义市2022年7月民生实事发布会.txt", (
        "遵义市2022年十件民生实事上半年推进情况发布会\n\n"
        "【市发展改革委副主任 陈某某】\n2022年，市委、市政府确定十件民生实事，计划总投资28.6亿元。\n\n"
        "【市卫生健康局局长 田某】\n一是农村适龄妇女“两癌”免费筛查。截至6月底，完成宫颈癌筛查3.38万人。\n"
        "二是家庭医生签约服务。重点人群签约服务覆盖率达到68.4%。\n三是基层医疗机构能力提升。计划投入资金5800万元。\n"
    ))
    first = engine.answer("遵义卫健局2022年负责哪几块民生实事")[0].text.split("\n")[0]
    assert "3项" in first and "两癌" in first and "家庭医生签约服务" in first and "基层医疗机构能力提升" in first, first
    assert "28.6亿元" not in first



@pytest.mark.parametrize(("question", "wanted"), [
    ("泰安10月进度滞后的两个子项目是哪两个？", ["既有住宅加装电梯", "东平县农村供水提升工程"]),
    ("泰安有几项民生实事进度落后了？是哪几项", ["既有住宅加装电梯", "东平县农村供水提升工程"]),
])
def test_items_counted_without_their_noun_then_named_are_listed(tmp_path, question, wanted):
    """'进度滞后的2个,分别是A和B。' / '2项滞后实事分别是A和B,主要受…影响': the two named, not a count."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "泰安市2022年10月民生实事发布会.txt", transcript(
        "泰安市2022年10月民生实事推进情况新闻发布会(第二场)", "市政府新闻办副主任孟某某",
        "今年市政府确定的20件民生实事共分解为56个子项目。截至10月底,已完成年度任务的41个,按序时进度推进的13个,"
        "进度滞后的2个,分别是既有住宅加装电梯和东平县农村供水提升工程。\n",
        "孟某某坦言,2项滞后实事分别是既有住宅加装电梯和东平县农村供水提升工程,主要受管材供应影响。\n",
    ))
    first = engine.answer(question)[0].text.split("\n")[0]
    assert all(w in first for w in wanted) and "56" not in first, first


def test_a_numbered_list_after_its_count_lists_every_item(tmp_path):
    """'【相关链接】2023年岳阳市4件重点民生实事:1.就业创业促进;2.…;4.…。': all four, in order."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "岳阳2023年民生实事上半年（岳阳日报）.txt", (
        "（虚构材料，仅用于测试）\n7月11日，市政府新闻办召开新闻发布会。市住房和城乡建设局副局长易某某出席发布会。\n\n"
        "据易某某介绍，今年计划改造老旧小区187个，截至6月底已开工152个。\n\n【相关链接】\n"
        "2023年岳阳市4件重点民生实事：1.就业创业促进；2.公办幼儿园建设；3.城镇老旧小区改造；4.城乡公交线路优化。\n"
    ))
    first = engine.answer("岳阳2023年4件重点民生实事都是哪些")[0].text.split("\n")[0]
    assert all(item in first for item in ("就业创业促进", "公办幼儿园建设", "城镇老旧小区改造", "城乡公交线路优化")), first


def test_the_same_question_of_three_cities_is_answered_for_each(tmp_path):
    """'承德、泰安、宝鸡三地老旧小区改造的年度计划分别是多少个': each city's own plan, each with its source."""
    from tests.qa.invented import engine_over

    engine = engine_over(tmp_path, {
        f"{city}市{year}年{month}月民生工程发布会.txt": transcript(
            f"{city}市{year}年{month}月民生工程推进情况新闻发布会", "市住房和城乡建设局局长某某某",
            f"一、老旧小区改造。今年全市计划改造老旧小区{plan}个,截至{month}月底已开工{plan - 20}个。\n",
        )
        for city, year, month, plan in (("承德", 2022, 5, 212), ("泰安", 2022, 10, 186), ("宝鸡", 2024, 9, 215))
    })
    answer = engine.answer("承德、泰安、宝鸡三地老旧小区改造的年度计划分别是多少个？")[0]
    assert answer.found and all(f"{n}个" in answer.text for n in (212, 186, 215)), answer.text


def test_two_quantities_asked_one_after_the_other_are_both_answered(tmp_path):
    """'泰安肥城市老旧小区计划改造多少个，完工多少个？': 29个 planned and 22个 finished, each its own figure;
    '新泰市计划35个,完工27个' in prose gives 新泰市 its 27 as progress."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "泰安市2022年10月民生实事发布会.txt", transcript(
        "泰安市2022年10月民生实事推进情况新闻发布会(第二场)", "市住房和城乡建设局副局长韩某某",
        "一、城镇老旧小区改造。今年全市计划改造老旧小区186个,完工142个。分区县看,计划改造分别是:泰山区52个、肥城市29个、新泰市35个;"
        "已完工分别是:泰山区41个、肥城市22个、新泰市27个。\n",
        "从各区县看,新泰市计划35个,完工27个;东平县计划15个,完工9个。\n",
    ))
    first = engine.answer("泰安肥城市老旧小区计划改造多少个，完工多少个？")[0].text.split("\n来源")[0]
    assert "29个" in first and "22个" in first, first
    first = engine.answer("泰安东平县老旧小区计划改造多少个，完工多少个？")[0].text.split("\n来源")[0]
    assert "15个" in first and "9个" in first, first
