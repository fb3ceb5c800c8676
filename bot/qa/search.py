"""Retrieve and score figures and passages for an understood question."""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from operator import itemgetter

from rapidfuzz import fuzz

from bot.domain import EARLIER, Figure, Knowledge, Passage
from bot.ingest.transcript import short_department
from bot.qa.synonyms import Plain, synonyms
from bot.qa.lexicon import Lexicon
from bot.qa.terms import FieldIndex, terms_of
from bot.qa.understand import Query

# Field weights: what a figure measures counts fully, the sentence around it half.
INDICATOR_WEIGHT = 1.0
# Seed indicators are at most ~20 characters; longer ones are enumerations.
MAX_PLAIN_INDICATOR = 24
PROJECT_WEIGHT = 0.9
# The clause a figure's number stands in ('省道S354线隆化段改建工程完成62%') names its item even when
# the indicator does not: it counts almost as much as the indicator.
CLAUSE_WEIGHT = 0.8
CONTEXT_WEIGHT = 0.5
# Two answers within this share of each other's score are near-ties: the later date wins,
# and the runner-up is offered as "did you mean".
NEAR_TIE = 0.85
# A later figure this close to the best, measuring the same thing, is the newer statement of it.
SAME_MEASURE = 0.45
SAME_INDICATOR_RATIO = 90
QUOTED_EARLIER = 0.9
OTHER_THAN_MONEY = 0.35
# Callers look at the first few candidates (a pair search at most a dozen of each kind).
TOP_K = 60
# Rankings memoised while one question is answered: it asks for a handful of them.
RANK_CACHE = 32
# Coverages (FieldIndex.score, best first) memoised likewise: the rankings of one question mostly
# share their terms, and a coverage can be a hundred thousand pairs.
COVERAGE_CACHE = 8
# A figure of another department than the one a question names ('交通局…') counts this much.
OTHER_DEPARTMENT = 0.6
_AREA_UNITS = ("平方米", "平方公里", "公顷", "亩")
_PEOPLE_UNITS = ("人", "名", "人次")
_LENGTH_UNITS = ("米", "公里", "千米")
# In a how/what question the project's name only says where to look; the other words say what.
SCOPE_WEIGHT = 0.5
UNASKED_MONEY = 0.9
# Reporters ask how things are done; officials' answers explain more than the speeches' tallies.
ANSWER_BOOST = 1.15
# A figure whose indicator names the noun a question counts ('多少学位') over one that does not.
COUNTED_NOUN = 1.15
# A figure in the unit asked for, and a county's own figure for a county question.
SAME_UNIT = 1.1
# '多少套' answered by a figure counted in another measure ('17个' projects): the same line often
# states both, and the one in the measure asked is the answer.
OTHER_MEASURE = 0.7
GENERIC_MEASURE = 0.8  # '哪几项任务', '几件': items of any measure ('1000名', '100支')
OWN_COUNTY = 1.15
# Slack on a bound above 1 of a ranking's factors (see Search.bounded), for the rounding of their
# products; factors bounded by 1 need none (a product of floats at most 1 is at most 1).
BOUND_SLACK = 1 + 1e-9
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


def same_measure(a: str, b: str) -> bool:
    """Units that count the same thing ('万人' and '万名', '个' and '个'), scale aside."""
    base_a, base_b = unit_base(a), unit_base(b)
    return base_a == base_b or {base_a, base_b} <= {"人", "名"}


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
        return SAME_UNIT
    if asked.startswith("count:") and figure_class.startswith("count:"):
        # ('几个' asks for any count; '多少套' is not answered as readily by '17个' projects)
        return 1.0 if asked[-1] == "个" else GENERIC_MEASURE if asked[-1] in "项件" else OTHER_MEASURE
    if asked == "count:人" and figure_class == "people":
        return SAME_UNIT
    if "money" in (asked, figure_class):
        return OTHER_THAN_MONEY  # '完成投资多少钱' is never answered by a count of schools, nor the reverse
    return 0.6


BARE_INDICATOR_CHARS = 4  # '已开工', '基本建成': an indicator that names no subject of its own


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
        # The item a figure's line is under; for a Q&A answer, the reporter's question.
        self._line_headings = {(p.source_id, p.line): p.heading for p in knowledge.passages if p.heading}
        # A paragraph's first sentence names what its later sentences count ('今年计划新开工棚户区改造
        # 安置住房3860套…。截至5月底,已开工2978套'): the subject a bare '已开工' figure is about.
        self._line_leads: dict[tuple[str, int], str] = {}
        for p in knowledge.passages:
            if p.kind in ("speech", "answer"):
                self._line_leads.setdefault((p.source_id, p.line), p.text)
        self._months = {s.id: s.month for s in knowledge.sources}
        self._cities = {s.id: s.city for s in knowledge.sources}
        self._as_of_months = {s.id: int(s.as_of[5:7]) for s in knowledge.sources if len(s.as_of) >= 7}
        self._all_months, self._all_as_of_months = set(self._months.values()), set(self._as_of_months.values())
        self._short_names = sorted(
            ((a, c) for a, c in lexicon.aliases.items() if len(a) < len(c)), key=lambda pair: -len(pair[0])
        )
        # '保租房' in one transcript, '保障性租赁住房' in another: each found by the other's word.
        self._short_forms = sorted(
            ((formal, everyday) for everyday, formals in synonyms() for formal in formals
             if _abbreviates(everyday, formal) and everyday in lexicon.corpus and formal in lexicon.corpus),
            key=lambda pair: -len(pair[0]),
        )
        self._entity_terms: dict[str, bool] = {}
        self.plain = Plain(lexicon.corpus)
        cache: dict[str, tuple[str, ...]] = {}
        self.figure_index = FieldIndex([self._figure_fields(f) for f in self.figures], lexicon, cache, whole_words=True)
        self.passage_index = FieldIndex([self._passage_fields(p) for p in self.passages], lexicon, cache)
        self.figure_index.elsewhere = self.passage_index
        self.latest = max((s.as_of for s in knowledge.sources), default="")
        # Per-figure facts the scoring loop needs, computed once rather than per question.
        self._unit_classes = [unit_class(f.unit) for f in self.figures]
        # The levels of government a figure's own words name ('市级远程医疗中心'), worked out once:
        # a question that names a level weighs every candidate by them.
        # (a tuple: the empty one, which almost every figure has, is shared, a frozenset is not)
        self._levels = [tuple({m[0] for m in _LEVEL.finditer(_clause_of(f) + f.indicator)}) for f in self.figures]
        self._figure_months = [int(f.as_of[5:7] or 0) if len(f.as_of) >= 7 else 0 for f in self.figures]
        self._earlier = [f.indicator.startswith(EARLIER) for f in self.figures]
        self._stages = [stage_of(f.indicator) for f in self.figures]
        # What each figure's indicator names (worked out here, not on a question: the first answer
        # after a start is as fast as the rest); equal indicators recur across transcripts.
        named: dict[str, frozenset[str]] = {}
        self._figure_things = [self._things_named(f, named) for f in self.figures]
        self._things_asked: dict[tuple[str, str], tuple[str, ...]] = {}  # per question, until forget()
        # Equal scores: a curated figure first, then by id; as each figure's place in that order.
        self._tie_ranks = [0] * len(self.figures)
        for rank, doc_id in enumerate(sorted(range(len(self.figures)), key=lambda i: (not self.figures[i].curated, self.figures[i].id))):
            self._tie_ranks[doc_id] = rank
        # A plain dict, not lru_cache over a bound method: that is a reference cycle, which kept a
        # replaced engine (hundreds of MB) in memory until the next full garbage collection.
        self._rankings: dict[tuple, list[Scored]] = {}
        self._coverages: dict[tuple, list[tuple[int, float]]] = {}
        # Rankings stop reading a coverage (best first) once no later document can reach the top
        # TOP_K even with the largest factors the question allows: the same top, from fewer
        # documents. False reads every document (tests compare the two).
        self.bounded = True

    # -- figures ---------------------------------------------------------------------------

    def _figure_fields(self, figure: Figure) -> list[tuple[str, float]]:
        """What a figure is about, by weight."""
        # A very long 'indicator' is a list of projects being counted ('牵头实施A、B、C…工程：5项'),
        # not one measure: its words weigh less the longer it is.
        indicator_weight = INDICATOR_WEIGHT * min(1.0, MAX_PLAIN_INDICATOR / max(len(figure.indicator), 1))
        return [
            (figure.indicator, indicator_weight),
            (self._spelled_out(figure.indicator), indicator_weight),
            (_object_first(figure.indicator), indicator_weight),
            (_clause_of(figure), CLAUSE_WEIGHT),
            (figure.project, PROJECT_WEIGHT),
            (figure.county, INDICATOR_WEIGHT),
            (figure.sentence, CONTEXT_WEIGHT),
            (short_department(figure.department), CONTEXT_WEIGHT),
            (self._section_project(figure), CONTEXT_WEIGHT),
            (self._line_headings.get((figure.source_id, figure.line), ""), CONTEXT_WEIGHT),
            (self._lead_of(figure), CONTEXT_WEIGHT),
        ]

    def _asked_things(self, query: Query) -> tuple[str, ...]:
        """The project or topic words a question names ('中小学'), its aliases written out (worked
        out once per question: its rankings by kind and month all ask)."""
        key = (query.topic, query.county)
        found = self._things_asked.get(key)
        if found is None:
            found = self._things_asked[key] = self._find_asked_things(query)
        return found

    def _find_asked_things(self, query: Query) -> tuple[str, ...]:
        """_asked_things, uncached."""
        text = self.plain.rewrite(query.topic)
        for form, canonical in self.lexicon.counties.items():
            if canonical == query.county:
                text = text.replace(form, "")
        words = {t for t in terms_of(text, self.lexicon) if t in self.lexicon.entity_words}
        for alias, canonical in self.lexicon.aliases.items():
            if alias in text:
                words |= {t for t in terms_of(canonical, self.lexicon) if t in self.lexicon.entity_words}
        return tuple(sorted(words))

    def _names_one_of(self, doc_id: int, things: tuple[str, ...]) -> bool:
        """True unless the figure's indicator names things and neither it nor the project names one
        asked about or inside one ('幼儿园建设项目' for a question about 中小学)."""
        named = self._figure_things[doc_id]
        if not named:
            return True
        figure = self.figures[doc_id]
        text = f"{figure.project}{figure.indicator}{self._spelled_out(figure.indicator)}"
        # (a thing is named in it as written, or as a word that a thing asked contains or is part of)
        return any(a in text or any(a in n or n in a for n in named) for a in things)

    def _things_named(self, figure: Figure, seen: dict[str, frozenset[str]]) -> frozenset[str]:
        """The project or topic words a figure's indicator names (a bare '已完成' names nothing,
        whatever heading it stands under)."""
        indicator = f"{figure.indicator}{self._spelled_out(figure.indicator)}"
        named = seen.get(indicator)
        if named is None:
            found = frozenset(t for t in terms_of(indicator, self.lexicon) if t in self.lexicon.entity_words)
            named = seen[indicator] = found or _NOTHING
        return named

    def _names_a_conference(self, month: int, sources: frozenset[str] | None) -> bool:
        """True when no conference in reach states figures as of `month` but one was held in it."""
        if sources is None:  # (every conference: the months are known once per snapshot)
            return month not in self._all_as_of_months and month in self._all_months
        return not any(self._as_of_months.get(s) == month for s in sources) and any(self._months.get(s) == month for s in sources)

    def _spelled_out(self, text: str) -> str:
        """'已开工棚改项目' → '已开工棚户区改造项目': a short name the knowledge uses, written out, so a
        question in full words finds it; and '…保障性租赁住房' + '保租房', an abbreviation another
        transcript uses (empty when neither applies)."""
        spelled = text
        for alias, canonical in self._short_names:
            if alias in spelled and canonical not in spelled:
                spelled = spelled.replace(alias, canonical)
        for formal, everyday in self._short_forms:
            if formal in spelled and everyday not in spelled:
                spelled += everyday  # (added, not replaced: the full name still matches as written)
        return spelled if spelled != text else ""

    def _lead_of(self, figure: Figure) -> str:
        """The first sentence of a figure's paragraph, for a bare indicator ('已开工', '基本建成')
        in a later sentence that counts in the lead's unit; a figure that names its own subject
        needs no more."""
        if len(figure.indicator) > BARE_INDICATOR_CHARS:
            return ""
        lead = self._line_leads.get((figure.source_id, figure.line), "")
        if lead == figure.sentence:
            return ""
        if re.search(r"\d", lead) and not re.search(rf"\d{re.escape(figure.unit)}", lead):
            return ""  # a lead counting in another unit is about another thing ('…公里' before '已完工31座')
        return lead  # it counts in the figure's unit, or only names a topic ('其三,农村危房改造。')

    def _section_project(self, figure: Figure) -> str:
        """The department's project (工程) for a figure filed under an item heading."""
        return self._line_projects.get((figure.source_id, figure.line), "")

    def question_terms(
        self, query: Query, index: FieldIndex, *, drop_county: bool = True, entity_weight: float = 1.0
    ) -> dict[str, float]:
        """Weighted terms of a question, with aliases expanded and slot words (county, month) left out."""
        text = self.plain.rewrite(query.topic)
        if drop_county and query.county:
            for form, canonical in self.lexicon.counties.items():
                if canonical == query.county:
                    text = text.replace(form, "")
        if drop_county and query.place:
            text = text.replace(query.place, "")
        if query.department:
            # The department asked about already weighs every candidate (OTHER_DEPARTMENT); as a
            # topic word it would also count against sentences that never repeat their speaker's office.
            forms = {query.department, query.department.removeprefix("市"), short_department(query.department)}
            forms |= {form for form, owner in self.lexicon.departments.items() if owner == query.department}  # 妇联
            for form in sorted(forms, key=len, reverse=True):
                if len(form) >= 2 and form != query.topic:
                    text = text.replace(form, " ")
        counted = self.plain.rewrite(query.counted) if query.counted and query.unit_class else ""
        if (
            counted and counted in text and not any(term in index.idf for term in terms_of(counted, self.lexicon))
            and self.lexicon.entity(text.replace(counted, " "))
        ):
            # '棚改开工了多少套房子': the unit asked (套) already says what is counted; a word for it that
            # no figure uses would only weigh against every figure, the more the rarer it is elsewhere.
            # (Unless it is all the question names: '新建几所幼儿园' where no figure is of 幼儿园.)
            text = text.replace(counted, " ")
        expansions = [canonical for alias, canonical in self.lexicon.aliases.items() if alias in text]
        for alias, canonical in self.lexicon.aliases.items():
            # An alias the transcripts never use only stands for its canonical name; one they do use
            # ('棚改' in '棚改安置房新开工') is matched as written too.
            if alias in text and canonical not in text and alias not in self.lexicon.corpus:
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
        """The best figures (at most TOP_K), best first, with kind, unit, county and date taken into account.

        With `grouped`, only per-county breakdown parts, scored on topic and date alone. One
        question asks for the same ranking several times (a rate ranks for its pair and for a
        stated rate), so rankings are memoised until `forget()`; callers must not change the list.
        """
        key = (query, kind, month, grouped)
        ranked = self._rankings.get(key)
        if ranked is None:
            ranked = self._rank_figures(query, kind, month, grouped)
            if len(self._rankings) >= RANK_CACHE:
                self._rankings.clear()  # (only speed depends on what is kept; clear() is safe across threads)
            self._rankings[key] = ranked
        return ranked

    def forget(self) -> None:
        """Drop memoised rankings and coverages (at the start of each question, so repeats are not free)."""
        self._rankings.clear()
        self._coverages.clear()
        self._things_asked.clear()

    def _coverage(self, index: FieldIndex, terms: dict[str, float]) -> list[tuple[int, float]]:
        """index.score(terms) as (doc id, share) pairs, best first; memoised until `forget()`.

        A rate ranks figures for its pair and again for a stated rate, a how-question ranks what was
        said and what reporters asked: different filters and factors over the same coverage.
        """
        key = (id(index), tuple(terms.items()))  # (in order: the sums' rounding depends on it)
        found = self._coverages.get(key)
        if found is None:
            found = sorted(index.score(terms).items(), key=itemgetter(1), reverse=True)
            if len(self._coverages) >= COVERAGE_CACHE:
                self._coverages.clear()
            self._coverages[key] = found
        return found

    def _rank_figures(self, query: Query, kind: str | None, month: int | None, grouped: bool) -> list[Scored]:
        """rank_figures, uncached."""
        coverage = self._coverage(self.figure_index, self.question_terms(query, self.figure_index))
        month = month if month is not None else query.month
        figures, classes, months, levels = self.figures, self._unit_classes, self._figure_months, self._levels
        sources = query.sources
        # A month the scope already chose conferences for needs no second, softer preference.
        scoped = sources is not None and month is not None and month == query.report_month
        # '承德2021年9月,围场县…' where no figure is as of September but a September conference is
        # held: the month names the conference, as a report month would.
        by_conference = month is not None and not scoped and self._names_a_conference(month, sources)
        scored: list[tuple[float, int]] = []
        asked_levels = {m[0] for m in _LEVEL.finditer(query.text)}
        earlier, asks_earlier = self._earlier, bool(_ASKS_EARLIER.search(query.text))
        asked_things = self._asked_things(query)
        stages, asked_stage = self._stages, stage_of(query.text)
        building = not asked_stage and query.wants_target and bool(_BUILDING.search(query.text))
        ties = self._tie_ranks
        bound = _slack(max_figure_factor(query, grouped)) if self.bounded else float("inf")
        top: list[tuple[float, int]] = []  # (value, -tie rank) of the TOP_K best so far, the worst first
        for doc_id, cover in coverage:
            if len(top) >= TOP_K and _out_of_reach(cover * bound, -ties[doc_id], top[0]):
                if cover * bound < top[0][0]:
                    break  # (best first: nothing from here on can reach the top TOP_K)
                continue
            figure = figures[doc_id]
            if kind and figure.kind != kind or grouped and not figure.group:
                continue
            if sources is not None and figure.source_id not in sources:
                continue
            factor = 1.0
            if not grouped:
                factor = _kind_factor(query, figure) * _units_match(query.unit_class, classes[doc_id])
                factor *= _county_factor(query.county, figure.county)
            else:
                # a table's target column or its done column; a list in the unit asked ('多少套' is
                # not the list of 项目 in 个 beside it)
                factor = _kind_factor(query, figure) if query.wants_target or query.wants_progress else 1.0
                if query.unit_class != "percent":  # (a rate by county is worked out from lists in their units)
                    factor *= _units_match(query.unit_class, classes[doc_id])
            if by_conference:
                factor *= 1.0 if self._months.get(figure.source_id) == month else 0.2
            elif month is not None and months[doc_id] != month and not scoped:
                factor *= 0.2
            if (scoped or by_conference) and months[doc_id] < self._as_of_months.get(figure.source_id, 0):
                factor *= QUOTED_EARLIER  # an earlier value the chosen conference quotes ('由上月的131个') loses ties
            if query.department and figure.department != query.department:
                factor *= OTHER_DEPARTMENT  # '交通局…完成投资' is the 交通运输局's, not the 交管支队's
            if asked_stage and stages[doc_id] and stages[doc_id] != asked_stage:
                factor *= OTHER_STAGE  # '完工几处' is not answered by '已开工356处'
            elif building and stages[doc_id]:
                factor *= STAGE_UNASKED  # '计划建设多少套' is not '基本建成…1033套' but '建设…4500套'
            if asked_things and not self._names_one_of(doc_id, asked_things):
                factor *= OTHER_THING  # '中小学…开工几个' is not answered by '开工建设的幼儿园建设项目'
            if earlier[doc_id] and not asks_earlier:
                factor *= EARLIER_VALUE  # '由原来的37种增加到45种': now is 45
            if query.counted and not query.unit_class and query.counted in figure.indicator:
                factor *= COUNTED_NOUN  # '新增多少学位': the figure that counts 学位, not the schools
            if asked_levels and (said := levels[doc_id]) and not any(level in asked_levels for level in said):
                factor *= OTHER_LEVEL  # '县级…心电诊断' is not the 市级 centre's
            value = cover * factor
            scored.append((value, doc_id))
            _keep_top(top, (value, -ties[doc_id]))
        best = heapq.nsmallest(TOP_K, scored, key=lambda pair: (-pair[0], ties[pair[1]]))
        return [Scored(score, figures[doc_id]) for score, doc_id in best]

    def prefer_latest(self, ranked: list[Scored], query: Query) -> list[Scored]:
        """The newest statement of what the best figure measures first (unless a month was asked).

        Months repeat an indicator in other words ('已开工回迁安置房' curated in April, '已开工项目'
        extracted in May), so a later figure counts as the same measure when it has the same
        unit, county and project, and shares the best figure's question words.
        """
        if not ranked or query.month is not None:
            return ranked
        best = ranked[0]
        words = self._matched_words(query, best.item)
        rivals = [
            s
            for s in ranked[1:]
            if s.item.as_of > best.item.as_of
            and s.score >= SAME_MEASURE * best.score
            and s.item.unit == best.item.unit
            and s.item.county == best.item.county
            and (s.item.kind == "target") == (best.item.kind == "target")  # a plan never updates a result
            and self._cities.get(s.item.source_id) == self._cities.get(best.item.source_id)
            # (a month's heading may name the project another month calls by its programme)
            and (same_project(s.item.project, best.item.project) or _same_indicator(s.item.indicator, best.item.indicator))
            and (s.score >= NEAR_TIE * best.score or words & self._matched_words(query, s.item))
        ]
        if not rivals:
            return ranked
        newest = max(rivals, key=lambda s: (s.item.as_of, s.score))
        return [newest] + [s for s in ranked if s is not newest]

    def _matched_words(self, query: Query, figure: Figure) -> set[str]:
        """The question's words (two characters or more) found in what a figure measures."""
        text = figure.indicator
        return {w for w in self.lexicon.words(query.topic) if len(w) >= 2 and w in text}

    # -- passages --------------------------------------------------------------------------

    def _passage_fields(self, passage: Passage) -> list[tuple[str, float]]:
        """What a passage is about, by weight."""
        return [
            (passage.text, INDICATOR_WEIGHT),
            (passage.heading, 0.6),
            (passage.project, 0.4),
            (short_department(passage.department), 0.4),
        ]

    def rank_passages(
        self,
        query: Query,
        *,
        kinds: tuple[str, ...] = ("speech", "answer"),
        answers_first: bool = False,
        drop_county: bool = False,
    ) -> list[Scored]:
        """The best passages (at most TOP_K), best first; `answers_first` favours Q&A answers (how-questions);
        `drop_county` matches the topic alone (is the county on the list that topic names?)."""
        terms = self.question_terms(query, self.passage_index, drop_county=drop_county, entity_weight=SCOPE_WEIGHT)
        passages, sources = self.passages, query.sources
        # (the passage factor is at most 1, times ANSWER_BOOST for answers when they come first)
        bound = _slack(ANSWER_BOOST if answers_first else 1.0) if self.bounded else float("inf")
        scored: list[tuple[float, int]] = []
        top: list[tuple[float, int]] = []  # (value, -doc id), as for figures
        for doc_id, cover in self._coverage(self.passage_index, terms):
            if len(top) >= TOP_K and _out_of_reach(cover * bound, -doc_id, top[0]):
                if cover * bound < top[0][0]:
                    break
                continue
            passage = passages[doc_id]
            if passage.kind in kinds and (sources is None or passage.source_id in sources):
                value = cover * self._passage_factor(query, passage, answers_first)
                scored.append((value, doc_id))
                _keep_top(top, (value, -doc_id))
        best = heapq.nsmallest(TOP_K, scored, key=lambda pair: (-pair[0], pair[1]))
        return [Scored(score, passages[doc_id]) for score, doc_id in best]

    def _passage_factor(self, query: Query, passage: Passage, answers_first: bool) -> float:
        """Another month's passage for a dated question counts less; an answer counts more for how-questions."""
        chosen = query.report_month is not None and query.report_month == query.month
        factor = 1.0 if query.month is None or chosen or self._month_of(passage) == query.month else 0.3
        if query.department and passage.department and passage.department != query.department:
            factor *= OTHER_DEPARTMENT
        if answers_first and passage.kind == "answer":
            factor *= ANSWER_BOOST
        if _ASKS_STATE.search(query.text) and _PLAN_CUE.search(passage.text) and not _DONE_CUE.search(passage.text):
            factor *= PLAN_ONLY  # '干到哪一步了': '…已完成路基工程' before '年内实施…滨河路南延…3处'
        return factor

    def _month_of(self, passage: Passage) -> int:
        """The month of the conference a passage comes from."""
        return self._months.get(passage.source_id, 0)


# A passage that only says what is planned answers a question about progress less well than one
# that says what is done, when both name the thing asked about.
PLAN_ONLY = 0.9
_ASKS_STATE = re.compile(r"哪一步|进展|进度|到哪|什么程度|啥程度|(?:怎么样|咋样|如何)了|[干弄搞修建]到")
_PLAN_CUE = re.compile(r"年内|今年计划|计划|力争|目标|预计|下一步|将于|将在")
_DONE_CUE = re.compile(r"已|正在|完成|截至|截止|目前|累计|建成|完工|开工|投入使用|投用")


# '今年计划改造老旧小区' is said '老旧小区改造' too: a works verb, then what it works on.
_VERB_THEN_OBJECT = re.compile(r"(?P<verb>改造|建设|新建|改建|扩建|提升|整治|治理|安装|加装)(?P<object>[\u4e00-\u9fff]{2,8})$")


def _object_first(indicator: str) -> str:
    """'今年计划改造老旧小区' → '老旧小区改造' (empty when the indicator does not end verb-object)."""
    match = _VERB_THEN_OBJECT.search(indicator)
    return f"{match['object']}{match['verb']}" if match else ""


def _slack(bound: float) -> float:
    """A bound on a product of factors, widened by its rounding when it is above 1."""
    return bound if bound <= 1.0 else bound * BOUND_SLACK


def _out_of_reach(reach: float, tie: int, worst: tuple[float, int]) -> bool:
    """True when a document whose value is at most `reach` (its tie key `tie`, larger wins) cannot
    displace the worst of a full top: below it, or equal to it and losing the tie."""
    return reach < worst[0] or reach == worst[0] and tie < worst[1]


def _keep_top(top: list[tuple[float, int]], entry: tuple[float, int]) -> None:
    """Add (value, tie) to a min-heap of the TOP_K largest seen."""
    if len(top) < TOP_K:
        heapq.heappush(top, entry)
    elif entry > top[0]:
        heapq.heapreplace(top, entry)


_CLAUSE_BREAK = re.compile(r"[,;。:!?]")


def _clause_of(figure: Figure) -> str:
    """The words between the last break before a figure's number and the number itself."""
    value = f"{figure.value:.4f}".rstrip("0").rstrip(".")
    at = figure.sentence.find(value)
    if at < 0:
        return ""
    start = max((m.end() for m in _CLAUSE_BREAK.finditer(figure.sentence, 0, at)), default=0)
    return figure.sentence[start:at]


# '已完成乡村(社区)文艺骨干培训' and '已完成乡村文艺骨干培训': one indicator worded twice.
_ASIDE = re.compile(r"[(（][^)）]*[)）]|^(?:已经|已|累计|共)")


def _same_indicator(a: str, b: str) -> bool:
    """Two indicators that read the same once asides and 已/累计 are left out."""
    a, b = _ASIDE.sub("", a), _ASIDE.sub("", b)
    return bool(a) and (a == b or fuzz.ratio(a, b) >= SAME_INDICATOR_RATIO)


def _abbreviates(short: str, full: str) -> bool:
    """'保租房' of '保障性租赁住房' (three or more characters, in order): an abbreviation, not an
    everyday word ('老人' for 老年人 is a word of its own)."""
    if len(short) < 3 or len(full) <= len(short):
        return False
    rest = iter(full)
    return all(char in rest for char in short)


def same_project(a: str, b: str) -> bool:
    """'棚户区改造工程' and '棚户区改造' are one project; '' matches anything."""
    a, b = a.strip("“”"), b.strip("“”")
    return not a or not b or a in b or b in a


def _kind_factor(query: Query, figure: Figure) -> float:
    """Targets for 计划/目标 questions, results for 已/完成 questions."""
    if query.wants_target:
        return {"target": 1.0, "total": 0.85, "rate": 0.8}.get(figure.kind, 0.5)
    if query.wants_progress:
        return {"progress": 1.0, "rate": 1.0, "total": 0.9}.get(figure.kind, 0.55)
    return {"target": 0.8}.get(figure.kind, 1.0)


# A figure whose own name names other projects or topics than the question's ranks below those that
# name the question's (its sentence may still mention them: '10个幼儿园建设项目…中小学建设工程分别是').
OTHER_THING = 0.7
_NOTHING: frozenset[str] = frozenset()
# Works are started, then finished: a figure of one stage never answers a question about the other.
OTHER_STAGE = 0.7
_STARTED = re.compile(r"开工|动工|开建")
_FINISHED = re.compile(r"完工|竣工|建成|投用|投入使用|通车|交付")


# A question about the plan of what is to be built ('计划建设多少套') names no stage of the works:
# a figure of one stage ('基本建成') is a narrower measure than the one asked.
STAGE_UNASKED = 0.85
_BUILDING = re.compile(r"建设|新建|改造|实施")


def stage_of(text: str) -> str:
    """'started' or 'finished' when the text names one stage of works only ('已开工', '主体完工'), else ''."""
    started, finished = bool(_STARTED.search(text)), bool(_FINISHED.search(text))
    return "started" if started and not finished else "finished" if finished and not started else ""


# A value a sentence says was changed from ('原…37种') loses to the value it became, unless asked for.
EARLIER_VALUE = 0.8
_ASKS_EARLIER = re.compile(r"原来|原先|以前|之前|此前|过去|调整前|提高前|提标前|原标准|原有")


# Levels of government a figure can be about: '市级' and '县级' centres report different numbers.
_LEVEL = re.compile(r"[省市县乡镇村]级")
OTHER_LEVEL = 0.3


def _county_factor(asked: str, county: str) -> float:
    """A county's own figure for a county question; city-wide figures otherwise."""
    if asked:
        return OWN_COUNTY if county == asked else (0.8 if not county else 0.3)
    return 0.7 if county else 1.0


def max_figure_factor(query: Query, grouped: bool) -> float:
    """The most `Search._rank_figures` multiplies a figure's coverage by for this question: only the
    unit asked for, the county asked for and the noun counted weigh more than 1 (every other factor
    is at most 1). Keep in step with the factors there; tests/qa/test_bounded_rankings.py checks it."""
    bound = COUNTED_NOUN if query.counted and not query.unit_class else 1.0
    bound *= SAME_UNIT if query.unit_class else 1.0
    if not grouped:  # (a breakdown part is weighed by kind, unit and month alone)
        bound *= OWN_COUNTY if query.county else 1.0
    return bound


_TIME_WORDS = re.compile(r"\d+月|月底|月份|年底|年内|暑期|暑假|寒假|上半年|下半年|季度|\d+日|春季|秋季|冬季|夏季|近期|尽早")


def has_time(text: str) -> bool:
    """True when a sentence says when something happens."""
    return bool(_TIME_WORDS.search(text))
