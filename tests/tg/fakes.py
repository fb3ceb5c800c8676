"""A small stand-in for bot.service.Service with the same methods, for front-end tests.

It reads the same knowledge files as the real core (transcripts .txt, curated .figures.yaml,
.aliases.yaml, chosen by bot.ingest.files),
answers with the best-matching sentence (character bigrams), keeps a per-chat context for
follow-ups ("那…呢"), extracts figures with a regex, versions every successful reload and refuses
files with problems (path:line), so the front end can be exercised end to end before the core
lands. The e2e tests never compare against its wording: they ask it (or the real Service)
directly for the expected answer.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import hashlib
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from bot.domain import Figure
from bot.ingest.files import file_role, knowledge_files
from bot.qa.answer import Answer, Citation, Option

_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(万平方米|平方米|万户|万人|万个|万元|亿元|人次|例|次|名|个|套|座|家|所|支|人|%)")
_DEPARTMENT = re.compile(r"(市[\u4e00-\u9fff]{1,10}?(?:局|委))(?:副?局长|主任)([\u4e00-\u9fff]{2,3})同志")
_HEADING = re.compile(r"^[一二三四五六七八九十]+[、是]([^。，,：:；;]{2,20})")
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
_PUNCT = "，,；;：:。（）()“”、 "


@dataclass(frozen=True)
class Report:
    """Like ingest.report.LoadReport: ok and a plain-text report."""

    ok: bool
    lines: tuple[str, ...]
    status: str = "checked"  # checked | saved | unchanged | failed

    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class Status:
    """Like bot.service.Status."""

    version: int | None
    sources: int
    passages: int
    figures: int
    last_reload: float | None
    started: float
    database: str


@dataclass(frozen=True)
class Version:
    """Like bot.store.VersionInfo (plus the snapshot it stores)."""

    id: int
    created_at: dt.datetime
    loaded_by: str
    active: bool
    counts: dict
    knowledge: Knowledge


@dataclass(frozen=True)
class Sentence:
    source: str
    line: int
    text: str
    paragraph: str
    department: str
    project: str
    speaker: str


@dataclass(frozen=True)
class Knowledge:
    sentences: tuple[Sentence, ...] = ()
    figures: tuple[Figure, ...] = ()
    sources: tuple[str, ...] = ()
    fingerprint: str = ""


def _bigrams(text: str) -> set[str]:
    chars = [c for c in text if c not in _PUNCT]
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


def _as_of(name: str) -> str:
    match = re.search(r"(\d{4})-(\d{2})", name)
    if not match:
        return ""
    year, month = int(match.group(1)), int(match.group(2))
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def _figures_in(sentence: Sentence, as_of: str, start: int) -> list[Figure]:
    out = []
    for i, match in enumerate(_NUMBER.finditer(sentence.text)):
        before = re.split(f"[{_PUNCT}]", sentence.text[: match.start()])[-1][-12:]
        out.append(Figure(
            id=f"{sentence.source}#{sentence.line}.{start + i}", source_id=sentence.source,
            department=sentence.department, project=sentence.project, indicator=before, kind="progress",
            value=float(match.group(1)), unit=match.group(2), as_of=as_of, county="", sentence=sentence.text,
            line=sentence.line, speaker=sentence.speaker, curated=False,
        ))
    return out


def _read_transcript(path: Path, problems: list[str]) -> tuple[list[Sentence], list[Figure]]:
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    if not text.strip():
        problems.append(f"{path}:1: error: the file is empty")
        return [], []
    sentences: list[Sentence] = []
    figures: list[Figure] = []
    department = speaker = project = ""
    for number, line in enumerate(text.splitlines(), 1):
        if match := _DEPARTMENT.search(line):
            department, speaker = match.group(1).replace("市市", "市"), match.group(2)
            project = f"{department}民生工程"
            continue
        if match := _HEADING.match(line.strip()):
            project = match.group(1)
        for piece in _SENTENCE.findall(line):
            if len(piece.strip()) >= 4:
                sentence = Sentence(path.name, number, piece.strip(), line.strip(), department, project, speaker)
                sentences.append(sentence)
                figures += _figures_in(sentence, _as_of(path.name), len(figures))
    return sentences, figures


def _load_yaml(path: Path, problems: list[str]) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(f"{path}:{mark.line + 1 if mark else 1}: error: YAML syntax error: {getattr(exc, 'problem', exc)}")
        return None


def _read_figures(path: Path, problems: list[str]) -> list[Figure]:
    data = _load_yaml(path, problems)
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("figures"), list):
        problems.append(f"{path}:1: error: expected 'source', 'as_of' and a 'figures' list")
        return []
    return [_curated(path, data, row, problems) for row in data["figures"]]


def _curated(path: Path, data: dict, row: dict, problems: list[str]) -> Figure:
    line = int(row.get("line", 0) or 0)
    try:
        value = float(row["value"])
    except (KeyError, TypeError, ValueError):
        problems.append(f"{path}:{line}: error: value {row.get('value')!r} is not a number")
        value = 0.0
    return Figure(
        id=f"{path.name}#{line}.{row.get('indicator', '')}", source_id=str(data.get("source", path.name)),
        department=str(row.get("department", "")), project=str(row.get("project", "")),
        indicator=str(row.get("indicator", "")), kind=str(row.get("kind", "progress")), value=value,
        unit=str(row.get("unit", "")), as_of=str(row.get("as_of", data.get("as_of", ""))), county=str(row.get("county", "")),
        sentence=str(row.get("sentence", "")), line=line, speaker=str(row.get("speaker", "")), curated=True,
    )


def build(paths: list[Path]) -> tuple[Knowledge, list[str]]:
    """Read knowledge files; problems are 'path:line: error: message' strings."""
    problems: list[str] = []
    sentences: list[Sentence] = []
    extracted: list[Figure] = []
    curated: list[Figure] = []
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: p.name):
        digest.update(path.name.encode() + path.read_bytes())
        role = file_role(path)
        if role == "transcript":
            more_sentences, more_figures = _read_transcript(path, problems)
            sentences += more_sentences
            extracted += more_figures
        elif role == "figures":
            curated += _read_figures(path, problems)
        elif role == "aliases":
            _load_yaml(path, problems)
        else:
            problems.append(f"{path}:0: error: not a knowledge file")
    # Curated figures replace the extracted ones of the same transcript, as in the real core.
    covered = {f.source_id for f in curated}
    figures = curated + [f for f in extracted if f.source_id not in covered]
    sources = tuple(sorted({s.source for s in sentences}))
    return Knowledge(tuple(sentences), tuple(figures), sources, digest.hexdigest()), problems


class FakeEngine:
    """Answers from one knowledge snapshot."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    def topics(self) -> dict[str, dict[str, list[Figure]]]:
        """Department → project → figures."""
        tree: dict[str, dict[str, list[Figure]]] = {}
        for figure in self.knowledge.figures:
            tree.setdefault(figure.department or "其他", {}).setdefault(figure.project or "其他", []).append(figure)
        return tree

    def examples(self, count: int = 3) -> list[str]:
        """One question per department."""
        seen: dict[str, str] = {}
        for figure in self.knowledge.figures:
            seen.setdefault(figure.department, f"{figure.project}{figure.indicator}是多少?")
        return list(seen.values())[:count]

    def search_figures(self, keyword: str, limit: int = 30) -> list[Figure]:
        """Figures whose project, indicator or sentence share the most bigrams with the keyword."""
        wanted = _bigrams(keyword) or {keyword}
        scored = []
        for figure in self.knowledge.figures:
            text = f"{figure.project}{figure.indicator}{figure.sentence}"
            score = len(wanted & _bigrams(text)) + (3 if keyword in text else 0)
            if score:
                scored.append((-score, figure.id, figure))
        return [f for _, _, f in sorted(scored, key=lambda t: t[:2])][:limit]

    def best(self, question: str) -> tuple[int, Sentence | None]:
        """The sentence sharing the most bigrams with the question."""
        wanted = _bigrams(question)
        best: tuple[int, Sentence | None] = (0, None)
        for sentence in self.knowledge.sentences:
            score = len(wanted & _bigrams(sentence.text))
            if score > best[0]:
                best = (score, sentence)
        return best


class FakeDatabase:
    """The part of bot.store.Database the front end uses directly."""

    def __init__(self) -> None:
        self._polling = threading.Lock()

    @contextlib.contextmanager
    def polling_lock(self) -> Iterator[None]:
        """Process-local, like the real one on SQLite."""
        if not self._polling.acquire(blocking=False):
            raise RuntimeError("another replica is polling")
        try:
            yield
        finally:
            self._polling.release()


@dataclass
class FakeService:
    """The Service API the front end uses, over FakeEngine."""

    settings: object
    started: float = field(default_factory=time.time)
    ask_waits_for_database = False  # like Service on SQLite: its memory is all it needs

    def __post_init__(self) -> None:
        self._versions: list[Version] = []
        self._active: Version | None = None
        self.engine = FakeEngine(Knowledge())
        self._contexts: dict[str, str] = {}
        self._unanswered: Counter[str] = Counter()
        self._lock = threading.Lock()
        self.reloads = 0  # how many reloads did work (tests check de-duplication)
        self.db = FakeDatabase()

    @property
    def version(self) -> int | None:
        return self._active.id if self._active else None

    def _paths(self, paths: list[Path] | None) -> list[Path]:
        return list(paths) if paths else knowledge_files(Path(self.settings.knowledge_dir))

    def check(self, paths: list[Path] | None = None) -> Report:
        knowledge, problems = build(self._paths(paths))
        return self._report(knowledge, problems)

    def reload(self, loaded_by: str = "cli", paths: list[Path] | None = None) -> Report:
        knowledge, problems = build(self._paths(paths))
        if problems:
            return self._report(knowledge, problems)
        with self._lock:
            if self._active and self._active.knowledge.fingerprint == knowledge.fingerprint:
                return Report(True, (f"没有变化，仍是版本 #{self._active.id}。",), "unchanged")
            self.reloads += 1
            counts = {"sources": len(knowledge.sources), "figures": len(knowledge.figures)}
            version = Version(len(self._versions) + 1, dt.datetime.now(dt.UTC), loaded_by, False, counts, knowledge)
            self._versions.append(version)
            self._activate(version)
        return Report(True, (f"已保存为版本 #{version.id}：{len(knowledge.sources)} 场发布会，{len(knowledge.figures)} 个数字。",), "saved")

    def _report(self, knowledge: Knowledge, problems: list[str]) -> Report:
        head = f"{len(knowledge.sources)} 场发布会，{len(knowledge.figures)} 个数字"
        return Report(not problems, (head, *problems), "checked" if not problems else "failed")

    def _activate(self, version: Version) -> None:
        self._active = version
        self.engine = FakeEngine(version.knowledge)

    def rollback(self, version: int | None = None) -> int:
        with self._lock:
            current = self.version or 0
            if version is None:
                older = [v for v in self._versions if v.id < current]
                if not older:
                    raise LookupError("there is no earlier knowledge version to roll back to")
                target = older[-1]
            else:
                target = next((v for v in self._versions if v.id == version), None)
                if target is None:
                    raise LookupError(f"no knowledge version #{version}")
            self._activate(target)
            return target.id

    def versions(self) -> list[Version]:
        return [replace(v, active=v.id == self.version) for v in reversed(self._versions)]

    def refresh(self) -> bool:
        return False

    def ask(self, chat: str, text: str) -> Answer:
        question = text
        previous = self._contexts.get(chat, "")
        if previous and (text.startswith("那") or text.endswith("呢")) and len(text) < 16:
            question = previous + text
        self._contexts[chat] = question
        score, sentence = self.engine.best(question)
        if sentence is None or score < 3:
            self._unanswered[text] += 1
            projects = list(dict.fromkeys(f.project for f in self.engine.knowledge.figures if f.project))[:3]
            return Answer(False, f"没有找到与“{text}”相关的内容。可以看看这些：", "none",
                          options=tuple(Option(p, f"{p}进展如何") for p in projects))
        figures = tuple(_figures_in(sentence, _as_of(sentence.source), 0))
        citation = Citation(sentence.source, Path(sentence.source).stem, _as_of(sentence.source), sentence.speaker,
                            sentence.department, sentence.text, sentence.line)
        return Answer(True, f"{sentence.text}\n——{citation.conference}，{sentence.speaker}", "figure" if figures else "list",
                      sources=(citation,), passage=sentence.paragraph, figures=figures)

    def figures(self, keyword: str, limit: int = 30) -> list[Figure]:
        return self.engine.search_figures(keyword, limit)

    def desk(self):
        """The real reporters' desk over the fake's figures (the front end is what is under test)."""
        from bot.desk import Desk
        from bot.domain import Knowledge as Snapshot

        current = self.engine.knowledge
        if getattr(self, "_desk", None) is None or self._desk[0] is not current:
            self._desk = (current, Desk(Snapshot(figures=current.figures), lambda query: self.figures(query)))
        return self._desk[1]

    def flush(self) -> None:
        """Nothing is written in batches here."""

    def unanswered(self, limit: int = 10) -> list[tuple[str, int]]:
        return self._unanswered.most_common(limit)

    def status(self) -> Status:
        knowledge = self._active.knowledge if self._active else Knowledge()
        return Status(self.version, len(knowledge.sources), len(knowledge.sentences), len(knowledge.figures),
                      self._active.created_at.timestamp() if self._active else None, self.started, "fake")

    def close(self) -> None:
        pass


def open_service(kind: str, settings: object) -> object:
    """A loaded core of the given kind: "fake" (this module) or "real" (bot.service.Service)."""
    if kind == "real":
        from bot.service import Service

        service = Service.open(settings)
    else:
        service = FakeService(settings)
    report = service.reload(loaded_by="test")
    if not report.ok:
        raise RuntimeError(report.text())
    return service
