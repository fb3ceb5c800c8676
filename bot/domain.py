"""Plain value types shared by ingest, store and qa: the knowledge as data, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field

# Figure kinds. A target is what a department plans for the year; progress is what is done
# by the as-of date; total is a stock or count that is neither (e.g. villages in the city);
# rate is a percentage the speaker states (never one we compute).
FIGURE_KINDS = ("target", "progress", "total", "rate")


@dataclass(frozen=True, slots=True)
class Source:
    """One knowledge file (a press-conference transcript)."""

    id: str  # file name, unique within the knowledge directory
    title: str  # e.g. "2021年民生工程4月推进情况新闻发布会(第一场)"
    city: str  # e.g. "承德市"; "" when the text never names one
    year: int
    month: int
    session: int | None  # 第一场 → 1
    as_of: str  # ISO date the figures are as of, e.g. "2021-04-30"
    sha256: str


@dataclass(frozen=True, slots=True)
class Speaker:
    """A person who speaks at a conference: presenter, answerer or host."""

    source_id: str
    name: str  # 王成军
    title: str  # 局长
    department: str  # 市教育局
    role: str  # "presenter" | "answerer"


@dataclass(frozen=True, slots=True)
class Passage:
    """One sentence of a transcript with where it stands and who said it."""

    id: str  # f"{source_id}#{position}"
    source_id: str
    position: int  # order within the source, from 0
    line: int  # 1-based line in the file
    kind: str  # "host" | "speech" | "question" | "answer"
    department: str  # section's department ("" for the host)
    speaker: str  # speaker's name ("" for the host); for a question, the outlet
    project: str  # the department's project (工程) this section reports on, "" if none
    heading: str  # numbered item the sentence is under ("棚户区改造工程"), "" if none
    text: str


# The mark an extracted figure's indicator takes when its sentence says it was changed from, with no
# date of its own ('由原来的37种增加到45种' → '原…病种' 37种): what it was, not what it is now.
EARLIER = "原"


@dataclass(frozen=True, slots=True)
class Figure:
    """One stated number: what it measures, whether it is a target or progress, and its source."""

    id: str
    source_id: str
    department: str
    project: str  # project or item it belongs to, e.g. "棚户区改造工程"
    indicator: str  # the phrase the number measures, e.g. "已开工项目"
    kind: str  # one of FIGURE_KINDS
    value: float  # as written, before the unit's 万/亿 scale: 1.91 for "1.91万平方米"
    unit: str  # as written, scale included: "万平方米", "套", "%", "场(次)"
    as_of: str  # ISO date
    county: str  # "" when city-wide
    sentence: str  # the sentence it comes from
    line: int  # 1-based line in the source file, 0 when unknown
    speaker: str  # name of who said it, "" when unknown
    curated: bool  # from a curated figures file (True) or extracted automatically (False)
    group: str = ""  # id shared by the parts of one per-county breakdown, "" otherwise
    group_total: float | None = None  # the total the speaker states for that breakdown


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with a knowledge file, located so an admin can fix it."""

    path: str
    line: int
    message: str
    severity: str = "error"  # "error" rejects the load; "warning" is reported only

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


@dataclass(frozen=True, slots=True)
class FileInfo:
    """A file that went into a knowledge version."""

    path: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Knowledge:
    """A complete, immutable knowledge snapshot: everything the question answering needs."""

    sources: tuple[Source, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    passages: tuple[Passage, ...] = ()
    figures: tuple[Figure, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()  # (alias, canonical) pairs from alias files
    files: tuple[FileInfo, ...] = ()
    warnings: tuple[Problem, ...] = field(default=())
