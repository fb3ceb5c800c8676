"""FieldIndex postings as arrays (bot/qa/postings.py): FieldIndex.score gives exactly what it gave
when a posting was a dict of doc id → weight — the same documents, the same floats to the last
bit, in the same order — and a posting pickles back to the same arrays."""

from __future__ import annotations

import pickle
from collections import defaultdict

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.qa import Engine
from bot.qa.postings import Posting
from bot.qa.terms import FieldIndex
from bot.qa.understand import understand
from tests.qa.test_bounded_rankings import question_texts

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def dict_score(index: FieldIndex, terms: dict[str, float]) -> dict[int, float]:
    """FieldIndex.score as it was over dict postings (the code before the arrays): the specification."""
    postings = {t: dict(zip(p.ids.tolist(), p.weights.tolist())) for t, p in index.postings.items()}
    total = sum(terms.values())
    if total <= 0:
        return {}
    present = [(t, w, postings[t]) for t, w in terms.items() if t in postings]
    rare = [entry for entry in present if len(entry[2]) <= index.common_df]
    common = [entry for entry in present if len(entry[2]) > index.common_df]
    if not rare:
        rare, common = common, []
    scores: dict[int, float] = defaultdict(float)
    for _, weight, posting in rare:
        for doc_id, field_weight in posting.items():
            scores[doc_id] += weight * field_weight
    found_by_rare = set(scores)
    for _, weight, posting in common:
        for doc_id in found_by_rare:
            field_weight = posting.get(doc_id)
            if field_weight:
                scores[doc_id] += weight * field_weight
    common_bound = sum(weight for _, weight, _ in common)
    if common and max(scores.values(), default=0.0) < common_bound:
        for _, weight, posting in common:
            for doc_id, field_weight in posting.items():
                if doc_id not in found_by_rare:
                    scores[doc_id] += weight * field_weight
    return {doc_id: s / total for doc_id, s in scores.items()}


def _index(seed_engine: Engine, postings: dict[str, dict[int, float]], size: int, common_df: int) -> FieldIndex:
    """An index with exactly these postings (built empty, then given them)."""
    index = FieldIndex([], seed_engine.lexicon)
    index.size, index.common_df = size, common_df
    index.postings = {term: Posting.of(weights) for term, weights in postings.items()}
    return index


HAND = {
    "rare1": {3: 1.0, 1: 0.5},
    "rare2": {1: 1.0},
    "rare3": {5: 1.0},
    "late": {4: 1.0, 0: 0.8},  # (ids out of order, as words found in short fields are added last)
    "common": {0: 0.5, 1: 1.0, 2: 1.0, 3: 0.5, 4: 1.0},
}


@pytest.mark.parametrize(("terms", "expected"), [
    # Rare terms find documents 3 and 1; the common term adds only to those (3: 2·1 + 1·0.5, 1: 2·0.5 + 1 + 1).
    ({"rare1": 2.0, "common": 1.0, "rare2": 1.0}, {3: 2.5 / 4.0, 1: 3.0 / 4.0}),
    # The best rare document (0.5) is below the common term's share (1): every common document is scored.
    ({"rare3": 0.5, "common": 1.0}, {5: 0.5 / 1.5, 0: 0.5 / 1.5, 1: 1.0 / 1.5, 2: 1.0 / 1.5, 3: 0.5 / 1.5, 4: 1.0 / 1.5}),
    # Only common terms: they are the rare ones.
    ({"common": 2.0}, {0: 1.0 / 2.0, 1: 2.0 / 2.0, 2: 2.0 / 2.0, 3: 1.0 / 2.0, 4: 2.0 / 2.0}),
    # Documents in the order first found, a posting's in its own order.
    ({"late": 1.0, "rare1": 1.0}, {4: 1.0 / 2.0, 0: 0.8 / 2.0, 3: 1.0 / 2.0, 1: 0.5 / 2.0}),
    ({"unknown": 1.0}, {}),
    ({"rare1": 0.0}, {}),
])
def test_scores_worked_by_hand(seed_engine: Engine, terms: dict[str, float], expected: dict[int, float]) -> None:
    index = _index(seed_engine, HAND, size=6, common_df=3)
    found = index.score(terms)
    assert list(found.items()) == list(expected.items())
    assert all(type(doc_id) is int and type(share) is float for doc_id, share in found.items())


postings_strategy = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d", "e", "f"]),
    st.dictionaries(st.integers(0, 29), st.sampled_from([0.5, 0.8, 0.9, 1.0, 0.4, 0.6, 24 / 31]), min_size=1),
    min_size=1,
)
terms_strategy = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d", "e", "f", "g"]), st.floats(0.01, 12.0, allow_nan=False), min_size=1
)


@SETTINGS
@given(postings=postings_strategy, terms=terms_strategy, common_df=st.integers(1, 12))
def test_scores_equal_the_dict_layouts(seed_engine: Engine, postings, terms, common_df: int) -> None:
    """Any postings, any term weights, any rare/common split: the same dict, in the same order."""
    index = _index(seed_engine, postings, size=30, common_df=common_df)
    assert list(index.score(terms).items()) == list(dict_score(index, terms).items())


@SETTINGS
@given(text=question_texts)
def test_question_scores_equal_the_dict_layouts(may_engine: Engine, text: str) -> None:
    """The engine's own indexes and a question's own terms (with its boosted entity words)."""
    search = may_engine.search
    query = understand(text, may_engine.lexicon, may_engine.speller)
    for index in (search.figure_index, search.passage_index):
        for terms in (search.question_terms(query, index), search.question_terms(query, index, entity_weight=0.5)):
            for common_df in (index.common_df, 3):  # (the seed is small: make some of its terms common)
                saved, index.common_df = index.common_df, common_df
                try:
                    assert list(index.score(terms).items()) == list(dict_score(index, terms).items())
                finally:
                    index.common_df = saved


def test_a_weight_off_by_the_last_bit_is_noticed(seed_engine: Engine) -> None:
    """The comparison above is exact: one posting weight one ulp off changes the score."""
    search = seed_engine.search
    index = search.figure_index
    terms = search.question_terms(understand("棚户区改造开工了多少套", seed_engine.lexicon, seed_engine.speller), index)
    before = index.score(terms)
    term = next(t for t in terms if t in index.postings)
    posting = index.postings[term]
    index.postings[term] = Posting(posting.ids, np.nextafter(posting.weights, 2.0))
    try:
        assert index.score(terms) != before
        assert dict_score(index, terms) == index.score(terms)
    finally:
        index.postings[term] = posting


def test_built_postings_are_the_documents_in_indexed_order(seed_engine: Engine) -> None:
    """Each term's ids and weights are those of the documents the build gave it, in the build's order."""
    for index in (seed_engine.search.figure_index, seed_engine.search.passage_index):
        for term, posting in index.postings.items():
            assert posting.ids.dtype == np.int32 and posting.weights.dtype == np.float64
            assert len(posting) == len(posting.ids) == len(posting.weights) == len(set(posting.ids.tolist())) > 0
            assert 0 <= posting.ids.min() and posting.ids.max() < index.size


def test_a_posting_pickles_to_the_same_arrays() -> None:
    posting = Posting.of({7: 0.5, 2: 24 / 31, 100_000: 1.0})
    loaded = pickle.loads(pickle.dumps(posting, protocol=5))
    assert loaded.ids.tolist() == [7, 2, 100_000] and loaded.weights.tolist() == [0.5, 24 / 31, 1.0]
    assert loaded.ids.dtype == np.int32 and loaded.weights.dtype == np.float64 and len(loaded) == 3
