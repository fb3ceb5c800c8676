"""The reporters' rows: every figure matching a query, one row each with every field, best match first.

Every format (terminal table, CSV, Excel, JSON, chart, Telegram message) is drawn from these rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass, fields

from bot.domain import Figure, Knowledge, Passage, Source
from bot.text import normalise

# How well a row matches, best first: a field equal to the query word, a field containing it, only
# the quoted sentence containing it, or (when nothing names it) the answering engine's fuzzy search.
EXACT, FIELD, SENTENCE, FUZZY = range(4)
# Passage kinds whose heading is a numbered item; a Q&A passage's heading is the question itself.
ITEM_KINDS = frozenset({"speech", "host"})

_PUNCTUATION = re.compile(r"[^\w+]+")

KIND_NAMES = {"target": "目标", "progress": "进展", "total": "总量", "rate": "比率"}

Search = Callable[[str], Sequence[Figure]]


@dataclass(frozen=True, slots=True)
class Row:
    """One figure with everything a reporter quotes: what, how much, as of when, who said it, where."""

    department: str
    project: str
    item: str  # the numbered item the sentence stands under, when it is not the project itself
    indicator: str
    kind: str  # target | progress | total | rate
    value: float
    unit: str
    county: str
    as_of: str
    city: str
    speaker: str
    source: str  # the conference's title
    file: str  # the transcript's file name
    line: int
    sentence: str

    def to_dict(self) -> dict:
        """Field name → value (for JSON)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def values(self) -> tuple:
        """The fields in column order."""
        return astuple(self)


COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Row))
# Column headings people read (terminal, CSV, Excel); JSON keeps the field names above.
HEADINGS: dict[str, str] = {
    "department": "部门", "project": "工程/项目", "item": "分项", "indicator": "指标", "kind": "类型",
    "value": "数值", "unit": "单位", "county": "县区", "as_of": "截至日期", "city": "城市",
    "speaker": "发言人", "source": "发布会", "file": "文件", "line": "行", "sentence": "原文",
}


class RowIndex:
    """What rows need from a knowledge snapshot, looked up once: sources and item headings by line."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.sources: dict[str, Source] = {s.id: s for s in knowledge.sources}
        self._passages: dict[tuple[str, int], list[Passage]] = {}
        for passage in knowledge.passages:
            self._passages.setdefault((passage.source_id, passage.line), []).append(passage)
        self._aliases: dict[str, set[str]] = {}
        for alias, name in knowledge.aliases:
            self._aliases.setdefault(normalise(alias), set()).add(normalise(name))
        self._rows: dict[str, Row] = {}
        self._newest: list[Figure] | None = None

    def newest_first(self) -> list[Figure]:
        """Every figure, newest conference first (as-of date, then session), each in the order stated."""
        if self._newest is None:
            self._newest = sorted(self.knowledge.figures, key=self.age, reverse=True)
        return self._newest

    def age(self, figure: Figure) -> tuple[str, int]:
        """When a figure was stated: its as-of date, then the session of its conference."""
        source = self.sources.get(figure.source_id)
        return (figure.as_of, (source.session or 0) if source else 0)

    def row(self, figure: Figure) -> Row:
        """The row of one figure (made once)."""
        row = self._rows.get(figure.id)
        if row is None:
            row = self._rows[figure.id] = self._make(figure)
        return row

    def _make(self, figure: Figure) -> Row:
        source = self.sources.get(figure.source_id)
        heading = self._heading(figure)
        return Row(
            department=figure.department,
            project=figure.project,
            item=heading if _words(heading) not in ("", _words(figure.project)) else "",
            indicator=figure.indicator,
            kind=figure.kind,
            value=figure.value,
            unit=figure.unit,
            county=figure.county,
            as_of=figure.as_of,
            city=source.city if source else "",
            speaker=figure.speaker,
            source=source.title if source else figure.source_id,
            file=figure.source_id,
            line=figure.line,
            sentence=figure.sentence,
        )

    def _heading(self, figure: Figure) -> str:
        """The item heading of the passage the figure's sentence is (on its line)."""
        passages = self._passages.get((figure.source_id, figure.line), ())
        sentence = _words(figure.sentence)
        for passage in passages:
            text = _words(passage.text)
            if text and (text in sentence or sentence in text):
                return _item_of(passage)
        return ""

    def forms(self, word: str) -> set[str]:
        """A query word as written, normalised (traditional → simplified) and by the names it is an alias of."""
        plain = normalise(word)
        return {word, plain} | self._aliases.get(plain, set())


def _words(text: str) -> str:
    """Text without punctuation or quotes ('“互联网+医疗”' and '互联网+医疗' are one item)."""
    return _PUNCTUATION.sub("", text)


def _item_of(passage: Passage) -> str:
    """The innermost numbered-item heading of a passage ('' for Q&A, whose heading is the question)."""
    if passage.kind not in ITEM_KINDS or not passage.heading:
        return ""
    return passage.heading.rsplit("/", 1)[-1]


def select(index: RowIndex, query: str, search: Search | None = None) -> list[Row]:
    """Every figure matching the query as rows, best match first (see select_figures)."""
    return [index.row(f) for f in select_figures(index, query, search)]


def select_figures(index: RowIndex, query: str, search: Search | None = None) -> list[Figure]:
    """Every figure matching the query, best match first, then newest first; empty query: all, newest first.

    A query is one or more words (split on spaces); a figure matches when each word is named by one
    of its fields (project, item, indicator, department, county, speaker, city, conference) or its
    sentence. When nothing names the words, the answering engine's search (typos, synonyms) is asked.
    """
    words = [w for w in query.split() if w]
    figures = index.newest_first()
    if not words:
        return list(figures)
    wanted = [index.forms(w) for w in words]
    scored = []
    for figure in figures:
        row = index.row(figure)
        tier = max(_tier(row, forms) for forms in wanted)
        if tier < FUZZY:
            scored.append((tier, figure))
    if scored:
        scored.sort(key=lambda item: item[0])  # stable: newest first within a tier
        return [figure for _, figure in scored]
    return list(search(query)) if search is not None else []


def _tier(row: Row, forms: set[str]) -> int:
    """How well one query word (in any of its forms) matches a row; FUZZY when it does not."""
    named = (row.project, row.item, row.indicator, row.department, row.county, row.speaker)
    best = FUZZY
    for form in forms:
        if any(form == field for field in named if field):
            return EXACT
        if any(form in field for field in (*named, row.city, row.source, row.file) if field):
            best = FIELD
        elif best > SENTENCE and form in row.sentence:
            best = SENTENCE
    return best
