"""Across projects: the sum of two figures, two things side by side, everything one county has."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from typing import Callable

from bot.domain import Figure
from bot.qa.answer import Answer, Citation
from bot.qa.compose import amount, date_label, label, number
from bot.qa.kinds.kit import MIN_FIGURE, Kit, county_clause
from bot.qa.search import same_measure, scaled, stage_of
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


# '计划改造多少个，完工多少个', '开工几处、完工几处': two quantities asked one after the other.
_TWO_ASKS = re.compile(r"^(?P<first>.+?(?:多少|几)[^,，、;；?？]{0,4})[,，、;；]\s*(?P<second>[^,，、;；]{1,12}?(?:多少|几)[^,，、;；?？]{0,4})[?？]?$")


def two_asks(kit: Kit, query: Query, ask: Understand) -> Answer | None:
    """'泰安肥城市老旧小区计划改造多少个，完工多少个': each quantity asked of the same subject, each
    with its own figure (the second part borrows the first's place and project)."""
    split = _TWO_ASKS.match(query.raw.strip())
    if split is None or SUM.search(query.text):
        return None
    first_text = split["first"]
    subject = "".join(dict.fromkeys(
        part for part in (
            next((form for form in kit.lexicon.cities if form in first_text), ""),
            query.county,
            kit.lexicon.entity(to_simplified(first_text)),
        ) if part
    ))
    if not subject:
        return None
    first, second = _figure(kit, ask(first_text)), _figure(kit, ask(subject + split["second"]))
    if first is None or second is None or first is second:
        return None
    return _answer(kit, f"· {_line(kit, first)}\n· {_line(kit, second)}", "cross", (first, second))


MIN_CITIES = 3  # (two are split by two_parts)


def each_city(kit: Kit, query: Query, ask: Understand) -> Answer | None:
    """'承德、泰安、宝鸡三地老旧小区改造的年度计划分别是多少个': the same question asked of each city
    named, each answer with its own source."""
    if not SIDE_BY_SIDE.search(query.text):
        return None
    named = sorted({kit.lexicon.cities[form]: query.text.find(form) for form in kit.lexicon.cities if form in query.text}.items(), key=lambda kv: kv[1])
    if len(named) < MIN_CITIES:
        return None
    shared = query.text
    for form in sorted(kit.lexicon.cities, key=len, reverse=True):
        shared = shared.replace(form, "")
    shared = re.sub(r"^[、,和与及]+|[三四五六两几各]地|[、,和与及](?=[、,和与及]|$)", "", shared).lstrip("、,和与及的")
    shared = SIDE_BY_SIDE.sub("", shared)  # (each city's own question asks for one value)
    found = [(city, _figure(kit, ask(f"{city}{shared}"))) for city, _ in named]
    figures = tuple(f for _, f in found if f is not None)
    if len(figures) < 2:
        return None
    lines = [f"· {city}：{_line(kit, f)}" if f is not None else f"· {city}：没有找到" for city, f in found]
    return _answer(kit, "\n".join(lines), "cross", figures)


# Words that ask for a sum of what they name as one ('两癌筛查加起来'), not just 'in all' (一共).
ADDED = re.compile(r"加起来|加在一起|加一起|合起来|相加")
MIN_SUFFIX = 2


def parts_summed(kit: Kit, query: Query, ask: Understand) -> Answer | None:
    """'两癌筛查加起来一共筛了多少人': the question names the whole, its line states the parts
    ('完成宫颈癌筛查3.38万人…完成乳腺癌筛查2.71万人'), which are added with their inputs."""
    if not ADDED.search(query.text) or query.county:
        return None
    ranked = kit.search.rank_figures(query)
    if not ranked or ranked[0].score < MIN_FIGURE:
        return None
    best = ranked[0].item
    parts = {
        f.indicator: f for f in kit.line_figures.get((best.source_id, best.line), [])
        if f.unit == best.unit and f.kind == best.kind and f.as_of == best.as_of and not f.county and not f.group
        and stage_of(f.indicator) == stage_of(best.indicator) and _common_suffix(f.indicator, best.indicator) >= MIN_SUFFIX
    }
    named = [indicator for indicator in parts if _own_words(indicator, parts) and _own_words(indicator, parts) in query.text]
    if len(parts) < 2 or named:
        return None  # one part, or the question names one of them: not a sum of the parts
    listed = list(parts.values())
    total = sum(scaled(f) for f in listed) / (scaled(best) / best.value if best.value else 1)
    head = f"合计 {' + '.join(amount(f) for f in listed)} = {number(total)}{best.unit}"
    text = f"{head}。\n" + "\n".join(f"· {_line(kit, f)}" for f in listed)
    return _answer(kit, text, "cross", tuple(listed))


def _common_suffix(a: str, b: str) -> int:
    size = 0
    while size < min(len(a), len(b)) and a[-1 - size] == b[-1 - size]:
        size += 1
    return size


def _own_words(indicator: str, parts: dict[str, Figure]) -> str:
    """What sets one part's indicator apart from the others ('宫颈癌' of '完成宫颈癌筛查')."""
    others = [i for i in parts if i != indicator]
    own = indicator
    for other in others:
        start = 0
        while start < min(len(own), len(other)) and own[start] == other[start]:
            start += 1
        own = own[start:]
        own = own[: len(own) - _common_suffix(own, other)] if _common_suffix(own, other) < len(own) else own
    return own


# '卫健局负责哪几块民生实事', '民政局牵头哪些项目': the projects one department reports.
DEPARTMENT_PAGE = re.compile(
    r"(?:负责|牵头|管|抓|承担)(?:了|的)?(?:哪几|哪些|几|什么|啥)(?:块|项|件|个)?(?:民生)?(?:实事|项目|工程|工作|任务)"
    r"|(?:哪几|哪些)(?:块|件)(?:民生)?(?:实事|项目|工程)"
)


def department_page(kit: Kit, query: Query, ask: Understand) -> Answer | None:
    """The projects (numbered items) a department reported at the conferences asked about, in order."""
    if not query.department or query.county or not DEPARTMENT_PAGE.search(query.text):
        return None
    found: dict[str, list] = defaultdict(list)  # source → its items, in the order told
    firsts = {}
    for passage in kit.department_headings.get(query.department, ()):  # (its speech under an item heading)
        if query.sources is not None and passage.source_id not in query.sources:
            continue
        item = passage.heading.split("/", 1)[0]
        if item not in found[passage.source_id]:
            found[passage.source_id].append(item)
            firsts.setdefault(passage.source_id, passage)
    if not found:
        return None
    source_id = max(found, key=lambda sid: kit.compose.sources[sid].as_of if sid in kit.compose.sources else "")
    items = found[source_id]
    first = firsts[source_id]
    text = f"{query.department}通报了{len(items)}项：" + "；".join(f"{i}. {item}" for i, item in enumerate(items, start=1)) + "。"
    return kit.sourced(text, "cross", kit.compose.cite_passage(first), quote=False)


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


def _cite(kit: Kit, figure: Figure) -> Citation:
    """A figure's citation; a county's figure quotes the county's own clause ('…定边县开工14处、完工11处…')."""
    citation = kit.compose.cite_figure(figure)
    return replace(citation, sentence=county_clause(citation.sentence, figure.county)) if figure.county else citation


def _line(kit: Kit, figure: Figure) -> str:
    source = kit.compose.sources.get(figure.source_id)
    where = source.title if source else figure.source_id
    return f"{label(figure)}：{amount(figure)}（截至{date_label(figure.as_of)}，{where}）"


def _answer(kit: Kit, text: str, kind: str, figures: tuple[Figure, ...]) -> Answer:
    citations: tuple[Citation, ...] = tuple(dict.fromkeys(_cite(kit, f) for f in figures[:2]))
    sources = "\n".join(kit.compose.source_line(c) for c in citations)
    return Answer(found=True, text=f"{text}\n{sources}", kind=kind, sources=citations, figures=figures)
