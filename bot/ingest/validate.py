"""Consistency checks on a snapshot: warnings an admin should see, never reasons to refuse a load."""

from __future__ import annotations

import re
from collections import defaultdict

from bot.domain import Figure, Knowledge, Problem


# Words that make an indicator a plan or a result; without them a target and its progress
# read the same ('年内计划新开工改造项目' / '已新开工改造项目').
_CUE_WORDS = re.compile(r"已经|已|年内|计划|规划|目标|全年|累计|截至目前|截止目前|目前|完成|实现|的")


def consistency_warnings(knowledge: Knowledge) -> list[Problem]:
    """Breakdowns that don't add up, progress beyond its target, one figure with two values for one date."""
    figures = knowledge.figures
    return _breakdown_sums(figures) + _progress_over_target(figures) + _conflicting_values(figures)


def progress_above_target(figures: tuple[Figure, ...]) -> list[tuple[Figure, Figure]]:
    """(progress, target) where progress is larger than the target for the same thing in the same transcript."""
    targets: dict[tuple, Figure] = {}
    for figure in figures:
        if figure.kind == "target":
            targets.setdefault(_measure_key(figure), figure)
    found = []
    for figure in figures:
        target = targets.get(_measure_key(figure)) if figure.kind == "progress" else None
        if target is not None and figure.value > target.value:
            found.append((figure, target))
    return found


def breakdown_mismatches(figures: tuple[Figure, ...]) -> list[tuple[list[Figure], float, float]]:
    """(parts, their sum, the stated total) of each per-county breakdown that does not add up."""
    groups: dict[str, list[Figure]] = defaultdict(list)
    for figure in figures:
        if figure.group and figure.group_total is not None:
            groups[figure.group].append(figure)
    found = []
    for parts in groups.values():
        total = parts[0].group_total
        added = sum(f.value for f in parts)
        if abs(added - total) > 1e-9:
            found.append((parts, added, total))
    return found


def conflicting_values(figures: tuple[Figure, ...], *, curated_only: bool = True) -> list[tuple[Figure, Figure]]:
    """(first, other): the same project, indicator, county, kind, unit and date stated with different values."""
    seen: dict[tuple, Figure] = {}
    found = []
    for figure in figures:
        if curated_only and not figure.curated:
            continue
        key = (figure.project, figure.indicator, figure.county, figure.kind, figure.as_of, figure.unit)
        other = seen.setdefault(key, figure)
        if other is not figure and other.value != figure.value:
            found.append((other, figure))
    return found


def _progress_over_target(figures: tuple[Figure, ...]) -> list[Problem]:
    """A progress figure larger than the target for the same thing in the same transcript."""
    problems = []
    for figure, target in progress_above_target(figures):
        problems.append(
            Problem(
                figure.source_id,
                figure.line,
                f"{figure.project} {figure.indicator}: progress {_fmt(figure.value)}{figure.unit} is above "
                f"its target {_fmt(target.value)}{target.unit} (line {target.line})",
                "warning",
            )
        )
    return problems


def _measure_key(figure: Figure) -> tuple:
    """What a figure measures, regardless of whether it is the plan or the result."""
    return (figure.source_id, figure.project, _CUE_WORDS.sub("", figure.indicator), figure.unit, figure.county)


def _breakdown_sums(figures: tuple[Figure, ...]) -> list[Problem]:
    """Per-county parts whose sum differs from the total the speaker states."""
    problems = []
    for parts, added, total in breakdown_mismatches(figures):
        problems.append(
            Problem(
                parts[0].source_id,
                parts[0].line,
                f"{parts[0].project or parts[0].indicator}: the {len(parts)} listed parts add up to "
                f"{_fmt(added)}{parts[0].unit}, but the stated total is {_fmt(total)}{parts[0].unit}",
                "warning",
            )
        )
    return problems


def _conflicting_values(figures: tuple[Figure, ...]) -> list[Problem]:
    """Curated figures with the same project, indicator, county, kind and date but different values."""
    problems = []
    for other, figure in conflicting_values(figures):
        problems.append(
            Problem(
                figure.source_id,
                figure.line,
                f"{figure.project} {figure.indicator}: {_fmt(other.value)}{other.unit} (line {other.line}) and "
                f"{_fmt(figure.value)}{figure.unit} for the same date {figure.as_of}",
                "warning",
            )
        )
    return problems


def _fmt(value: float) -> str:
    """A number without a trailing .0."""
    return f"{value:g}"
