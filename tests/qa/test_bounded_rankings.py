"""Rankings read coverages best first and stop once nothing later can reach the top (Search.bounded),
and coverages are memoised per question: both must give exactly the rankings of a full scan."""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.qa import Context, Engine
from bot.qa import search as search_module
from bot.qa.search import BOUND_SLACK, max_figure_factor
from bot.qa.understand import understand

WORDS = ["棚户区", "改造", "安置房", "幼儿园", "中小学", "学位", "开工", "基本建成", "完成", "投资", "计划", "目标",
         "滦平县", "围场县", "丰宁", "4月", "5月", "多少", "几个", "套", "万元", "%", "完成率", "哪些县", "怎么",
         "为什么", "下一步", "市级", "县级", "卫健委", "教育局", "住建局", "医联体", "老旧小区", "工程", "项目"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
question_texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map("".join)


def _exhaustive(engine: Engine):
    """The engine's search with every document read (restored on exit)."""
    search = engine.search

    class Full:
        def __enter__(self):
            search.bounded = False
            return search

        def __exit__(self, *_):
            search.bounded = True

    return Full()


def _figure_rankings(engine: Engine, query) -> list:
    search = engine.search
    return [
        search._rank_figures(query, kind, month, grouped)
        for kind in (None, "target") for month in (None, 5) for grouped in (False, True)
    ]


def _passage_rankings(engine: Engine, query) -> list:
    search = engine.search
    return [
        search.rank_passages(query, kinds=kinds, answers_first=first, drop_county=drop)
        for kinds in (("speech", "answer"), ("question",)) for first in (False, True) for drop in (False, True)
    ]


@SETTINGS
@given(text=question_texts, top_k=st.sampled_from([1, 2, 5, 60]))
def test_bounded_rankings_equal_full_scans(may_engine: Engine, text: str, top_k: int) -> None:
    """Same documents, same scores, same order, with a top small enough for the bound to stop early."""
    query = understand(text, may_engine.lexicon, may_engine.speller)
    with mock.patch.object(search_module, "TOP_K", top_k):
        may_engine.search.forget()
        bounded = _figure_rankings(may_engine, query), _passage_rankings(may_engine, query)
        with _exhaustive(may_engine):
            may_engine.search.forget()
            full = _figure_rankings(may_engine, query), _passage_rankings(may_engine, query)
    assert bounded == full


@SETTINGS
@given(text=question_texts)
def test_no_figure_factor_exceeds_its_bound(may_engine: Engine, text: str) -> None:
    """max_figure_factor is what lets a ranking stop early: every figure's score over its coverage is within it."""
    search = may_engine.search
    query = understand(text, may_engine.lexicon, may_engine.speller)
    coverage = search.figure_index.score(search.question_terms(query, search.figure_index))
    doc_of = {id(figure): doc_id for doc_id, figure in enumerate(search.figures)}
    with mock.patch.object(search_module, "TOP_K", len(search.figures)), _exhaustive(may_engine):
        for month in (None, 4, 5):
            for grouped in (False, True):
                bound = max_figure_factor(query, grouped) * BOUND_SLACK
                for scored in search._rank_figures(query, None, month, grouped):
                    assert scored.score <= coverage[doc_of[id(scored.item)]] * bound, (text, scored)


@pytest.mark.parametrize("text", ["棚户区改造下一步怎么做", "中小学已开工面积占规划面积的多少", "幼儿园开工率", "医联体建立了吗"])
def test_memoised_coverage_is_the_index_score(seed_engine: Engine, text: str) -> None:
    """One coverage per question and index, computed once, equal to a fresh score, gone after forget()."""
    search = seed_engine.search
    query = understand(text, seed_engine.lexicon, seed_engine.speller)
    terms = search.question_terms(query, search.figure_index)
    search.forget()
    calls = []
    score = search.figure_index.score
    with mock.patch.object(search.figure_index, "score", lambda t: calls.append(t) or score(t)):
        first = search._coverage(search.figure_index, terms)
        again = search._coverage(search.figure_index, dict(terms))
        assert first is again and len(calls) == 1
        search.forget()
        assert search._coverage(search.figure_index, terms) is not first and len(calls) == 2
    fresh = score(terms)
    assert dict(first) == fresh and len(first) == len(fresh)
    assert [share for _, share in first] == sorted(fresh.values(), reverse=True)


def test_a_how_question_scores_its_passages_once(seed_engine: Engine) -> None:
    """What was said and what reporters asked are two rankings of one coverage."""
    search = seed_engine.search
    calls = []
    score = search.passage_index.score
    with mock.patch.object(search.passage_index, "score", lambda t: calls.append(t) or score(t)):
        answer, _ = seed_engine.answer("棚户区改造下一步怎么做", Context())
    assert answer.found
    assert len(calls) == len({tuple(t.items()) for t in calls}) >= 1


def test_memoised_answers_equal_fresh_ones(seed_engine: Engine) -> None:
    """Answering with the coverages of earlier rankings kept gives what a fresh engine state gives."""
    questions = ["棚户区改造下一步怎么做", "中小学已开工面积占规划面积的多少", "老旧小区开工率", "幼儿园有哪些任务"]
    first = [seed_engine.answer(q, Context())[0] for q in questions]
    with mock.patch.object(search_module, "COVERAGE_CACHE", 1):  # (each new coverage drops the others)
        second = [seed_engine.answer(q, Context())[0] for q in questions]
    assert first == second


def test_tie_ranks_order_figures_as_their_keys(may_engine: Engine) -> None:
    """Equal scores fall back to (curated first, id): the tie ranks are that order, one rank per figure."""
    figures, ranks = may_engine.search.figures, may_engine.search._tie_ranks
    assert sorted(ranks) == list(range(len(figures)))
    by_rank = sorted(range(len(figures)), key=ranks.__getitem__)
    assert by_rank == sorted(range(len(figures)), key=lambda i: (not figures[i].curated, figures[i].id))
