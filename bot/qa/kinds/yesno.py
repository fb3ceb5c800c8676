"""Yes/no questions about a quantity: '开工了5000套吗' → 不是：…4433套; '都开工了吗' → 还没有：…"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.qa.answer import Answer
from bot.qa.compose import amount, date_label, number
from bot.qa.kinds import computed
from bot.qa.kinds.figure import figure as figure_answer
from bot.qa.kinds.kit import Kit
from bot.qa.search import scaled, unit_class
from bot.qa.understand import Query

# A number the asker supposes, with its unit, in a question that ends asking whether ('…400处了吗').
SUPPOSED = re.compile(r"(?P<value>\d+(?:\.\d+)?)(?![\d.]|月|年|日|号|季度)(?P<scale>万|亿)?(?P<unit>[\u4e00-\u9fff%]{0,4}?)(?=了?(?:吗|没有?|么|不)?[?]?$|以上|多|了)")
ASKS_WHETHER = re.compile(r"(?:吗|没有?|么|不|是不是|有没有)[?]?$")
# '都开工了吗', '全部完工了没有': whether the whole target is done.
ALL_DONE = re.compile(
    r"(?:都|全部|全都|全)(?:已经?)?(?:开工|完工|建成|完成|竣工|投用|到位|建好|修好|弄好|做完|干完)了?(?:吗|没有?|么)"
    r"|(?:是不是|是否)(?:都|全部|全都|全)(?:已经?)?(?:开工|完工|建成|完成|竣工|投用|到位|建好|修好|弄好|做完|干完)"
)
# '离1000名的目标还差多少': what remains to a target the asker states.
REMAINS_TO = re.compile(r"离(?P<value>\d+(?:\.\d+)?)(?P<scale>万|亿)?(?P<unit>[\u4e00-\u9fff%]{0,3}?)的?(?:年度)?(?:目标|任务|计划)?(?:还差|差)")
# Two values within this share of each other are 'the same' for a yes.
SAME_SHARE = 0.005


def supposed_number(kit: Kit, query: Query) -> Answer | None:
    """'开工400处了吗': the figure asked about, then whether it is that number."""
    if not ASKS_WHETHER.search(query.text):
        return None
    match = SUPPOSED.search(query.text)
    if match is None:
        return None
    asked = _stated(match)
    # '开工了1500套吗' supposes progress, unless it asks about the plan ('计划建300个吗').
    answer = _figure_without(kit, query, match, progress=not query.wants_target)
    if answer is None or not answer.figures:
        return None
    found = answer.figures[0]
    if match["unit"] and unit_class(match["unit"]) != unit_class(found.unit):
        return None  # '5000套' asked, a figure in 万元 found: not the quantity supposed
    value = scaled(found)
    same = abs(value - asked) <= SAME_SHARE * max(abs(asked), 1.0)
    verdict = "是的" if same else ("不是，超过了" if value > asked else "不是，还没有达到")
    head = f"{verdict}：截至{date_label(found.as_of)}，{amount(found)}（问的是{match[0]}）。"
    return replace(answer, text=f"{head}\n{answer.text}", kind="yesno")


def all_done(kit: Kit, query: Query) -> Answer | None:
    """'都开工了吗': progress against its own target, yes or no, then the figures."""
    if not ALL_DONE.search(query.text):
        return None
    found = computed.pair(kit, replace(query, kind="rate"))
    if found is None:
        return None
    done, goal = found[0].item, found[1].item
    finished = scaled(done) >= scaled(goal)
    verdict = "是的，已全部完成" if finished else "还没有"
    text = f"{verdict}：截至{date_label(done.as_of)}，{amount(done)}，目标{amount(goal)}。"
    return replace(kit.computed(text, "yesno", done, goal), kind="yesno")


def remains_to(kit: Kit, query: Query) -> Answer | None:
    """'离1000名的目标还差多少': the stated target minus the progress figure of that unit."""
    match = REMAINS_TO.search(query.text)
    if match is None:
        return None
    goal = _stated(match)
    answer = _figure_without(kit, query, match, progress=True)
    if answer is None or not answer.figures:
        return None
    done = answer.figures[0]
    if done.kind != "progress" and abs(scaled(done) - goal) < 1e-6:
        # ('二是新增公共停车泊位5000个。目前已建成4286个': the number the asker states is the plan itself,
        # not what is done; the done figure of that item is)
        done = next((f for f in kit.line_figures.get((done.source_id, done.line), ()) if f.kind == "progress"
                     and f.unit == done.unit and f.project == done.project and abs(scaled(f) - goal) > 1e-6), done)
        if done is not answer.figures[0]:
            answer = kit.sourced(kit.compose.figure_text(done), "figure", kit.compose.cite_figure(done), figures=(done,))
    if done.kind not in ("progress", "total") or match["unit"] and unit_class(match["unit"]) != unit_class(done.unit):
        return None
    base = scaled(done) / done.value if done.value else 1.0
    left = (goal - scaled(done)) / base
    head = (
        f"还差{number(left)}{done.unit}：目标{match['value']}{match['scale'] or ''}{match['unit']}，"
        f"截至{date_label(done.as_of)}已完成{amount(done)}。"
        if left > 0 else f"已达到：截至{date_label(done.as_of)}已完成{amount(done)}。"
    )
    return replace(answer, text=f"{head}\n{answer.text}", kind="remaining")


def _stated(match: re.Match) -> float:
    """The number the asker states, in base units ('1.2万' → 12000)."""
    return float(match["value"]) * {"万": 1e4, "亿": 1e8}.get(match["scale"] or "", 1.0)


def _figure_without(kit: Kit, query: Query, match: re.Match, *, progress: bool) -> Answer | None:
    """The figure the question is about once the asker's own number is taken out of it, in that
    number's unit: the progress figure, or (progress=False) whatever the question's cues prefer."""
    plain = replace(
        query,
        text=query.text.replace(match[0], ""),
        topic=query.topic.replace(match[0], ""),
        kind="figure",
        unit_class=unit_class(match["unit"]) if match["unit"] else query.unit_class,
        wants_progress=progress,
        wants_target=query.wants_target and not progress,
    )
    return figure_answer(kit, plain)
