"""Hostile or broken files are refused with file:line, never a traceback, in bounded time and memory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.ingest import build_knowledge
from bot.ingest.curated import _duplicate_keys
from tests.conftest import SYNTHETIC_JUNE, errors_of

TRANSCRIPT_NAME = SYNTHETIC_JUNE.name
# A message that repeats a hostile value is the attack's amplifier; a person reads a line, not a page.
MAX_MESSAGE_CHARS = 300
# 9 ** 6 = 531,441 references from 7 lines: enough to show the expansion without taking the machine.
ALIAS_LEVELS = 6
DEEP = 20_000


def _alias_bomb(key: str) -> str:
    """Seven short lines whose last value, written out, is half a million items."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, ALIAS_LEVELS)]
    lines.append(f"{key}: [*a{ALIAS_LEVELS - 1}]")
    return "\n".join(lines) + "\n"


def _deep(key: str) -> str:
    return f"{key}: {'[' * DEEP}{']' * DEEP}\n"


HOSTILE_YAML = [
    pytest.param("x.figures.yaml", _alias_bomb("source"), 2, id="figures-alias-bomb"),
    pytest.param("x.aliases.yaml", _alias_bomb("棚户区改造"), 2, id="aliases-alias-bomb"),
    pytest.param("x.figures.yaml", _deep("source"), 1, id="figures-20000-deep"),
    pytest.param("x.aliases.yaml", _deep("棚改"), 1, id="aliases-20000-deep"),
]


@pytest.mark.parametrize(("name", "text", "line"), HOSTILE_YAML)
def test_hostile_yaml_is_one_located_error_and_no_traceback(tmp_path: Path, name: str, text: str, line: int | None) -> None:
    shutil.copy(SYNTHETIC_JUNE, tmp_path / TRANSCRIPT_NAME)
    bad = tmp_path / name
    bad.write_text(text, encoding="utf-8")
    _, problems = build_knowledge([tmp_path / TRANSCRIPT_NAME, bad])
    errors = errors_of(problems)
    assert errors and {p.path for p in errors} == {str(bad)}, [str(p)[:200] for p in problems]
    assert all(len(p.message) <= MAX_MESSAGE_CHARS for p in errors), [p.message[:200] for p in errors]
    if line is not None:
        assert errors[0].line == line, [str(p) for p in errors]


class _CountingKey(str):
    """A key that counts how often it is compared for equality."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        _CountingKey.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def test_duplicate_key_detection_compares_each_key_a_bounded_number_of_times() -> None:
    """100k top-level keys took minutes (every key was counted against every other); it must be linear."""
    keys = 2_000
    mark = yaml.Mark("x", 0, 0, 0, None, None)
    pairs = [
        (yaml.ScalarNode("tag:yaml.org,2002:str", _CountingKey(f"k{i % (keys - 1)}"), mark, mark),
         yaml.ScalarNode("tag:yaml.org,2002:int", "1", mark, mark))
        for i in range(keys)
    ]
    _CountingKey.compared = 0
    duplicates = _duplicate_keys(yaml.MappingNode("tag:yaml.org,2002:map", pairs, mark, mark))
    assert duplicates == ["k0"]
    assert _CountingKey.compared <= 10 * keys


# -- the bot keeps starting ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("x.figures.yaml", _deep("source").encode(), id="20000-deep-yaml"),
    ],
)
def test_a_hostile_file_in_the_directory_does_not_stop_start_up_when_a_good_version_is_stored(
    tmp_path: Path, name: str, data: bytes
) -> None:
    """`run`, `ask` and `chat` open the service the same way: autoload is refused, the stored version serves."""
    from tests.test_cli import run

    knowledge, db = tmp_path / "kb", f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    knowledge.mkdir()
    shutil.copy(SYNTHETIC_JUNE, knowledge / TRANSCRIPT_NAME)
    assert run(tmp_path, "load", "--knowledge", str(knowledge), "--db", db).returncode == 0
    (knowledge / name).write_bytes(data)
    result = run(tmp_path, "ask", "新建公厕年内计划多少座", "--knowledge", str(knowledge), "--db", db)
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 0 and "30座" in result.stdout
    assert f"{name}:1: error:" in result.stderr
