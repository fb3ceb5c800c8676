"""Curated figures checked against their transcript: the rules in one place.

A curated figure is served as a quote, so it must be one: its line exists, its sentence is on that
line, and its value is written there with its unit. Values no city reports and dates years away
from the conference are typos. Both sides are compared after bot.text.normalise (the transcript
parser's own normalisation), so full-width commas, '3. 4万户' and '两所' read as the parser reads them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from bot.text import normalise

# The largest figures a city states are budgets of tens of billions of 元 (~1e11); a value beyond
# a trillion is a typo or a hostile file, never a figure.
MAX_ABS_VALUE = 1e12
# A conference reports on its own year; a plan may be dated the year after, a result the year before.
AS_OF_YEARS_AROUND = 1

FieldError = tuple[object, str]  # (the key the message is about, or None for the whole entry; message)

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class TranscriptText:
    """What a curated figure is checked against: a transcript's name, lines and year (0 when unknown)."""

    name: str
    lines: tuple[str, ...]
    year: int
    _normalised: dict[int, str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, name: str, text: str, year: int) -> TranscriptText:
        """From a transcript's decoded text."""
        return cls(name, tuple(text.splitlines()), year)

    def line(self, number: int) -> str:
        """Line `number` (1-based), normalised and without spaces; computed once."""
        if number not in self._normalised:
            self._normalised[number] = _comparable(self.lines[number - 1])
        return self._normalised[number]

    def line_containing(self, sentence: str) -> int | None:
        """The first line on which a comparable sentence occurs, if any."""
        return next((n for n in range(1, len(self.lines) + 1) if sentence in self.line(n)), None)


def value_error(value: float) -> str | None:
    """Why a curated value cannot be a figure, or None."""
    if abs(value) > MAX_ABS_VALUE:
        return f"is beyond ±{MAX_ABS_VALUE:.0e}, which no city figure reaches; got {value:g}"
    return None


def as_of_error(as_of: str, transcript: TranscriptText) -> str | None:
    """Why an as-of date cannot belong to the transcript's conference, or None."""
    year = int(as_of[:4])
    if transcript.year and abs(year - transcript.year) > AS_OF_YEARS_AROUND:
        return (f"{as_of} is more than {AS_OF_YEARS_AROUND} year from {transcript.name}, "
                f"a {transcript.year} conference")
    return None


def evidence_errors(entry: dict, transcript: TranscriptText) -> list[FieldError]:
    """What in a well-typed figure entry its transcript does not bear out."""
    line, sentence = entry.get("line") or 0, entry.get("sentence") or ""
    if not line:
        return [(None, f"missing 'line': the line of {transcript.name} the figure is quoted from")]
    if line > len(transcript.lines):
        return [("line", f"line {line} is beyond the end of {transcript.name} ({len(transcript.lines)} lines)")]
    if not sentence.strip():
        return [(None, f"missing 'sentence': the sentence of line {line} that states the figure, copied exactly")]
    wanted = _comparable(sentence)
    if wanted not in transcript.line(line):
        found = transcript.line_containing(wanted)
        where = f"is on line {found} of {transcript.name}, not line {line}" if found else f"does not occur in {transcript.name}"
        return [("sentence", f"the sentence {where}")]
    value, unit = entry["value"], entry["unit"]
    if not _states(wanted, value, _comparable(unit)):
        return [("value", f"{value:g}{unit} is not written in its sentence (give the number as written, with its unit)")]
    return []


def _comparable(text: str) -> str:
    """Text as the parser reads it, without spaces (Chinese text has no meaningful ones)."""
    return _SPACE.sub("", normalise(text))


def _states(sentence: str, value: float, unit: str) -> bool:
    """True when the sentence writes `value` (digits, maybe with thousands commas) right before `unit`."""
    # Not the tail of a longer number: no digit or '.' before it, nor a thousands comma ('4,500').
    pattern = rf"(?<![\d.])(?<!\d,)(\d{{1,3}}(?:,\d{{3}})+|\d+)(\.\d+)?{re.escape(unit)}"
    for match in re.finditer(pattern, sentence):
        written = float(match.group(1).replace(",", "") + (match.group(2) or ""))
        if math.isclose(written, value, rel_tol=1e-12, abs_tol=1e-12):
            return True
    return False


def states_value(sentence: str, value: float, unit: str) -> bool:
    """True when a sentence, read as the parser reads it, writes `value` with its `unit`."""
    return _states(_comparable(sentence), value, _comparable(unit))


def comparable(text: str) -> str:
    """Text as the checks compare it: normalised, without spaces."""
    return _comparable(text)
