"""build_knowledge over a directory: good files load, each broken file is named with a line."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from bot.domain import Figure, Knowledge
from bot.ingest import build_knowledge, knowledge_files
from bot.ingest.build import merge_figures
from bot.ingest.files import MAX_FILE_BYTES, file_role
from tests.conftest import MAY_SAMPLE, SEED_NAME, SEED_TRANSCRIPT, errors_of

SEED_TEXT = SEED_TRANSCRIPT.read_text(encoding="utf-8")
# The seed re-dated to May, so a second transcript parses like the first but is a new source.
MAY_COPY_NAME = "2021-05-民生工程5月推进情况-第一场.txt"
MAY_COPY_TEXT = SEED_TEXT.replace("4月", "5月")

FIGURE_ENTRY = """\
  - department: 市住建局
    project: 棚户区改造工程
    indicator: 已开工项目
    kind: progress
    value: 17
    unit: 个
    line: 17
"""


def test_seed_builds_without_errors(seed_build) -> None:
    knowledge, problems = seed_build
    assert errors_of(problems) == []
    assert [s.id for s in knowledge.sources] == [SEED_NAME]
    assert len(knowledge.speakers) == 5
    assert len(knowledge.figures) >= 60
    assert ("棚改", "棚户区改造") in knowledge.aliases
    assert {f.path for f in knowledge.files} == {p.name for p in knowledge_files(SEED_TRANSCRIPT.parent)}
    assert all(len(f.sha256) == 64 and f.size > 0 for f in knowledge.files)


def test_seed_and_may_build_two_sources(may_knowledge: Knowledge) -> None:
    assert sorted(s.as_of for s in may_knowledge.sources) == ["2021-04-30", "2021-05-31"]
    assert any(f.value == 126 and f.as_of == "2021-05-31" for f in may_knowledge.figures)


def test_curated_figures_win_over_extracted_ones(seed_knowledge: Knowledge) -> None:
    curated = {(f.source_id, f.line, f.value, f.unit) for f in seed_knowledge.figures if f.curated}
    assert curated, "the seed's curated figures must be loaded"
    shadowed = [f for f in seed_knowledge.figures if not f.curated and (f.source_id, f.line, f.value, f.unit) in curated]
    assert shadowed == []


def _figure(value: float, line: int, *, curated: bool, source: str = "a.txt", unit: str = "个") -> Figure:
    return Figure(f"{source}#{value}-{line}-{curated}", source, "市住建局", "p", "i", "progress", value, unit,
                  "2021-04-30", "", "s", line, "", curated)


def test_merge_figures_drops_only_extracted_figures_a_curated_one_states() -> None:
    kept_curated = _figure(17, 5, curated=True)
    same = _figure(17, 5, curated=False)
    other_value = _figure(3, 5, curated=False)
    other_line = _figure(17, 6, curated=False)
    other_unit = _figure(17, 5, curated=False, unit="套")
    other_source = _figure(17, 5, curated=False, source="b.txt")
    merged = merge_figures([kept_curated], [same, other_value, other_line, other_unit, other_source])
    assert merged == [kept_curated, other_value, other_line, other_unit, other_source]


def test_gbk_transcript_loads_like_utf8(tmp_path: Path) -> None:
    utf8 = tmp_path / "utf8" / MAY_COPY_NAME
    gbk = tmp_path / "gbk" / MAY_COPY_NAME
    for path, data in ((utf8, MAY_COPY_TEXT.encode("utf-8")), (gbk, MAY_COPY_TEXT.encode("gbk"))):
        path.parent.mkdir()
        path.write_bytes(data)
    (a, a_problems), (b, b_problems) = build_knowledge([utf8]), build_knowledge([gbk])
    assert errors_of(a_problems) == errors_of(b_problems) == []
    assert [(p.line, p.text) for p in a.passages] == [(p.line, p.text) for p in b.passages]
    assert [(f.value, f.unit, f.line) for f in a.figures] == [(f.value, f.unit, f.line) for f in b.figures]
    assert a.sources[0].as_of == "2021-05-31"


# -- broken inputs: each is a Problem naming the file and a line ------------------------------

BROKEN = [
    pytest.param("2021-05-空.txt", b"", 1, "empty", id="empty-transcript"),
    pytest.param("2021-05-空白.txt", b"  \n\n ", 1, "empty", id="blank-transcript"),
    pytest.param("2021-05-binary.txt", b"PK\x03\x04\n\n\x00\x14\x00", 3, "binary", id="binary-transcript"),
    pytest.param("2021-05-latin1.txt", "ok\nnaïve café\n".encode("latin-1"), 2, "UTF-8", id="latin-1-transcript"),
    pytest.param("2021-05-big.txt", b"a" * (MAX_FILE_BYTES + 1), 0, "limit", id="oversize-transcript"),
    pytest.param(
        "x.figures.yaml", f"source: {SEED_NAME}\nfigures:\n  - department: [\n".encode(), 3, "YAML", id="malformed-figures-yaml"
    ),
    pytest.param(
        "x.figures.yaml", f"source: {SEED_NAME}\nas_of: 2021-04-30\nfigures:\n{FIGURE_ENTRY}    kind: guess\n".encode(), 11, "kind",
        id="figures-bad-field-at-its-own-line",
    ),
    pytest.param(
        "x.figures.yaml", f"source: nosuch.txt\nas_of: 2021-04-30\nfigures:\n{FIGURE_ENTRY}".encode(), 1, "nosuch.txt",
        id="figures-unknown-source",
    ),
    pytest.param("x.figures.yaml", b"\x00\x01binary", 1, "binary", id="binary-figures"),
    pytest.param("x.aliases.yaml", "棚改: [\n".encode(), 1, "YAML", id="malformed-aliases"),
    pytest.param("x.aliases.yaml", "棚户区改造: ''\n".encode(), 1, "alias", id="empty-alias"),
]


@pytest.mark.parametrize(("name", "data", "line", "says"), BROKEN)
def test_broken_file_is_a_problem_with_path_and_line(
    seed_dir: Path, name: str, data: bytes, line: int | None, says: str
) -> None:
    bad = seed_dir / name
    bad.write_bytes(data)
    _, problems = build_knowledge(knowledge_files(seed_dir))
    errors = errors_of(problems)
    assert errors, "a broken file must refuse the load"
    assert {p.path for p in errors} == {str(bad)}
    if line is not None:
        assert {p.line for p in errors} == {line}
    else:
        assert all(p.line >= 1 for p in errors)
    assert any(says.lower() in p.message.lower() for p in errors), [p.message for p in errors]
    assert all(str(p).startswith(f"{bad}:{p.line}: error: ") for p in errors)


def test_problems_in_two_files_are_all_reported(seed_dir: Path) -> None:
    (seed_dir / "2021-05-a.txt").write_bytes(b"")
    (seed_dir / "b.aliases.yaml").write_text("棚改: [\n", encoding="utf-8")
    _, problems = build_knowledge(knowledge_files(seed_dir))
    assert {Path(p.path).name for p in errors_of(problems)} == {"2021-05-a.txt", "b.aliases.yaml"}


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(codecs.BOM_UTF8 + MAY_COPY_TEXT.encode("utf-8"), id="utf-8-bom"),
        pytest.param(MAY_COPY_TEXT.encode("gbk"), id="gbk"),
        pytest.param(MAY_COPY_TEXT.encode("gb18030"), id="gb18030"),
        pytest.param(codecs.BOM_UTF16_LE + MAY_COPY_TEXT.encode("utf-16-le"), id="utf-16-bom"),
        pytest.param(MAY_COPY_TEXT.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
    ],
)
def test_other_encodings_load_fine_next_to_the_seed(seed_dir: Path, encoded: bytes) -> None:
    (seed_dir / MAY_COPY_NAME).write_bytes(encoded)
    knowledge, problems = build_knowledge(knowledge_files(seed_dir))
    assert errors_of(problems) == []
    may = [s for s in knowledge.sources if s.id == MAY_COPY_NAME]
    assert len(may) == 1 and may[0].as_of == "2021-05-31"
    may_speakers = {s.name for s in knowledge.speakers if s.source_id == MAY_COPY_NAME}
    assert may_speakers == {"刘雁翔", "王成军", "池大勇", "唐秋华", "董晓东"}
    may_figures = [f for f in knowledge.figures if f.source_id == MAY_COPY_NAME]
    assert any(f.value == 4433 and f.unit == "套" for f in may_figures)


def test_a_directory_without_transcripts_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "common.aliases.yaml").write_text("棚户区改造: [棚改]\n", encoding="utf-8")
    _, problems = build_knowledge(knowledge_files(tmp_path))
    assert any("transcript" in p.message for p in errors_of(problems))


def test_text_that_is_not_a_transcript_is_warned_about(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("这是一段随便写的文字。\n", encoding="utf-8")
    knowledge, problems = build_knowledge([notes])
    assert errors_of(problems) == []
    warnings = [p for p in problems if p.severity == "warning" and p.path == str(notes)]
    assert any("speaker" in p.message for p in warnings)
    assert any("year" in p.message for p in warnings)
    assert knowledge.warnings  # the snapshot carries its warnings for /status and the report


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("2021-04-x.txt", "transcript"),
        ("2021-04-x.figures.yaml", "figures"),
        ("2021-04-x.FIGURES.YML", "figures"),
        ("common.aliases.yaml", "aliases"),
        ("notes.yaml", None),
        (".hidden.txt", None),
        ("report.docx", "transcript"),
        ("report.pdf", None),
    ],
    ids=["txt", "figures", "figures-upper-yml", "aliases", "other-yaml", "hidden", "docx", "pdf"],
)
def test_file_role(name: str, role: str | None) -> None:
    assert file_role(Path(name)) == role


def test_may_sample_in_tests_data_loads_cleanly() -> None:
    knowledge, problems = build_knowledge([MAY_SAMPLE])
    assert errors_of(problems) == []
    assert {s.name for s in knowledge.speakers} == {"池大勇", "董晓东", "赵文静"}
