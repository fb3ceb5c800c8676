"""Turning chosen figures and passages into short plain-text replies with their sources."""

from __future__ import annotations

from bot.domain import Figure, Knowledge, Passage, Source
from bot.qa.answer import Citation


def number(value: float) -> str:
    """A value as people write it: 4433, 1.91, 3303.7 (no trailing .0)."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text or "0"


def amount(figure: Figure) -> str:
    """'4433套', '1.91万平方米'."""
    return f"{number(figure.value)}{figure.unit}"


def percent(part: float, whole: float) -> str:
    """'40.5%' with one decimal, as reporters quote it; a whole number without it ('56%')."""
    return f"{100 * part / whole:.1f}".removesuffix(".0") + "%"


def date_label(as_of: str) -> str:
    """'2021-04-30' → '2021年4月底'."""
    if len(as_of) < 7:
        return ""
    year, month = int(as_of[:4]), int(as_of[5:7])
    return f"{year}年{month}月底"


def label(figure: Figure) -> str:
    """What a figure measures, short: '棚户区改造工程·已开工项目'."""
    place = f"{figure.county} " if figure.county else ""
    project = figure.project.strip("“”")
    indicator = figure.indicator
    if not project or project in indicator:
        return f"{place}{indicator}"
    if indicator in project:
        return f"{place}{project}"
    return f"{place}{project}·{indicator}"


KIND_LABELS = {"target": "年度目标", "progress": "进展", "total": "", "rate": ""}


class Composer:
    """Formats replies; knows the snapshot's sources and speakers for attribution."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.sources: dict[str, Source] = {s.id: s for s in knowledge.sources}
        self.titles = {(s.source_id, s.name): f"{s.department}{s.title}" for s in knowledge.speakers}

    def conference(self, source_id: str) -> str:
        """'2021年4月民生工程推进情况新闻发布会(第1场)'."""
        source = self.sources.get(source_id)
        return source.title if source else source_id

    def cite_figure(self, figure: Figure) -> Citation:
        """Where a figure was said."""
        return Citation(
            source_id=figure.source_id,
            conference=self.conference(figure.source_id),
            date=figure.as_of,
            speaker=figure.speaker,
            speaker_title=self.titles.get((figure.source_id, figure.speaker), figure.department),
            sentence=figure.sentence,
            line=figure.line,
        )

    def cite_passage(self, passage: Passage) -> Citation:
        """Where a sentence was said."""
        source = self.sources.get(passage.source_id)
        return Citation(
            source_id=passage.source_id,
            conference=self.conference(passage.source_id),
            date=source.as_of if source else "",
            speaker=passage.speaker,
            speaker_title=self.titles.get((passage.source_id, passage.speaker), passage.department),
            sentence=passage.text,
            line=passage.line,
        )

    def source_line(self, citation: Citation, *, quote: bool = True) -> str:
        """'来源：…发布会，市住建局局长池大勇：“…”'."""
        who = f"{citation.speaker_title}{citation.speaker}" if citation.speaker else citation.speaker_title
        said = f"：“{citation.sentence}”" if quote and citation.sentence else ""
        return f"来源：{citation.conference}" + (f"，{who}{said}" if who or said else "")

    def figure_text(self, figure: Figure) -> str:
        """The one-line answer for a figure."""
        notes = [n for n in (KIND_LABELS.get(figure.kind, ""), f"截至{date_label(figure.as_of)}") if n]
        return f"{label(figure)}：{amount(figure)}（{'，'.join(notes)}）"
