"""Figure questions: one number, the best match, newest when several say the same thing."""

from __future__ import annotations

from dataclasses import replace

from bot.domain import Figure
from bot.qa.answer import Answer, Option
from bot.qa.compose import label
from bot.qa.kinds.kit import MIN_FIGURE, Kit
from bot.qa.search import NEAR_TIE, Scored
from bot.qa.understand import Query

MAX_OPTIONS = 3


def figure(kit: Kit, query: Query) -> Answer | None:
    """The best-matching figure, with close runners-up offered as buttons."""
    ranked = kit.search.prefer_latest(kit.search.rank_figures(query), query)
    if not ranked or ranked[0].score < MIN_FIGURE:
        return None
    best: Figure = ranked[0].item
    answer = kit.sourced(kit.compose.figure_text(best), "figure", kit.compose.cite_figure(best), figures=(best,))
    return replace(answer, options=alternatives(ranked))


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
