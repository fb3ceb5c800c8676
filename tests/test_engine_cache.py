"""The engine cache (bot/qa/persist.py): what is read back answers exactly as what was built, and a
missing, stale, damaged or foreign cache file is never trusted: the engine is built instead."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import bot.qa.persist as persist
import bot.service as service_module
from bot.config import Settings
from bot.qa import Context, Engine
from bot.service import Service
from bot.store import open_database
from tests.conftest import SEED_DIR

QUESTIONS = [
    "棚改已开工多少套", "老旧小区开工率", "文艺团体还差多少支", "滦平县有几个中小学项目", "池大勇是哪个单位的",
    "凤凰山大侨進度怎么样", "哪家媒体提问了", "今天天气怎么样", "幼儿园项目都在哪些地方", "卫健委的重点工作有哪些",
]


def _answers(engine: Engine) -> list[tuple[bool, str, str]]:
    return [(a.found, a.kind, a.text) for a, _ in (engine.answer(q, Context()) for q in QUESTIONS)]


def _postings(index) -> dict[str, tuple[list[int], list[float]]]:
    return {term: (posting.ids.tolist(), posting.weights.tolist()) for term, posting in index.postings.items()}


@pytest.fixture(scope="module")
def saved(seed_engine: Engine, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cache") / "engine.pickle"
    persist.save(seed_engine, path, "key-1")
    return path


def test_a_loaded_engine_answers_exactly_as_the_built_one(seed_engine: Engine, saved: Path) -> None:
    loaded = persist.load(saved, "key-1")
    assert isinstance(loaded, Engine) and loaded is not seed_engine
    assert loaded.knowledge == seed_engine.knowledge
    assert _answers(loaded) == _answers(seed_engine)


def test_slices_put_large_containers_back_together(monkeypatch, seed_engine: Engine, tmp_path: Path) -> None:
    monkeypatch.setattr(persist, "SLICE", 50)  # the seed's containers are small: slice them anyway
    path = tmp_path / "sliced.pickle"
    persist.save(seed_engine, path, "k")
    pauses = []
    loaded = persist.load(path, "k", pause=lambda: pauses.append(1))
    assert len(pauses) > 100  # many chunks, a pause after each
    assert loaded.knowledge == seed_engine.knowledge
    assert _postings(loaded.search.passage_index) == _postings(seed_engine.search.passage_index)
    assert loaded.lexicon.tokenizer.FREQ == seed_engine.lexicon.tokenizer.FREQ
    # Objects shared between parts stay shared, not copied.
    assert loaded.search.figures is loaded.knowledge.figures
    group = next(iter(loaded.kit.groups.values()))
    assert any(group[0] is figure for figure in loaded.knowledge.figures)
    assert _answers(loaded) == _answers(seed_engine)


def test_posting_lists_are_sliced_by_the_documents_they_hold(monkeypatch, seed_engine: Engine) -> None:
    """An index's postings are a few hundred terms but tens of thousands of documents: sliced by
    documents, so no one chunk holds the interpreter for long while it is read."""
    monkeypatch.setattr(persist, "SLICE", 500)
    postings = seed_engine.search.figure_index.postings
    assert len(postings) < persist.SLICE < sum(map(len, postings.values()))
    assert any(found is postings for found in persist._large_containers(seed_engine))
    longest = max(map(len, postings.values()))
    for part in persist._slices(postings):
        assert sum(1 + len(posting) for _, posting in part) < persist.SLICE + 1 + longest


def _truncated(path: Path, tmp_path: Path, keep: float) -> Path:
    data = path.read_bytes()
    out = tmp_path / f"cut-{keep}.pickle"
    out.write_bytes(data[: int(len(data) * keep)])
    return out


@pytest.mark.parametrize("keep", [0.0, 0.001, 0.5, 0.999], ids=["empty", "header-cut", "half", "last-bytes-cut"])
def test_a_truncated_cache_is_refused(saved: Path, tmp_path: Path, keep: float) -> None:
    with pytest.raises(persist.CacheMiss):
        persist.load(_truncated(saved, tmp_path, keep), "key-1")
    assert not persist.holds(_truncated(saved, tmp_path, keep), "key-1")


def test_an_altered_byte_is_refused(saved: Path, tmp_path: Path) -> None:
    data = bytearray(saved.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = tmp_path / "damaged.pickle"
    damaged.write_bytes(bytes(data))
    with pytest.raises(persist.CacheMiss, match="damaged"):
        persist.load(damaged, "key-1")


@pytest.mark.parametrize(
    "content", [b"", b"not a cache at all", b"\x80\x05K\x01."], ids=["empty", "text", "a-plain-pickle"]
)
def test_a_file_that_is_no_cache_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "other.pickle"
    path.write_bytes(content)
    with pytest.raises(persist.CacheMiss):
        persist.load(path, "key-1")


def test_a_missing_file_is_a_miss(tmp_path: Path) -> None:
    with pytest.raises(persist.CacheMiss):
        persist.load(tmp_path / "nothing.pickle", "key-1")


def test_a_cache_for_another_version_is_refused(saved: Path) -> None:
    with pytest.raises(persist.CacheMiss, match="another knowledge version"):
        persist.load(saved, "key-2")


def test_a_cache_from_other_code_is_refused(saved: Path, monkeypatch) -> None:
    monkeypatch.setattr(persist, "code_digest", lambda: "0" * 64)
    with pytest.raises(persist.CacheMiss, match="other code"):
        persist.load(saved, "key-1")


def test_the_code_digest_covers_the_package(tmp_path: Path) -> None:
    digest = persist.code_digest()
    assert len(digest) == 64 and digest == persist.code_digest()


# -- the service: restart from the cache, rebuild whatever is not right --------------------


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(SEED_DIR, knowledge)
    return Settings(knowledge_dir=knowledge, database_url=f"sqlite:///{tmp_path / 'bot.sqlite3'}")


def _open_counting_builds(settings: Settings, monkeypatch) -> tuple[Service, list]:
    builds = []
    real = service_module.Engine

    def counting(knowledge, **options):
        builds.append(len(knowledge.figures))
        return real(knowledge, **options)

    monkeypatch.setattr(service_module, "Engine", counting)
    return Service.open(settings), builds


def _cache_files(settings: Settings) -> list[Path]:
    return sorted((settings.knowledge_dir.parent / "bot.sqlite3.engines").glob("engine-*.pickle"))


def _load_once(settings: Settings) -> list[tuple[bool, str, str]]:
    with open_database(settings.database_url) as db:
        service = Service(settings, db)
        assert service.reload().status == "saved"
        return _answers(service.engine)


def test_a_restart_loads_the_engine_instead_of_building_it(settings: Settings, monkeypatch) -> None:
    built = _load_once(settings)
    assert len(_cache_files(settings)) == 1
    service, builds = _open_counting_builds(settings, monkeypatch)
    try:
        assert builds == [] and service.version == 1
        assert _answers(service.engine) == built
    finally:
        service.close()


@pytest.mark.parametrize("damage", ["truncate", "flip", "delete", "other-code"])
def test_a_restart_rebuilds_a_damaged_or_foreign_cache_and_writes_it_again(settings: Settings, monkeypatch, damage) -> None:
    built = _load_once(settings)
    (path,) = _cache_files(settings)
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 3])
    elif damage == "flip":
        path.write_bytes(data[:-200] + bytes(b ^ 1 for b in data[-200:-100]) + data[-100:])
    elif damage == "delete":
        path.unlink()
    else:
        monkeypatch.setattr(persist, "code_digest", lambda: "f" * 64)
    service, builds = _open_counting_builds(settings, monkeypatch)
    try:
        assert len(builds) == 1, "the engine was built, not read from the bad cache"
        assert _answers(service.engine) == built
    finally:
        service.close()
    (again,) = _cache_files(settings)
    assert persist.holds(again, _key(settings)), "the rebuilt engine was cached again"


def _key(settings: Settings) -> str:
    with open_database(settings.database_url) as db:
        return db.version_identity(1)


def test_a_cache_of_another_database_with_the_same_version_id_is_not_used(settings: Settings, monkeypatch, tmp_path: Path) -> None:
    """Version 1 of a recreated database is another version (saved at another time): its cache is stale."""
    _load_once(settings)
    (old,) = _cache_files(settings)
    stale = old.read_bytes()
    (tmp_path / "bot.sqlite3").unlink()
    (settings.knowledge_dir / "2021-05-民生工程5月推进情况.txt").write_bytes(
        (Path(__file__).parent / "lifecycle" / "data" / "2021-05-民生工程5月推进情况.txt").read_bytes()
    )
    _load_once(settings)  # a new database: version 1 again, other files, saved at another time
    (new,) = [path for path in _cache_files(settings) if path != old]
    new.write_bytes(stale)  # the old database's version-1 engine, where the new one's is looked for
    service, builds = _open_counting_builds(settings, monkeypatch)
    try:
        assert len(builds) == 1
        assert any(s.id.startswith("2021-05") for s in service.knowledge.sources)
    finally:
        service.close()


def test_no_cache_when_turned_off(settings: Settings) -> None:
    from dataclasses import replace

    _load_once(replace(settings, cache_dir="off"))
    assert _cache_files(settings) == []


def test_an_in_memory_database_has_no_cache(tmp_path: Path) -> None:
    with open_database("sqlite://") as db:
        assert Service(Settings(knowledge_dir=tmp_path, database_url="sqlite://"), db).cache_dir is None
