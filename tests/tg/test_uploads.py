"""Upload rules: what is refused, what a file is named, and that a bad file never changes the knowledge."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from bot.tg import uploads

from .conftest import DATA

NOW = dt.datetime(2026, 11, 30, 15, 30, 12)
BROKEN_FIGURES = "source: x.txt\nas_of: 2021-05-31\nfigures:\n  - department: [unclosed\n    value: 1\n"


@pytest.mark.parametrize(
    ("name", "size", "refused"),
    [
        ("2021-05-民生工程5月推进情况.txt", 100, False),
        ("2021-05.figures.yaml", 100, False),
        ("common.aliases.yml", 100, False),
        (None, 100, True),
        ("slides.pdf", 100, True),
        ("figures.csv", 100, True),
        ("plain.yaml", 100, True),
        ("run.exe", 100, True),
        ("big.txt", 10_000, True),
        ("unknown-size.txt", None, False),
    ],
    ids=["transcript", "figures", "aliases", "no-name", "pdf", "csv-not-read-by-core", "yaml-without-role", "exe",
         "too-big", "size-unknown"],
)
def test_refusal(name: str | None, size: int | None, refused: bool) -> None:
    reason = uploads.refusal(name, size, max_bytes=1000)
    assert (reason is not None) == refused
    if refused:
        assert reason and len(reason) > 10


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("2021-05-民生工程5月推进情况.txt", "2021-05-民生工程5月推进情况.txt"),
        ("report.TXT", "report.txt"),
        ("2021-05 发布会 (终稿).txt", "2021-05-upload-20261130-153012-abcd1234.txt"),
        ("../../etc/cron.txt", "upload-20261130-153012-abcd1234.txt"),
        ("..\\..\\20210531 x.figures.yaml", "20210531-upload-20261130-153012-abcd1234.figures.yaml"),
        ("20210531 五月.figures.yaml", "20210531-upload-20261130-153012-abcd1234.figures.yaml"),
        ("a..b.txt", "upload-20261130-153012-abcd1234.txt"),
        ("名" * 120 + ".txt", "upload-20261130-153012-abcd1234.txt"),
    ],
    ids=["safe-kept", "suffix-lowered", "spaces-date-kept", "traversal", "backslash-traversal", "compact-date",
         "double-dot", "too-long"],
)
def test_target_name(original: str, expected: str) -> None:
    assert uploads.target_name(original, NOW, token="abcd1234") == expected


def test_generated_names_differ() -> None:
    assert uploads.target_name("a b.txt", NOW) != uploads.target_name("a b.txt", NOW)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_install_good_transcript(service: Any, knowledge_dir: Path, tmp_path: Path) -> None:
    before_version = service.version
    candidate = tmp_path / "2021-05-民生工程5月推进情况.txt"
    candidate.write_bytes((DATA / candidate.name).read_bytes())
    outcome = uploads.install(service, knowledge_dir, candidate, "telegram:1")
    assert outcome.ok, outcome.text
    assert (knowledge_dir / candidate.name).read_bytes() == candidate.read_bytes()
    assert service.version != before_version
    assert not any(p.name.startswith(".") for p in knowledge_dir.iterdir())


def test_install_broken_file_changes_nothing(service: Any, knowledge_dir: Path, tmp_path: Path) -> None:
    before, version = snapshot(knowledge_dir), service.version
    candidate = tmp_path / "upload" / "broken.figures.yaml"
    candidate.parent.mkdir()
    candidate.write_text(BROKEN_FIGURES, encoding="utf-8")
    outcome = uploads.install(service, knowledge_dir, candidate, "telegram:1")
    assert not outcome.ok
    assert "broken.figures.yaml:" in outcome.text and str(candidate.parent) not in outcome.text
    assert snapshot(knowledge_dir) == before and service.version == version


def test_install_restores_replaced_file_when_reload_fails(service: Any, knowledge_dir: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(knowledge_dir)
    name = next(n for n in before if n.endswith(".txt"))
    candidate = tmp_path / name
    candidate.write_bytes(before[name] + "\n补充一句：新建公园3个。\n".encode())

    class Refused:
        ok, status = False, "failed"

        def text(self) -> str:
            return "refused"

    monkeypatch.setattr(service, "reload", lambda loaded_by: Refused())
    outcome = uploads.install(service, knowledge_dir, candidate, "telegram:1")
    assert not outcome.ok and "撤回" in outcome.text
    assert snapshot(knowledge_dir) == before
