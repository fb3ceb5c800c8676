"""Typo correction against the knowledge's own names: fix homophones and one-edit slips, leave good text alone."""

from __future__ import annotations

import pytest

from bot.domain import Knowledge
from bot.qa import Engine
from bot.qa.understand import clean
from tests.conftest import head


def corrected(engine: Engine, question: str) -> str:
    return engine.speller.correct(clean(question))


TYPOS = [
    # speakers' names, homophones
    pytest.param("池大永是哪个单位的", "池大勇", id="speaker-池大永"),
    pytest.param("王成君是谁", "王成军", id="speaker-王成君"),
    pytest.param("刘燕翔是谁", "刘雁翔", id="speaker-刘燕翔"),
    pytest.param("唐秋花是谁", "唐秋华", id="speaker-唐秋花"),
    pytest.param("董晓冬是谁", "董晓东", id="speaker-董晓冬"),
    # counties, homophones
    pytest.param("宽成县有几个幼儿园项目", "宽城县", id="county-宽成县"),
    pytest.param("兴龙县有几个中小学项目", "兴隆县", id="county-兴龙县"),
    # projects and indicators
    pytest.param("滦平县有几个幼儿圆项目", "幼儿园", id="幼儿圆"),
    pytest.param("凤凰山大侨完成多少", "凤凰山大桥", id="大侨"),
    pytest.param("棚户区改照工程", "棚户区改造工程", id="改照"),
    pytest.param("孵化基帝有几家", "孵化基地", id="基帝"),
    pytest.param("失叶保险待遇发了多少", "失业保险", id="失叶"),
    pytest.param("就业补帖资金", "就业补贴", id="补帖"),
    pytest.param("文艺骨千培训了多少名", "文艺骨干", id="one-edit-骨千"),
    pytest.param("文艺骨干培洲", "文艺骨干培训", id="one-edit-培洲"),
    pytest.param("医连体覆盖多少家卫生院", "医联体", id="homophone-医连体"),
    pytest.param("会龙山遂道完成了什么", "会龙山隧道", id="homophone-遂道"),
]


@pytest.mark.parametrize(("question", "fixed"), TYPOS)
def test_typo_is_corrected(seed_engine: Engine, question: str, fixed: str) -> None:
    assert fixed in corrected(seed_engine, question)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        pytest.param("池大永是哪个单位的", "住建局", id="speaker"),
        pytest.param("凤凰山大侨完成多少", "75%", id="bridge"),
        pytest.param("宽成县有几个幼儿园项目", "1个", id="county"),
        pytest.param("孵化基帝有几家", "24家", id="incubators"),
    ],
)
def test_typo_question_is_answered(seed_engine: Engine, question: str, expected: str) -> None:
    answer, _ = seed_engine.answer(question)
    assert answer.found and expected in head(answer)


CORRECT = [
    pytest.param("棚户区改造已开工多少套", id="housing"),
    pytest.param("中小学规划资金是多少", id="schools"),
    pytest.param("给多少名失业人员发了失业保险", id="insurance"),
    pytest.param("公益性岗位安置了多少困难人员", id="public-jobs"),
    pytest.param("人社局如何帮扶困难人员就业", id="how"),
    pytest.param("普惠性民办幼儿园认定多少所", id="kindergartens"),
    pytest.param("全市选派了多少名医师去乡镇卫生院帮扶", id="doctors"),
    pytest.param("乡村基层文艺团体培育了几支", id="troupes"),
    pytest.param("滦平县平泉市隆化县丰宁县", id="counties"),
    pytest.param("今天天气怎么样", id="off-topic-but-correct"),
    pytest.param(
        "县级远程医疗中心影像诊断做了多少例", id="影像诊断"
    ),
]


@pytest.mark.parametrize("question", CORRECT)
def test_correct_text_is_unchanged(seed_engine: Engine, question: str) -> None:
    assert corrected(seed_engine, question) == clean(question)


def test_every_seed_sentence_is_left_alone(seed_engine: Engine, seed_knowledge: Knowledge) -> None:
    changed = []
    for passage in seed_knowledge.passages:
        text = clean(passage.text)
        if seed_engine.speller.correct(text) != text:
            changed.append(passage.text)
    assert changed == []


def test_every_speaker_and_county_name_is_left_alone(seed_engine: Engine, seed_knowledge: Knowledge) -> None:
    names = {s.name for s in seed_knowledge.speakers} | {f.county for f in seed_knowledge.figures if f.county}
    names |= {s.department for s in seed_knowledge.speakers}
    assert names
    assert {n for n in names if seed_engine.speller.correct(n) != n} == set()


@pytest.mark.parametrize("question", ["保定市2022年棚改进度怎么样", "保定市今年棚改开工多少套"])
def test_a_place_name_is_never_corrected(tmp_path, question: str) -> None:
    """'保定市' sounds like '保定时' when the knowledge says '定时': a city left unrecognised would be
    answered from the held city's conferences — the worst kind of wrong answer."""
    from tests.qa.invented import engine_for

    engine = engine_for(
        tmp_path,
        "张家口市2022年11月民生工程推进情况.txt",
        "【张家口市住建局局长 冯志远】\n一、棚户区改造。截至10月底,全市棚户区改造新开工3260套,"
        "基本建成1957套。我们定时调度,每周通报进度。\n",
    )
    assert engine.speller.correct(clean(question)) == clean(question)
    answer, _ = engine.answer(question)
    assert not answer.found and "3260套" not in answer.text, answer.text


def test_a_common_word_is_not_corrected_into_a_knowledge_term(tmp_path) -> None:
    """'完工率' is what the person meant even though the knowledge says '小区开工' one edit away."""
    from tests.qa.invented import engine_for

    engine = engine_for(
        tmp_path,
        "2023-10-民生工程10月推进情况.txt",
        "【市住建局局长 张立言】\n一、老旧小区改造。全年计划改造城镇老旧小区213个。截至10月底,小区开工213个,完工146个。\n",
    )
    assert engine.speller.correct("老旧小区完工率是多少") == "老旧小区完工率是多少"
    answer, _ = engine.answer("老旧小区完工率是多少")
    assert "68.5%" in answer.text, answer.text


def test_a_new_engine_is_warm_before_its_first_question(seed_knowledge):
    """The speller's sound table and the rest of the lazy set-up are built while loading, not on a
    user's first question (which used to take 250–500 ms once)."""
    from bot.qa import Engine

    engine = Engine(seed_knowledge)
    assert engine.speller._by_sound is not None


def test_question_grammar_is_never_a_typo(tmp_path) -> None:
    """'百分之几' stays as written even when the knowledge says '…分指…' somewhere ('体育分指导站')."""
    from tests.qa.invented import engine_for

    engine = engine_for(
        tmp_path,
        "2021-04-民生工程4月推进情况.txt",
        "【市体育局局长 张立言】\n一、全民健身。全年计划建设体育分指导站12个,已建成6个,完成年度任务的百分之五十。"
        "依托县级远程医疗中心医共体开展远程诊断1200例。\n",
    )
    assert engine.speller.correct("体育分指导站建了百分之几") == "体育分指导站建了百分之几"
    assert engine.speller.correct("远程医疗中心一共做了多少例") == "远程医疗中心一共做了多少例"  # not 中心医共


def test_a_place_word_of_the_questions_grammar_is_never_a_typo(tmp_path):
    """'在哪里开的': 里开 is new to a knowledge that says '努力开展', but 哪里 is a word of the question."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "东岭市2023年4月民生实事新闻发布会.txt", (
        "（虚构材料，仅用于测试）\n东岭市2023年4月民生实事推进情况新闻发布会\n出席本场发布会的有:市住建局局长田某某。\n"
        "请田某某同志做发布。\n我们将努力开展老旧小区改造,截至3月底已开工86个。\n"
    ))
    assert engine.speller.correct("发布会是哪天在哪里开的") == "发布会是哪天在哪里开的"


def test_a_county_written_with_a_homophone_is_that_county(tmp_path) -> None:
    """'灵邱' is 灵丘(县): the pair after a place's name ('丘农') is the question's own, never in a transcript."""
    from tests.qa.invented import engine_for, transcript

    engine = engine_for(tmp_path, "大同市2023年4月民生工程发布会.txt", transcript(
        "大同市2023年4月民生工程推进情况新闻发布会", "市交通运输局局长王某某",
        "一、农村公路提质。今年的520公里农村公路分布在4个县区,其中灵丘县86公里、浑源县74公里、广灵县63公里、天镇县58公里。\n",
    ))
    answer = engine.answer("大同灵邱农村公路今年修多少公里")[0]
    first = answer.text.split("\n")[0]
    assert answer.found and "86公里" in first and "74公里" not in first, answer.text


def test_a_comparison_word_is_never_a_typo(tmp_path) -> None:
    """'城镇新增就业比8月底多了多少' where the knowledge says '高校毕业生': '业比' is new to it, but 比
    compares; it must not become '毕' (the question then lost its kind and got another project's change)."""
    from tests.qa.invented import engine_for, transcript

    engine = engine_for(tmp_path, "宝鸡市2024年9月民生实事发布会.txt", transcript(
        "宝鸡市2024年9月民生实事推进情况新闻发布会", "市人社局副局长孙某某",
        "一、就业。今年全市共有高校毕业生2.3万人,开展就业毕业生服务活动。1至9月,全市城镇新增就业3.52万人,8月底这一数字为3.11万人。\n",
    ))
    assert corrected(engine, "宝鸡城镇新增就业比8月底多了多少") == "宝鸡城镇新增就业比8月底多了多少"
