"""A conference brief: its date and place, each department and speaker, each project's key figures
with completion rates, and the consistency warnings."""

from __future__ import annotations

import re
from collections import defaultdict

from bot.desk.consistency import KINDS, findings
from bot.desk.fmt import as_of_text, format_value, month_text, percent
from bot.desk.measure import targets_and_progress
from bot.desk.rows import RowIndex
from bot.desk.text import DeskError, Section
from bot.domain import Figure, Source

# Figures listed per project: the targets with their progress first, then the rest, in the order stated.
KEY_FIGURES = 6
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def pick_source(index: RowIndex, source: str | None = None, month: str | None = None, city: str | None = None) -> Source:
    """The conference asked for: by file name or title, by month (YYYY-MM), else the latest; in a city if given."""
    sources = [s for s in index.knowledge.sources if not city or city.rstrip("市") in s.city]
    if not index.knowledge.sources:
        raise DeskError("知识库里还没有发布会。")
    if not sources:
        known = "、".join(sorted({s.city for s in index.knowledge.sources if s.city})) or "没有"
        raise DeskError(f"没有{city}的发布会（已收录的城市：{known}）。")
    if source:
        chosen = [s for s in sources if source in (s.id, s.title) or source in s.id or source in s.title]
        if not chosen:
            raise DeskError(f"没有找到发布会“{source}”。用文件名或标题中的词，例如 {sources[-1].id}")
        sources = chosen
    if month:
        year, number = parse_month(month)
        sources = [s for s in sources if (s.year, s.month) == (year, number)]
        if not sources:
            raise DeskError(f"{year}年{number}月没有发布会。")
    return max(sources, key=_order)


def parse_month(text: str) -> tuple[int, int]:
    """'2021-05' → (2021, 5); DeskError for anything else."""
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise DeskError(f"月份要写成 YYYY-MM，例如 2021-05（收到“{text}”）。")
    return int(match.group(1)), int(match.group(2))


def _order(source: Source) -> tuple:
    return (source.as_of, source.year, source.month, source.session or 0, source.id)


def brief(index: RowIndex, source: Source) -> list[Section]:
    """The sections of one conference's brief."""
    figures = [f for f in index.knowledge.figures if f.source_id == source.id]
    sections = [_head(index, source)]
    by_department: dict[str, list[Figure]] = defaultdict(list)
    for figure in figures:
        by_department[figure.department or "其他"].append(figure)
    for department in _departments(index, source, by_department):
        sections.append(_department(index, source, department, by_department.get(department, [])))
    sections.append(_warnings(index, source))
    return sections


def _head(index: RowIndex, source: Source) -> Section:
    session = f"第{source.session}场" if source.session else ""
    lines = [f"时间：{source.year}年{source.month}月{session}（数据{as_of_text(source.as_of)}）"]
    if source.city:
        lines.append(f"地点：{source.city}")
    speakers = [s for s in index.knowledge.speakers if s.source_id == source.id]
    if speakers:
        lines.append("发布人：" + "；".join(f"{s.department}{s.title} {s.name}" for s in speakers))
    count = sum(1 for f in index.knowledge.figures if f.source_id == source.id)
    lines.append(f"共{count}个数字；文件：{source.id}")
    others = [s for s in index.knowledge.sources if (s.year, s.month, s.city) == (source.year, source.month, source.city)
              and s.id != source.id]
    if others:
        lines.append(f"{month_text(source.as_of)}另有：" + "；".join(s.id for s in sorted(others, key=_order)))
    return Section(f"【发布会简报】{source.title}", tuple(lines))


def _departments(index: RowIndex, source: Source, by_department: dict[str, list[Figure]]) -> list[str]:
    """Departments in the order they spoke (speakers first, then any that only have figures)."""
    order = [s.department for s in index.knowledge.speakers if s.source_id == source.id and s.department]
    return list(dict.fromkeys([*order, *by_department]))


def _department(index: RowIndex, source: Source, department: str, figures: list[Figure]) -> Section:
    speakers = [s for s in index.knowledge.speakers if s.source_id == source.id and s.department == department]
    who = "、".join(f"{s.title} {s.name}" for s in speakers)
    lines: list[str] = []
    by_project: dict[str, list[Figure]] = defaultdict(list)
    for figure in figures:
        by_project[figure.project or "（未分项目）"].append(figure)
    for project, stated in by_project.items():
        lines.append(f"▪ {project}")
        lines += [f"  {line}" for line in key_figures(stated, index)]
    if not figures:
        lines.append("（没有数字）")
    return Section(f"{department}" + (f" · {who}" if who else ""), tuple(lines))


def key_figures(figures: list[Figure], index: RowIndex) -> list[str]:
    """A project's key figures: each target with its progress and completion rate, then the others
    (a per-county breakdown on one line)."""
    pairs = targets_and_progress(figures)
    paired = {id(f) for pair in pairs for f in pair}
    lines = [
        f"{target.indicator}：目标{format_value(target.value)}{target.unit}，进度{format_value(progress.value)}"
        f"{progress.unit}（{progress.indicator}），完成率{percent(progress.value, target.value)}"
        + ("，已达目标" if progress.value >= target.value else "")
        for target, progress in sorted(pairs, key=lambda p: figures.index(p[0]))
    ]
    rest, groups = [], {}
    for figure in figures:
        if id(figure) in paired:
            continue
        if figure.group and figure.county:
            if figure.group not in groups:
                groups[figure.group] = []
                rest.append(groups[figure.group])
            groups[figure.group].append(figure)
        else:
            rest.append(figure)
    room = max(0, KEY_FIGURES - len(lines))
    lines += [_breakdown_line(item) if isinstance(item, list) else _figure_line(item) for item in rest[:room]]
    if len(rest) > room:
        lines.append(f"……另有{len(rest) - room}项数字（用 figures 查看全部）")
    return lines


def _figure_line(figure: Figure) -> str:
    county = f"（{figure.county}）" if figure.county else ""
    return f"{figure.indicator}{county}：{format_value(figure.value)}{figure.unit}（{_kind_word(figure)}）"


def _breakdown_line(parts: list[Figure]) -> str:
    """'医保服务站 按县区：围场县28个、丰宁县24个…（合计126个，所说总数126个）'."""
    first = parts[0]
    counties = "、".join(f"{f.county}{format_value(f.value)}{f.unit}" for f in parts)
    added = sum(f.value for f in parts)
    stated = "" if first.group_total is None else f"，所说总数{format_value(first.group_total)}{first.unit}"
    return f"{first.indicator} 按县区（{_kind_word(first)}）：{counties}（合计{format_value(added)}{first.unit}{stated}）"


def _kind_word(figure: Figure) -> str:
    return {"target": "目标", "progress": "进展", "total": "总量", "rate": "比率"}.get(figure.kind, figure.kind)


def _warnings(index: RowIndex, source: Source) -> Section:
    mine = [f for f in findings(index.knowledge) if f.source_id == source.id]
    if not mine:
        return Section("一致性提示", ("没有发现不一致。",))
    return Section("一致性提示", tuple(f"• 第{f.line}行 {KINDS[f.kind]}：{f.text}" for f in mine))
