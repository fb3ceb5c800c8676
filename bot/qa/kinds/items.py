"""'What does X work on': a department's numbered items and its yearly targets."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace

from bot.domain import Passage
from bot.qa.answer import Answer
from bot.qa.compose import amount, label
from bot.qa.kinds.kit import MIN_FIGURE, Kit, item_of
from bot.qa.lexicon import GENERIC_WORDS
from bot.qa.understand import Query

MAX_LISTED = 8
# A sentence that names and counts items answers '包括哪几项' even when it shares few of the
# question's words: the topic word it must contain is checked on top.
MIN_LISTED = MIN_FIGURE * 0.5
# '完成承下线、凤凰山大桥拓宽改造和会龙山隧道贯通3项工程': items named in a sentence, with their count.
_NAMED_ITEMS = re.compile(
    r"(?:完成|推进|实施|包括|建设|开展|抓好)(?P<list>[^。;:,]{4,120}?)(?P<n>\d+|[两二三四五六七八九十])(?:项|个|座|条|大)(?:重点)?(?:工程|项目|任务|工作)"
)
# '年内实施4项工程,分别是A、B、C和D': the count first, then the items.
_COUNTED_ITEMS = re.compile(
    # ('进度滞后的2个,分别是A和B', '2项滞后实事分别是A和B': the noun may be left out, or qualified)
    r"(?P<n>\d+|[两二三四五六七八九十])(?:项|个|座|条|大|件)(?:(?:重点|滞后|未完工|未开工|[\u4e00-\u9fff]{0,2}?)(?:工程|项目|子项目|任务|工作|民生实事|实事))?[,:]?"
    r"(?:分别是|分别为|包括|主要是|即)[:]?(?P<list>[^。;:]{4,160}?)(?=[。;]|$)"
)
_STATED_COUNT = re.compile(r"(\d{1,2})(?:项|个|大)(?:重点)?(?:工程|项目|任务)")
_ASKING = frozenset("包括 包含 哪些 几项 哪几 是哪".split())
_ITEM_SEPARATOR = re.compile(r"、|和|及|以及|与")
_CN_COUNT = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)} | {"两": 2}


def named_items(kit: Kit, query: Query) -> Answer | None:
    """'治堵工程包括哪几项': the items a sentence names and counts ('完成A、B和C 3项工程')."""
    found = listed_items(kit, query)
    if found is None:
        return None
    parts, passage = found
    listed = "；".join(f"{i}. {p}" for i, p in enumerate(parts, 1))
    return kit.plain(f"共{len(parts)}项：{listed}。", "items", passage)


def listed_items(kit: Kit, query: Query) -> tuple[list[str], Passage] | None:
    """The items of the question's topic that one sentence names and counts, and that sentence."""
    words = [w for w in kit.lexicon.words(query.topic) if len(w) >= 2 and w not in GENERIC_WORDS and w not in _ASKING]
    stated = _STATED_COUNT.search(query.text)  # '那3项重点工程': the list has that many items
    for scored in kit.search.rank_passages(query)[:8]:
        if scored.score < MIN_LISTED:
            break
        said = f"{scored.item.heading}{scored.item.text}"
        # Named by its department, or only by its count ('重点推进的那3项工程'): no other word to check.
        by_department = bool(query.department) and scored.item.department == query.department
        by_count = stated is not None and not words
        if not (by_department or by_count) and (not words or not any(w in said for w in words)):
            continue  # a list of another project's items (or another department's)
        numbered = _numbered_list(kit, scored.item)
        if numbered and (stated is None or int(stated[1]) == len(numbered)):
            return numbered, scored.item  # '12件重点民生实事:1.就业创业促进;2.…' over the line's passages
        for match in [*_NAMED_ITEMS.finditer(scored.item.text), *_COUNTED_ITEMS.finditer(scored.item.text)]:
            parts = [p.strip() for p in _ITEM_SEPARATOR.split(match["list"]) if p.strip()]
            count = int(match["n"]) if match["n"].isdigit() else _CN_COUNT.get(match["n"], 0)
            if len(parts) != count and "," in match["list"]:
                # ('…分别是A和B,主要受选址协调影响': the list ends at the clause)
                parts = [p.strip() for p in _ITEM_SEPARATOR.split(match["list"].split(",", 1)[0]) if p.strip()]
            if count >= 2 and len(parts) == count and (stated is None or int(stated[1]) == count):
                return parts, scored.item
    return None


# '2023年岳阳市12件重点民生实事:1.就业创业促进;2.…': a count, a colon, then numbered items.
_NUMBERED_LIST = re.compile(r"(?P<n>\d+)(?:件|项|个)[^:。;]{0,16}:\s*(?P<list>1\.\s*[^。]*)")
_NUMBER_MARK = re.compile(r"(?:^|(?<=[;。,]))\s*\d{1,2}\.\s*")


def _numbered_list(kit: Kit, passage: Passage) -> list[str]:
    """The numbered items a count introduces on the passage's line, when there are as many as it says."""
    text = "".join(p.text for p in kit.lines.get((passage.source_id, passage.line), [passage]))
    match = _NUMBERED_LIST.search(text)
    if match is None:
        return []
    parts = [p.strip(" ;。,") for p in _NUMBER_MARK.split(match["list"]) if p.strip(" ;。,")]
    return parts if len(parts) == int(match["n"]) >= 2 else []


def items(kit: Kit, query: Query) -> Answer | None:
    """The items a department or project works on: its numbered headings and its targets."""
    department = query.department
    ranked = kit.search.rank_figures(replace(query, wants_target=True))
    if not department and (not ranked or ranked[0].score < MIN_FIGURE):
        return None
    if not department:
        department = ranked[0].item.department
    scope = query.sources
    if scope is not None and not kit.department_sources.get(department, set()) & scope:
        return None  # '邢台…发布会上,市医保局通报了哪些内容' when 医保局 spoke only in 秦皇岛
    titles = headings(kit, department, scope)
    project = ranked[0].item.project if ranked and ranked[0].score >= MIN_FIGURE else ""
    targets = [
        f for f in kit.department_targets.get(department, ())
        if (not project or not titles or f.project == project) and (scope is None or f.source_id in scope)
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


def headings(kit: Kit, department: str, scope: frozenset[str] | None = None) -> list[str]:
    """Numbered item titles of a department's latest report (within the question's scope), in order."""
    latest: dict[str, list[str]] = defaultdict(list)
    for passage in kit.department_headings.get(department, ()):
        if scope is None or passage.source_id in scope:
            title = item_of(passage)
            if title not in latest[passage.source_id]:
                latest[passage.source_id].append(title)
    if not latest:
        return []
    sources = kit.compose.sources
    return latest[max(latest, key=lambda sid: sources[sid].as_of if sid in sources else "")]
