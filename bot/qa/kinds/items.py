"""'What does X work on': a department's numbered items and its yearly targets."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from bot.qa.answer import Answer
from bot.qa.compose import amount, label
from bot.qa.kinds.kit import MIN_FIGURE, Kit, item_of
from bot.qa.understand import Query

MAX_LISTED = 8


def items(kit: Kit, query: Query) -> Answer | None:
    """The items a department or project works on: its numbered headings and its targets."""
    department = query.department
    ranked = kit.search.rank_figures(replace(query, wants_target=True))
    if not department and (not ranked or ranked[0].score < MIN_FIGURE):
        return None
    if not department:
        department = ranked[0].item.department
    titles = headings(kit, department)
    project = ranked[0].item.project if ranked and ranked[0].score >= MIN_FIGURE else ""
    targets = [
        f for f in kit.knowledge.figures
        if f.kind == "target" and f.department == department and not f.county
        and (not project or not titles or f.project == project)
    ][:MAX_LISTED]
    if not titles and not targets:
        return None
    lines = []
    if titles:
        lines.append(f"{department}的重点工作：" + "；".join(f"{i}. {h}" for i, h in enumerate(titles, 1)) + "。")
    if targets:
        lines.append("年度任务：" + "；".join(f"{label(f)} {amount(f)}" for f in targets) + "。")
    citation = kit.compose.cite_figure(targets[0]) if targets else None
    text = "\n".join(lines) + (f"\n{kit.compose.source_line(citation, quote=False)}" if citation else "")
    return Answer(found=True, text=text, kind="items", sources=(citation,) if citation else (), figures=tuple(targets))


def headings(kit: Kit, department: str) -> list[str]:
    """Numbered item titles of a department's latest report, in order."""
    latest: dict[str, list[str]] = defaultdict(list)
    for passage in kit.knowledge.passages:
        if passage.department == department and passage.kind == "speech" and passage.heading:
            title = item_of(passage)
            if title not in latest[passage.source_id]:
                latest[passage.source_id].append(title)
    if not latest:
        return []
    sources = kit.compose.sources
    return latest[max(latest, key=lambda sid: sources[sid].as_of if sid in sources else "")]
