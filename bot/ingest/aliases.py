"""Alias files: other names people use for projects, departments and places."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.domain import Problem


def read_aliases(path: Path, text: str) -> tuple[list[tuple[str, str]], list[Problem]]:
    """Parse `canonical: [alias, ...]` pairs; problems carry the file and line."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return [], [Problem(str(path), mark.line + 1 if mark else 1, f"YAML syntax error: {getattr(error, 'problem', error)}")]
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
            problems.append(Problem(str(path), line, f"{canonical!r}: give a list of non-empty alias names"))
            continue
        pairs.extend((str(n.value).strip(), canonical) for n in names)
    return pairs, problems
