"""Per-county questions: a breakdown list, one county's part, or counties named in prose."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.domain import Figure
from bot.qa.answer import Answer
from bot.qa.compose import amount, date_label, number
from bot.qa.kinds.kit import MIN_BREAKDOWN, MIN_PASSAGE, Kit, county_clause
from bot.qa.kinds.passages import passage_answer
from bot.qa.search import unit_class
from bot.qa.understand import Query
from bot.text import to_simplified

COLUMN_LABEL = 6  # the longest indicator read as a table's column label ('已开工', '计划改造')
YES_NO = re.compile(r"吗[?]?$|有没有|是否|有无")
MIN_YES_NO = 0.2
MOST = re.compile(r"最多|最少|最高|最低|最大|最小|最快|最慢")
_COUNTY_NAME = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:县|区|旗)(?![城域])")


def counties(kit: Kit, query: Query) -> Answer | None:
    """A per-county breakdown: the whole list, or one county's part."""
    ranked = kit.search.prefer_latest(kit.search.rank_figures(query, grouped=True), query)
    if query.unit_class and (counted := [s for s in ranked if unit_class(s.item.unit) == query.unit_class]):
        ranked = counted  # '夷陵区分到了多少户户厕改造任务': a list in 户, not the 年度任务 table in 个
    # 'X县有Y吗' names a place and asks whether it is on a list: the list needs matching less.
    needed = MIN_YES_NO if (query.county or query.place) and YES_NO.search(query.text) else MIN_BREAKDOWN
    if not ranked or ranked[0].score < needed:
        return None
    parts = kit.groups[ranked[0].item.group]
    head = parts[0]
    # The indicator when it says more than the project it shares words with ('老旧小区改造截至3月底已开工').
    subject = head.indicator if head.project and head.project[:4] in head.indicator else (head.project or head.indicator)
    if subject == head.project and head.indicator and len(head.indicator) <= COLUMN_LABEL and head.indicator not in subject:
        subject += head.indicator  # a table's column under its item: '老旧小区改造' + '已开工'

    listed = "、".join(f"{f.county}{amount(f)}" for f in parts)
    place = query.county or query.place
    named = _joined_counties(to_simplified(query.raw), parts)
    if named:
        # '双桥区加平泉市一共多少': the parts asked for, and their sum, not the whole list's
        said = "、".join(f"{f.county}{amount(f)}" for f in named)
        first = (f"{subject}：{said}，{len(named)}个县区合计{number(sum(f.value for f in named))}{head.unit}"
                 f"（截至{date_label(head.as_of)}）。")
        return kit.sourced(first, "counties", kit.compose.cite_figure(head), figures=tuple(named))
    if place:
        mine = [f for f in parts if f.county == query.county] if query.county else []
        if mine:
            first = f"{place}有{subject}{amount(mine[0])}（截至{date_label(mine[0].as_of)}）。"
        elif any(place in p.text or place[:-1] in p.text for p in kit.lines.get((head.source_id, head.line), ())):
            return None  # '双桥区计划38个,已开工36个;双滦区14个…已全部开工': it has its own clause
        else:
            first = f"{place}不在所列的{subject}名单中，没有{place}的项目。名单：{listed}。"
    else:
        first = f"{subject}分布在{len(parts)}个县区：{listed}（截至{date_label(head.as_of)}）。"
        if most := MOST.search(query.text):
            pick = max if most[0] in ("最多", "最高", "最大", "最快") else min
            extreme = pick(f.value for f in parts)
            names = "、".join(f.county for f in parts if f.value == extreme)
            first = f"{most[0]}的是{names}（{number(extreme)}{head.unit}）。{first}"
    if place and mine:
        # One county's part: quote its own clause, not the whole list of every county's numbers.
        citation = kit.compose.cite_figure(mine[0])
        citation = replace(citation, sentence=county_clause(citation.sentence, mine[0].county))
        return kit.sourced(first + _sum_note(parts), "counties", citation, figures=(mine[0],))
    return kit.sourced(first + _sum_note(parts), "counties", kit.compose.cite_figure(head), figures=tuple(parts))


_JOINED = re.compile(r"[和与及、跟加,]|加上|还有")


def _joined_counties(asked: str, parts: list[Figure]) -> list[Figure]:
    """The parts of a list whose counties the question itself names, joined ('双桥区加平泉市',
    '隆化县和滦平县'), in the order asked; [] unless two or more are. Said in full or without the
    suffix, so a city name the question starts with ('承德…') is no 承德县."""
    found: list[tuple[int, Figure]] = []
    for figure in parts:
        short = re.sub(r"[县区市旗]$", "", figure.county)
        at = asked.find(figure.county)
        if at < 0 and len(short) >= 2:
            at = next((m.start() for m in re.finditer(re.escape(short), asked) if _JOINED.match(asked, m.end())
                       or m.start() > 0 and _JOINED.match(asked, m.start() - 1)), -1)
        if at >= 0:
            found.append((at, figure))
    found.sort(key=lambda pair: pair[0])
    joined = [found[0]] if found else []
    for at, figure in found[1:]:
        between = asked[joined[-1][0] + len(joined[-1][1].county) - 1: at]
        if _JOINED.search(between) and len(between) <= len(figure.county) + 3:
            joined.append((at, figure))
    return [figure for _, figure in joined] if len(joined) >= 2 else []


def county_passage(kit: Kit, query: Query) -> Answer | None:
    """Counties named in prose ('尚未完成的是围场县、丰宁县和隆化县'): the sentence that names them.
    Asked whether a place is among them, and it is not, the reply says so first."""
    place = query.county or query.place
    asking = bool(place and YES_NO.search(query.text))
    for scored in kit.search.rank_passages(query, answers_first=True, drop_county=asking)[:10]:
        if scored.score >= MIN_PASSAGE * 0.8 and len(_COUNTY_NAME.findall(scored.item.text)) >= 2:
            answer = passage_answer(kit, scored.item, "counties")
            if asking and not _names_place(scored.item.text, place):
                answer = replace(answer, text=f"所列县区中没有{place}。{answer.text}")
            return answer
    return None


def _names_place(text: str, place: str) -> bool:
    """'崇礼区' is named by '崇礼区' or '崇礼'."""
    short = re.sub(r"(?:满族|蒙古族|回族|满族蒙古族)?自治县$|[县区市旗]$", "", place)
    return place in text or (len(short) >= 2 and short in text)


def _sum_note(parts: list[Figure]) -> str:
    """The sum of a breakdown, and whether it matches the total the speaker gave."""
    added = sum(f.value for f in parts)
    unit = parts[0].unit
    total = parts[0].group_total
    if total is None:
        return f"合计{number(added)}{unit}。"
    if abs(total - added) < 1e-9:
        return f"合计{number(added)}{unit}，与发布的总数一致。"
    return f"注意：所列各县区合计{number(added)}{unit}，但发布中说总数是{number(total)}{unit}，两者不一致。"
