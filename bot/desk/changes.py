"""What changed between conferences: each figure that moved (old → new, the difference, percentage
points for percentages), targets reached, new projects and new counties, grouped by department.

Without a month, the latest month's conferences are compared with each measure's previous report;
with `since` (YYYY-MM), what was known at the end of that month with the latest report after it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from bot.desk.brief import parse_month
from bot.desk.fmt import difference, format_value, month_text
from bot.desk.measure import bucket, link_series, pair, score, targets_and_progress
from bot.desk.rows import RowIndex
from bot.desk.text import DeskError, Section
from bot.domain import Figure, Source


@dataclass(frozen=True)
class Moved:
    """One measure's previous and latest report."""

    old: Figure
    new: Figure

    def line(self) -> str:
        """'凤凰山大桥完成：75% → 90%（+15个百分点）'."""
        new, old = self.new, self.old
        county = f"（{new.county}）" if new.county else ""
        named = "" if old.indicator == new.indicator else f"；{month_text(old.as_of)}称“{old.indicator}”"
        return (f"{new.project + ' ' if new.project else ''}{new.indicator}{county}："
                f"{format_value(old.value)}{old.unit} → {format_value(new.value)}{new.unit}"
                f"（{difference(old.value, new.value, new.unit)}{named}）")


def changes(index: RowIndex, since: str | None = None, city: str | None = None) -> list[Section]:
    """The sections of the changes report."""
    sources = [s for s in index.knowledge.sources if not city or city.rstrip("市") in s.city]
    if not sources:
        raise DeskError(f"没有{city}的发布会。" if city else "知识库里还没有发布会。")
    city_name = city or max(sources, key=_month).city
    sources = [s for s in sources if s.city == city_name]
    before, after = _split(sources, since)
    ids_before, ids_after = {s.id for s in before}, {s.id for s in after}
    figures = [f for f in index.knowledge.figures if f.source_id in ids_before | ids_after]
    series = link_series(figures, index.age, lambda f: city_name)
    moved, unchanged = [], 0
    for measure in series:
        olds = [f for f in measure if f.source_id in ids_before]
        news = [f for f in measure if f.source_id in ids_after]
        if olds and news:
            if olds[-1].value != news[-1].value:
                moved.append(Moved(olds[-1], news[-1]))
            else:
                unchanged += 1
    after_figures = [f for f in figures if f.source_id in ids_after]
    before_figures = [f for f in figures if f.source_id in ids_before]
    return [
        _head(before, after, len(moved), unchanged, city_name, since),
        *_by_department(moved),
        _reached(series, ids_before, ids_after, before_figures, after_figures, city_name),
        _new_projects(before_figures, after_figures),
        _new_counties(before_figures, after_figures),
    ]


def _month(source: Source) -> tuple[int, int]:
    return (source.year, source.month)


def _split(sources: list[Source], since: str | None) -> tuple[list[Source], list[Source]]:
    """(earlier conferences, the ones compared with them)."""
    if since:
        cut = parse_month(since)
        before = [s for s in sources if _month(s) <= cut]
        after = [s for s in sources if _month(s) > cut]
        if not after:
            raise DeskError(f"{cut[0]}年{cut[1]}月之后还没有发布会。")
        if not before:
            raise DeskError(f"{cut[0]}年{cut[1]}月及以前没有发布会，无从比较。")
        return before, after
    latest = max(_month(s) for s in sources)
    before = [s for s in sources if _month(s) < latest]
    if not before:
        raise DeskError("只有一个月的发布会，还没有可以比较的。")
    return before, [s for s in sources if _month(s) == latest]


def _span(sources: list[Source]) -> str:
    months = sorted({_month(s) for s in sources})
    first, last = months[0], months[-1]
    text = f"{first[0]}年{first[1]}月"
    return text if first == last else f"{text}至{last[0]}年{last[1]}月"


def _head(before, after, moved: int, unchanged: int, city: str, since: str | None) -> Section:
    last_before = _span([max(before, key=_month)])
    basis = f"截至{last_before}底所知" if since else "各指标上一次发布的数值"
    lines = (
        f"{city}：{_span(after)}的发布会（{len(after)}场）对比{basis}",
        f"变化{moved}项，持平{unchanged}项。",
    )
    return Section(f"【变化】{_span(before) if since else last_before} → {_span(after)}", lines)


def _by_department(moved: list[Moved]) -> list[Section]:
    groups: dict[str, list[Moved]] = defaultdict(list)
    for item in moved:
        groups[item.new.department or "其他"].append(item)
    return [Section(department, tuple(f"• {m.line()}" for m in items)) for department, items in groups.items()]


def _reached(series, ids_before, ids_after, before_figures, after_figures, city: str) -> Section:
    """Progress reported after that meets or passes a target of its year, and was below it before (or new).

    A progress figure's target is the one it pairs with in its own conference, or among the year's
    targets stated earlier, or the target an earlier report of the same measure paired with.
    """
    targets_of = {}
    for figures in (before_figures, after_figures):
        by_source = defaultdict(list)
        for figure in figures:
            by_source[figure.source_id].append(figure)
        for stated in by_source.values():
            targets_of.update({id(p): t for t, p in targets_and_progress(stated, city)})
    done = [f for f in after_figures if f.kind in ("progress", "rate") and id(f) not in targets_of]
    earlier_targets = [f for f in before_figures if f.kind == "target"]
    targets_of.update({id(p): t for t, p in pair(earlier_targets, done, lambda f: bucket(f, city, kind_class=False), score)})
    lines = []
    for measure in series:
        for i, progress in enumerate(measure):
            if progress.source_id not in ids_after or progress.kind not in ("progress", "rate"):
                continue
            target = next((targets_of[id(f)] for f in reversed(measure[: i + 1]) if id(f) in targets_of), None)
            if target is None or target.as_of[:4] != progress.as_of[:4] or progress.value < target.value:
                continue
            old = next((f for f in reversed(measure[:i]) if f.source_id in ids_before), None)
            if old is not None and old.value >= target.value:
                continue  # reached before
            lines.append(f"• {progress.department} {progress.project} {target.indicator}：目标{format_value(target.value)}"
                         f"{target.unit}，{progress.indicator}{format_value(progress.value)}{progress.unit}")
    return Section("达到目标", tuple(dict.fromkeys(lines)) or ("没有新达到目标的项目。",))


def _new_projects(before_figures, after_figures) -> Section:
    known = {(f.department, f.project) for f in before_figures}
    new = [p for p in dict.fromkeys((f.department, f.project) for f in after_figures) if p[1] and p not in known]
    return Section("新项目", tuple(f"• {d} {p}" for d, p in new) or ("没有新项目。",))


def _new_counties(before_figures, after_figures) -> Section:
    known = {f.county for f in before_figures}
    new = [c for c in dict.fromkeys(f.county for f in after_figures) if c and c not in known]
    return Section("新出现的县区", ("、".join(new),) if new else ("没有新出现的县区。",))
