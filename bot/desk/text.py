"""Reports as sections of plain lines: printed in the terminal, sent to Telegram a section at a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class DeskError(ValueError):
    """Something the user asked for that the knowledge does not have (said to them as it is)."""


@dataclass(frozen=True)
class Section:
    """A heading and its lines; a message is never cut inside one unless it alone is too long."""

    title: str
    lines: tuple[str, ...] = ()

    def text(self) -> str:
        """The section as plain text."""
        return "\n".join([self.title, *self.lines]) if self.title else "\n".join(self.lines)


def plain(sections: Sequence[Section]) -> str:
    """Sections separated by a blank line."""
    return "\n\n".join(section.text() for section in sections)
