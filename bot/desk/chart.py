"""What a chart for a query shows, as data: progress against targets, a line over months, or bars by county.

The figures decide: the best-matching figure's per-county breakdown gives bars by county (with a
note when the parts don't add up to the stated total); a measure several conferences reported gives
a line over months; otherwise the project's targets with their progress give bars with the
completion written on them. bot/desk/png.py draws the plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.desk.fmt import as_of_text, difference, format_value, month_text, percent
from bot.desk.measure import link_series, targets_and_progress
from bot.desk.rows import RowIndex, Search, select_figures
from bot.domain import Figure

KINDS = ("progress", "trend", "county")
# Lines in one trend chart: more are unreadable, and the best-matching ones come first.
MAX_LINES = 5
# Bars in one chart; a project reports a handful of targets, a breakdown a dozen counties.
MAX_BARS = 16


class ChartError(ValueError):
    """Nothing to draw for the query (said to the user as it is)."""


@dataclass(frozen=True)
class Bar:
    """One bar: a label, its value, and for progress its target and completion."""

    label: str
    value: float
    unit: str
    target: float | None = None

    @property
    def completion(self) -> float | None:
        """Progress ÷ target (1.0 = done), None without a target."""
        return self.value / self.target if self.target else None

    def text(self) -> str:
        """What is written on the bar: '49.7%（513/1033套）' or '28个'."""
        if self.target:
            return f"{percent(self.value, self.target)}（{format_value(self.value)}/{format_value(self.target)}{self.unit}）"
        return f"{format_value(self.value)}{self.unit}"


@dataclass(frozen=True)
class Line:
    """One measure over time: (as-of date, value) points."""

    label: str
    unit: str
    points: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class ChartPlan:
    """Everything drawn: the kind, title, bars or lines, a note, and the lines under the chart."""

    kind: str  # progress | trend | county
    title: str
    unit: str
    bars: tuple[Bar, ...] = ()
    lines: tuple[Line, ...] = ()
    note: str = ""
    footer: tuple[str, ...] = field(default=())

    @property
    def file_name(self) -> str:
        """A name for the PNG."""
        return f"{self.title.replace('/', '-').replace(' ', '')[:40]}.png"


def plan_chart(index: RowIndex, query: str, search: Search | None = None, kind: str | None = None) -> ChartPlan:
    """The chart for a query's figures (kind: force one of KINDS); ChartError when there is nothing to draw."""
    figures = select_figures(index, query, search)
    if not figures:
        raise ChartError(f"没有找到与“{query}”相关的数字，画不出图。")
    top = figures[0]
    kinds = (kind,) if kind else _kinds_for(index, top, figures)
    for name in kinds:
        plan = PLANNERS[name](index, top, figures)
        if plan is not None:
            return plan
    raise ChartError(f"“{query}”的数字{_why_not(kind)}，画不出图。可以用 /figures 查看这些数字。")


def _kinds_for(index: RowIndex, top: Figure, figures: Sequence[Figure]) -> tuple[str, ...]:
    """The order to try: a breakdown first when the best match is part of one, then a trend, then progress."""
    if top.group:
        return ("county", "trend", "progress")
    return ("trend", "progress", "county")


def _why_not(kind: str | None) -> str:
    return {
        "progress": "没有能与目标对应的进度",
        "trend": "只在一场发布会中出现过",
        "county": "没有按县区分列",
    }.get(kind or "", "既没有与目标对应的进度，也没有多场发布会的对比或县区分列")


def _progress(index: RowIndex, top: Figure, figures: Sequence[Figure]) -> ChartPlan | None:
    """Each target of the best match's project, with the progress toward it, at the latest conference stating both."""
    project = [f for f in index.newest_first() if f.department == top.department and f.project == top.project]
    for source_id in dict.fromkeys(f.source_id for f in project):
        same = [f for f in project if f.source_id == source_id]
        pairs = targets_and_progress(same)
        if pairs:
            break
    else:
        return None
    pairs.sort(key=lambda p: same.index(p[0]))
    bars = tuple(Bar(_pair_label(t, p), p.value, t.unit, t.value) for t, p in pairs[:MAX_BARS])
    units = "、".join(dict.fromkeys(b.unit for b in bars))
    shown = [p for _, p in pairs]
    return ChartPlan(
        kind="progress", title=f"{top.project or top.department}：完成进度", unit=units, bars=bars,
        footer=(f"单位：{units}；完成率 = 进度 ÷ 年度目标", _as_of_line(shown[0]), _source_line(index, shown)),
    )


def _trend(index: RowIndex, top: Figure, figures: Sequence[Figure]) -> ChartPlan | None:
    """The best match's measure over the conferences that reported it, with others of its unit."""
    city = _city_of(index)
    # Only figures that could share the chart: the best match's department and unit.
    candidates = [f for f in figures if f.department == top.department and f.unit == top.unit and city(f) == city(top)]
    series = [s for s in link_series(candidates, index.age, city) if len({f.source_id for f in s}) >= 2]
    mine = next((s for s in series if any(f is top for f in s)), None)
    if mine is None:
        return None
    others = [s for s in series if s is not mine and s[-1].unit == top.unit]
    chosen = [mine, *others][:MAX_LINES]
    lines = tuple(
        Line(_label(s[-1].indicator, s[-1].county), s[-1].unit, tuple((f.as_of, f.value) for f in s)) for s in chosen
    )
    first, last = mine[0], mine[-1]
    title = f"{top.project or top.department}：{_label(last.indicator, last.county)}"
    change = f"{format_value(first.value)}{first.unit} → {format_value(last.value)}{last.unit}（{difference(first.value, last.value, last.unit)}）"
    return ChartPlan(
        kind="trend", title=title, unit=top.unit, lines=lines, note=f"{month_text(first.as_of)}至{month_text(last.as_of)}：{change}",
        footer=(f"单位：{top.unit}", f"{as_of_text(first.as_of)}—{as_of_text(last.as_of)[2:]}",
                _source_line(index, [f for s in chosen for f in s])),
    )


def _county(index: RowIndex, top: Figure, figures: Sequence[Figure]) -> ChartPlan | None:
    """The parts of the best match's per-county breakdown (or the first breakdown among the matches)."""
    group_of = top if top.group else next((f for f in figures if f.group), None)
    if group_of is None:
        return None
    parts = [f for f in index.knowledge.figures if f.group == group_of.group and f.source_id == group_of.source_id]
    parts.sort(key=lambda f: -f.value)
    bars = tuple(Bar(f.county, f.value, f.unit) for f in parts[:MAX_BARS])
    unit = group_of.unit
    added = sum(f.value for f in parts)
    total = group_of.group_total
    if total is None:
        note = f"各县区合计{format_value(added)}{unit}（发言中没有说总数）"
    elif abs(added - total) > 1e-9:
        note = (f"注意：各县区合计{format_value(added)}{unit}，与所说总数{format_value(total)}{unit}不符"
                f"（相差{format_value(abs(total - added))}{unit}）")
    else:
        note = f"各县区合计{format_value(added)}{unit}，与所说总数一致"
    return ChartPlan(
        kind="county", title=f"{_subject(group_of)}：按县区", unit=unit, bars=bars, note=note,
        footer=(f"单位：{unit}", _as_of_line(group_of), _source_line(index, [group_of])),
    )


PLANNERS = {"progress": _progress, "trend": _trend, "county": _county}


def _pair_label(target: Figure, progress: Figure) -> str:
    """'目标 建设回迁安置房 / 进度 已开工回迁安置房': what was planned, and what was counted toward it."""
    return f"{_label(target.indicator, target.county)} / {progress.indicator}"


def _label(indicator: str, county: str) -> str:
    return f"{indicator}（{county}）" if county else indicator


def _subject(figure: Figure) -> str:
    """'幼儿园建设工程项目 幼儿园建设项目': the project, and the indicator when it says more."""
    if not figure.project or figure.indicator in figure.project:
        return figure.project or figure.indicator
    return f"{figure.project} {figure.indicator}"


def _city_of(index: RowIndex):
    return lambda f: index.sources[f.source_id].city if f.source_id in index.sources else ""


def _as_of_line(figure: Figure) -> str:
    return as_of_text(figure.as_of) or "截至日期不详"


def _source_line(index: RowIndex, figures: Sequence[Figure]) -> str:
    """'来源：<conference>，<department> <speaker>' — the first and last conference when there are several."""
    titles = list(dict.fromkeys(index.sources[f.source_id].title if f.source_id in index.sources else f.source_id
                                for f in sorted(figures, key=index.age)))
    who = "、".join(dict.fromkeys(f"{f.department} {f.speaker}".strip() for f in figures if f.speaker or f.department))
    where = titles[0] if len(titles) == 1 else f"{titles[0]} 至 {titles[-1]}（共{len(titles)}场）"
    return f"来源：{where}" + (f"；{who}" if who else "")
