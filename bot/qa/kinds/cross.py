"""Across projects: the sum of two figures, two things side by side, everything one county has."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Callable

from bot.domain import Figure
from bot.qa.answer import Answer, Citation
from bot.qa.compose import amount, date_label, label, number
from bot.qa.kinds.kit import Kit
from bot.qa.search import same_measure, scaled
from bot.qa.understand import Query
from bot.text import to_simplified

SUM = re.compile(r"加起来|加在一起|加一起|合计|合起来|相加|总共|一共|共计")
SIDE_BY_SIDE = re.compile(r"分别|各是|各自|各有|对比|比较一下|各(?=[^县区市项个,]{0,4}(?:多少|几))")
# Where a question joins two subjects: '承德的老旧小区和保定的…', 'A与B'.
_JOIN = re.compile(r"和|与|跟|以及|及|加上")
# Everything a county has: '丰宁县有哪些民生项目', '围场县在各个项目上都有啥进展'.
COUNTY_PAGE = re.compile(r"各个?项目|各项|哪些(?:民生)?(?:项目|工程)|都有啥|都有什么|有啥进展|都有哪些|(?:项目|工程)?进展(?:咋样|怎么样|如何)")
MAX_COUNTY_LINES = 12

Understand = Callable[[str], Query]


def two_parts(kit: Kit, query: Query, ask: Understand) -> Answer | None:
    """'A和B加起来多少' (a sum, with its inputs) or 'A和B分别多少' (both, each with its source)."""
    summing = bool(SUM.search(query.text))
    if not summing and not SIDE_BY_SIDE.search(query.text):
        return None
    split = _split(query.text, kit.lexicon.cities, kit.lexicon.entity, kit.lexicon.counties)
    if split is None:
        return None
    first, second = split
    found = [_figure(kit, ask(part)) for part in (first, second)]
    if any(f is None for f in found):
        return None
    a, b = found
    if a is b:
        return None
    if summing:
        if not same_measure(a.unit, b.unit):
            return None
        finer = min((a, b), key=lambda f: scaled(f) / f.value if f.value else float("inf"))
        total = (scaled(a) + scaled(b)) / (scaled(finer) / finer.value if finer.value else 1)
        head = f"两项合计 {amount(a)} + {amount(b)} = {number(total)}{finer.unit}"
        if finer.unit != a.unit and a.unit == b.unit:
            head += f"（即{number(scaled(a) + scaled(b))}）"
        text = f"{head}。\n· {_line(kit, a)}\n· {_line(kit, b)}"
    else:
        text = f"· {_line(kit, a)}\n· {_line(kit, b)}"
    return _answer(kit, text, "cross", (a, b))


def county_page(kit: Kit, query: Query, ask: Understand) -> Answer | None:
    """Every figure that names one county, across projects and departments, newest first."""
    if not query.county:
        return None
    listed = _listed_things(query)
    if listed:
        pass  # '土右旗在供水、农田、改厕上各有多少': the county's figures on each thing listed
    elif not COUNTY_PAGE.search(query.text) or kit.lexicon.entity(query.topic.replace(query.county, "")):
        return None
    mine = [
        f for f in kit.county_figures.get(query.county, ())
        if (query.sources is None or f.source_id in query.sources)
        and (not listed or any(_names_thing(f"{f.project}{f.indicator}", thing) for thing in listed))
    ]
    if not mine:
        return None
    newest: dict[tuple[str, str, str], Figure] = {}
    for figure in sorted(mine, key=lambda f: f.as_of):
        newest[(figure.project, figure.indicator, figure.unit)] = figure
    by_project: dict[str, list[Figure]] = defaultdict(list)
    for figure in sorted(newest.values(), key=lambda f: f.as_of, reverse=True):
        by_project[figure.project or figure.indicator].append(figure)
    lines = [
        f"· {project}：" + "，".join(f"{f.indicator} {amount(f)}（截至{date_label(f.as_of)}）" for f in figures)
        for project, figures in by_project.items()
    ][:MAX_COUNTY_LINES]
    text = f"{query.county}涉及{len(by_project)}个项目：\n" + "\n".join(lines)
    return _answer(kit, text, "county", tuple(newest.values()))


# '在供水、农田、改厕上各有多少': things listed with 、 before asking each one's number.
_LISTED = re.compile(r"(?:在|的)?((?:[\u4e00-\u9fff]{2,8}、)+[\u4e00-\u9fff]{2,8}?)(?:上|方面|这几块|等)?(?:各|分别)")


def _listed_things(query: Query) -> list[str]:
    """The things a county question lists for each one's figure ('供水', '农田', '改厕'), else [].
    (Read from the question as typed: normalising drops the 、 between them.)"""
    match = _LISTED.search(to_simplified(query.raw))
    if not match:
        return []
    things = match[1].split("、")
    things[0] = re.split(r"在|的|对", things[0])[-1]  # ('包头土右旗在供水、…': the list starts after 在)
    return [thing for thing in things if len(thing) >= 2]


def _names_thing(label: str, thing: str) -> bool:
    """'户厕改造' names '改厕', '高标准农田建设' names '农田': every character of the thing is in the label."""
    return thing in label or set(thing) <= set(label)


def _split(
    text: str, cities: dict[str, str], entity: Callable[[str], str], counties: dict[str, str] | None = None
) -> tuple[str, str] | None:
    """The two subjects of 'A和B分别…', each with the words they share after them; a first part that is
    only a scope ('承德2021年4月和邢台2023年的失业率') takes the second part's subject."""
    cue = SUM.search(text) or SIDE_BY_SIDE.search(text)
    head, tail = text[: cue.start()], text[cue.start():]
    join = next(_JOIN.finditer(head), None)
    if join is None:
        return None
    left, right = head[: join.start()], head[join.end():]
    if len(left) < 2 or len(right) < 2:
        return None
    shared = re.sub(f"{SUM.pattern}|{SIDE_BY_SIDE.pattern}", "", tail)
    if not entity(left) and entity(right):
        # '市级和县级远程影像诊断', '承德2021年4月和邢台2023年的失业率': the subject is said once, second.
        named = entity(right)
        left += right[right.find(named):]
    elif not _has_subject(left, cities):
        left += _subject_after(right) or _parallel_subject(left, right)
    else:
        left += _measure_after(right, entity)
    right = _scope_of(left, cities, right) + right
    places = {**cities, **(counties or {})}  # (a county names where, not what: '洛龙区和涧西区')
    if not _has_subject(right, places) and _has_subject(left, places):
        # '承德老旧小区改造的年度计划,2021年和2022年分别…': the subject said once, before both times;
        # '公厕建设任务里,洛龙区和涧西区加起来': before both places.
        right += _SCOPE_WORDS.sub("", _without_cities(left, places))
    return f"{left}{shared}", f"{right}{shared}"


def _without_cities(part: str, cities: dict[str, str]) -> str:
    for form in sorted(cities, key=len, reverse=True):
        part = part.replace(form, "")
    return part


_SCOPE_WORDS = re.compile(r"20\d\d年|(?<!\d)\d{1,2}月(?:份|底)?|今年|去年")
_COUNTING = re.compile(r"^(?:的|这|那)?(?:两|2|几)?(?:个|项)?(?:项目|工程)?(?:的)?")


def _scope_of(left: str, cities: dict[str, str], right: str) -> str:
    """The city and time the first part names, for a second part that names none ('邢台幼儿园和中小学')."""
    scope = ""
    city = max((form for form in cities if form in left), key=len, default="")
    if city and not any(form in right for form in cities):
        scope += city
    if not _SCOPE_WORDS.search(right):
        scope += "".join(m[0] for m in _SCOPE_WORDS.finditer(left))
    return scope


def _measure_after(right: str, entity: Callable[[str], str]) -> str:
    """What is measured, said once after the second subject: '清洁取暖两个项目计划资金' → '计划资金'."""
    name = entity(right)
    if not name:
        return ""
    rest = right[right.find(name) + len(name):]
    return _COUNTING.sub("", rest)


def _has_subject(part: str, cities: dict[str, str]) -> bool:
    """True when a part names something besides its city, year and month."""
    for form in sorted(cities, key=len, reverse=True):
        part = part.replace(form, "")
    return len(re.sub(r"\d+年|(?:截至|截止|到)?\d+月(?:份|底|末)?|\d+|的|那|这|今年|去年", "", part)) >= 2


def _subject_after(right: str) -> str:
    """What the second part names after its scope: '邢台2023年的城镇登记失业率' → '的城镇登记失业率'."""
    match = re.search(r"的(.+)$", right)
    return f"的{match[1]}" if match else ""


def _parallel_subject(left: str, right: str) -> str:
    """'市级和县级远程影像诊断': two qualifiers of one kind (…级, …区) share what follows the second."""
    end = left[-1:]
    at = right.find(end, 0, 4) if end else -1
    return right[at + 1:] if at > 0 else ""


def _figure(kit: Kit, query: Query) -> Figure | None:
    from bot.qa.kinds.figure import figure as figure_answer

    if query.problem:
        return None
    answer = figure_answer(kit, query)
    return answer.figures[0] if answer is not None and answer.figures else None


def _line(kit: Kit, figure: Figure) -> str:
    source = kit.compose.sources.get(figure.source_id)
    where = source.title if source else figure.source_id
    return f"{label(figure)}：{amount(figure)}（截至{date_label(figure.as_of)}，{where}）"


def _answer(kit: Kit, text: str, kind: str, figures: tuple[Figure, ...]) -> Answer:
    citations: tuple[Citation, ...] = tuple(dict.fromkeys(kit.compose.cite_figure(f) for f in figures[:2]))
    sources = "\n".join(kit.compose.source_line(c) for c in citations)
    return Answer(found=True, text=f"{text}\n{sources}", kind=kind, sources=citations, figures=figures)
