"""Service over in-memory SQLite and a temporary knowledge directory: versions, refusals, rollback, log."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.service import Service
from bot.store import open_database
from tests.conftest import MAY_NAME, MAY_SAMPLE, copy_seed

MAY_QUESTION = "医保服务站建成了多少个"  # only the May sample knows (126个)
APRIL_QUESTION = "凤凰山大桥完成了多少"  # 75% in April, 90% in May


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    return copy_seed(tmp_path / "knowledge")


@pytest.fixture
def service(knowledge_dir: Path) -> Iterator[Service]:
    service = Service(Settings(knowledge_dir=knowledge_dir, database_url="sqlite://"), open_database("sqlite://"))
    yield service
    service.close()


@pytest.fixture
def loaded(service: Service) -> Service:
    report = service.reload()
    assert report.ok and report.status == "saved" and report.version == 1, report.text()
    return service


def test_a_new_service_serves_nothing(service: Service) -> None:
    assert service.version is None
    answer = service.ask("c", APRIL_QUESTION)
    assert not answer.found


def test_first_reload_creates_version_1(loaded: Service) -> None:
    assert loaded.version == 1
    assert [v.id for v in loaded.versions()] == [1]
    assert loaded.versions()[0].active
    answer = loaded.ask("c", APRIL_QUESTION)
    assert answer.found and "75%" in answer.text


def test_reload_with_identical_files_is_unchanged(loaded: Service) -> None:
    report = loaded.reload()
    assert report.ok and report.status == "unchanged" and report.version == 1
    assert [v.id for v in loaded.versions()] == [1]
    assert "Nothing changed" in report.text()


def test_touching_a_file_without_changing_it_is_unchanged(loaded: Service, knowledge_dir: Path) -> None:
    transcript = next(knowledge_dir.glob("*.txt"))
    transcript.write_bytes(transcript.read_bytes())
    assert loaded.reload().status == "unchanged"


def test_adding_the_may_sample_creates_version_2(loaded: Service, knowledge_dir: Path) -> None:
    shutil.copy(MAY_SAMPLE, knowledge_dir / MAY_NAME)
    report = loaded.reload()
    assert report.ok and report.status == "saved" and report.version == 2
    assert f"+ transcript {MAY_NAME}" in report.changes
    assert report.counts["sources"] == 2
    assert loaded.version == 2
    may = loaded.ask("c", MAY_QUESTION)
    assert may.found and "126个" in may.text and may.sources[0].date == "2021-05-31"
    latest = loaded.ask("d", APRIL_QUESTION)
    assert "90%" in latest.text.split("来源")[0]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("broken.figures.yaml", "source: [unclosed\n".encode(), id="malformed-yaml"),
        pytest.param("2021-06-空.txt", b"", id="empty-transcript"),
        pytest.param("2021-06-binary.txt", b"\x00\x01\x02binary", id="binary-transcript"),
        pytest.param("x.figures.yaml", b"source: missing.txt\nas_of: 2021-06-30\nfigures: []\n", id="unknown-source"),
    ],
)
def test_a_broken_file_refuses_the_load_and_the_old_knowledge_keeps_serving(
    loaded: Service, knowledge_dir: Path, name: str, data: bytes
) -> None:
    shutil.copy(MAY_SAMPLE, knowledge_dir / MAY_NAME)
    assert loaded.reload().version == 2
    (knowledge_dir / name).write_bytes(data)
    report = loaded.reload()
    assert not report.ok and report.status == "failed"
    assert any(str(p).startswith(f"{name}:") for p in report.errors)
    assert "Load refused" in report.text()
    assert loaded.version == 2
    assert [v.id for v in loaded.versions()] == [2, 1]
    assert "126个" in loaded.ask("c", MAY_QUESTION).text
    check = loaded.check()
    assert not check.ok and loaded.version == 2


def test_rollback_returns_to_version_1(loaded: Service, knowledge_dir: Path) -> None:
    shutil.copy(MAY_SAMPLE, knowledge_dir / MAY_NAME)
    assert loaded.reload().version == 2
    assert loaded.rollback() == 1
    assert loaded.version == 1
    assert [v.id for v in loaded.versions() if v.active] == [1]
    assert not loaded.ask("c", MAY_QUESTION).found
    assert "75%" in loaded.ask("d", APRIL_QUESTION).text.split("来源")[0]
    assert loaded.status().sources == 1


def test_rollback_to_a_named_version_and_forward_again(loaded: Service, knowledge_dir: Path) -> None:
    shutil.copy(MAY_SAMPLE, knowledge_dir / MAY_NAME)
    loaded.reload()
    loaded.rollback(1)
    assert loaded.rollback(2) == 2
    assert loaded.ask("c", MAY_QUESTION).found


def test_rollback_without_an_earlier_version_says_so(loaded: Service) -> None:
    with pytest.raises(LookupError):
        loaded.rollback()
    assert loaded.version == 1


def test_query_log_records_unanswered_questions(loaded: Service) -> None:
    loaded.ask("a", "今天天气怎么样")
    loaded.ask("b", "今天天气怎么样")
    loaded.ask("a", "石家庄市棚户区改造开工了多少套")
    loaded.ask("a", APRIL_QUESTION)  # answered: not in the list
    unanswered = dict(loaded.unanswered())
    assert unanswered == {"今天天气怎么样": 2, "石家庄市棚户区改造开工了多少套": 1}
    assert loaded.unanswered()[0] == ("今天天气怎么样", 2), "most frequent first"


def test_context_is_kept_per_chat(loaded: Service) -> None:
    loaded.ask("a", "兴隆县有几个幼儿园项目")
    loaded.ask("b", "围场县中小学项目有几个")
    in_a = loaded.ask("a", "宽城县呢").text.split("来源")[0]
    in_b = loaded.ask("b", "宽城县呢").text.split("来源")[0]
    assert "幼儿园" in in_a and "中小学" in in_b


def test_status_counts_the_served_knowledge(loaded: Service) -> None:
    status = loaded.status()
    assert (status.version, status.sources, status.database) == (1, 1, "sqlite")
    assert status.figures == len(loaded.engine.knowledge.figures) > 0
    assert status.last_reload is not None and status.last_reload >= status.started


def test_ensure_loaded_loads_once_then_only_on_change(service: Service, knowledge_dir: Path) -> None:
    first = service.ensure_loaded()
    assert first is not None and first.version == 1
    assert service.ensure_loaded() is None
    shutil.copy(MAY_SAMPLE, knowledge_dir / MAY_NAME)
    again = service.ensure_loaded()
    assert again is not None and again.version == 2


def test_a_second_service_on_the_same_database_follows_with_refresh(tmp_path: Path, knowledge_dir: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    settings = Settings(knowledge_dir=knowledge_dir, database_url=url)
    writer, reader = Service.open(settings), Service.open(settings)
    try:
        assert writer.reload().version == 1
        assert reader.version is None
        assert reader.refresh() is True and reader.version == 1
        assert reader.refresh() is False
        assert reader.ask("c", APRIL_QUESTION).found
    finally:
        writer.close()
        reader.close()


def test_check_does_not_change_what_is_served(loaded: Service, knowledge_dir: Path) -> None:
    shutil.copy(MAY_SAMPLE, knowledge_dir / MAY_NAME)
    report = loaded.check()
    assert report.ok and report.status == "checked"
    assert f"+ transcript {MAY_NAME}" in report.changes
    assert loaded.version == 1 and not loaded.ask("c", MAY_QUESTION).found


@pytest.mark.parametrize(
    ("target", "says"),
    [(99, "unknown knowledge version 99"), (1, "knowledge version 1 was pruned")],
    ids=["never-stored", "pruned"],
)
def test_rollback_to_a_version_that_is_not_stored_says_which(knowledge_dir: Path, target: int, says: str) -> None:
    settings = Settings(knowledge_dir=knowledge_dir, database_url="sqlite://", keep_versions=2)
    service = Service(settings, open_database("sqlite://"))
    try:
        service.reload()
        shutil.copy(MAY_SAMPLE, knowledge_dir / MAY_NAME)
        service.reload()
        (knowledge_dir / MAY_NAME).write_text(MAY_SAMPLE.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
        assert service.reload().version == 3
        assert [v.id for v in service.versions()] == [3, 2]
        with pytest.raises(LookupError, match=says):
            service.rollback(target)
        assert service.version == 3 == service.db.active_version_id()
    finally:
        service.close()
