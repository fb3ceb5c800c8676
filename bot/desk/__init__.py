"""The reporters' desk: figure tables and exports, charts, conference briefs, what changed, county pages
and the consistency report, all drawn from one knowledge snapshot.

The data side is built once (a query over the figures that returns rows, pairs of the same measure);
formats (terminal table, CSV, Excel, JSON, PNG, plain text for Telegram) stay at the edge. Nothing
here imports `telegram` or `sqlalchemy`; matplotlib and XlsxWriter are imported only when a chart or
a workbook is made.
"""

from __future__ import annotations

import threading

from typing import TYPE_CHECKING

from bot.desk.rows import Row, RowIndex, Search, select
from bot.desk.text import DeskError, Section, plain
from bot.domain import Knowledge

if TYPE_CHECKING:
    from bot.desk.chart import ChartPlan


class Desk:
    """The reporters' view of one immutable knowledge snapshot."""

    def __init__(self, knowledge: Knowledge, search: Search | None = None) -> None:
        self.knowledge = knowledge
        self.search = search
        self.index = RowIndex(knowledge)

    def rows(self, query: str = "") -> list[Row]:
        """Every figure matching the query (empty: all), best match first."""
        return select(self.index, query, self.search)

    def chart_plan(self, query: str, kind: str | None = None) -> ChartPlan:
        """What a chart of the query's figures shows (ChartError when nothing can be drawn)."""
        from bot.desk.chart import plan_chart

        return plan_chart(self.index, query, self.search, kind)

    def chart_png(self, plan: ChartPlan) -> bytes:
        """The plan drawn as a PNG."""
        from bot.desk.png import render_png

        return render_png(plan)

    def brief(self, source: str | None = None, month: str | None = None, city: str | None = None) -> list[Section]:
        """One conference's brief (default: the latest); DeskError when there is no such conference."""
        from bot.desk.brief import brief, pick_source

        return brief(self.index, pick_source(self.index, source, month, city))

    def changes(self, since: str | None = None, city: str | None = None) -> list[Section]:
        """What moved between the latest conferences (or since a month)."""
        from bot.desk.changes import changes

        return changes(self.index, since, city)

    def county(self, name: str) -> list[Section]:
        """Everything the conferences said about one county, newest first."""
        from bot.desk.county import county_page

        return county_page(self.index, name)

    def consistency(self) -> list[Section]:
        """The consistency report over this snapshot."""
        from bot.desk.consistency import findings, report_sections

        return report_sections(findings(self.knowledge), scope="当前知识版本")


_cache: tuple[Knowledge, Desk] | None = None
_cache_lock = threading.Lock()


def desk_for(knowledge: Knowledge, search: Search | None = None) -> Desk:
    """The desk over a snapshot, built once per snapshot (the one served is what everyone asks about)."""
    global _cache
    with _cache_lock:
        if _cache is None or _cache[0] is not knowledge:
            _cache = (knowledge, Desk(knowledge, search))
        return _cache[1]


__all__ = ["Desk", "DeskError", "Row", "Section", "desk_for", "plain"]
