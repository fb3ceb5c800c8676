"""Knowledge files → one validated Knowledge snapshot, or the problems that stop it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bot.domain import Figure, FileInfo, Knowledge, Passage, Problem, Source, Speaker
from bot.ingest.aliases import read_aliases
from bot.ingest.curated import read_curated
from bot.ingest.decode import DecodeError, decode, docx_text
from bot.ingest.extract import extract_figures
from bot.ingest.files import MAX_FILE_BYTES, file_role
from bot.ingest.transcript import parse_transcript
from bot.ingest.verify import TranscriptText
from bot.ingest.validate import consistency_warnings


class _Collected:
    """What the files yield, before it becomes one frozen snapshot."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.sources: list[Source] = []
        self.transcripts: dict[str, TranscriptText] = {}
        self.speakers: list[Speaker] = []
        self.passages: list[Passage] = []
        self.extracted: list[Figure] = []
        self.curated: list[Figure] = []
        self.aliases: list[tuple[str, str]] = []
        self.files: list[FileInfo] = []
        self.problems: list[Problem] = []

    def where(self, path: Path) -> str:
        """How a report names a file: relative to the knowledge directory when inside it, else as given."""
        if self.root is not None:
            try:
                return str(path.resolve().relative_to(self.root.resolve()))
            except (ValueError, OSError):
                pass
        return str(path)


def build_knowledge(paths: list[Path], *, root: Path | None = None) -> tuple[Knowledge, list[Problem]]:
    """Read every file; the snapshot is usable only when no problem is an error.

    Problems name a file relative to `root` (the knowledge directory) when it lies inside it.
    """
    collected = _Collected(root)
    texts = {path: _read(path, collected) for path in paths}
    for path, text in texts.items():
        if text is not None and file_role(path) == "transcript":
            _add_transcript(path, text, collected)
    for path, text in texts.items():
        if text is None:
            continue
        if file_role(path) == "figures":
            figures, problems = read_curated(Path(collected.where(path)), text, collected.transcripts)
            collected.curated.extend(figures)
            collected.problems.extend(problems)
        elif file_role(path) == "aliases":
            pairs, problems = read_aliases(Path(collected.where(path)), text)
            collected.aliases.extend(pairs)
            collected.problems.extend(problems)
    if not collected.sources and not any(p.severity == "error" for p in collected.problems):
        where = collected.where(paths[0].parent) if paths else "."
        collected.problems.append(Problem(where, 0, "no transcript (.txt) to load"))
    figures = merge_figures(collected.curated, collected.extracted)
    knowledge = Knowledge(
        sources=tuple(collected.sources),
        speakers=tuple(collected.speakers),
        passages=tuple(collected.passages),
        figures=tuple(figures),
        aliases=tuple(collected.aliases),
        files=tuple(collected.files),
    )
    warnings = consistency_warnings(knowledge)
    problems = collected.problems + warnings
    return Knowledge(**{**knowledge.__dict__, "warnings": tuple(p for p in problems if p.severity != "error")}), problems


def merge_figures(curated: list[Figure], extracted: list[Figure]) -> list[Figure]:
    """Curated figures win: an extracted figure is dropped where a curated one states the same number."""
    covered = {(f.source_id, f.line, f.value, f.unit) for f in curated}
    curated_sources = {f.source_id for f in curated}
    kept = [
        f
        for f in extracted
        if (f.source_id, f.line, f.value, f.unit) not in covered
        and not (f.source_id in curated_sources and f.line == 0)
    ]
    return curated + kept


def _read(path: Path, collected: _Collected) -> str | None:
    """The decoded text of one file, or None with a problem recorded."""
    try:
        data = path.read_bytes()
    except OSError as error:
        collected.problems.append(Problem(collected.where(path), 0, f"cannot read file: {error.strerror or error}"))
        return None
    if len(data) > MAX_FILE_BYTES:
        collected.problems.append(Problem(collected.where(path), 0, f"file is {len(data)} bytes, over the {MAX_FILE_BYTES}-byte limit"))
        return None
    collected.files.append(FileInfo(path=path.name, sha256=hashlib.sha256(data).hexdigest(), size=len(data)))
    try:
        text = docx_text(data) if path.suffix.lower() == ".docx" else decode(data)[0]
    except DecodeError as error:
        collected.problems.append(Problem(collected.where(path), error.line, str(error)))
        return None
    return text


def _add_transcript(path: Path, text: str, collected: _Collected) -> None:
    """Parse one transcript and extract its figures."""
    sha = next(f.sha256 for f in collected.files if f.path == path.name)
    parsed = parse_transcript(path.name, text, sha)
    if not parsed.passages:
        collected.problems.append(Problem(collected.where(path), 1, "no sentences found: is this a transcript?"))
        return
    if not parsed.speakers:
        read = "figures were read by the departments the text names" if parsed.sections else "no figures can be attributed"
        collected.problems.append(
            Problem(
                collected.where(path), 1,
                f"no speakers found (lines like '请市XX局局长XXX同志做发布', '王某某(市XX局局长):'); {read}; "
                "'who' questions cannot be answered for this file",
                "warning",
            )
        )
    if not parsed.source.as_of:
        collected.problems.append(
            Problem(collected.where(path), 1, "no year and month in the text or the file name (e.g. 2021-04-…txt); figures have no date", "warning")
        )
    collected.sources.append(parsed.source)
    collected.transcripts[parsed.source.id] = TranscriptText.of(parsed.source.id, text, parsed.source.year)
    collected.speakers.extend(parsed.speakers)
    collected.passages.extend(parsed.passages)
    collected.extracted.extend(extract_figures(parsed))
