"""Alias files: other names people use for projects, departments and places."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.domain import Problem
from bot.ingest import yamlsafe


def read_aliases(path: Path, text: str) -> tuple[list[tuple[str, str]], list[Problem]]:
    """Parse `canonical: [alias, ...]` pairs; problems carry the file and line."""
    try:
        root = yamlsafe.compose(text)
    except yaml.YAMLError as error:
        return [], [Problem(str(path), yamlsafe.error_line(error), yamlsafe.error_message(error))]
    if root is None:
        return [], []
    if not isinstance(root, yaml.MappingNode):
        return [], [Problem(str(path), root.start_mark.line + 1, "an aliases file maps a name to a list of other names")]
    pairs: list[tuple[str, str]] = []
    problems: list[Problem] = []
    for key, value in root.value:
        line = key.start_mark.line + 1
        canonical = str(key.value).strip()
        names = [value] if isinstance(value, yaml.ScalarNode) else value.value if isinstance(value, yaml.SequenceNode) else None
        if not canonical or names is None or not all(isinstance(n, yaml.ScalarNode) and str(n.value).strip() for n in names):
            problems.append(Problem(str(path), line, f"{yamlsafe.shown(canonical)}: give a list of non-empty alias names"))
            continue
        pairs.extend((str(n.value).strip(), canonical) for n in names)
    return pairs, problems
