"""Follow-up questions in one chat: county swap, topic swap, target → progress; fresh chats start clean."""

from __future__ import annotations

import time

import pytest

from bot.qa import Context, Engine
from bot.qa.context import CONTEXT_TTL_SECONDS
from tests.conftest import ask_chain, head
from tests.qa.invented import engine_over, transcript

# (questions asked in order in one chat, words the LAST answer's direct text must hold, words it must not)
CHAINS = [
    pytest.param(("兴隆县有几个幼儿园项目", "那围场县呢"), ("围场县", "1个"), ("兴隆县",), id="county-swap-那X县呢"),
    pytest.param(("兴隆县有几个幼儿园项目", "围场县呢"), ("围场县", "1个"), (), id="county-swap-X县呢"),
    pytest.param(("围场县中小学项目有几个", "宽城县呢"), ("宽城县", "中小学", "1个"), ("幼儿园",), id="county-swap-keeps-schools"),
    pytest.param(("围场县中小学项目有几个", "那滦平呢"), ("滦平县", "2个"), (), id="county-swap-short-name"),
    pytest.param(("围场县中小学项目有几个", "那平泉市呢"), ("平泉市", "1个"), (), id="county-swap-city-level-county"),
    pytest.param(("宽城县有没有中小学项目", "那高新区呢"), ("高新区",), (), id="county-swap-to-a-county-not-listed"),
    pytest.param(("幼儿园规划面积多少", "那中小学呢"), ("9.91万平方米",), ("1.91",), id="topic-swap-area"),
    pytest.param(("幼儿园规划资金多少", "中小学呢"), ("3.04亿元",), ("5730",), id="topic-swap-money"),
    pytest.param(("幼儿园项目涉及哪些县", "那中小学呢"), ("平泉市", "隆化县"), ("高新区",), id="topic-swap-county-list"),
    pytest.param(("乡村基层文艺团体年内计划培育多少支", "完成了多少"), ("43支",), ("100支",), id="target-then-完成了多少"),
    pytest.param(("棚户区计划建设回迁安置房多少套", "已经开工多少套"), ("4433套",), ("4500套",), id="target-then-已经开工"),
    pytest.param(("棚户区计划建设回迁安置房多少套", "还差多少"), ("67套",), (), id="target-then-还差多少"),
    pytest.param(("兴隆县有几个幼儿园项目", "今天天气怎么样", "围场县呢"), ("围场县", "1个"), (),
                 id="unanswered-question-keeps-the-context"),
    pytest.param(("棚户区基本建成多少套", "城镇新增就业多少"), ("1.8万人",), (), id="new-short-question-is-not-glued-on"),
    pytest.param(("失业保险待遇发了多少钱", "医联体"), ("203家",), ("8926",), id="new-topic-word-alone"),
    pytest.param(
        ("文艺骨干培训计划多少名", "已经培训了多少"),
        ("560名",),
        ("老旧小区",),
        id="target-then-已经培训了多少",
    ),
]


@pytest.mark.parametrize(("questions", "expected", "absent"), CHAINS)
def test_follow_up(seed_engine: Engine, questions: tuple[str, ...], expected: tuple[str, ...], absent: tuple[str, ...]) -> None:
    last = ask_chain(seed_engine, *questions)[-1]
    assert last.found, last.text
    text = head(last)
    for word in expected:
        assert word in text, f"{word!r} missing from {text!r}"
    for word in absent:
        assert word not in text, f"{word!r} should not be in {text!r}"


@pytest.mark.parametrize(
    ("follow_up", "inherited"),
    [
        pytest.param("完成了多少", "43支", id="完成了多少"),
        pytest.param("那围场县呢", "围场县有幼儿园", id="那X县呢"),
        pytest.param("那中小学呢", "9.91", id="那中小学呢"),
    ],
)
def test_a_fresh_context_does_not_inherit(seed_engine: Engine, follow_up: str, inherited: str) -> None:
    # The same follow-up does get the earlier chat's meaning inside that chat (so the test can fail) …
    primed = {"完成了多少": "乡村基层文艺团体年内计划培育多少支", "那围场县呢": "兴隆县有几个幼儿园项目", "那中小学呢": "幼儿园规划面积多少"}
    in_chat = ask_chain(seed_engine, primed[follow_up], follow_up)[-1]
    assert inherited in in_chat.text
    # … but not in a new chat, nor in an explicitly empty context.
    for context in (None, Context()):
        answer, _ = seed_engine.answer(follow_up, context)
        assert inherited not in answer.text


def test_an_expired_context_is_not_continued(seed_engine: Engine) -> None:
    _, context = seed_engine.answer("兴隆县有几个幼儿园项目")
    assert context.county == "兴隆县" and context.at > 0
    stale = Context(**{**context.to_dict(), "at": time.time() - CONTEXT_TTL_SECONDS - 60})
    answer, _ = seed_engine.answer("围场县呢", stale)
    fresh, _ = seed_engine.answer("围场县呢", Context())
    continued, _ = seed_engine.answer("围场县呢", context)
    assert continued.text != fresh.text, "the live context must change the answer, or this test proves nothing"
    assert answer.text == fresh.text


def test_context_remembers_the_understood_question(seed_engine: Engine) -> None:
    _, first = seed_engine.answer("兴隆县有几个幼儿园项目")
    _, second = seed_engine.answer("围场县呢", first)
    assert second.county == "围场县"
    assert "幼儿园" in second.text, "the stored question is the rewritten, whole one"


def test_context_survives_a_round_trip_through_json_data(seed_engine: Engine) -> None:
    _, context = seed_engine.answer("乡村基层文艺团体年内计划培育多少支")
    restored = Context.from_dict(context.to_dict())
    assert restored == context
    answer, _ = seed_engine.answer("完成了多少", restored)
    assert "43支" in head(answer)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(None, id="none"),
        pytest.param({}, id="empty"),
        pytest.param({"text": "x", "unknown_field": 1}, id="extra-field"),
        pytest.param(
            {"at": "yesterday", "text": 3},
            id="wrong-types",
        ),
    ],
)
def test_context_from_unreadable_data_never_raises(seed_engine: Engine, data) -> None:
    context = Context.from_dict(data)
    assert isinstance(context, Context)
    answer, _ = seed_engine.answer("围场县呢", context)
    assert answer.text.strip()


def test_a_follow_up_of_action_words_only_is_not_a_new_topic(tmp_path) -> None:
    """'那现在建好了几个?' names nothing new: it asks the last topic again, not a topic '现在建好了个'."""
    from tests.qa.invented import engine_for

    engine = engine_for(
        tmp_path,
        "2022-10-民生工程10月推进情况.txt",
        "【市农业农村局局长 汪洋】\n第四,美丽乡村建设。今年打造美丽乡村精品村80个,截至10月底已基本完成建设任务的有66个。\n"
        "第五,冰雪旅游。计划推出冰雪旅游精品线路10条。\n",
    )
    first, context = engine.answer("美丽乡村精品村今年打算建几个")
    assert "80个" in first.text
    second, _ = engine.answer("那现在建好了几个?", context)
    assert "冰雪" not in second.text.split("来源")[0], second.text


def test_a_follow_up_keeps_the_county_and_city_it_names_none_of(tmp_path):
    """'目标是多少' after '唐山老旧小区路北区开工了几个' is 路北区's target in 唐山, not the city's total."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "唐山劳动日报-2024年4月唐山市一季度民生工程进展报道.txt", (
        "唐山市召开2024年一季度民生工程进展新闻发布会\n市住建局副局长孙立伟出席发布会。\n"
        "老旧小区改造方面,据孙立伟介绍,今年全市计划改造老旧小区286个。\n\n"
        "县(市、区)    年度任务    截至3月底已开工\n路南区        38个        7个\n路北区        52个        9个\n"
        "古冶区        21个        3个\n"
    ))
    first, context = engine.answer("唐山老旧小区路北区开工了几个")
    assert "9个" in first.text, first.text
    second, _ = engine.answer("目标是多少", context)
    assert "52个" in second.text and "286个" not in second.text.split("\n")[0], second.text


def _two_years(tmp_path):
    return engine_over(tmp_path, {
        f"承德市{year}年4月民生工程发布会.txt": transcript(
            f"承德市{year}年4月民生工程推进情况新闻发布会(第一场)", "市住建局局长高志强",
            f"一、老旧小区改造工程。全市年内计划改造老旧小区{target}个,截至4月底,已开工{started}个。\n",
        )
        for year, target, started in ((2021, 169, 87), (2022, 186, 23))
    })


def test_a_follow_up_stays_in_the_year_its_chat_named(tmp_path) -> None:
    """'目标是多少' after '2022年…开工了几个' is 2022's target, not 2021's."""
    engine = _two_years(tmp_path)
    first, context = engine.answer("承德2022年老旧小区改造开工了几个")
    assert "23个" in first.text, first.text
    answer, _ = engine.answer("全年目标是多少", context)
    assert answer.found and "186个" in answer.text and "169个" not in answer.text, answer.text


def test_a_follow_up_counts_what_its_chat_counted(tmp_path) -> None:
    """'目标是多少' after '开工了几所' is the target in 所, not the 学位 or 平方米 of the same plan."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "承德市2022年4月民生工程发布会.txt", (
        "承德市2022年4月民生工程推进情况新闻发布会(第一场)\n出席本场发布会的有:市教育局局长孙建平。\n请孙建平同志做发布。\n"
        "下面我把市教育局承担的2022年民心工程进展情况作简要介绍,主要包括幼儿园建设和中小学建设2个项目。\n"
        "二、中小学建设工程。(一)年度目标。2022年规划新建、改扩建中小学8所、面积7.65万平方米。(二)项目进度。截至4月底,已开工5所。\n"
    ))
    first, context = engine.answer("中小学建设项目到4月底开工了几所")
    assert "5所" in first.text, first.text
    answer, _ = engine.answer("目标是多少", context)
    assert answer.found and "8所" in answer.text, answer.text


def _two_months(tmp_path):
    return engine_over(tmp_path, {
        f"承德市2021年{month}月民生工程发布会.txt": transcript(
            f"承德市2021年{month}月民生工程推进情况新闻发布会(第一场)", "市人社局副局长董某某",
            f"一、就业工程。截至{month}月底,全市城镇新增就业{jobs},失业人员再就业{again},城镇登记失业率3.8%。",
            "计划12月底前完成改造供热管网20公里。\n",
        )
        for month, jobs, again in ((4, "1.8万人", "0.55万人"), (10, "3.46万人(年度目标3.8万人)", "1.07万人"))
    })


def test_a_follow_up_stays_in_the_month_its_chat_dated(tmp_path) -> None:
    """'那失业人员再就业呢' after '2021年4月承德城镇新增就业多少人' is April's, not October's."""
    engine = _two_months(tmp_path)
    first, context = engine.answer("2021年4月承德城镇新增就业多少人")
    assert "1.8万人" in first.text, first.text
    answer, _ = engine.answer("那失业人员再就业呢", context)
    assert answer.found and "0.55万人" in answer.text and "1.07万人" not in answer.text.split("\n")[0], answer.text
    assert "4月" in context.scope  # what a follow-up is given, however it is rewritten


def test_a_month_end_in_the_question_is_no_topic_of_the_chat(tmp_path) -> None:
    """'年度目标是多少' after '…10月底城镇新增就业多少人': the plan of 城镇新增就业 (said in an aside,
    '(年度目标3.8万人)'), not of a topic called '月底城镇'."""
    engine = _two_months(tmp_path)
    first, context = engine.answer("承德2021年10月底城镇新增就业多少人")
    assert "3.46万人" in first.text, first.text
    answer, _ = engine.answer("年度目标是多少", context)
    assert answer.found and "3.8万人" in answer.text.split("\n")[0], answer.text


def test_a_time_word_in_a_name_is_no_topic_word(tmp_path) -> None:
    """A section a transcript titled '截至10月底' gives its figures that project name; its 月底 is a
    time, so '10月底城镇新增就业' is about 城镇新增就业, not '月底城镇'."""
    from dataclasses import replace

    from bot.qa.lexicon import Lexicon

    knowledge = _two_months(tmp_path).knowledge
    figures = tuple(replace(f, project="截至10月底") for f in knowledge.figures)
    lexicon = Lexicon.build(replace(knowledge, figures=figures))
    assert "月底" not in lexicon.entity("承德2021年10月底城镇新增就业多少人")


def test_a_department_named_by_its_abbreviation_is_neither_topic_nor_what_a_follow_up_is_about(tmp_path) -> None:
    """'妇联两癌救助今年打算救多少人' then '已经救了多少': 妇联 is 市妇女联合会, the chat is about 两癌救助."""
    from tests.qa.invented import engine_for

    engine = engine_for(tmp_path, "衡水市2023年10月民生工程发布会.txt", transcript(
        "衡水市2023年10月民生工程推进情况新闻发布会(第三场)", "市妇女联合会主席杜某某",
        "一、救助困难“两癌”患病妇女。今年计划救助患病困难妇女300名,每人救助1万元,目前已救助236名。\n",
        "符合条件的患病妇女可以向户籍所在地的乡镇(街道)妇联提出申请,经县级妇联审核、公示后,救助金直接发放到本人银行账户。\n",
    ))
    first, context = engine.answer("妇联两癌救助今年打算救多少人")
    assert first.found and "300名" in first.text, first.text
    second, _ = engine.answer("已经救了多少？", context)
    assert second.found and "236名" in second.text.split("\n")[0], second.text


def test_a_follow_up_says_plan_or_progress_in_its_own_words(tmp_path) -> None:
    """'计划总投资多少' then '上半年完成了多少': the follow-up asks what was done (31.2亿元), though the
    words it borrows ('总投资') would make it a plan."""
    from tests.qa.invented import engine_for, transcript

    engine = engine_for(tmp_path, "岳阳市2023年7月民生实事发布会.txt", transcript(
        "岳阳市2023年7月民生实事推进情况新闻发布会", "市发展和改革委员会副主任陈某某",
        "今年我市确定12件重点民生实事,计划总投资58.6亿元。截至6月底,累计完成投资31.2亿元,占年度计划的53.2%。\n",
    ))
    from bot.qa import followup

    _, context = engine.answer("岳阳2023年重点民生实事计划总投资多少")
    answer, _ = engine.answer("上半年完成了多少", context)
    assert "31.2亿元" in answer.text.split("\n")[0], answer.text
    resolved = followup.resolve(engine._ask("上半年完成了多少"), context, engine.lexicon, engine.speller)
    assert resolved.wants_progress and not resolved.wants_target, resolved
