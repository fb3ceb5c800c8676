"""What every handler shares: the knowledge, its indexes, the thresholds and the reply builders."""

from __future__ import annotations

import re
from collections import defaultdict

from bot.domain import Figure, Knowledge, Passage
from bot.qa.answer import Answer, Citation
from bot.qa.compose import Composer
from bot.qa.conference import conferences
from bot.qa.lexicon import Lexicon
from bot.qa.search import Search

# Minimum share of a question's term weight an answer must cover. Measured on the dev set:
# wrong answers cluster below 0.4, right ones above 0.5.
MIN_FIGURE = 0.45
MIN_PASSAGE = 0.5
# A question that asks for a per-county list says what it wants; its topic words need to
# match less of the question ("哪些县区在建中小学": 在建 is in no transcript).
MIN_BREAKDOWN = 0.3
# Below this nothing is even offered as a nearby topic.
MIN_SUGGESTION = 0.2


class Kit:
    """One knowledge snapshot with the lookups handlers need; built once, read-only afterwards."""

    def __init__(self, knowledge: Knowledge, lexicon: Lexicon) -> None:
        self.knowledge = knowledge
        self.lexicon = lexicon
        self.search = Search(knowledge, lexicon)
        self.compose = Composer(knowledge)
        self.groups = _groups(knowledge.figures)
        self.conferences = conferences(knowledge)
        self.lines: dict[tuple[str, int], list[Passage]] = defaultdict(list)
        self.item_passages: dict[tuple[str, str, str], list[Passage]] = defaultdict(list)
        self.next_answer: dict[tuple[str, int], Passage] = {}
        self.memo: dict[str, object] = {}  # answers that depend only on the snapshot, worked out once
        # By department, county and source: what items, county pages and rankings read, so that no
        # answer scans every passage or figure of a thousand transcripts.
        self.department_headings: dict[str, list[Passage]] = defaultdict(list)
        self.department_sources: dict[str, set[str]] = defaultdict(set)
        self.department_targets: dict[str, list[Figure]] = defaultdict(list)
        self.county_figures: dict[str, list[Figure]] = defaultdict(list)
        self.source_percentages: dict[str, list[Figure]] = defaultdict(list)
        self.line_figures: dict[tuple[str, int], list[Figure]] = defaultdict(list)
        self._index_passages(knowledge.passages)
        self._index_figures(knowledge.figures)

    def _index_figures(self, figures: tuple[Figure, ...]) -> None:
        """Figures by department (targets), county, source (percentages) and line, in their order."""
        for figure in figures:
            self.line_figures[(figure.source_id, figure.line)].append(figure)
            if figure.kind == "target" and not figure.county:
                self.department_targets[figure.department].append(figure)
            if figure.county:
                self.county_figures[figure.county].append(figure)
            if figure.unit == "%":
                self.source_percentages[figure.source_id].append(figure)

    def _index_passages(self, passages: tuple[Passage, ...]) -> None:
        """Passages by source line, by numbered item, and each question's answer: no scans per answer."""
        pending_questions: list[tuple[str, int]] = []
        for passage in passages:
            self.lines[(passage.source_id, passage.line)].append(passage)
            self.department_sources[passage.department].add(passage.source_id)
            if passage.kind == "speech" and passage.heading:
                self.department_headings[passage.department].append(passage)
            if passage.heading:
                self.item_passages[(passage.source_id, passage.kind, item_of(passage))].append(passage)
            if passage.kind == "question":
                pending_questions.append((passage.source_id, passage.position))
            elif passage.kind == "answer":
                for key in pending_questions:
                    if key[0] == passage.source_id:
                        self.next_answer.setdefault(key, passage)
                pending_questions = [k for k in pending_questions if k[0] != passage.source_id]

    def same_city(self, a: Figure, b: Figure) -> bool:
        """Two figures from conferences of one city (a change or a rate never mixes two cities)."""
        first, second = self.compose.sources.get(a.source_id), self.compose.sources.get(b.source_id)
        return first is None or second is None or first.city == second.city

    def same_report_year(self, a: Figure, b: Figure) -> bool:
        """Progress counts towards a target of the same city and year, never another's."""
        if a.source_id == b.source_id:
            return True
        first, second = self.compose.sources.get(a.source_id), self.compose.sources.get(b.source_id)
        return first is None or second is None or (first.city, first.year) == (second.city, second.year)

    # -- reply builders --------------------------------------------------------------------

    def sourced(
        self, text: str, kind: str, citation: Citation, *, quote: bool = True, figures: tuple[Figure, ...] = ()
    ) -> Answer:
        """An answer: its text, then the source line; the whole paragraph kept for /source."""
        return Answer(
            found=True,
            text=f"{text}\n{self.compose.source_line(citation, quote=quote)}",
            kind=kind,
            sources=(citation,),
            passage=self.full_passage(citation.source_id, citation.line),
            figures=figures,
        )

    def plain(self, text: str, kind: str, passage: Passage | None = None) -> Answer:
        """A short factual reply, with its source when there is one."""
        if passage is None:
            return Answer(found=True, text=text, kind=kind)
        return self.sourced(text, kind, self.compose.cite_passage(passage), quote=False)

    def computed(self, text: str, kind: str, first: Figure, second: Figure) -> Answer:
        """An answer computed from two figures, citing both."""
        citations = tuple(self.compose.cite_figure(f) for f in (first, second))
        # (two figures of one sentence, '968套(9月底为853套)', are quoted once)
        sources = "\n".join(dict.fromkeys(self.compose.source_line(c) for c in citations))
        return Answer(found=True, text=f"{text}\n{sources}", kind=kind, sources=citations, figures=(first, second))

    def full_passage(self, source_id: str, line: int) -> str:
        """Every sentence of a source line: the paragraph behind an answer."""
        return "".join(p.text for p in self.lines.get((source_id, line), ()))


def item_of(passage: Passage) -> str:
    """The numbered item a passage is under ('一、…' of '一、…/（一）…')."""
    return passage.heading.split("/", 1)[0]


def _groups(figures: tuple[Figure, ...]) -> dict[str, list[Figure]]:
    """Breakdown parts by group id, in order."""
    groups: dict[str, list[Figure]] = defaultdict(list)
    for figure in figures:
        if figure.group:
            groups[figure.group].append(figure)
    return dict(groups)


def county_clause(sentence: str, county: str, *, items: bool = True) -> str:
    """'…,隆化县1870户,…' out of a sentence that lists every county; the sentence when none names it.
    With `items` False the pieces are clauses, not list items ('青州市、诸城市的2个已完成设备安装')."""
    pieces = re.split(r"([,;、。:])" if items else r"([,;。:])", sentence)
    # (its full name first: '岳阳县14个', not '岳阳楼区48个' that holds the short form 岳阳)
    exact = any(county in pieces[at] for at in range(0, len(pieces), 2))
    for at in range(0, len(pieces), 2):
        piece = pieces[at]
        if county in piece or not exact and county[:-1] and county[:-1] in piece:
            # ('定边县开工14处、完工11处': the county's second measure after '、' is its own too)
            follow = at + 2
            while items and follow < len(pieces) and pieces[follow - 1] == "、" and _OWN_MEASURE.fullmatch(pieces[follow]):
                piece += "、" + pieces[follow]
                follow += 2
            return f"…{piece.strip()}…"
    return sentence


# A list item's second measure, without a place of its own: '完工11处', '已全部完工'.
_OWN_MEASURE = re.compile(r"(?:已经?)?(?:全部)?(?:开工|完工|竣工|建成|完成|投用|通水|通车)(?:\d+(?:\.\d+)?[万亿]?[\u4e00-\u9fff]{1,2})?")
