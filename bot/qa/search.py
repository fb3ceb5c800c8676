"""Retrieve and score figures and passages for an understood question."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain import Figure, Knowledge, Passage
from bot.ingest.transcript import short_department
from bot.qa.lexicon import Lexicon
from bot.qa.terms import FieldIndex, terms_of
from bot.qa.understand import Query

# Field weights: what a figure measures counts fully, the sentence around it half.
INDICATOR_WEIGHT = 1.0
PROJECT_WEIGHT = 0.9
CONTEXT_WEIGHT = 0.5
# Two answers within this share of each other's score are near-ties: the later date wins,
# and the runner-up is offered as "did you mean".
NEAR_TIE = 0.85
_AREA_UNITS = ("平方米", "平方公里", "公顷", "亩")
_PEOPLE_UNITS = ("人", "名", "人次")
_LENGTH_UNITS = ("米", "公里", "千米")
# In a how/what question the project's name only says where to look; the other words say what.
SCOPE_WEIGHT = 0.5
UNASKED_MONEY = 0.9
SCALE = {"万": 1e4, "亿": 1e8, "千": 1e3}


def unit_class(unit: str) -> str:
    """money | percent | area | people | length | count:<measure word>."""
    base = unit_base(unit)
    if base.endswith("元"):
        return "money"
    if base == "%":
        return "percent"
    if base in _AREA_UNITS:
        return "area"
    if base in _PEOPLE_UNITS:
        return "people"
    if base in _LENGTH_UNITS:
        return "length"
    return f"count:{base[:1]}"


def unit_base(unit: str) -> str:
    """The unit without its 万/亿 scale ('万平方米' → '平方米'); 亿元/万元 keep 元."""
    if unit in ("万元", "亿元", "千元"):
        return "元"
    return unit[1:] if unit[:1] in SCALE and len(unit) > 1 else unit


def scaled(figure: Figure) -> float:
    """The value in base units (1.91万平方米 → 19100)."""
    if figure.unit in ("万元", "亿元", "千元"):
        return figure.value * SCALE[figure.unit[0]]
    return figure.value * (SCALE.get(figure.unit[:1], 1.0) if len(figure.unit) > 1 else 1.0)


def _units_match(asked: str, figure_class: str) -> float:
    """How well a figure's unit fits what the question asks for."""
    if not asked:
        # Money is reported beside physical progress; unasked, the physical figure is meant.
        return UNASKED_MONEY if figure_class == "money" else 1.0
    if asked == figure_class:
        return 1.1
    if asked.startswith("count:") and figure_class.startswith("count:"):
        return 1.0 if "个" in (asked[-1], figure_class[-1]) else 0.8
    if asked == "count:人" and figure_class == "people":
        return 1.1
    return 0.6


@dataclass(frozen=True)
class Scored:
    """A candidate with its score."""

    score: float
    item: object


class Search:
    """Indexes over one snapshot's figures and passages."""

    def __init__(self, knowledge: Knowledge, lexicon: Lexicon) -> None:
        self.knowledge = knowledge
        self.lexicon = lexicon
        self.figures = knowledge.figures
        self.passages = [p for p in knowledge.passages if p.kind in ("speech", "answer", "question")]
        self._line_projects = {(p.source_id, p.line): p.project for p in knowledge.passages if p.project}
        self._months = {s.id: s.month for s in knowledge.sources}
        self._entity_terms: dict[str, bool] = {}
        self.figure_index = FieldIndex([self._figure_fields(f) for f in self.figures], lexicon)
        self.passage_index = FieldIndex([self._passage_fields(p) for p in self.passages], lexicon)
        self.latest = max((s.as_of for s in knowledge.sources), default="")

    # -- figures ---------------------------------------------------------------------------

    def _figure_fields(self, figure: Figure) -> list[tuple[str, float]]:
        """What a figure is about, by weight."""
        return [
            (figure.indicator, INDICATOR_WEIGHT),
            (figure.project, PROJECT_WEIGHT),
            (figure.county, INDICATOR_WEIGHT),
            (figure.sentence, CONTEXT_WEIGHT),
            (short_department(figure.department), CONTEXT_WEIGHT),
            (self._section_project(figure), CONTEXT_WEIGHT),
        ]

    def _section_project(self, figure: Figure) -> str:
        """The department's project (工程) for a figure filed under an item heading."""
        return self._line_projects.get((figure.source_id, figure.line), "")

    def question_terms(
        self, query: Query, index: FieldIndex, *, drop_county: bool = True, entity_weight: float = 1.0
    ) -> dict[str, float]:
        """Weighted terms of a question, with aliases expanded and slot words (county, month) left out."""
        text = query.topic
        if drop_county and query.county:
            for form, canonical in self.lexicon.counties.items():
                if canonical == query.county:
                    text = text.replace(form, "")
        expansions = [canonical for alias, canonical in self.lexicon.aliases.items() if alias in text]
        for alias, canonical in self.lexicon.aliases.items():
            if alias in text and canonical not in text:
                text = text.replace(alias, " ")
        found = terms_of(text, self.lexicon)
        for canonical in expansions:
            for term, how in terms_of(canonical, self.lexicon).items():
                found.setdefault(term, how)
        if entity_weight == 1.0:
            return index.weighted(found)
        boost = {t: entity_weight for t in found if self._in_entity(t)}
        return index.weighted(found, boost)

    def _in_entity(self, term: str) -> bool:
        """True for a word that names a project or department, a bigram inside one, or a name containing one."""
        known = self._entity_terms.get(term)
        if known is None:
            words = self.lexicon.entity_words
            known = term in words or any(term in w or w in term for w in words)
            self._entity_terms[term] = known
        return known

    def rank_figures(
        self, query: Query, *, kind: str | None = None, month: int | None = None, grouped: bool = False
    ) -> list[Scored]:
        """Figures by score, best first, with kind, unit, county and date taken into account.

        With `grouped`, only per-county breakdown parts, scored on topic and date alone.
        """
        terms = self.question_terms(query, self.figure_index)
        coverage = self.figure_index.score(terms)
        month = month if month is not None else query.month
        ranked = []
        for doc_id, cover in coverage.items():
            figure = self.figures[doc_id]
            if kind and figure.kind != kind or grouped and not figure.group:
                continue
            factor = 1.0
            if not grouped:
                factor = _kind_factor(query, figure) * _units_match(query.unit_class, unit_class(figure.unit))
                factor *= _county_factor(query.county, figure.county)
            if month is not None and int(figure.as_of[5:7] or 0) != month:
                factor *= 0.2
            ranked.append(Scored(cover * factor, figure))
        ranked.sort(key=lambda s: (-s.score, s.item.curated is False, s.item.id))
        return ranked

    def prefer_latest(self, ranked: list[Scored], query: Query) -> list[Scored]:
        """Among near-ties measuring the same thing, the newest figure first (unless a month was asked)."""
        if not ranked or query.month is not None:
            return ranked
        best = ranked[0]
        rivals = [
            s
            for s in ranked[1:6]
            if s.score >= NEAR_TIE * best.score
            and s.item.as_of > best.item.as_of
            and unit_class(s.item.unit) == unit_class(best.item.unit)
            and s.item.county == best.item.county
        ]
        if not rivals:
            return ranked
        newest = max(rivals, key=lambda s: (s.item.as_of, s.score))
        return [newest] + [s for s in ranked if s is not newest]

    # -- passages --------------------------------------------------------------------------

    def _passage_fields(self, passage: Passage) -> list[tuple[str, float]]:
        """What a passage is about, by weight."""
        return [
            (passage.text, INDICATOR_WEIGHT),
            (passage.heading, 0.6),
            (passage.project, 0.4),
            (short_department(passage.department), 0.4),
        ]

    def rank_passages(self, query: Query, *, kinds: tuple[str, ...] = ("speech", "answer")) -> list[Scored]:
        """Passages by score, best first."""
        terms = self.question_terms(query, self.passage_index, drop_county=False, entity_weight=SCOPE_WEIGHT)
        ranked = [
            Scored(score * (1.0 if query.month is None or self._month_of(p) == query.month else 0.3), p)
            for doc_id, score in self.passage_index.score(terms).items()
            if (p := self.passages[doc_id]).kind in kinds
        ]
        ranked.sort(key=lambda s: (-s.score, -(s.item.source_id > ""), s.item.position))
        return ranked

    def _month_of(self, passage: Passage) -> int:
        """The month of the conference a passage comes from."""
        return self._months.get(passage.source_id, 0)


def _kind_factor(query: Query, figure: Figure) -> float:
    """Targets for 计划/目标 questions, results for 已/完成 questions."""
    if query.wants_target:
        return {"target": 1.0, "total": 0.85, "rate": 0.8}.get(figure.kind, 0.5)
    if query.wants_progress:
        return {"progress": 1.0, "rate": 1.0, "total": 0.9}.get(figure.kind, 0.55)
    return {"target": 0.8}.get(figure.kind, 1.0)


def _county_factor(asked: str, county: str) -> float:
    """A county's own figure for a county question; city-wide figures otherwise."""
    if asked:
        return 1.15 if county == asked else (0.8 if not county else 0.3)
    return 0.7 if county else 1.0


_TIME_WORDS = re.compile(r"\d+月|月底|月份|年底|年内|暑期|暑假|寒假|上半年|下半年|季度|\d+日|春季|秋季|冬季|夏季|近期|尽早")


def has_time(text: str) -> bool:
    """True when a sentence says when something happens."""
    return bool(_TIME_WORDS.search(text))
