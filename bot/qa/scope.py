"""Which conferences a question is about: the city, year, report month and session it names.

A question that names one of these is answered only from the conferences in that scope; one that
names a scope the knowledge does not hold gets "not found" saying what it does hold. A question
that names none is about every conference (the newest statement of a thing wins, as before).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.domain import Source
from bot.text import longest_named

# '2022年', and the spoken '21年' / '22年的' (two digits before 年 are this century's years).
_YEAR = re.compile(r"(20\d\d)年?|(?<![\d.])([12]\d)年(?!代)")
_SESSION = re.compile(r"第([一二三四五六七八九十]|\d{1,2})场")
_CN_DIGIT = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
# A month that says which report is meant ('4月底', '截至5月', '5月份的发布会', '4月那场'), not when
# something happens ('6月能通车吗', '7月完工'): those are the question's content, not its scope.
_REPORT_MONTH = re.compile(
    r"(?:截至|截止|到)(1[0-2]|[1-9])月|(?<![\d至到—-])(1[0-2]|[1-9])月(?:份)?(?=(?:底|末|份)(?!前|之前|以前)|的|那|发布|这场|为止|以来|开的"
    r"|[^,。?]{0,6}?(?:发布会|通报会|那场|这场|第\d{1,2}场))"  # '2021年4月承德发布会上'"
)


@dataclass(frozen=True)
class Scope:
    """The conferences a question is limited to; `sources` is None when it names no scope."""

    city: str = ""
    year: int | None = None
    month: int | None = None
    session: int | None = None
    sources: frozenset[str] | None = None
    problem: str = ""  # "scope:<message>" when the named scope holds no conference


def scope_of(
    text: str, kind: str, cities: dict[str, str], sources: tuple[Source, ...], as_of_months: dict[str, frozenset[int]] | None = None
) -> Scope:
    """The scope a normalised question names, checked against the conferences the knowledge holds."""
    city = _city(text, cities)
    if not city and cities:
        other = _other_city(text, set(cities.values()))
        if other:
            return Scope(problem=f"scope:抱歉，知识库里没有{other}的发布会。{held(sources)}")
    year = year_named(text)
    session = _session(text)
    month = _report_month(text)
    if kind == "change":
        # '比4月多了多少', '和去年比': the month or year named is the comparison, not the scope.
        year = month = None
    if not (city or year or session or month):
        return Scope()
    chosen = [s for s in sources if (not city or s.city == city)]
    held_here = chosen
    if year:
        chosen = [s for s in chosen if s.year == year]
    if month:
        # The report of that month; else one whose figures are as of it ('到3月底' in April's report).
        months = as_of_months or {}
        reporting = [s for s in chosen if s.month == month] or [s for s in chosen if month in months.get(s.id, ())]
        if not reporting and (year or city) and _month_end(text, month):
            # '2月底的时候': a month-end no conference reports; one later that year may say what changed
            # since. The month stays the figure's, not the conference's (no report month).
            later = [s for s in chosen if (not year or s.year == year) and _as_of_month(s) > month]
            chosen, month = (later, None) if later else ([], month)
        else:
            chosen = reporting
    if session:
        chosen = [s for s in chosen if s.session == session]
    scope = Scope(city=city, year=year, month=month, session=session, sources=frozenset(s.id for s in chosen))
    if not chosen:
        named = f"{city}{f'{year}年' if year else ''}{f'{month}月' if month else ''}{f'第{session}场' if session else ''}"
        return Scope(problem=f"scope:抱歉，知识库里没有{named}的发布会。{held(held_here or sources)}")
    return scope


def county_scope(scope: Scope, county: str, county_cities: dict[str, frozenset[str]], sources: tuple[Source, ...]) -> Scope:
    """A county only one held city's conferences speak of names that city ('红花岗区幼儿园在建学位' is
    遵义's, never another city's list it is missing from), unless the question names a city itself."""
    cities = county_cities.get(county, frozenset())
    if scope.city or scope.problem or len(cities) != 1 or len({s.city for s in sources}) < 2:
        return scope
    city = next(iter(cities))
    chosen = [s for s in sources if s.city == city and (scope.sources is None or s.id in scope.sources)]
    if not chosen:
        return Scope(problem=f"scope:抱歉，知识库里没有{city}{county}{f'{scope.year}年' if scope.year else ''}的相关发布会。{held(sources)}")
    return Scope(city=city, year=scope.year, month=scope.month, session=scope.session, sources=frozenset(s.id for s in chosen))


def _month_end(text: str, month: int) -> bool:
    return bool(re.search(rf"(?<!\d){month}月(?:底|末)", text))


def _as_of_month(source: Source) -> int:
    return int(source.as_of[5:7]) if len(source.as_of) >= 7 else 0


def held(sources: tuple[Source, ...] | list[Source]) -> str:
    """'知识库有：承德市2021年4月(第1场)、2021年5月；保定市2022年3月。'"""
    by_city: dict[str, list[str]] = {}
    for source in sorted(sources, key=lambda s: (s.city, s.year, s.month, s.session or 0)):
        when = (f"{source.year}年" if source.year else "") + (f"{source.month}月" if source.month else "")
        when += f"(第{source.session}场)" if source.session else ""
        by_city.setdefault(source.city or "", []).append(when)
    parts = [f"{name}{'、'.join(dict.fromkeys(whens))}" for name, whens in by_city.items()]
    return f"知识库里有：{'；'.join(parts)}。" if parts else ""


def _city(text: str, cities: dict[str, str]) -> str:
    """The held city a question names, by its longest form ('保定市', '保定')."""
    hits = [form for form in cities if form in text]
    return cities[longest_named(hits, text)] if hits else ""


def year_named(text: str) -> int | None:
    """'2022年' → 2022, '21年' → 2021."""
    match = _YEAR.search(text)
    if not match:
        return None
    return int(match[1]) if match[1] else 2000 + int(match[2])


def years_named(text: str) -> list[int]:
    """'2023年比2021年' → [2023, 2021]: every year a question names, in order, once each."""
    return list(dict.fromkeys(int(m[1]) if m[1] else 2000 + int(m[2]) for m in _YEAR.finditer(text)))


def _other_city(text: str, held_cities: set[str]) -> str:
    """A prefecture-level city the question names that no conference of the knowledge is about
    ('保定市2022年棚改…' when only 承德, 廊坊 and 张家口 are held) — whatever its text mentions."""
    for match in _named_cities().finditer(text):
        if f"{match[1]}市" not in held_cities:
            return f"{match[1]}市"
    return ""


@lru_cache(maxsize=1)
def _named_cities() -> re.Pattern:
    """Any prefecture-level city followed by what makes it a name, not part of a word ('保定市',
    '保定的', '保定2022年'; not '确保定期'): one pattern, compiled once."""
    from bot.places import city_names

    names = "|".join(sorted(map(re.escape, city_names()), key=len, reverse=True))
    return re.compile(rf"({names})(?:市|的|那|这|今年|去年|20\d\d|\d{{1,2}}月)")


def _session(text: str) -> int | None:
    match = _SESSION.search(text)
    if not match:
        return None
    raw = match[1]
    return int(raw) if raw.isdigit() else _CN_DIGIT[raw]


def _report_month(text: str) -> int | None:
    match = _REPORT_MONTH.search(text)
    return int(match[1] or match[2]) if match else None
