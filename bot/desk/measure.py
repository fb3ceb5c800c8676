"""Which figures measure the same thing: across conferences (a series), and a target with its progress.

Speakers rarely repeat their words: April's '基本建成回迁安置房 513套' is May's '基本建成项目 702套', and
'凤凰山大桥完成工程量 75%' becomes '凤凰山大桥完成 90%'. Two figures can only be the same measure when
the city, department, unit and county agree and their projects do not contradict each other; among
those, the indicator texts decide, the most similar pairs first, each figure used once.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

from rapidfuzz import fuzz

from bot.domain import Figure
from bot.text import normalise

T = TypeVar("T")

# Words that say when or whether, not what: without them a plan and its result read alike
# ('年内计划新开工改造项目' / '已新开工改造项目'); the list of bot/ingest/validate.py plus 工程量.
_CUE_WORDS = re.compile(r"已经|已|年内|计划|规划|目标|全年|累计|截至目前|截止目前|目前|完成|实现|工程量|的")
_NOT_WORDS = re.compile(r"[\W_]+")
# Below this rapidfuzz ratio (0–100) two indicator texts are different measures. The pairs it must
# still join, from the seed and the May sample: '开工项目'/'开工回迁安置房' (36), '基本建成项目'/
# '基本建成回迁安置房' (53); what it must keep apart shares no two characters in a row.
MIN_SIMILARITY = 34.0
# Progress that is not yet done ('跑办前期手续项目', '正在发布招标公告的', '未开工项目') never completes a target.
_NOT_DONE = re.compile(r"未|正在|跑办|前期|招标|拟")
# A progress figure and a stated rate both say how far something got; they compare with each other.
KIND_CLASS = {"target": "target", "progress": "done", "rate": "done", "total": "total"}


def measure(indicator: str) -> str:
    """What an indicator measures, without the words that say when or whether."""
    plain = _NOT_WORDS.sub("", normalise(indicator))
    return _CUE_WORDS.sub("", plain) or plain


def similarity(a: str, b: str) -> float:
    """0–100: how alike two measures are; 0 unless they share two characters in a row."""
    if a == b:
        return 100.0
    if not _bigrams(a) & _bigrams(b):
        return 0.0
    return fuzz.ratio(a, b)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def bucket(figure: Figure, city: str, *, kind_class: bool = True) -> tuple:
    """What two figures must share to be the same measure (kind class optional, for target vs progress)."""
    key = (city, figure.department, figure.unit, figure.county)
    return (*key, KIND_CLASS.get(figure.kind, figure.kind)) if kind_class else key


def projects_agree(a: Figure, b: Figure) -> bool:
    """Projects do not contradict: equal, or one of them unknown."""
    return not a.project or not b.project or a.project == b.project


def score(a: Figure, b: Figure) -> float:
    """How sure we are that two figures (already in one bucket) measure the same thing; 0 = not."""
    if not projects_agree(a, b):
        return 0.0
    value = similarity(measure(a.indicator), measure(b.indicator))
    return value if value >= MIN_SIMILARITY else 0.0


def pair(
    olds: Sequence[T], news: Sequence[T], key: Callable[[T], Hashable], scorer: Callable[[T, T], float]
) -> list[tuple[T, T]]:
    """Pairs (old, new) of the same key, most alike first, each item in at most one pair."""
    by_key: dict[Hashable, list[int]] = defaultdict(list)
    for i, old in enumerate(olds):
        by_key[key(old)].append(i)
    candidates = []
    for j, new in enumerate(news):
        for i in by_key.get(key(new), ()):
            value = scorer(olds[i], new)
            if value > 0:
                candidates.append((-value, i, j))
    candidates.sort()
    used_old, used_new, pairs = set(), set(), []
    for _, i, j in candidates:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((olds[i], news[j]))
    return pairs


def targets_and_progress(figures: Iterable[Figure], city: str = "") -> list[tuple[Figure, Figure]]:
    """(target, progress) pairs among one conference's figures: the completion of each target stated."""
    figures = list(figures)
    targets = [f for f in figures if f.kind == "target"]
    done = [f for f in figures if f.kind in ("progress", "rate") and not _NOT_DONE.search(f.indicator)]
    return pair(targets, done, lambda f: bucket(f, city, kind_class=False), score)


def link_series(
    figures: Iterable[Figure], age: Callable[[Figure], Hashable], city: Callable[[Figure], str]
) -> list[list[Figure]]:
    """The figures grouped into series of the same measure, each in the order the conferences came.

    Conferences are taken oldest first (by `age`); each figure continues the most alike series of
    its bucket that the same conference has not continued yet, or starts a new one.
    """
    by_source: dict[str, list[Figure]] = defaultdict(list)
    for figure in sorted(figures, key=age):
        by_source[figure.source_id].append(figure)
    series: list[list[Figure]] = []
    in_bucket: dict[tuple, list[int]] = defaultdict(list)  # bucket → indices of its series

    def key(figure: Figure) -> tuple:
        return bucket(figure, city(figure))

    for stated in by_source.values():
        ends = {id(series[i][-1]): i for f in stated for i in in_bucket.get(key(f), ())}
        lasts = [series[i][-1] for i in ends.values()]
        continued = set()
        for old, new in pair(lasts, stated, key, score):
            series[ends[id(old)]].append(new)
            continued.add(id(new))
        for figure in stated:
            if id(figure) not in continued:
                in_bucket[key(figure)].append(len(series))
                series.append([figure])
    return series
