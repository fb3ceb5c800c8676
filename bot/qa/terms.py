"""Terms of a text (jieba words + character bigrams) and an IDF-weighted field index over documents."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from bot.qa.lexicon import Lexicon
from bot.qa.postings import Posting

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# Latin words and codes: "app", "5g", road numbers like "g112" (lower-cased on both sides).
_LATIN = re.compile(r"[a-z+][a-z0-9+]+|\d+[a-z]+")
# Question words and fillers: they say what is asked, not about what.
STOP_WORDS = frozenset(
    "多少 几个 几座 几所 几家 几支 几次 几场 几成 几号 什么 哪些 哪个 哪家 哪里 怎么 怎样 如何 是否 有没有 没有 "
    "请问 一下 一共 总共 共有 现在 目前 最新 还有 还差 一个 这个 那个 那么 情况 进度 是不是 是什么 为什么 "
    "我们 你们 他们 可以 能否 知道 告诉 问题 数字 数据 时候 了吗 的话 今年 今天 明天 昨天 几号 星期 帮我 一首 "
    "已经 曾经 正在 这里 那里 这儿 那儿 这些 那些 这样 那样 点击 链接 打算 准备 大概 一般 具体 主要".split()
)
# See FieldIndex.common_df.
COMMON_MIN_DF = 200
COMMON_SHARE = 0.05
STOP_CHARS = frozenset("的了吗呢吧啊呀是有在和与及或也都就还要把被给为对从到这那么个几多少啥谁哪我你您他她它咱")


class Term(NamedTuple):
    """How a term was found: its share of weight, and whether it is a whole dictionary word."""

    share: float
    word: bool


def terms_of(text: str, lexicon: Lexicon) -> dict[str, Term]:
    """Term → (share, word): 1 for a word, and a word's bigrams share one word's weight.

    Without the sharing a five-character name would count five times as much as the
    two-character verb next to it ('棚户区改造' vs '开工').
    """
    found: dict[str, Term] = {}
    for run in _CJK_RUN.findall(text):
        words = lexicon.tokenizer.lcut(run, HMM=False)
        for word in words:
            if len(word) >= 2 and word not in STOP_WORDS and not set(word) <= STOP_CHARS:
                found[word] = Term(1.0, True)
        for piece, share in _pieces(words):
            for i in range(len(piece) - 1):
                gram = piece[i: i + 2]
                if gram in found or gram in STOP_WORDS or set(gram) & STOP_CHARS:
                    continue
                found[gram] = Term(share, False)
    for token in _LATIN.findall(text.lower()):
        found.setdefault(token, Term(1.0, True))
    return found


def _pieces(words: list[str]) -> list[tuple[str, float]]:
    """Where bigrams come from, with the weight each bigram gets.

    Bigrams across two dictionary words ('目面' in 项目|面积) match unrelated text, so there are
    none; inside a long word they share the word's weight; over characters jieba could not
    group (a typo, a new name) each counts fully, since they are all the matching there is.
    """
    pieces: list[tuple[str, float]] = []
    singles = ""
    for word in words:
        if len(word) == 1:
            singles += word
            continue
        if len(singles) >= 2:
            pieces.append((singles, 1.0))
        singles = ""
        if len(word) >= 3:
            pieces.append((word, 1.0 / (len(word) - 1)))
    if len(singles) >= 2:
        pieces.append((singles, 1.0))
    return pieces


class FieldIndex:
    """Documents with weighted fields; scores a question by the IDF share of its terms each document covers."""

    def __init__(
        self,
        docs: Sequence[Sequence[tuple[str, float]]],
        lexicon: Lexicon,
        cache: dict[str, tuple[str, ...]] | None = None,
        *,
        whole_words: bool = False,
    ) -> None:
        self.size = len(docs)
        cache = {} if cache is None else cache  # the same sentence or project recurs across many docs
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        for doc_id, fields in enumerate(docs):
            for text, weight in fields:
                if not text:
                    continue
                terms = cache.get(text)
                if terms is None:
                    terms = cache[text] = tuple(terms_of(text, lexicon))
                for term in terms:
                    if postings[term].get(doc_id, 0.0) < weight:
                        postings[term][doc_id] = weight
        if whole_words:  # figures' short fields (indicator, project, clause), not sentences
            _add_words_segmented_otherwise(docs, postings, cache)
        # Built as dicts (a document keeps its weightiest field), kept as arrays: see bot/qa/postings.py.
        self.postings = {term: Posting.of(weights) for term, weights in postings.items()}
        self.idf = {t: math.log(1 + self.size / len(p)) for t, p in self.postings.items()}
        self.max_idf = math.log(1 + max(self.size, 1))
        # Another index over the same knowledge (the passages, for the figures'), for pairs this one lacks.
        self.elsewhere: FieldIndex | None = None
        # Terms in more documents than this only add to documents a rarer term already found:
        # their IDF is small, and their posting lists are what makes scoring slow at scale.
        self.common_df = max(COMMON_MIN_DF, int(self.size * COMMON_SHARE))

    def weight(self, term: str, found: Term) -> float:
        """IDF times the term's share; an unknown word counts as the rarest, an unknown bigram not at
        all unless the `elsewhere` index has it.

        A pair of characters jieba could not group ('老旧' in '老旧小区') that none of these documents
        has but the passages do is what the question is about and no document here covers: it
        weighs what it weighs there, so a figure matching only the rest ('已开工危桥') covers less of
        the question. A pair the knowledge never says (a typo, noise) counts for nothing.

        A word the index lacks whose character pairs it has ('棚户区', indexed inside '棚户区改造')
        is the same text segmented differently, not new content: its pairs carry it instead.
        """
        if term in self.idf:
            return self.idf[term] * found.share
        if not found.word:
            there = self.elsewhere.idf.get(term, 0.0) if self.elsewhere is not None and found.share == 1.0 else 0.0
            return min(there, self.max_idf)
        pairs = [term[i: i + 2] for i in range(len(term) - 1)]
        return 0.0 if len(term) > 2 and all(p in self.idf for p in pairs) else self.max_idf

    def score(self, terms: dict[str, float]) -> dict[int, float]:
        """Doc id → covered share of the question's term weight (0..1).

        Each document's sum adds its terms' weights in the order of `terms`, rare terms first, and
        documents are listed in the order they were first found: both as when the postings were
        dicts (a sum's rounding depends on its order; equal scores keep this order when ranked).
        """
        total = sum(terms.values())
        present = [(w, self.postings[t]) for t, w in terms.items() if t in self.postings]
        if total <= 0 or not present:
            return {}
        rare = [entry for entry in present if len(entry[1]) <= self.common_df]
        common = [entry for entry in present if len(entry[1]) > self.common_df]
        if not rare:
            rare, common = common, []
        scores = np.zeros(self.size)
        seen = np.zeros(self.size, dtype=bool)
        order: list[np.ndarray] = []  # each term's documents not found before it

        def add(weight: float, ids: np.ndarray, field_weights: np.ndarray) -> None:
            scores[ids] += weight * field_weights  # (a posting lists a document once)
            order.append(ids[~seen[ids]])
            seen[ids] = True

        for weight, posting in rare:
            add(weight, posting.ids, posting.weights)
        found_by_rare = seen.copy()
        for weight, posting in common:
            inside = found_by_rare[posting.ids]
            scores[posting.ids[inside]] += weight * posting.weights[inside]
        # A document with only common terms scores at most their share; when the best so far is
        # below that, such a document could win, so they are all scored after all.
        common_bound = sum(weight for weight, _ in common)
        if common and scores[found_by_rare].max(initial=0.0) < common_bound:  # (0 when none: weights are positive)
            for weight, posting in common:
                outside = ~found_by_rare[posting.ids]
                add(weight, posting.ids[outside], posting.weights[outside])
        ids = np.concatenate(order)
        return dict(zip(ids.tolist(), (scores[ids] / total).tolist()))

    def weighted(self, found: dict[str, Term], boost: dict[str, float] | None = None) -> dict[str, float]:
        """The question's terms with their IDF weights (times an optional boost per term)."""
        boost = boost or {}
        weights = {t: self.weight(t, term) * boost.get(t, 1.0) for t, term in found.items()}
        return {t: w for t, w in weights.items() if w > 0}


def _add_words_segmented_otherwise(
    docs: Sequence[Sequence[tuple[str, float]]], postings: dict[str, dict[int, float]], cache: dict[str, tuple[str, ...]]
) -> None:
    """A word of the index found inside a short field that jieba cut otherwise ('改造老旧小区项目' →
    改造|老旧|小区项目): that field has the word all the same, so a question's '老旧小区' finds it."""
    words = {t for t in postings if MIN_WORD <= len(t) <= MAX_WORD and _CJK_RUN.fullmatch(t)}
    added: dict[str, tuple[str, ...]] = {}
    for doc_id, fields in enumerate(docs):
        for text, weight in fields:
            if not text or len(text) > MAX_SHORT_FIELD:
                continue
            extra = added.get(text)
            if extra is None:
                have = set(cache.get(text, ()))
                extra = added[text] = tuple(
                    {run[i: i + n] for run in _CJK_RUN.findall(text) for n in range(MIN_WORD, MAX_WORD + 1)
                     for i in range(len(run) - n + 1)} & words - have
                )
            for term in extra:
                if postings[term].get(doc_id, 0.0) < weight:
                    postings[term][doc_id] = weight


MIN_WORD, MAX_WORD = 3, 6
MAX_SHORT_FIELD = 40  # indicators, projects, clauses: not whole sentences
