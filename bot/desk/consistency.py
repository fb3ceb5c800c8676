"""The consistency report: parts that don't add up to their total, progress above its target, one
indicator with two values for one date, curated figures not found in their sentence.

The first three rules are those the load report warns about (bot/ingest/validate.py); here they
come as findings with the figures involved, worded for an admin reading Chinese, and the
two-values rule covers extracted figures too. A curated figure is checked against its own sentence
(its value written there with its unit, bot/ingest/verify.py) and its sentence against its line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.desk.fmt import format_value
from bot.desk.text import Section
from bot.domain import Figure, Knowledge
from bot.ingest.validate import breakdown_mismatches, conflicting_values, progress_above_target
from bot.ingest.verify import comparable, states_value

KINDS = {
    "sum": "分项之和与总数不符",
    "over_target": "进度超过目标",
    "two_values": "同一指标、同一日期有两个数值",
    "not_in_sentence": "整理的数字在原句中找不到",
}


@dataclass(frozen=True, order=True)
class Finding:
    """One inconsistency, located at a file and line."""

    kind: str  # a key of KINDS
    source_id: str
    line: int
    text: str

    def where(self) -> str:
        return f"{self.source_id}:{self.line}" if self.line else self.source_id


def findings(knowledge: Knowledge) -> list[Finding]:
    """Every inconsistency in a snapshot, by kind, then file and line."""
    figures = knowledge.figures
    found = [*_sums(figures), *_over_target(figures), *_two_values(figures), *_not_in_sentence(knowledge)]
    order = list(KINDS)
    return sorted(found, key=lambda f: (order.index(f.kind), f.source_id, f.line, f.text))


def _sums(figures: tuple[Figure, ...]) -> Iterable[Finding]:
    for parts, added, total in breakdown_mismatches(figures):
        first, unit = parts[0], parts[0].unit
        yield Finding("sum", first.source_id, first.line,
                      f"{first.project or first.indicator}：{len(parts)}个县区合计{format_value(added)}{unit}，"
                      f"所说总数{format_value(total)}{unit}")


def _over_target(figures: tuple[Figure, ...]) -> Iterable[Finding]:
    for progress, target in progress_above_target(figures):
        yield Finding("over_target", progress.source_id, progress.line,
                      f"{progress.project} {progress.indicator}：进度{format_value(progress.value)}{progress.unit}，"
                      f"超过目标{format_value(target.value)}{target.unit}（第{target.line}行）")


def _two_values(figures: tuple[Figure, ...]) -> Iterable[Finding]:
    for first, other in conflicting_values(figures, curated_only=False):
        yield Finding("two_values", other.source_id, other.line,
                      f"{other.project} {other.indicator}{'（' + other.county + '）' if other.county else ''}："
                      f"{format_value(first.value)}{first.unit}（{first.source_id}第{first.line}行）与"
                      f"{format_value(other.value)}{other.unit}，同为{other.as_of}")


def _not_in_sentence(knowledge: Knowledge) -> Iterable[Finding]:
    """Curated figures whose value is not written, with its unit, in their sentence.

    (A snapshot keeps sentences, not raw lines: that a sentence is on its line was checked when the
    file was loaded, and `check --report` checks it again on the files.)
    """
    for figure in knowledge.figures:
        if figure.curated and not states_value(figure.sentence, figure.value, figure.unit):
            yield Finding("not_in_sentence", figure.source_id, figure.line,
                          f"{_what(figure)}：原句“{figure.sentence}”中没有这个数字和单位")


def _what(figure: Figure) -> str:
    return f"{figure.project} {figure.indicator} {format_value(figure.value)}{figure.unit}"


def check_files(paths: Sequence[Path], root: Path | None = None) -> tuple[list[Finding], list[str]]:
    """Findings for knowledge files as they are (not as served), and the load errors that remain.

    A curated figures file whose figures its transcript does not bear out is refused by a load; here
    it is read without that check, so each such figure is reported as a finding.
    """
    from bot.ingest import build_knowledge

    knowledge, problems = build_knowledge(list(paths), root=root)
    found = findings(knowledge) + _unverified_curated(paths, knowledge)
    errors = [str(p) for p in problems if p.severity == "error" and not _is_evidence_error(p.message)]
    return sorted(found, key=lambda f: (list(KINDS).index(f.kind), f.source_id, f.line)), errors


def _unverified_curated(paths: Sequence[Path], knowledge: Knowledge) -> list[Finding]:
    """Curated figures of files that failed their check, read leniently and checked one by one
    against their transcript's lines, exactly as a load checks them (bot/ingest/verify.py)."""
    from bot.ingest.curated import read_curated
    from bot.ingest.decode import decode, docx_text
    from bot.ingest.files import file_role
    from bot.ingest.verify import TranscriptText, evidence_errors

    transcripts = {}
    for path in paths:
        if file_role(path) == "transcript":
            try:
                data = path.read_bytes()
                text = docx_text(data) if path.suffix.lower() == ".docx" else decode(data)[0]
                transcripts[path.name] = TranscriptText.of(path.name, text, 0)
            except (OSError, ValueError):
                continue
    served = {(f.source_id, f.line, f.value, f.unit) for f in knowledge.figures if f.curated}
    found = []
    for path in paths:
        if file_role(path) != "figures":
            continue
        try:
            figures, _ = read_curated(path, path.read_text(encoding="utf-8-sig"))  # the file's own checks only
        except (OSError, UnicodeDecodeError):
            continue
        for figure in figures:
            transcript = transcripts.get(figure.source_id)
            if transcript is None or (figure.source_id, figure.line, figure.value, figure.unit) in served:
                continue
            entry = {"line": figure.line, "sentence": figure.sentence, "value": figure.value, "unit": figure.unit}
            for _, message in evidence_errors(entry, transcript):
                found.append(Finding("not_in_sentence", figure.source_id, figure.line, f"{_what(figure)}：{_chinese(message)}"))
    return found


def _chinese(message: str) -> str:
    """The verifier's English message, with a Chinese lead an admin can scan."""
    if "not written in its sentence" in message:
        return f"原句中没有这个数字和单位（{message}）"
    return f"原句与所在行对不上（{message}）"


def _is_evidence_error(message: str) -> bool:
    """A load error about a curated figure and its sentence (reported as a finding instead)."""
    return "not written in its sentence" in message or "the sentence " in message


# Findings listed per kind in one report; the rest are counted (a report is read in one message or two).
MAX_PER_KIND = 30


def report_sections(found: Sequence[Finding], errors: Sequence[str] = (), *, scope: str = "") -> list[Section]:
    """The report: a summary, then one section per kind with each finding at its file:line."""
    counts = "；".join(f"{name} {sum(1 for f in found if f.kind == kind)}处" for kind, name in KINDS.items())
    head = Section(f"一致性检查{('（' + scope + '）') if scope else ''}",
                   (counts if found else "没有发现不一致：各项分项之和、进度与目标、同日数值和整理的数字都对得上。",))
    sections = [head]
    for kind, name in KINDS.items():
        mine = [f for f in found if f.kind == kind]
        if not mine:
            continue
        lines = [f"• {f.where()}  {f.text}" for f in mine[:MAX_PER_KIND]]
        if len(mine) > MAX_PER_KIND:
            lines.append(f"…另有{len(mine) - MAX_PER_KIND}处")
        sections.append(Section(f"{name}（{len(mine)}处）", tuple(lines)))
    if errors:
        sections.append(Section(f"文件错误（{len(errors)}处，这些文件不能加载）", tuple(f"• {e}" for e in errors[:MAX_PER_KIND])))
    return sections
