"""One table per kind of question, in our own wordings, over the seed.

Each case asserts the answer was found and that the direct answer (the text before its source
line, which quotes the whole sentence and so would contain neighbouring numbers too) holds the
expected numbers or words, and none of the wrong neighbours.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.qa import Answer, Engine
from tests.conftest import head
from tests.qa.invented import engine_for, engine_over, transcript


@dataclass(frozen=True)
class Case:
    question: str
    expected: tuple[str, ...]  # every one must be in the direct answer
    absent: tuple[str, ...] = ()  # none may be
    any_of: tuple[str, ...] = ()  # at least one must be, when given


def check(engine: Engine, case: Case) -> Answer:
    answer, _ = engine.answer(case.question)
    text = head(answer)
    assert answer.found, answer.text
    assert text.strip(), answer.text
    for word in case.expected:
        assert word in text, f"{word!r} missing from {text!r}"
    for word in case.absent:
        assert word not in text, f"{word!r} should not be in {text!r}"
    if case.any_of:
        assert any(word in text for word in case.any_of), f"none of {case.any_of} in {text!r}"
    return answer


def bug(case: Case, reason: str, id: str):
    return pytest.param(case, id=id, marks=pytest.mark.xfail(reason=f"BUG: {reason}", strict=True))


# -- figures -------------------------------------------------------------------------------------

FIGURES = [
    pytest.param(Case("县级远程医疗中心影像诊断做了多少例", ("5202例",), ("1950",)), id="county-level-imaging"),
    pytest.param(Case("市级远程会诊有几例", ("会诊", "1例"), ("1950", "5202")), id="one-consultation"),
    pytest.param(Case("全市选派了多少名医师去乡镇卫生院帮扶", ("200名",)), id="doctors-sent"),
    pytest.param(Case("紧密型医联体覆盖了多少家乡镇卫生院", ("203家",)), id="medical-alliance"),
    pytest.param(Case("普惠性民办幼儿园认定多少所", ("10所", "普惠")), id="private-kindergartens"),
    pytest.param(Case("中小学规划资金是多少", ("3.04亿元",), ("5730",)), id="school-budget"),
    pytest.param(Case("中小学主体完工的项目有几个", ("2个",)), id="schools-structurally-done"),
    pytest.param(Case("棚户区已经基本建成多少套", ("513套",), ("1033",)), id="shantytown-built-progress"),
    pytest.param(Case("棚改新开工改造项目计划多少个", ("17个",)), id="shantytown-alias-target"),
    pytest.param(Case("老旧小区年内改造多少个项目", ("169个",)), id="old-compounds-target"),
    pytest.param(Case("承下线工程量完成了多少", ("60%",), ("75%",)), id="road-percent"),
    pytest.param(Case("农村垃圾转运站年内建几座", ("10座",)), id="transfer-stations-target"),
    pytest.param(Case("乡村基层文艺团体培育了几支", ("43支",), ("100支",)), id="troupes-progress"),
    pytest.param(Case("城镇新增就业多少人", ("1.8万人",)), id="new-jobs"),
    pytest.param(Case("公共就业服务活动开展了多少场", ("64场",)), id="job-fairs"),
    pytest.param(Case("培训补贴资金发放多少", ("203万元",)), id="training-subsidy"),
    pytest.param(Case("公益性岗位安置了多少困难人员", ("6636人",)), id="public-welfare-jobs"),
    pytest.param(Case("给多少名失业人员发了失业保险", ("8926名",), ("3303.7",)), id="insured-people-not-money"),
    pytest.param(Case("失业保险待遇是多少钱", ("3303.7万元",), ("8926",)), id="insurance-money-not-people"),
    pytest.param(Case("創業孵化基地有幾家", ("24家",)), id="traditional-characters"),
    pytest.param(Case("城镇登记失业率多少", ("3.88%",)), id="stated-rate"),
    pytest.param(Case("老旧小区改造惠及多少户", ("3.4万户",), ("5个",)), id="households-reached"),
    pytest.param(Case("创业补贴发了多少", ("281万元",), ("4200",)), id="start-up-subsidy-not-employment-subsidy"),
]


@pytest.mark.parametrize("case", FIGURES)
def test_figure(seed_engine: Engine, case: Case) -> None:
    answer = check(seed_engine, case)
    assert answer.sources and answer.sources[0].date == "2021-04-30"


# -- per-county lists --------------------------------------------------------------------------

SCHOOL_COUNTIES = ("承德县", "兴隆县", "平泉市", "滦平县", "隆化县", "丰宁县", "宽城县", "围场县")
KINDERGARTEN_COUNTIES = ("滦平县", "丰宁县", "承德县", "高新区", "宽城县", "兴隆县", "围场县")

COUNTIES = [
    pytest.param(Case("中小学建设项目分布在哪几个县", SCHOOL_COUNTIES, ("高新区",)), id="school-list"),
    pytest.param(Case("幼儿园项目涉及哪些县", (*KINDERGARTEN_COUNTIES, "8个", "10个"), ("平泉", "隆化")),
                 id="kindergarten-list-with-sum-mismatch"),
    pytest.param(Case("围场县中小学项目有几个", ("围场县", "2个")), id="county-count-schools"),
    pytest.param(Case("高新区有几个幼儿园建设项目", ("高新区", "1个")), id="district-count"),
    pytest.param(Case("滦平县有几个中小学", ("滦平县", "2个")), id="county-count-without-项目"),
    pytest.param(Case("宽城县是不是也有中小学项目", ("宽城县", "1个")), id="yes-no-county-has"),
    pytest.param(Case("丰宁有没有幼儿园项目", ("丰宁县", "1个")), id="yes-no-short-county-name"),
    pytest.param(Case("平泉市有幼儿园项目吗", ("平泉市",), (), ("没有", "不在")), id="county-not-in-kindergarten-list"),
    pytest.param(Case("隆化县有没有幼儿园项目", ("隆化县",), (), ("没有", "不在")), id="county-only-in-the-other-list"),
    pytest.param(Case("高新区有中小学项目吗", ("高新区",), (), ("没有", "不在")), id="district-not-in-school-list"),
]


@pytest.mark.parametrize("case", COUNTIES)
def test_counties(seed_engine: Engine, case: Case) -> None:
    check(seed_engine, case)


# -- computed rates and remainders: the inputs are shown --------------------------------------

RATES = [
    pytest.param(Case("垃圾转运站开工率", ("40", "4座", "10座")), id="stations-started-rate"),
    pytest.param(Case("中小学开工面积占规划的比例", ("64.8", "6.42万平方米", "9.91万平方米")), id="school-area-share"),
    pytest.param(Case("文艺团体培育完成比例", ("43", "43支", "100支"), ("36",)), id="troupes-rate"),
    pytest.param(Case("棚户区安置房开工占计划的多少", ("98.5", "4433套", "4500套")), id="housing-started-share"),
    pytest.param(Case("农村垃圾转运站开工了百分之多少", ("40", "4座", "10座"), ("99.3",)), id="percent-of-started-stations"),
]


@pytest.mark.parametrize("case", RATES)
def test_rate(seed_engine: Engine, case: Case) -> None:
    answer = check(seed_engine, case)
    assert len(answer.figures) == 2 and len(answer.sources) == 2, "a computed rate cites both inputs"


def test_rate_of_something_without_a_target_is_not_borrowed(seed_engine: Engine) -> None:
    """No target is stated for new jobs; a rate of another project must not stand in for it."""
    answer, _ = seed_engine.answer("城镇新增就业完成比例是多少")
    assert "高雅艺术" not in answer.text and "36.0%" not in answer.text


def test_ratio_without_a_target_is_not_answered_with_another_figure(seed_engine: Engine) -> None:
    answer, _ = seed_engine.answer("城镇新增就业比例")
    assert not answer.found or "就业" in head(answer) and "失业率" not in head(answer)


REMAINING = [
    pytest.param(Case("回迁安置房还差多少套没开工", ("67套", "4500套", "4433套")), id="housing-left"),
    pytest.param(Case("乡村文艺骨干还剩多少名没培训", ("440名", "1000名", "560名")), id="trainees-left"),
    pytest.param(Case("垃圾转运站还有几座没开工", ("6座", "10座", "4座")), id="stations-left"),
    pytest.param(Case("高雅艺术演出还差几场", ("16", "25场", "9场")), id="performances-left"),
]


@pytest.mark.parametrize("case", REMAINING)
def test_remaining(seed_engine: Engine, case: Case) -> None:
    answer = check(seed_engine, case)
    assert {f.kind for f in answer.figures} == {"target", "progress"}


# -- who -------------------------------------------------------------------------------------------

WHO = [
    pytest.param(Case("池大勇在哪个部门", ("住建局",)), id="speaker-to-department"),
    pytest.param(Case("刘雁翔是哪个单位的", ("卫健委",)), id="speaker-to-unit"),
    pytest.param(Case("董晓东是什么职务", ("人社局", "副局长")), id="speaker-to-title"),
    pytest.param(Case("卫健委主任是谁", ("刘雁翔",)), id="department-title-to-name"),
    pytest.param(Case("人社局副局长是谁", ("董晓东",)), id="deputy-title-to-name"),
    pytest.param(Case("教育局局长是哪位", ("王成军",)), id="哪位"),
    pytest.param(Case("文化惠民工程由谁牵头", ("旅游和文化广电局", "唐秋华")), id="project-to-department"),
    pytest.param(Case("就业职业培训工程是谁在负责", ("人社局",)), id="project-to-department-2"),
    pytest.param(Case("棚户区改造归哪个部门", ("住建局",)), id="project-alias-to-department"),
    pytest.param(Case("幼儿园建设项目是哪家媒体提问的", ("和合承德网",)), id="outlet"),
    pytest.param(Case("哪个媒体问了幼儿园涉及哪些县区", ("和合承德网",)), id="outlet-2"),
    pytest.param(Case("谁回答了幼儿园项目涉及哪些县区", ("王成军",)), id="answerer"),
    pytest.param(Case("医疗康养促进工程是哪个部门负责的", ("卫健委",)), id="project-to-department-3"),
    pytest.param(Case("老旧小区改造是哪个部门负责", ("住建局",)), id="project-to-department-4"),
    pytest.param(Case("住建局局长叫什么名字", ("池大勇",)), id="叫什么名字"),
    pytest.param(Case("旅游和文化广电局局长叫什么", ("唐秋华",)), id="叫什么"),
    pytest.param(Case("文旅局局长是哪位", ("唐秋华",)), id="department-alias"),
    pytest.param(Case("唐秋华是干什么的", ("旅游和文化广电局",)), id="干什么的"),
    pytest.param(Case("幼儿园建设的问题是谁提的", ("和合承德网",), ("王成军",)), id="谁提的-outlet"),
    pytest.param(Case("幼儿园项目的提问是谁回答的", ("王成军",)), id="提问-answerer"),
]


@pytest.mark.parametrize("case", WHO)
def test_who(seed_engine: Engine, case: Case) -> None:
    check(seed_engine, case)


# -- when, passages, items -------------------------------------------------------------------------

WHEN = [
    pytest.param(Case("滦平县的中小学项目什么时候开工", ("6月",)), id="county-school-start"),
    pytest.param(Case("承德县那个附属设施项目啥时候开工", ("暑期",)), id="summer-start"),
    pytest.param(Case("老旧小区其他项目什么时候开工", ("5月底",)), id="old-compounds-start"),
    bug(Case("未开工的中小学项目计划何时开工", ("6月",), ("棚户区",)),
        "answered with the shantytown target sentence instead of the Q&A answer", "unstarted-schools"),
]


@pytest.mark.parametrize("case", WHEN)
def test_when(seed_engine: Engine, case: Case) -> None:
    check(seed_engine, case)


PASSAGES = [
    pytest.param(Case("乡村医生培养计划完成得怎么样", ("已完成乡村医生培养计划",)), id="whether-done"),
    pytest.param(Case("医联体内的药品怎么管理", ("统一采购",)), id="how-medicines"),
    pytest.param(Case("人社局如何帮扶困难人员就业", ("公益性岗位",)), id="how-help-jobless"),
    pytest.param(Case("一码通进展如何", ("一码通", "有序推进")), id="one-code"),
    pytest.param(Case("人社局怎样提升培训实效", ("订单式",)), id="training-forms"),
    pytest.param(Case("会龙山隧道进展怎么样", ("仰坡",)), id="tunnel"),
    pytest.param(Case("教育局下一步打算怎么做", ("前期手续",)), id="next-steps"),
]


@pytest.mark.parametrize("case", PASSAGES)
def test_passage(seed_engine: Engine, case: Case) -> None:
    check(seed_engine, case)


ITEMS = [
    pytest.param(Case("住建局有哪些重点工作", ("棚户区改造", "老旧小区改造", "治堵", "农村生活垃圾")), id="housing-bureau"),
    pytest.param(Case("教育局的主要任务有哪些", ("幼儿园", "中小学")), id="education-bureau"),
    pytest.param(Case("人社局有哪些重点工作", ("就业优先", "自主创业", "技能提升", "困难人员")), id="labour-bureau"),
    pytest.param(Case("卫健委主要做哪些工作", ("人才队伍", "医联体")), id="health-commission"),
    pytest.param(Case("旅游和文化广电局有哪些任务", ("1000名", "100支", "25场")), id="culture-targets"),
    pytest.param(Case("文旅局今年有哪些任务", ("1000名", "100支", "25场")), id="culture-alias"),
]


@pytest.mark.parametrize("case", ITEMS)
def test_items(seed_engine: Engine, case: Case) -> None:
    check(seed_engine, case)


@pytest.mark.parametrize(
    ("question", "wanted"),
    [("4月那场谁讲的就业培训工程?啥职务", "董晓东"), ("文化惠民这块是谁介绍的", "唐秋华")],
    ids=["title-asked", "this-part"],
)
def test_who_reported_a_topic_asked_in_spoken_words(seed_engine, question, wanted):
    """'这块', '啥职务' say how the question is asked, not what about."""
    answer = seed_engine.answer(question)[0]
    assert answer.found and wanted in answer.text, answer.text


def test_a_rate_never_divides_the_base_of_a_subset(tmp_path):
    """'14所幼儿园中已开工9所': the 开工率 is 9 of 14, not 14 of 14."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "衡水晚报-2023年3月衡水市民生实事发布会综述.txt", (
        "衡水晚报 2023年3月17日\n市教育局局长冯丽娟出席发布会。\n"
        "据市教育局局长冯丽娟介绍,今年全市计划新建、改扩建公办幼儿园14所。截至2月底,14所幼儿园中已开工9所,其余5所正在办理土地手续。\n"
    ))
    answer = engine.answer("衡水幼儿园开工率是多少")[0]
    assert answer.found and "64.3%" in answer.text, answer.text


@pytest.mark.parametrize(("question", "kind"), [
    ("建好的体育公园都在哪", "counties"), ("体育公园建在哪里?", "counties"), ("体育公园建了几个", "figure"),
    ("那两所还没开工的幼儿园在哪儿", "counties"),
])
def test_where_things_are_asks_for_places(seed_engine: Engine, question: str, kind: str) -> None:
    """'…都在哪' wants the list of places, not the count."""
    assert seed_engine._ask(question).kind == kind


@pytest.mark.parametrize(("question", "unit_class"), [("换管道要停气多长时间", ""), ("这条路有多长", "length")])
def test_how_long_a_time_is_not_a_length(seed_engine: Engine, question: str, unit_class: str) -> None:
    assert seed_engine._ask(question).unit_class == unit_class


@pytest.mark.parametrize(("question", "unit_class"), [
    ("给多少个残疾孩子做了康复救助", "people"), ("有多少个项目开工", "count:个"), ("门诊慢特病有多少种", "count:种"),
    ("口袋公园占地多大", "area"),
])
def test_what_is_counted_decides_the_kind_of_quantity(seed_engine: Engine, question: str, unit_class: str) -> None:
    """People counted in 个 are people; kinds are counted in 种; 占地 asks for an area."""
    assert seed_engine._ask(question).unit_class == unit_class


def test_a_short_name_in_a_figure_is_found_by_its_full_name(tmp_path):
    """'已开工棚改项目6个、1140套' answers '棚户区改造开工了多少套' (棚改 is an alias of 棚户区改造),
    not the plan that spells the name out."""
    from bot.ingest.build import build_knowledge

    (tmp_path / "common.aliases.yaml").write_text("棚户区改造: [棚改]\n", encoding="utf-8")
    (tmp_path / "衡水晚报-2023年3月衡水市民生实事发布会综述.txt").write_text(
        "衡水晚报 2023年3月17日\n市住建局局长周向东出席发布会。\n"
        "据市住建局局长周向东介绍,今年全市计划新开工棚户区改造安置住房3260套,基本建成2180套。"
        "截至2月底,全市已开工棚改项目6个、1140套,基本建成690套。\n", encoding="utf-8")
    knowledge, _ = build_knowledge(sorted(tmp_path.iterdir()))
    answer = Engine(knowledge).answer("棚户区改造截至2月底开工了多少套安置房")[0]
    assert answer.found and "1140套" in answer.text.split("\n")[0], answer.text


@pytest.mark.parametrize(("question", "wants_target"), [
    ("村庄规划批下来几个了", False), ("村庄规划编制完成多少", False), ("幼儿园规划面积多少", True),
])
def test_a_plan_named_by_its_noun_is_not_a_plan_asked_for(seed_engine: Engine, question: str, wants_target: bool) -> None:
    """'村庄规划' is the work (a village plan); '规划面积' is the planned area."""
    assert seed_engine._ask(question).wants_target is wants_target


def test_next_steps_of_a_department_are_found_without_the_department_in_the_sentence(tmp_path):
    """'水务局…农村供水工程下一步怎么推进': the department weighs every candidate already, and
    '怎么推进' says what kind of answer is wanted; the water bureau's own 下一步 sentence answers,
    not another bureau's that happens to say 推进."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "承德市2022年4月民生工程发布会.txt", (
        "承德市2022年4月民生工程推进情况新闻发布会\n出席本场发布会的有:市住建局局长马俊峰,市水务局局长田国良。\n"
        "请马俊峰同志做发布。\n市住建局局长马俊峰:\n一、农村生活垃圾治理工作。全市新建转运站10座。\n"
        "下一步,我们将倒排工期、挂图作战,确保各项工程按时序推进。\n"
        "请田国良同志做发布。\n市水务局局长田国良:\n全市年内计划实施农村供水工程138处,更新改造供水管网460公里。\n"
        "下一步,我们将抓住汛期前的施工黄金期,加快工程建设进度,确保9月底前全部完工通水。\n"
    ))
    answer = engine.answer("水务局说农村供水工程下一步怎么推进")[0]
    assert answer.found and "汛期" in answer.text and "挂图作战" not in answer.text, answer.text


@pytest.mark.parametrize("question", ["老旧小区还有项目没开工,卡在哪儿了", "幼儿园项目难点是什么", "遇到了什么困难"])
def test_where_work_is_stuck_asks_for_a_reason(seed_engine: Engine, question: str) -> None:
    """'卡在哪儿了' asks why, however much it sounds like a remaining count."""
    assert seed_engine._ask(question).kind == "passage"


def test_a_money_question_is_never_answered_by_a_count(tmp_path):
    """'中小学建设完成投资多少钱': 5.42亿元, though '已开工中小学13所' shares more of its words."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "廊坊市2023年7月民生工程发布会.txt", (
        "廊坊市2023年7月民生工程推进情况新闻发布会\n出席本场发布会的有:市教育局局长张宏伟。\n请张宏伟同志做发布。\n"
        "二、义务教育学校建设工程。年内计划新建、改扩建中小学15所。截至目前,已开工13所,其中主体封顶6所,累计完成投资5.42亿元。\n"
    ))
    answer = engine.answer("中小学建设完成投资多少钱")[0]
    assert answer.found and "5.42亿元" in answer.text.split("\n")[0], answer.text


def test_a_rate_word_is_never_a_typo(tmp_path):
    """'完成率' must reach the rate kind even where the knowledge never says 成率 but says 完成旅游…
    (the speller had made it '完成旅')."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "秦皇岛市2021年10月民生工程发布会.txt", (
        "秦皇岛市2021年10月民生工程推进情况新闻发布会\n出席本场发布会的有:市卫生健康委员会主任郑海涛。\n请郑海涛同志做发布。\n"
        "年内目标任务为28.4万人,截至目前已完成23.7万人。已完成旅游厕所改造20座。\n"
    ))
    assert "完成率" in engine._ask("老年人体检完成率多少").text


def test_an_abbreviation_one_transcript_uses_finds_the_full_name_in_another(tmp_path):
    """石家庄 says 保租房, 邯郸 says 保障性租赁住房: '邯郸保租房完成全年任务的百分之多少' is 1650 of 2800."""
    from bot.ingest.build import build_knowledge

    (tmp_path / "石家庄日报-2022年12月石家庄市民生工程发布会综述.txt").write_text(
        "石家庄日报 2022年12月20日\n市住建局局长王立出席发布会。\n保租房筹集过9成。据王立介绍,今年筹集保租房1.2万套。\n", encoding="utf-8")
    (tmp_path / "邯郸市2024年5月民生实事新闻发布会文字实录.txt").write_text(
        "邯郸市2024年5月民生实事新闻发布会\n出席本场发布会的有:邯郸市住房和城乡建设局局长范承志。\n请范承志同志做发布。\n"
        "二是保障性租赁住房筹集。年内计划筹集保障性租赁住房2800套,截至4月底已筹集1650套。\n", encoding="utf-8")
    knowledge, _ = build_knowledge(sorted(tmp_path.iterdir()))
    answer = Engine(knowledge).answer("邯郸保租房完成全年任务的百分之多少了")[0]
    assert answer.found and "58.9%" in answer.text, answer.text


def test_why_a_county_is_slow_is_answered_by_the_sentence_giving_the_cause(tmp_path):
    """A follow-up '怎么这么慢' after a county's count: the cause, not only the table the county is in."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "东岭市2022年7月民生工程推进情况新闻发布会.txt", (
        "（虚构材料，仅用于测试）\n东岭市2022年7月民生工程推进情况新闻发布会\n"
        "主持人：请市农业农村局副局长任某某发布。\n"
        "一是农村厕所改造。全市年内计划完成农村户厕改造1.5万户，截至6月底已完成1.29万户。改厕任务较重的3个县完成情况如下：\n"
        "县（市）　年度任务（户）　已完成（户）\n东坪县　　3200　　2860\n北山县　　3000　　2415\n"
        "白河县　　2600　　2600\n西岭县　　1800　　1250\n南川市　　1500　　1500\n石门县　　1400　　1380\n"
        "目前，南川市已全面完成年度改厕任务；西岭县因部分村庄实施易地搬迁、调整了改厕计划，进度相对滞后。"
        "新改建户厕以水冲式为主，缺水山区推广双瓮漏斗式，同步建立了后续管护机制，防止出现建而不用。\n"
    ))
    first, context = engine.answer("东岭西岭县改厕完成了多少户")
    assert first.found and "1250户" in first.text, first.text
    why = engine.answer("怎么这么慢", context)[0]
    assert why.found and "易地搬迁" in why.text, why.text


def test_a_rate_divides_by_the_years_target_never_by_the_total_a_part_belongs_to(tmp_path):
    """'新增普惠性托位1150个,其中幼儿园…680个': 680 is a part of 1150, and 1150 counts towards the
    year's 3000 (under '托育服务扩容工程', the same project as '托育服务扩容')."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "东岭市2024年3月民生实事新闻发布会.txt", transcript(
        "东岭市2024年3月民生实事推进情况新闻发布会", "市卫生健康委副主任高某某",
        "一是“托育服务扩容工程”,全年新增普惠性托位3000个。\n",
        "托育服务扩容。截至2月底,全市新增普惠性托位1150个,其中幼儿园开设托班新增托位680个、用人单位办托新增托位210个。\n",
    ))
    answer = engine.answer("东岭普惠托位完成了全年目标的百分之多少")[0]
    assert answer.found and "38.3%" in answer.text, answer.text


def test_a_write_ups_task_list_is_the_goal_of_the_result_naming_the_same_works(tmp_path):
    """A write-up has no item headings: '包括三项内容:新建改造城市公厕120座…' and '城市公厕已完工97座'."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "东岭日报-2022年9月东岭市民生实事发布会综述.txt", (
        "（虚构材料，仅用于测试）\n我市通报2022年重点民生实事推进情况\n东岭日报记者 程某某\n"
        "9月14日上午，市政府新闻办召开新闻发布会。市城市管理局副局长齐某某出席发布会。\n"
        "据齐某某介绍，市城市管理局牵头的实事包括三项内容：新建改造城市公厕120座，新增公共停车泊位1.2万个，改造老旧燃气管网150公里。\n"
        "齐某某说，截至8月底，城市公厕已完工97座，剩余公厕预计10月底前全部完工。\n"
    ))
    answer = engine.answer("东岭公厕截至8月底完成了百分之多少")[0]
    assert answer.found and "80.8%" in answer.text, answer.text


def test_a_rate_of_projects_counts_projects_towards_the_schools_planned(seed_engine):
    """'中小学建设项目的开工率': 已开工项目7个 of 规划…中小学10所, not the floor area, and not the
    kindergartens' pair, however well that one matches '建设项目'."""
    answer = seed_engine.answer("中小学建设项目的开工率是多少")[0]
    assert answer.found and "70%" in answer.text and "64.8%" not in answer.text, answer.text


def test_a_result_is_cited_where_it_is_stated_with_its_date_not_where_it_is_repeated(tmp_path):
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "邢台日报-2023年8月邢台市民生工程新闻发布会综述.txt", (
        "（虚构材料，仅用于测试）\n邢台市召开民生工程新闻发布会\n8月24日上午，市政府新闻办召开发布会，市教育局副局长詹某某出席。\n"
        "据詹某某介绍，2023年全市计划新建、改扩建公办幼儿园24所。\n"
        "詹某某说，已完工的15所幼儿园将于秋季开学投入使用。截至7月底，已完工15所，在建9所。\n"
    ))
    answer = engine.answer("邢台新建的幼儿园都完工了吗")[0]
    assert answer.found and answer.text.startswith("还没有") and "在建9所" in answer.text, answer.text


def test_what_is_left_to_dig_is_the_whole_length_less_what_is_dug(tmp_path):
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "承德市2021年10月民生工程发布会.txt", transcript(
        "承德市2021年10月民生工程推进情况新闻发布会(第一场)", "市住建局局长池某某",
        "一、中心城区治堵工程。3项工程中,凤凰山大桥完成工程量的96%,会龙山隧道已掘进1260米、隧道全长1580米,力争12月实现贯通。\n",
    ))
    answer = engine.answer("会龙山隧道还剩多少米没挖")[0]
    assert answer.found and "320米" in answer.text, answer.text


def test_a_countys_share_said_respectively_is_that_countys_task(tmp_path):
    """'嵩县、栾川县…任务最重,分别为120公里、105公里…', then '嵩县已完成91公里': 嵩县 has 29 left."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "洛阳市2022年9月民生实事新闻发布会.txt", transcript(
        "洛阳市2022年9月民生实事推进情况新闻发布会", "市交通运输局局长卢某某",
        "一、四好农村路。今年新改建农村公路800公里。800公里任务中,嵩县、栾川县、洛宁县3个山区县任务最重,"
        "分别为120公里、105公里、98公里。截至8月底,嵩县已完成91公里,栾川县完成83公里,洛宁县完成70公里。\n",
    ))
    answer = engine.answer("洛阳嵩县的任务还剩多少公里没完成")[0]
    assert answer.found and "29公里" in answer.text, answer.text


def test_a_county_short_form_inside_another_word_names_no_county(seed_engine):
    """'回迁安置房' holds 迁安 (a county-level city elsewhere) but names none."""
    from bot.qa.understand import _find_county

    assert _find_county("棚改回迁安置房开工了多少套", {"迁安": "迁安市", "迁安市": "迁安市"}) == ""
    assert _find_county("迁安棚改开工了多少套", {"迁安": "迁安市", "迁安市": "迁安市"}) == "迁安市"


def test_an_earlier_month_ends_value_is_now_less_the_change_since_then(tmp_path):
    """'2月底的时候有多少个' when only March's '52个,比2月底增加18个' is said: 34个, shown as computed;
    the scope does not refuse a month-end no conference was held in."""
    engine = engine_for(tmp_path, "承德市2023年3月民生工程发布会.txt", transcript(
        "承德市2023年3月民生工程推进情况新闻发布会(第一场)", "市民政局副局长贾某某",
        "一、养老服务。截至3月底,老年助餐点已投入运营52个,比2月底增加18个;家庭医生签约率72.4%,比2月底提高3.1个百分点。\n",
    ))
    answer = engine.answer("承德2023年老年助餐点2月底有多少个在运营？")[0]
    assert answer.found and "34个" in answer.text.split("\n")[0], answer.text
    answer = engine.answer("承德2023年家庭医生签约率2月底的时候是多少？")[0]
    assert answer.found and "69.3%" in answer.text.split("\n")[0], answer.text
    assert not engine.answer("承德2023年老年助餐点1月底有多少个在运营？")[0].found  # no change since January is said



def test_a_month_end_named_without_a_year_and_the_change_since_it_are_read_from_the_later_report(tmp_path):
    """'榆林供水工程7月底的时候完工了几处' (no year named): the August report says '完工58处,较7月底增加14处'
    → 44处; and '比7月底多了多少' after '完成了多少公里' is the change the sentence states (65公里),
    though no July figure is held to subtract."""
    engine = engine_over(tmp_path, {
        "榆林市2023年8月民生实事发布会.txt": transcript(
            "榆林市2023年8月民生实事推进情况新闻发布会(第二场)", "市水利局局长贺某某",
            "一是农村供水保障工程。年内计划实施农村供水工程86处。截至8月底,已开工81处,较7月底增加9处;完工58处,较7月底增加14处。\n",
            "二是农村公路提升工程。年内新改建农村公路600公里,截至8月底完成478公里,较7月底增加65公里。\n",
        ),
        "承德市2021年4月民生工程发布会.txt": transcript(
            "承德市2021年4月民生工程推进情况新闻发布会(第一场)", "市交通运输局局长李某某",
            "一、农村公路。今年计划新改建农村公路500公里,已完成120公里。\n",
        ),
    })
    answer = engine.answer("榆林供水工程7月底的时候完工了几处")[0]
    assert answer.found and "44处" in answer.text.split("\n")[0], answer.text
    _, context = engine.answer("榆林农村公路新改建今年完成了多少公里")
    answer = engine.answer("比7月底多了多少", context)[0]
    assert answer.found and "65公里" in answer.text.split("\n")[0], answer.text
    assert not engine.answer("比6月底多了多少", context)[0].found  # no change since June is said

_EMPLOYMENT = transcript(
    "承德市2022年4月民生工程推进情况新闻发布会(第一场)", "市人社局局长郑某某",
    "一、就业创业。截至4月底,全市城镇新增就业1.62万人。从各县(市、区)看,城镇新增就业完成较好的是双桥区和平泉市,"
    "分别完成0.31万人和0.19万人;农村劳动力转移就业1.05万人。\n",
)


def test_counties_said_respectively_with_a_verb_each_get_their_number(tmp_path):
    """'…完成较好的是双桥区和平泉市,分别完成0.31万人和0.19万人': 双桥区 0.31, 平泉市 0.19, counting
    城镇新增就业 (not '完成较好', a judgement on them)."""
    engine = engine_for(tmp_path, "承德市2022年4月民生工程发布会.txt", _EMPLOYMENT)
    answer = engine.answer("平泉市城镇新增就业多少人")[0]
    assert answer.found and "0.19万人" in answer.text and "完成较好" not in answer.text.split("来源")[0], answer.text


def test_two_counties_asked_together_are_both_given_with_their_sum(tmp_path):
    engine = engine_for(tmp_path, "承德市2022年4月民生工程发布会.txt", _EMPLOYMENT)
    answer = engine.answer("城镇新增就业双桥区加平泉市一共多少")[0]
    reply = answer.text.split("来源")[0]
    assert answer.found and "0.31万人" in reply and "0.19万人" in reply and "0.5万人" in reply, answer.text


def test_of_two_counties_as_long_the_one_said_first_is_the_question_s():
    """Never the order a dict or set holds them in (that made an answer change with PYTHONHASHSEED)."""
    from bot.qa.understand import _find_county

    counties = {"平泉市": "平泉市", "双桥区": "双桥区"}
    assert _find_county("双桥区加平泉市一共多少", counties) == "双桥区"
    assert _find_county("平泉市加双桥区一共多少", dict(reversed(counties.items()))) == "平泉市"


_WATER = transcript(
    "九江市2023年8月民生实事进展情况新闻发布会", "市水利局副局长曹某某",
    "一、农村供水。今年全市计划实施农村供水工程项目56个,总投资4.85亿元。"
    "截至7月底,56个项目已开工49个,完工27个。目前,已完工的27个项目中,修水县8个、武宁县6个、都昌县5个。"
    "通水后农村自来水普及率由年初的90.3%提高到91.6%;农村集中供水率达到91.4%,较去年底提高2.3个百分点。\n",
    "二、门诊慢特病。城乡居民医保门诊慢特病病种由原来的37种增加到45种。\n",
    "九江日报记者:农村供水工程还有7个项目没开工,主要在哪些县?\n",
    "市水利局副局长曹某某:未开工的7个项目中,湖口县4个、彭泽县3个,主要原因是用地手续还在办理中。\n",
)


@pytest.fixture(scope="module")
def water(tmp_path_factory) -> Engine:
    return engine_for(tmp_path_factory.mktemp("water"), "九江市2023年8月民生实事新闻发布会.txt", _WATER)


def test_a_rate_divides_what_is_done_of_the_projects_by_the_projects(water):
    """'56个项目已开工49个': 56 counts the projects, 49 of them are started: 87.5%."""
    answer = water.answer("农村供水项目的开工率是多少")[0]
    assert answer.found and "87.5%" in answer.text, answer.text


def test_a_rise_this_year_is_the_change_the_sentence_states_from_the_start_of_the_year(water):
    answer = water.answer("农村自来水普及率今年提高了几个百分点")[0]
    assert answer.found and "1.3个百分点" in answer.text.split("\n")[0], answer.text


def test_last_years_end_is_now_less_the_change_since_then(water):
    answer = water.answer("农村集中供水率去年底是多少")[0]
    assert answer.found and "89.1%" in answer.text.split("\n")[0], answer.text


def test_a_value_changed_from_is_what_was_and_the_one_it_became_is_now(water):
    """'病种由原来的37种增加到45种': now 45种 (counted in 种), before 37种."""
    now = water.answer("门诊慢特病病种现在有多少种")[0]
    assert now.found and now.kind == "figure" and "45种" in now.text.split("\n")[0], now.text
    assert "37种" not in now.text.split("\n")[0], now.text
    before = water.answer("门诊慢特病病种原来有多少种")[0]
    assert before.found and "37种" in before.text.split("\n")[0], before.text


def test_lists_of_the_done_and_the_not_started_are_told_apart(water):
    done = water.answer("已完工的农村供水项目里修水县有几个")[0]
    assert done.found and "8个" in done.text.split("来源")[0] and "湖口县" not in done.text, done.text
    waiting = water.answer("还没开工的农村供水项目湖口县有几个")[0]
    assert waiting.found and "4个" in waiting.text.split("来源")[0], waiting.text


def test_what_remains_is_the_plan_less_what_is_done_not_less_a_restated_plan_or_a_countys_part(tmp_path):
    """'今年150所互助幸福院改造任务分布在7个县(市),其中围场县30所…' restates the plan; '已完成改造68所'
    is what is done: 82所 remain (never 150 − 150, nor the plan less one county's part)."""
    engine = engine_for(tmp_path, "承德市2023年6月民生工程发布会.txt", transcript(
        "承德市2023年6月民生工程推进情况新闻发布会(第一场)", "市民政局局长高某某",
        "(二)农村互助幸福院改造提升。今年计划改造提升农村互助幸福院150所。截至6月底,已完成改造68所。\n",
        "承德日报记者:请问具体分布在哪些县?\n",
        "市民政局局长高某某:今年150所互助幸福院改造任务分布在7个县(市),其中围场县30所、丰宁县26所、隆化县24所、"
        "平泉市20所、承德县18所、滦平县17所、宽城县15所。\n",
    ))
    answer = engine.answer("幸福院还剩多少所没改完")[0]
    assert answer.found and "82所" in answer.text.split("\n")[0], answer.text


def test_a_list_whose_places_are_counted_first_counts_what_was_said_before(tmp_path):
    """'213个老旧小区改造项目覆盖全市11个县市区,其中桃城区48个…': the parts are 老旧小区改造项目."""
    engine = engine_for(tmp_path, "衡水市2023年10月民生工程发布会.txt", transcript(
        "衡水市2023年10月民生工程推进情况新闻发布会(第三场)", "市住建局局长张某某",
        "一、老旧小区改造。今年213个老旧小区改造项目覆盖全市11个县市区,其中桃城区48个、冀州区25个、深州市27个、景县21个。\n",
    ))
    answer = engine.answer("深州市有多少个老旧小区要改")[0]
    assert answer.found and "27个" in answer.text.split("\n")[0] and "老旧小区" in answer.text.split("\n")[0], answer.text


def test_a_verb_of_progress_is_no_topic_a_follow_up_swaps_in(tmp_path):
    """'那完工了几处' after '农村供水工程开工了多少处' asks the same project's 完工, not a project named 完工."""
    engine = engine_for(tmp_path, "承德市2022年5月民生工程发布会.txt", transcript(
        "承德市2022年5月民生工程推进情况新闻发布会(第二场)", "市水务局局长刘某某",
        "一、农村饮水安全巩固提升工程。全年计划实施120处,截至5月底已开工98处,完工54处。\n",
        "二、“四好农村路”建设工程。危桥改造已开工31座,完工13座;分县看,危桥改造完工较多的是围场县5座、丰宁县4座、平泉市3座。\n",
    ))
    answers = [engine.answer("农村供水工程开工了多少处")]
    answers.append(engine.answer("那完工了几处", answers[-1][1]))
    assert answers[-1][0].found and "54处" in answers[-1][0].text.split("\n")[0], answers[-1][0].text


def test_a_bare_stage_counts_what_was_named_before_it_and_the_stage_asked_decides(tmp_path):
    """'已开工356处,较4月底的298处增加58处;完工203处': 203 counts the 农村供水工程 too (not the change
    before it), and '完工几处' is answered by it, never by the 已开工 figure."""
    engine = engine_for(tmp_path, "承德市2021年5月民生工程发布会.txt", transcript(
        "承德市2021年5月民生工程推进情况新闻发布会(第二场)", "市水务局局长骆某某",
        "一、农村饮水安全巩固提升。年内全市实施农村供水工程412处,计划总投资2.87亿元。"
        "截至5月底,已开工356处,较4月底的298处增加58处;完工203处,完成投资1.42亿元。\n",
    ))
    finished = engine.answer("承德今年的农村供水工程完工几处了?")[0]
    assert finished.found and "203处" in finished.text.split("\n")[0], finished.text
    started = engine.answer("承德今年的农村供水工程开工几处了?")[0]
    assert started.found and "356处" in started.text.split("\n")[0], started.text


def test_the_kinds_a_total_is_made_of_are_listed_each_with_its_number(tmp_path):
    """'其中,街道综合养老服务中心38个、社区日间照料中心121个、老年助餐点43个': '分哪几类?各建了多少'."""
    engine = engine_for(tmp_path, "石家庄市2022年12月民生工程发布会.txt", transcript(
        "石家庄市2022年12月民生工程推进情况新闻发布会", "市民政局局长柴某某",
        "一、养老服务。年内计划新建社区养老服务设施215个,截至11月底已全部建成。其中,街道综合养老服务中心38个、"
        "社区日间照料中心121个、老年助餐点43个,全市城市社区养老服务设施覆盖率达到98.2%。"
        "在兜底保障方面,今年计划改造提升县级特困人员供养服务设施14所,目前已完成改造11所。\n",
    ))
    answer = engine.answer("今年新建的社区养老设施分哪几类？各建了多少")[0]
    first = answer.text.split("\n")[0]
    assert answer.found and all(v in first for v in ("38个", "121个", "43个")) and "11所" not in first, answer.text


def test_a_rise_asked_in_per_cent_is_the_change_over_what_it_was_of_the_measure_asked(tmp_path):
    """'城市低保标准由每人每月720元提高到760元,农村低保标准由每人每年5880元提高到6240元': the 农村 rise in
    per cent is 360 ÷ 5880 = 6.1%, never the 城市 one's, nor a 'rate' of one standard over the other."""
    engine = engine_for(tmp_path, "大同市2023年4月民生工程发布会.txt", transcript(
        "大同市2023年4月民生工程推进情况新闻发布会", "市民政局局长郭某某",
        "一、提高城乡低保标准。自2023年1月1日起,城市低保标准由每人每月720元提高到760元,"
        "农村低保标准由每人每年5880元提高到6240元。\n",
    ))
    answer = engine.answer("大同2023年农村低保标准提高了百分之几？")[0]
    first = answer.text.split("\n")[0]
    assert answer.found and "6.1%" in first and "760" not in first, answer.text


_CENTRES = transcript(
    "潍坊市2024年3月民生工程推进情况新闻发布会(第二场)", "市卫生健康委员会副主任高某某",
    "市卫生健康委牵头两件实事:一是托育服务扩容工程,全年新增普惠性托位3000个;二是“基层医疗服务能力提升工程”,"
    "建设县域医疗服务次中心6个,提升改造村卫生室150处。\n",
    "(二)县域医疗服务次中心建设。6个次中心中,青州市、诸城市的2个已完成设备安装,寿光市的1个正在进行内部装修,"
    "高密市、临朐县的2个主体已封顶,昌乐县的1个正在办理施工许可。\n",
)


def test_how_far_each_one_got_is_the_paragraph_that_tells_their_states(tmp_path):
    engine = engine_for(tmp_path, "潍坊市2024年3月民生工程发布会.txt", _CENTRES)
    answers = [engine.answer("潍坊2024年6个县域医疗服务次中心现在分别建到什么程度了？")]
    assert answers[0][0].found and all(w in answers[0][0].text for w in ("设备安装", "内部装修", "封顶", "施工许可")), answers[0][0].text
    answers.append(engine.answer("其中昌乐县那个呢？", answers[0][1]))
    follow = answers[1][0]
    assert follow.found and "施工许可" in follow.text and "内部装修" not in follow.text, follow.text  # its clause only


def test_the_rate_asked_is_the_one_stated_beside_its_target_not_a_pair_divided(tmp_path):
    """'全年新建、改扩建中小学和幼儿园28所…截至6月底,已开工24所,开工率85.7%': 85.7% as said."""
    engine = engine_for(tmp_path, "襄阳市2022年7月民生实事发布会.txt", transcript(
        "襄阳市2022年十件民生实事上半年推进情况发布会", "市教育局副局长张某某",
        "一、新增公办学位。全年新建、改扩建中小学和幼儿园28所,新增公办学位1.8万个。截至6月底,已开工24所,开工率85.7%;已竣工5所。\n",
        "襄阳日报记者:新建学校什么时候能用上?\n",
        "市教育局副局长张某某:今年竣工的学校中,9所将在秋季开学前投入使用。\n",
    ))
    answer = engine.answer("襄阳2022年新建改扩建中小学和幼儿园的开工率是多少")[0]
    assert answer.found and "85.7%" in answer.text.split("\n")[0], answer.text


def test_what_things_a_work_changes_is_answered_by_the_officials_answer(tmp_path):
    """'适老化改造主要改哪些东西' asks what the work is made of: the official's answer to a reporter's
    '具体改些什么', not 'not found' for want of a figure or of the words 哪些东西."""
    engine = engine_for(tmp_path, "承德市2023年7月民生工程发布会.txt", transcript(
        "承德市2023年7月民生工程推进情况新闻发布会(第二场)", "市民政局局长韩某某",
        "市民政局今年为2000户特殊困难老年人家庭实施适老化改造。截至7月底,适老化改造完成1380户,比6月底增加430户。\n",
        "下一步,我们将加大督导力度,确保9月底前全面完成适老化改造任务。\n",
        "承德广播电视台记者：适老化改造具体改些什么？老人怎么申请？\n",
        "市民政局局长韩某某：适老化改造主要包括地面防滑处理、卫生间加装扶手、配置紧急呼叫设备等,实行“一户一方案”。\n",
    ))
    answer = engine.answer("承德2023年适老化改造主要改哪些东西")[0]
    assert answer.found and "扶手" in answer.text, answer.text


def test_a_change_between_two_years_pairs_each_years_own_figure(tmp_path):
    """'失业率2023年7月比2021年4月下降了几个百分点' and '2023年比2021年下降了多少': one figure from each
    year's conference, the change in percentage points with its sign."""
    engine = engine_over(tmp_path, {
        "承德市2021年4月民生工程发布会.txt": transcript(
            "承德市2021年4月民生工程推进情况新闻发布会(第一场)", "市人社局副局长董某某",
            "一、就业创业。目前,全市城镇新增就业1.8万人,城镇登记失业率3.88%。\n",
        ),
        "承德市2023年7月民生工程发布会.txt": transcript(
            "承德市2023年7月民生工程推进情况新闻发布会(第二场)", "市人社局局长董某某",
            "一、就业创业。1至7月,全市城镇新增就业2.96万人,城镇登记失业率控制在3.62%。\n",
        ),
    })
    for question in ("承德城镇登记失业率2023年7月比2021年4月下降了几个百分点", "承德城镇登记失业率2023年比2021年下降了多少"):
        first = engine.answer(question)[0].text.split("\n")[0]
        assert "3.62%" in first and "3.88%" in first and "0.26个百分点" in first and "下降" in first, first


def test_a_countys_quote_keeps_its_second_measure(tmp_path):
    """'定边县…开工几处、完工几处' then '那子洲呢': each county's quote is its own clause with both of its
    numbers ('…子洲县开工7处、完工3处…'), never another county's."""
    engine = engine_for(tmp_path, "榆林市2023年8月民生实事发布会.txt", transcript(
        "榆林市2023年8月民生实事推进情况新闻发布会(第二场)", "市水利局局长贺某某",
        "一是农村供水保障工程。截至8月底,已开工81处;完工58处。"
        "分县区看,定边县开工14处、完工11处,靖边县开工12处、完工9处,子洲县开工7处、完工3处。\n",
    ))
    answer, context = engine.answer("榆林定边县农村供水工程开工几处、完工几处")
    assert "14处" in answer.text and "11处" in answer.text and "子洲" not in answer.text, answer.text
    answer, _ = engine.answer("那子洲呢", context)
    assert "7处" in answer.text and "3处" in answer.text and "定边" not in answer.text, answer.text


def test_a_change_since_a_month_end_may_name_what_it_counts_after_its_verb(tmp_path):
    """'完工131个,较8月底新增完工27个': at the end of August 104个 were finished."""
    engine = engine_for(tmp_path, "宝鸡市2024年9月民生实事发布会.txt", transcript(
        "宝鸡市2024年9月民生实事推进情况新闻发布会", "市住房和城乡建设局局长李某某",
        "一、老旧小区改造。截至9月底,215个小区已全部开工,完工131个,较8月底新增完工27个。\n",
    ))
    answer = engine.answer("宝鸡老旧小区8月底完工了多少个？")[0]
    assert answer.found and "104个" in answer.text.split("\n")[0], answer.text


def test_a_countys_quote_is_its_own_full_name_not_a_longer_name_holding_its_short_form(tmp_path):
    """'岳阳县老旧小区开工了几个': the quote is '…岳阳县14个…', never '…岳阳楼区48个…' (岳阳楼区 holds 岳阳)."""
    engine = engine_for(tmp_path, "岳阳市2023年7月民生实事发布会.txt", transcript(
        "岳阳市2023年7月民生实事推进情况新闻发布会", "市住房和城乡建设局副局长易某某",
        "一、老旧小区改造。截至6月底,已开工152个,其中岳阳楼区48个、云溪区12个、岳阳县14个、华容县12个。\n",
    ))
    answer = engine.answer("岳阳县老旧小区开工了几个")[0]
    assert "14个" in answer.text and "48个" not in answer.text, answer.text


def test_a_change_said_in_another_scale_of_the_unit_and_a_goal_the_asker_restates(tmp_path):
    """'新增认定…1.86万人,比8月底增加2140人': '比8月底多了多少' is 2140人 (no August figure is held);
    '二是新增公共停车泊位5000个。目前已建成4286个': '离5000个还差多少' is 714个, not 'reached' by the plan
    itself."""
    engine = engine_for(tmp_path, "承德市2022年9月民生工程发布会.txt", transcript(
        "承德市2022年9月民生工程推进情况新闻发布会(第一场)", "市医疗保障局局长高某某",
        "一是门诊慢特病服务提升。全市新增认定门诊慢特病患者1.86万人,比8月底增加2140人。\n",
        "二是新增公共停车泊位5000个。目前已建成4286个,较8月底增加612个。\n",
    ))
    first = engine.answer("承德22年门诊慢特病新认定了多少人，比8月底多了多少")[0].text.split("\n")[0]
    assert "2140人" in first and "1.86万人" in first, first
    first = engine.answer("承德2022年公共停车泊位离5000个还差多少个")[0].text.split("\n")[0]
    assert "714个" in first, first

