"""What the question answering returns: a reply, its sources and the options to offer."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Citation:
    """Where an answer comes from, quotable by a reporter."""

    source_id: str
    conference: str  # e.g. "2021年4月民生工程推进情况新闻发布会(第一场)"
    date: str  # ISO as-of date
    speaker: str  # name, "" when unknown
    speaker_title: str  # e.g. "市住建局局长"
    sentence: str  # the quoted sentence
    line: int

    def to_dict(self) -> dict:
        """A JSON-ready mapping."""
        return {
            "source": self.source_id,
            "conference": self.conference,
            "date": self.date,
            "speaker": self.speaker,
            "speaker_title": self.speaker_title,
            "sentence": self.sentence,
            "line": self.line,
        }


@dataclass(frozen=True, slots=True)
class Option:
    """An alternative reading or a nearby topic, offered to the user as a button."""

    label: str  # short text for the button
    query: str  # the question to ask when it is chosen


@dataclass(frozen=True, slots=True)
class Answer:
    """The reply to one question."""

    found: bool
    text: str  # plain text: the direct answer first, then the source line
    kind: str  # the kind of question answered ("figure", "list", "rate", "who", "none", ...)
    sources: tuple[Citation, ...] = ()
    options: tuple[Option, ...] = ()  # "did you mean" alternatives or closest topics
    passage: str = ""  # the full passage behind the answer, for /source
    figures: tuple = field(default=())  # domain.Figure objects the answer used
