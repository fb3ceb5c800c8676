"""Properties of answering arbitrary text: never raises, always replies, reads a bounded prefix, is pure."""

from __future__ import annotations

import functools

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.qa import Answer, Context, Engine
from bot.qa.understand import MAX_QUESTION_CHARS, MAX_READ_CHARS, understand
from tests.conftest import SEED_TRANSCRIPT

SEED_CHARS = sorted(set(SEED_TRANSCRIPT.read_text(encoding="utf-8")))
SEED_WORDS = ["棚户区", "幼儿园", "中小学", "滦平县", "围场县", "多少", "几个", "完成", "计划", "比4月", "增加了",
              "那", "呢", "谁", "什么时候", "哪些县", "还差", "完成率", "2020年", "北京", "<b>", "</b>", "。", "？"]
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Any text Telegram could deliver: all of Unicode (minus surrogates, which str cannot encode to UTF-8),
# including control characters, emoji and CJK; plus text built from the seed's own characters and
# words, which reaches the deeper paths (kinds, counties, context rewriting) far more often.
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=MAX_QUESTION_CHARS)
seedlike_text = st.text(
    st.one_of(st.sampled_from(SEED_CHARS), st.sampled_from("🙂🏗️\u200b\ufeff\x00\x1b\r\n\t　")), max_size=MAX_QUESTION_CHARS
)
word_salad = st.lists(st.sampled_from(SEED_WORDS), max_size=12).map("".join)
questions = st.one_of(any_text, seedlike_text, word_salad)


def assert_reply(answer: Answer, context: Context) -> None:
    assert isinstance(answer, Answer)
    assert isinstance(answer.text, str) and answer.text.strip()
    assert isinstance(answer.found, bool)
    assert (answer.kind == "none") == (not answer.found)
    assert isinstance(context, Context)


@SETTINGS
@given(questions)
@example("🙂" * 4000)
@example("\x00" * MAX_QUESTION_CHARS)
@example("<" * 5000)
@example("那呢")
@example("比4月增加了多少")
def test_answer_never_raises_and_always_replies(seed_engine: Engine, text: str) -> None:
    answer, context = seed_engine.answer(text)
    assert_reply(answer, context)


@SETTINGS
@given(st.sampled_from(["兴隆县有几个幼儿园项目", "幼儿园规划面积多少", "乡村基层文艺团体年内计划培育多少支", "池大勇是哪个单位的"]),
       questions)
def test_follow_ups_never_raise(seed_engine: Engine, first: str, text: str) -> None:
    _, context = seed_engine.answer(first)
    answer, context = seed_engine.answer(text, context)
    assert_reply(answer, context)


@SETTINGS
@given(questions)
def test_answering_is_pure(seed_engine: Engine, text: str) -> None:
    """Same question, same context → same reply (the engine keeps no state between calls)."""
    first, _ = seed_engine.answer(text)
    second, _ = seed_engine.answer(text)
    assert (first.found, first.kind, first.text) == (second.found, second.kind, second.text)


@SETTINGS
@given(questions)
def test_understand_reads_at_most_the_budget(seed_engine: Engine, text: str) -> None:
    query = understand(text, seed_engine.lexicon, seed_engine.speller)
    assert len(query.text) <= MAX_READ_CHARS


# A prefix the normaliser leaves as it is (Simplified, no numerals, no punctuation), as long as the budget.
_PREFIX = ("棚户区改造工程" * MAX_READ_CHARS)[:MAX_READ_CHARS]


@settings(max_examples=100, deadline=None)
@given(questions)
def test_nothing_past_the_read_budget_matters(seed_engine: Engine, tail: str) -> None:
    """A structural time budget: whatever follows the first MAX_READ_CHARS characters is never read."""
    alone = _understood_prefix(seed_engine)
    with_tail = understand(_PREFIX + tail, seed_engine.lexicon, seed_engine.speller)
    assert (with_tail.text, with_tail.kind, with_tail.county, with_tail.problem) == (
        alone.text, alone.kind, alone.county, alone.problem,
    )


@functools.cache
def _understood_prefix(engine: Engine):
    query = understand(_PREFIX, engine.lexicon, engine.speller)
    assert query.text == _PREFIX
    return query


@SETTINGS
@given(questions)
def test_search_figures_never_raises(seed_engine: Engine, keyword: str) -> None:
    figures = seed_engine.search_figures(keyword, limit=5)
    assert len(figures) <= 5


@pytest.mark.parametrize("text", ["\ud83d", "棚户区\ud83d开工多少套"], ids=["alone", "inside-a-question"])
def test_lone_surrogates_do_not_raise(seed_engine: Engine, text: str) -> None:
    answer, context = seed_engine.answer(text)
    assert_reply(answer, context)
