"""'Not found': a short reason, what the bot covers, and questions it can answer."""

from __future__ import annotations

import re

from bot.domain import Figure
from bot.qa.answer import Answer, Option
from bot.qa.kinds.kit import MIN_SUGGESTION, Kit
from bot.qa.scope import held
from bot.qa.understand import Query

MAX_OPTIONS = 3
MAX_EXAMPLE_CHARS = 16


def not_found(kit: Kit, query: Query) -> Answer:
    """Why nothing was found, with example questions and the nearest topics as buttons."""
    ex = examples(kit)
    head = _reason(kit, query.problem)
    suggestions = "\n".join(f"· {e}" for e in ex)
    text = f"{head}\n可以这样问：\n{suggestions}" if ex else head
    options = _closest_topics(kit, query) or tuple(Option(label=e[:40], query=e) for e in ex)
    return Answer(found=False, text=text, kind="none", options=options)


def _reason(kit: Kit, reason: str) -> str:
    city = "、".join(dict.fromkeys(kit.lexicon.cities.values())) or kit.lexicon.city or "本市"
    if reason.startswith("scope:"):
        return reason.removeprefix("scope:")
    if reason == "greeting":
        return f"你好！我回答{city}民生工程的进展问题。"
    if reason.startswith("year"):
        years = "、".join(str(y) for y in sorted(kit.lexicon.years))
        return f"抱歉，知识库只有{years}年的民生工程数据，没有{reason[5:]}年的。{held(kit.lexicon.sources)}"
    if reason.startswith("place"):
        return f"抱歉，知识库只涵盖{city}的民生工程，没有{reason[6:]}的数据。"
    if reason.startswith("department"):
        return f"抱歉，已发布的内容里没有{reason[11:]}。"
    if reason == "weather":
        return f"抱歉，我不提供天气预报，只回答{city}民生工程的进展。"
    if reason == "vague":
        return "请问您想了解哪个项目？请说出项目名称，例如“棚改”“中小学”“医联体”这样的关键词。"
    return "抱歉，知识库里没有找到能回答这个问题的内容。"


def examples(kit: Kit, count: int = 3) -> list[str]:
    """Short example questions drawn from the knowledge: one per department, its most quotable figure.

    They depend only on the snapshot, so they are worked out once (a scan of every figure: tens of
    milliseconds at a thousand transcripts, which every 'not found' reply would otherwise pay).
    """
    if "examples" not in kit.memo:
        kit.memo["examples"] = _all_examples(kit)
    return kit.memo["examples"][:count]


def _all_examples(kit: Kit) -> list[str]:
    best: dict[str, tuple[int, str]] = {}
    for figure in kit.knowledge.figures:
        if figure.kind != "progress" or figure.county or not figure.indicator:
            continue
        question = f"{_short_topic(figure)}{figure.indicator.removeprefix('已')}多少{_measure(figure.unit)}?"
        if len(question) <= MAX_EXAMPLE_CHARS and len(question) < best.get(figure.department, (99, ""))[0]:
            best[figure.department] = (len(question), question)
    return [question for _, question in best.values()]


def _closest_topics(kit: Kit, query: Query) -> tuple[Option, ...]:
    """Projects that partly match an unanswerable question, as buttons."""
    if query.problem:
        return ()
    seen: dict[str, None] = {}
    for scored in kit.search.rank_figures(query)[:20]:
        if scored.score >= MIN_SUGGESTION and scored.item.project:
            seen.setdefault(scored.item.project, None)
    return tuple(Option(label=p[:40], query=f"{p}进展") for p in list(seen)[:MAX_OPTIONS])


def _short_topic(figure: Figure) -> str:
    """The project's name when the indicator does not already say it, without 工程/项目 tails."""
    project = re.sub(r"(建设)?(工程|项目|工作)+$", "", figure.project.strip("“”"))
    return "" if not project or project[:2] in figure.indicator else project


def _measure(unit: str) -> str:
    """'套' for 套, '' for units that read badly after 多少 (万平方米, %)."""
    return unit if len(unit) == 1 and unit != "%" else ""
