"""Questions the seed cannot answer get found=False, and never a nearby wrong figure."""

from __future__ import annotations

import pytest

from bot.domain import Knowledge
from bot.qa import Engine
from bot.qa.compose import amount

OUT_OF_SCOPE = [
    # weather and other off-topic chat
    pytest.param("明天承德会下雨吗", id="weather-tomorrow"),
    pytest.param("承德这周气温多少度", id="temperature"),
    pytest.param("房价多少钱一平", id="house-prices"),
    pytest.param("给我讲个笑话", id="joke"),
    pytest.param("医保报销比例是多少", id="in-domain-words-but-not-in-the-seed"),
    pytest.param("公安局有几个派出所", id="department-that-never-spoke"),
    pytest.param("交通局局长是谁", id="unknown-department-head"),
    # another city
    pytest.param("石家庄市棚户区改造开工了多少套", id="other-city-shantytown"),
    pytest.param("唐山有几个幼儿园项目", id="other-city-kindergartens"),
    pytest.param("北京的医联体覆盖多少家卫生院", id="other-city-medical-alliance"),
    # another year
    pytest.param("2020年棚户区改造开工多少套", id="earlier-year"),
    pytest.param("2023年中小学规划资金", id="later-year"),
    # greetings
    pytest.param("您好", id="greeting"),
    pytest.param("早上好", id="good-morning"),
    pytest.param("谢谢啦", id="thanks"),
    pytest.param("hi", id="latin-greeting"),
    # gibberish and symbols
    pytest.param("阿斯顿发空间换个", id="gibberish-common-characters"),
    pytest.param("asdkjh qwe", id="gibberish-latin"),
    pytest.param("？？？", id="question-marks"),
    pytest.param("123456", id="digits-only"),
    pytest.param("", id="empty"),
    pytest.param("   \n\t ", id="whitespace"),
    # emoji
    pytest.param("🙂🙂🙂", id="emoji"),
    pytest.param("🏗️🏫❓", id="emoji-with-variation-selector"),
    pytest.param("🙂" * 4000, id="4000-emoji"),
    pytest.param("👨‍👩‍👧‍👦" * 700, id="zwj-emoji-sequences"),
    # HTML
    pytest.param("<b>hello</b>", id="html-bold"),
    pytest.param("<script>alert(1)</script>", id="html-script"),
    pytest.param("<img src=x onerror=alert(1)>", id="html-img"),
    pytest.param(
        "<a href='x'>点这里</a>",
        id="html-link-text",
    ),
    pytest.param(
        "漌鋘酽铻皱秏晑蕁怣仂轳懡阙缫簳襨劧闢芰齾鲛欹倂籝醹扊曥黁筟鹜",
        id="gibberish-rare-characters",
    ),
]


@pytest.fixture(scope="module")
def seed_amounts(seed_knowledge: Knowledge) -> set[str]:
    """Every seed figure as it would be quoted ('4433套'): none may appear in a not-found reply."""
    return {amount(f) for f in seed_knowledge.figures}


@pytest.mark.parametrize("question", OUT_OF_SCOPE)
def test_not_found_without_a_nearby_figure(seed_engine: Engine, seed_amounts: set[str], question: str) -> None:
    answer, context = seed_engine.answer(question)
    assert answer.found is False, answer.text
    assert answer.kind == "none"
    assert answer.sources == () and answer.figures == ()
    assert answer.text.strip()
    leaked = sorted(a for a in seed_amounts if a in answer.text)
    assert leaked == [], f"not-found reply quotes seed figures: {leaked}"
    assert context.text == "", "an unanswered question must not become the context"


@pytest.mark.parametrize(
    ("question", "says"),
    [
        pytest.param("石家庄市棚户区改造开工了多少套", "石家庄", id="names-the-other-city"),
        pytest.param("2020年棚户区改造开工多少套", "2020", id="names-the-other-year"),
        pytest.param("交通局局长是谁", "交通局", id="names-the-unknown-department"),
        pytest.param("您好", "你好", id="greets-back"),
    ],
)
def test_not_found_says_why(seed_engine: Engine, question: str, says: str) -> None:
    answer, _ = seed_engine.answer(question)
    assert not answer.found
    assert says in answer.text


def test_not_found_offers_example_questions(seed_engine: Engine) -> None:
    answer, _ = seed_engine.answer("今天天气怎么样")
    assert "可以这样问" in answer.text
    assert answer.options, "example questions are offered as buttons"


def test_examples_are_answerable(seed_engine: Engine) -> None:
    """The example questions a not-found reply suggests must themselves be answered."""
    examples = seed_engine.examples()
    assert examples
    for example in examples:
        answer, _ = seed_engine.answer(example)
        assert answer.found, example


def test_a_bare_cue_is_not_answered_with_an_arbitrary_figure(seed_engine: Engine) -> None:
    for question in ("多少", "是多少", "有几个"):
        answer, _ = seed_engine.answer(question)
        assert not answer.found, question


def test_a_bare_progress_question_without_context_is_not_answered(seed_engine: Engine) -> None:
    answer, _ = seed_engine.answer("完成了多少")
    assert not answer.found, answer.text


def test_empty_knowledge_answers_nothing() -> None:
    engine = Engine(Knowledge())
    answer, _ = engine.answer("棚户区改造已开工多少套")
    assert not answer.found and answer.text.strip()
