"""Word transcripts: read through python-docx; a broken one is an error with its file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest import build_knowledge
from tests.conftest import SEED_TRANSCRIPT

docx = pytest.importorskip("docx")
SEED = SEED_TRANSCRIPT


def _write_docx(path: Path, lines: list[str]) -> Path:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(path)
    return path


def test_docx_transcript_reads_like_its_text(tmp_path: Path) -> None:
    """The same transcript as .docx gives the same speakers and figures as the .txt."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    from_docx, problems = build_knowledge([_write_docx(tmp_path / "2021-04-第一场.docx", lines)])
    from_txt, _ = build_knowledge([SEED])
    assert not [p for p in problems if p.severity == "error"]
    assert [s.name for s in from_docx.speakers] == [s.name for s in from_txt.speakers]
    assert sorted((f.value, f.unit) for f in from_docx.figures) == sorted((f.value, f.unit) for f in from_txt.figures)


@pytest.mark.parametrize("content", [b"PK not a zip", b"", b"\x00\x01\x02"], ids=["fake-zip", "empty", "binary"])
def test_broken_docx_is_an_error_naming_the_file(tmp_path: Path, content: bytes) -> None:
    """A file that is not a Word document is refused with its path."""
    path = tmp_path / "坏 文件.docx"
    path.write_bytes(content)
    _, problems = build_knowledge([path])
    errors = [p for p in problems if p.severity == "error" and p.path == str(path)]
    assert errors, problems
