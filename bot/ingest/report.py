"""The report an admin reads after a load or check: counts, changes, problems with file:line."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from bot.domain import Knowledge, Problem

MAX_LISTED_CHANGES = 20
# A report is read in a terminal or a Telegram message (4,096 characters): the first twenty
# problems say what kind of mistake it is; 100,000 more lines would only bury them.
MAX_LISTED_PROBLEMS = 20


@dataclass(frozen=True)
class LoadReport:
    """Outcome of reading knowledge files (and, for a load, of storing them)."""

    counts: dict[str, int]
    problems: tuple[Problem, ...]
    changes: tuple[str, ...] = ()
    version: int | None = None
    status: str = "checked"  # checked | saved | reactivated | unchanged | busy | failed
    extra: dict = field(default_factory=dict)
    action: str = "load"  # load | check: what a failure refused

    @classmethod
    def build(
        cls, knowledge: Knowledge, problems: list[Problem], changes: list[str], *, action: str = "load"
    ) -> LoadReport:
        """A report for a freshly read snapshot, read to be loaded or only checked."""
        counts = {
            "sources": len(knowledge.sources),
            "passages": len(knowledge.passages),
            "figures": len(knowledge.figures),
            "curated figures": sum(1 for f in knowledge.figures if f.curated),
            "speakers": len(knowledge.speakers),
            "aliases": len(knowledge.aliases),
        }
        ok = not any(p.severity == "error" for p in problems)
        status = "checked" if ok else "failed"
        return cls(counts=counts, problems=tuple(problems), changes=tuple(changes), status=status, action=action)

    @property
    def ok(self) -> bool:
        """True when no problem is an error."""
        return not self.errors

    @property
    def errors(self) -> list[Problem]:
        """Problems that refuse the load."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems that are only reported."""
        return [p for p in self.problems if p.severity != "error"]

    def saved(self, version: int) -> LoadReport:
        """The same report after the snapshot became the active version."""
        return replace(self, version=version, status="saved")

    def reactivated(self, version: int) -> LoadReport:
        """The snapshot equals a stored version, which is served again instead of storing a copy."""
        return replace(self, version=version, status="reactivated")

    def unchanged(self, version: int | None) -> LoadReport:
        """The files are exactly those already served: nothing was stored."""
        return replace(self, version=version, status="unchanged", changes=())

    def busy(self) -> LoadReport:
        """Another reload holds the lock."""
        return replace(self, status="busy")

    def text(self) -> str:
        """Plain-text report."""
        head = {
            "checked": "Check passed: the files can be loaded." if self.ok else "",
            "saved": f"Loaded as knowledge version {self.version}.",
            "reactivated": f"Same knowledge as stored version {self.version}: serving it again, nothing new stored.",
            "unchanged": f"Nothing changed: version {self.version} already serves these files.",
            "busy": "Another reload is in progress; try again in a moment. Nothing changed.",
            "failed": _FAILED[self.action],
        }[self.status]
        lines = [head] if head else []
        lines.append(", ".join(f"{v} {k}" for k, v in self.counts.items()))
        if self.changes:
            lines.append("Changes:")
            lines.extend(f"  {c}" for c in self.changes[:MAX_LISTED_CHANGES])
            if len(self.changes) > MAX_LISTED_CHANGES:
                lines.append(f"  … and {len(self.changes) - MAX_LISTED_CHANGES} more")
        lines.extend(self._problem_lines())
        return "\n".join(lines)

    def _problem_lines(self) -> list[str]:
        """Errors, then warnings, MAX_LISTED_PROBLEMS in all, then how many more there are."""
        listed = [*self.errors, *self.warnings][:MAX_LISTED_PROBLEMS]
        lines = []
        for label, severity_is_error in (("Errors", True), ("Warnings", False)):
            items = [p for p in listed if (p.severity == "error") == severity_is_error]
            if items:
                lines.append(f"{label}:")
                lines.extend(f"  {p}" for p in items)
        hidden = len(self.problems) - len(listed)
        if hidden > 0:
            lines.append(
                f"  … and {hidden:,} more problems "
                f"({len(self.errors):,} errors, {len(self.warnings):,} warnings in all)"
            )
        return lines


_FAILED = {
    "load": "Load refused: the previous knowledge keeps serving. Fix the errors below.",
    "check": "Check failed: these files cannot be loaded. Fix the errors below; nothing was changed.",
}


def diff_knowledge(old: Knowledge, new: Knowledge) -> list[str]:
    """What a new snapshot adds, removes and changes compared with the one served."""
    if not old.sources:
        return [f"+ transcript {s.id}" for s in new.sources]
    changes = [f"+ transcript {s}" for s in sorted({s.id for s in new.sources} - {s.id for s in old.sources})]
    changes += [f"- transcript {s}" for s in sorted({s.id for s in old.sources} - {s.id for s in new.sources})]
    old_figures = {_figure_key(f): f for f in old.figures}
    new_figures = {_figure_key(f): f for f in new.figures}
    for key, figure in new_figures.items():
        before = old_figures.get(key)
        if before is None:
            changes.append(f"+ figure {_describe(figure)}")
        elif before.value != figure.value:
            changes.append(f"~ figure {_describe(before)} → {figure.value:g}{figure.unit}")
    changes += [f"- figure {_describe(f)}" for k, f in old_figures.items() if k not in new_figures]
    old_projects = {f.project for f in old.figures}
    changes += [f"+ project {p}" for p in sorted({f.project for f in new.figures} - old_projects) if p]
    old_counties = {f.county for f in old.figures}
    changes += [f"+ county {c}" for c in sorted({f.county for f in new.figures} - old_counties) if c]
    return changes


def _figure_key(figure) -> tuple:
    """What identifies 'the same figure' across two loads."""
    return (figure.source_id, figure.project, figure.indicator, figure.kind, figure.county, figure.unit, figure.line)


def _describe(figure) -> str:
    """'棚户区改造工程 已开工 4433套 (2021-04-30)'."""
    place = f" {figure.county}" if figure.county else ""
    return f"{figure.project} {figure.indicator}{place} {figure.value:g}{figure.unit} ({figure.as_of})"
