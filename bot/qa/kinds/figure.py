"""Figure questions: one number, the best match, newest when several say the same thing."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.domain import Figure
from bot.qa.answer import Answer, Option
from bot.qa.compose import amount, date_label, label
from bot.qa.kinds.kit import MIN_FIGURE, Kit, county_clause
from bot.qa.search import NEAR_TIE, Scored
from bot.qa.understand import Query

MAX_OPTIONS = 3


def figure(kit: Kit, query: Query) -> Answer | None:
    """The best-matching figure, with close runners-up offered as buttons."""
    ranked = kit.search.prefer_latest(kit.search.rank_figures(query), query)
    if not ranked or ranked[0].score < MIN_FIGURE:
        return None
    best: Figure = ranked[0].item
    citation = kit.compose.cite_figure(best)
    if best.county and query.county == best.county:
        # '…寿光市的1个正在进行内部装修,…昌乐县的1个正在办理施工许可': the county's own clause
        citation = replace(citation, sentence=county_clause(citation.sentence, best.county))
    answer = kit.sourced(kit.compose.figure_text(best), "figure", citation, figures=(best,))
    return replace(answer, options=alternatives(ranked))


# '分哪几类', '各建了多少': the parts a total is made of, each with its number.
ASKS_PARTS = re.compile(r"哪几类|哪几种|哪些类|分哪|分为哪|分几类|各(?:建|有|是|完成|改造|新增)?了?多少|分别(?:是|有|建了?)?多少")
MAX_PARTS_LOOKED_AT = 10


def parts(kit: Kit, query: Query) -> Answer | None:
    """'社区养老设施分哪几类?各建了多少': the figures a sentence lists after '其中' ('新建社区养老服务设施
    215个…其中,街道综合养老服务中心38个、社区日间照料中心121个、老年助餐点43个'), each under its own
    name, when the question asks for the kinds and the whole or one of its parts is among its best matches."""
    if not ASKS_PARTS.search(query.text) or query.county:
        return None
    for scored in kit.search.rank_figures(query)[:MAX_PARTS_LOOKED_AT]:
        if scored.score < MIN_FIGURE * WHOLE_SHARE:
            break
        listed = _parts_of(kit, scored.item)
        if len(listed) >= MIN_PARTS:
            said = "、".join(f"{f.indicator}{amount(f)}" for f in listed)
            text = f"共{len(listed)}类：{said}（截至{date_label(listed[0].as_of)}）。"
            return kit.sourced(text, "figure", kit.compose.cite_figure(listed[0]), figures=tuple(listed))
    return None


MIN_PARTS = 2
# The whole may match a question in other words ('社区养老设施' for '社区养老服务设施') a little less.
WHOLE_SHARE = 0.8


def _parts_of(kit: Kit, figure: Figure) -> list[Figure]:
    """The figures in `figure`'s unit that a sentence of its line lists after '其中': the list it is
    itself a part of, or the parts that follow it (it is their whole)."""
    if figure.county:
        return []
    line = kit.line_figures.get((figure.source_id, figure.line), [])
    for sentence in dict.fromkeys(f.sentence for f in line):
        start = sentence.find("其中")
        if start < 0:
            continue
        listed = [
            f for f in line if f.sentence == sentence and f.unit == figure.unit and not f.county and f.kind != "rate"
            and sentence.find(f"{f.value:g}{f.unit}", start) >= 0
        ]
        if len(listed) >= MIN_PARTS and (figure in listed or line.index(figure) < line.index(listed[0])):
            return listed
    return []


def alternatives(ranked: list[Scored]) -> tuple[Option, ...]:
    """Close runners-up measuring something else, offered as 'did you mean'."""
    best = ranked[0]
    seen = {label(best.item)}
    options = []
    for scored in ranked[1:8]:
        name = label(scored.item)
        if scored.score >= NEAR_TIE * best.score and name not in seen:
            seen.add(name)
            options.append(Option(label=name[:40], query=f"{name.replace('·', '')}是多少"))
    return tuple(options[:MAX_OPTIONS])
