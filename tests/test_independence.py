"""The suite never reads the repository's knowledge/ (admins add files there); it uses tests/data/seed."""

from __future__ import annotations

import pytest

from bot.ingest import knowledge_files
from tests.conftest import ROOT, SEED_DIR

KNOWLEDGE = ROOT / "knowledge"


@pytest.mark.parametrize(
    "read",
    [lambda: knowledge_files(KNOWLEDGE), lambda: (KNOWLEDGE / "any.txt").read_bytes(), lambda: open("knowledge/x.txt")],
    ids=["list", "open", "relative-open"],
)
def test_reading_the_knowledge_directory_fails_the_test(read, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    with pytest.raises(RuntimeError, match="tests/data/seed"):
        read()


def test_the_seed_fixture_is_a_copy_outside_knowledge() -> None:
    assert SEED_DIR.resolve() != KNOWLEDGE.resolve()
    assert [p.name for p in knowledge_files(SEED_DIR)] == [
        "2021-04-民生工程4月推进情况-第一场.figures.yaml",
        "2021-04-民生工程4月推进情况-第一场.txt",
        "common.aliases.yaml",
    ]
