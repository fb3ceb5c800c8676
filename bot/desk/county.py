"""A county's page: every project, item and figure that names the county, across departments and
conferences, newest first."""

from __future__ import annotations

import re
from collections import defaultdict

from bot.desk.fmt import format_value
from bot.desk.rows import KIND_NAMES, RowIndex
from bot.desk.text import DeskError, Section
from bot.domain import Figure, Passage
from bot.places import city_names
from bot.text import normalise

# County-level suffixes: 丰宁 is 丰宁县's short form; 承德 must not match 承德市 when 承德县 is meant.
_SUFFIXES = "县区市旗"


def resolve(index: RowIndex, name: str) -> str:
    """The county's full name as the knowledge writes it ('丰宁' → '丰宁县'); DeskError when none names it."""
    name = normalise(name.strip())
    if not name:
        raise DeskError("用法：county 县区名，例如 丰宁")
    counties = sorted({f.county for f in index.knowledge.figures if f.county})
    for county in counties:
        if county == name or _short(county) == name or _short(county) == _short(name):
            return county
    if any(_names(name).search(p.text) for p in index.knowledge.passages):
        return name
    known = "、".join(counties) or "（没有）"
    raise DeskError(f"没有找到县区“{name}”。已收录的县区：{known}")


def _short(county: str) -> str:
    """'丰宁县' → '丰宁', '围场满族蒙古族自治县' → '围场'; a name that would be one character stays whole."""
    short = re.sub(r"(满族|蒙古族|回族)*(自治)?[县区市旗]$", "", county)
    return short if len(short) >= 2 else county


def _names(county: str) -> re.Pattern[str]:
    """The county as written in text: full, or short unless another place's suffix follows ('承德市')."""
    short = _short(county)
    if short == county or short in city_names():  # 承德县's '承德' is the city
        return re.compile(re.escape(county))
    own = re.escape(county[len(short):])
    return re.compile(rf"{re.escape(short)}(?:{own}|(?![{_SUFFIXES}]))")


def county_page(index: RowIndex, name: str) -> list[Section]:
    """The sections of a county's page: a summary, then one section per conference, newest first."""
    county = resolve(index, name)
    pattern = _names(county)
    figures = [f for f in index.newest_first() if f.county == county or (not f.county and pattern.search(f.sentence))]
    quoted = {(f.source_id, f.line) for f in figures}
    passages = [p for p in index.knowledge.passages
                if pattern.search(p.text) and (p.source_id, p.line) not in quoted and p.kind != "question"]
    by_source: dict[str, tuple[list[Figure], list[Passage]]] = defaultdict(lambda: ([], []))
    for figure in figures:
        by_source[figure.source_id][0].append(figure)
    for passage in passages:
        by_source[passage.source_id][1].append(passage)
    order = sorted(by_source, key=lambda sid: _source_age(index, sid), reverse=True)
    projects = {(f.department, f.project) for f in figures if f.project}
    head = Section(f"【{county}】", (
        f"{len(order)}场发布会提到{county}：{len(figures)}个数字，{len(projects)}个项目，另有{len(passages)}处文字。",
    ))
    return [head, *(_conference(index, sid, *by_source[sid], county) for sid in order)]


def _source_age(index: RowIndex, source_id: str) -> tuple:
    source = index.sources.get(source_id)
    return (source.as_of, source.session or 0) if source else ("", 0)


def _conference(index: RowIndex, source_id: str, figures: list[Figure], passages: list[Passage], county: str) -> Section:
    source = index.sources.get(source_id)
    lines: list[str] = []
    groups: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for figure in figures:
        groups[(figure.department, figure.project)].append(figure)
    for (department, project), stated in groups.items():
        lines.append(f"▪ {department} {project}".rstrip())
        for figure in stated:
            own = figure.county == county
            lines.append(f"  {figure.indicator}{'' if own else '（原文提及）'}：{format_value(figure.value)}{figure.unit}"
                         f"（{KIND_NAMES.get(figure.kind, figure.kind)}，{figure.speaker or '发言人不详'}，第{figure.line}行）")
    for passage in passages:
        who = passage.department or passage.speaker
        lines.append(f"▪ {who + '：' if who else ''}“{passage.text}”（第{passage.line}行）")
    title = f"{source.title}（截至{source.as_of}）" if source else source_id
    return Section(title, tuple(lines))
