"""Curated figures files: hand-checked YAML lists of the numbers a transcript states, read strictly."""

from __future__ import annotations

import math
import pathlib
import re
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import date

import yaml

from bot.domain import FIGURE_KINDS, Figure, Problem
from bot.ingest import yamlsafe
from bot.ingest.verify import TranscriptText, as_of_error, evidence_errors, value_error

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
FIRST_LINE = 1
UNKNOWN_LINE = 0
HEADER_KEYS = ("source", "as_of", "figures")
REQUIRED_HEADER_KEYS = ("source", "figures")
REQUIRED_FIELDS = ("department", "project", "indicator", "kind", "value", "unit")
BAD_TAGGED_VALUE = "a value with an explicit YAML tag (such as !!timestamp or !!int) could not be read"
SHAPE_MESSAGE = "the file must be a YAML mapping with the keys 'source', 'as_of' and 'figures'"

Check = Callable[[object], str | None]
LineError = tuple[int, str]


class _TextDateLoader(yamlsafe.FastSafeLoader):
    """A SafeLoader that leaves dates as text, so a bad date becomes a problem instead of a crash."""


_TextDateLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != TIMESTAMP_TAG]
    for first, resolvers in yamlsafe.FastSafeLoader.yaml_implicit_resolvers.items()
}
_shown = yamlsafe.shown


def _non_empty_text(value: object) -> str | None:
    """Complain unless value is text with something in it."""
    return None if isinstance(value, str) and value.strip() else f"must be non-empty text, got {_shown(value)}"


def _text(value: object) -> str | None:
    """Complain unless value is text."""
    return None if isinstance(value, str) else f"must be text, got {_shown(value)}"


def _kind(value: object) -> str | None:
    """Complain unless value is one of the figure kinds."""
    return None if value in FIGURE_KINDS else f"must be one of {', '.join(FIGURE_KINDS)}, got {_shown(value)}"


def _number(value: object) -> str | None:
    """Complain unless value is a finite int or float (a YAML true/false is not a number)."""
    is_number = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    return None if is_number else f"must be a number, got {_shown(value)}"


def _figure_value(value: object) -> str | None:
    """Complain unless value is a number a city could state."""
    return _number(value) or value_error(value)


def _optional_figure_value(value: object) -> str | None:
    """Complain unless value is a number a city could state, or empty."""
    return None if value is None else _figure_value(value)


def _line_number(value: object) -> str | None:
    """Complain unless value is a whole number, zero or more."""
    is_line = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    return None if is_line else f"must be a whole number, 0 or more, got {_shown(value)}"


def _iso_date(value: object) -> str | None:
    """Complain unless value is a real calendar date written YYYY-MM-DD."""
    message = f"must be a date written YYYY-MM-DD, got {_shown(value)}"
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        return message
    try:
        date.fromisoformat(value)
    except ValueError:
        return message
    return None


FIGURE_CHECKS: dict[str, Check] = {
    "department": _non_empty_text,
    "project": _non_empty_text,
    "indicator": _non_empty_text,
    "kind": _kind,
    "value": _figure_value,
    "unit": _non_empty_text,
    "county": _text,
    "line": _line_number,
    "speaker": _text,
    "sentence": _text,
    "as_of": _iso_date,
    "group": _text,
    "group_total": _optional_figure_value,
}


Transcripts = Mapping[str, TranscriptText]


def read_curated(
    path: pathlib.Path, text: str, transcripts: Transcripts | None = None
) -> tuple[list[Figure], list[Problem]]:
    """Read a curated figures file; figures come back only when the file has no errors.

    With `transcripts` (by file name), the source must be one of them and every figure is
    checked against it (bot.ingest.verify); without, only the file itself is checked.
    """
    where = str(path)
    try:
        root, data = _parse(text)
    except yaml.YAMLError as error:
        return [], [_syntax_problem(where, error)]
    except ValueError as error:
        return [], [Problem(where, FIRST_LINE, f"{BAD_TAGGED_VALUE}: {_shown(str(error))}")]
    if not isinstance(data, dict):
        return [], [Problem(where, FIRST_LINE, SHAPE_MESSAGE)]
    problems = [Problem(where, line, message) for line, message in _file_errors(root, data, transcripts)]
    if problems:
        return [], problems
    return [_figure(entry, index, data) for index, entry in enumerate(data["figures"])], []


def _parse(text: str) -> tuple[yaml.Node | None, object]:
    """Parse YAML text into its node tree (which knows line numbers) and its Python value."""
    return yamlsafe.load(text, _TextDateLoader)


def _syntax_problem(where: str, error: yaml.YAMLError) -> Problem:
    """Turn a YAML parse error into a problem at the line YAML blames."""
    return Problem(where, yamlsafe.error_line(error), yamlsafe.error_message(error))


def _file_errors(root: yaml.Node, data: dict, transcripts: Transcripts | None) -> list[LineError]:
    """Every (line, message) wrong with the file: its header first, then each figure."""
    source = data.get("source")
    transcript = transcripts.get(source) if transcripts is not None and isinstance(source, str) else None
    return [*_header_errors(root, data, transcripts, transcript), *_figures_errors(root, data, transcript)]


def _header_errors(
    root: yaml.Node, data: dict, transcripts: Transcripts | None, transcript: TranscriptText | None
) -> list[LineError]:
    """What is wrong with the top-level keys and with the values of 'source', 'as_of' and 'figures'."""
    lines = _key_lines(root)
    duplicates = _duplicate_keys(root)
    return [
        *_header_key_errors(data, lines, duplicates),
        *_header_value_errors(data, lines, transcripts, transcript),
    ]


def _header_key_errors(data: dict, lines: dict[object, int], duplicates: list[str]) -> list[LineError]:
    """Top-level keys that are repeated, unknown or missing."""
    allowed = ", ".join(HEADER_KEYS)
    errors = [(lines[key], f"duplicate top-level key {_shown(key)}") for key in duplicates]
    errors += [
        (lines.get(key, FIRST_LINE), f"unknown top-level key {_shown(key)}; allowed keys are {allowed}")
        for key in data
        if key not in HEADER_KEYS
    ]
    missing = [key for key in REQUIRED_HEADER_KEYS if key not in data]
    errors += [(FIRST_LINE, f"missing top-level key {_shown(key)}") for key in missing]
    return errors


def _header_value_errors(
    data: dict, lines: dict[object, int], transcripts: Transcripts | None, transcript: TranscriptText | None
) -> list[LineError]:
    """Top-level values of the wrong type, a bad default date or an unknown source."""
    errors = []
    if "source" in data:
        errors += _source_errors(data["source"], lines.get("source", FIRST_LINE), transcripts)
    if "as_of" in data and (message := _iso_date(data["as_of"]) or _as_of_error(data["as_of"], transcript)):
        errors.append((lines.get("as_of", FIRST_LINE), f"'as_of' {message}"))
    if "figures" in data and not isinstance(figures := data["figures"], list):
        message = f"'figures' must be a list of figures, got {_shown(figures)}"
        errors.append((lines.get("figures", FIRST_LINE), message))
    return errors


def _as_of_error(as_of: str, transcript: TranscriptText | None) -> str | None:
    """Why a well-written as-of date cannot be the transcript's, or None."""
    return None if transcript is None else as_of_error(as_of, transcript)


def _source_errors(source: object, line: int, transcripts: Transcripts | None) -> list[LineError]:
    """What is wrong with the 'source' value: not a file name, or not a file we know."""
    if message := _non_empty_text(source):
        return [(line, f"'source' {message}")]
    if transcripts is not None and source not in transcripts:
        return [(line, f"figures file names source {yamlsafe.cut(source)}, which is not in the knowledge directory")]
    return []


def _figures_errors(root: yaml.Node, data: dict, transcript: TranscriptText | None) -> list[LineError]:
    """What is wrong with each figure, located at its field's line or where its entry starts."""
    entries = data.get("figures")
    if not isinstance(entries, list):
        return []
    nodes = _sequence_items(root, "figures")
    fallback_line = _key_lines(root).get("figures", FIRST_LINE)
    errors = []
    for index, entry in enumerate(entries):
        node = nodes[index] if index < len(nodes) else None
        entry_line = fallback_line if node is None else node.start_mark.line + 1
        field_lines = _key_lines(node)
        messages = [*_duplicate_key_errors(node), *_figure_errors(entry, "as_of" in data)]
        if not messages and transcript is not None:
            messages = _transcript_errors(entry, transcript)
        errors += [
            (field_lines.get(field, entry_line), f"figure {index + 1}: {message}") for field, message in messages
        ]
    return errors


FieldError = tuple[object, str]  # (the key the message is about, or None for the whole entry; message)


def _figure_errors(entry: object, has_default_as_of: bool) -> list[FieldError]:
    """What is wrong with one figure entry, each message with the key it is about."""
    if not isinstance(entry, dict):
        return [(None, f"must be a mapping of fields such as 'department: 市住建局', got {_shown(entry)}")]
    allowed = ", ".join(FIGURE_CHECKS)
    errors = [
        (key, f"unknown key {_shown(key)}; allowed keys are {allowed}") for key in entry if key not in FIGURE_CHECKS
    ]
    errors += [(None, f"missing required field {_shown(key)}") for key in REQUIRED_FIELDS if key not in entry]
    errors += [
        (key, f"{_shown(key)} {message}")
        for key, value in entry.items()
        if key in FIGURE_CHECKS and (message := FIGURE_CHECKS[key](value))
    ]
    if "as_of" not in entry and not has_default_as_of:
        errors.append((None, "missing 'as_of', and the file sets no default 'as_of' at the top"))
    if entry.get("group_total") is not None and not entry.get("group"):
        errors.append(("group_total", "'group_total' needs a 'group' naming the breakdown it totals"))
    return errors


def _transcript_errors(entry: dict, transcript: TranscriptText) -> list[FieldError]:
    """What the transcript does not bear out in a well-formed figure entry."""
    errors = evidence_errors(entry, transcript)
    if "as_of" in entry and (message := as_of_error(entry["as_of"], transcript)):
        errors.append(("as_of", f"'as_of' {message}"))
    return errors


def _duplicate_key_errors(node: yaml.Node | None) -> list[FieldError]:
    """Keys a figure entry repeats (YAML would silently keep only the last), at the repeat."""
    return [(key, f"duplicate key {_shown(key)}") for key in _duplicate_keys(node)]


def _key_lines(node: yaml.Node | None) -> dict[object, int]:
    """The 1-based line of each scalar key of a mapping node (of its last occurrence, as YAML keeps)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: key.start_mark.line + 1 for key, _ in node.value if isinstance(key, yaml.ScalarNode)}


def _duplicate_keys(node: yaml.Node | None) -> list[str]:
    """Scalar keys that occur more than once in a mapping node."""
    if not isinstance(node, yaml.MappingNode):
        return []
    counts = Counter(key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode))
    return sorted(key for key, count in counts.items() if count > 1)


def _sequence_items(root: yaml.Node, key: str) -> list[yaml.Node]:
    """The item nodes of the list stored last under key in a mapping node (as YAML keeps the last)."""
    for key_node, value_node in reversed(root.value):
        if key_node.value == key and isinstance(value_node, yaml.SequenceNode):
            return value_node.value
    return []


def _figure(entry: dict, index: int, data: dict) -> Figure:
    """Build the Figure for a validated entry; index makes its id unique within the source."""
    source = data["source"]
    group_total = entry.get("group_total")
    return Figure(
        id=f"{source}#c{index}",
        source_id=source,
        department=entry["department"],
        project=entry["project"],
        indicator=entry["indicator"],
        kind=entry["kind"],
        value=float(entry["value"]),
        unit=entry["unit"],
        as_of=entry.get("as_of", data.get("as_of")),
        county=entry.get("county", ""),
        sentence=entry.get("sentence", ""),
        line=entry.get("line", UNKNOWN_LINE),
        speaker=entry.get("speaker", ""),
        curated=True,
        group=entry.get("group", ""),
        group_total=None if group_total is None else float(group_total),
    )
