"""The served knowledge switches as one piece: questions asked while reloads come and go are
answered wholly from one version, never from a mix of two."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

import bot.store.snapshot as snapshot_module
from bot.config import Settings
from bot.ingest import knowledge_files
from bot.service import Service
from bot.store import StoreError, open_database

from .conftest import APRIL_BRIDGE, BRIDGE_QUESTION, MAY_BRIDGE, add_may, bridge_pair, clean_build, copy_seed, counts

ASKERS = 3
# Reloads alternating May and the seed.
SWITCHES = 6
# Only a guard against a hang: a healthy run takes seconds.
HANG = 300


def test_answers_during_repeated_reloads_come_wholly_from_one_version(database_url: str, tmp_path: Path) -> None:
    seed_dir = copy_seed(tmp_path / "seed")
    may_dir = add_may(copy_seed(tmp_path / "may"))
    service = Service(Settings(knowledge_dir=seed_dir, database_url=database_url), open_database(database_url))
    assert service.reload().status == "saved"

    stop = threading.Event()
    errors: list[BaseException] = []
    mixed: list[str] = []
    seen: Counter[str] = Counter()
    statuses: Counter[str] = Counter()

    def reloader() -> None:
        try:
            for round_ in range(SWITCHES):
                directory, pair = (may_dir, MAY_BRIDGE) if round_ % 2 == 0 else (seed_dir, APRIL_BRIDGE)
                answered = seen[pair[0]]
                statuses[service.reload(loaded_by="switch-test", paths=knowledge_files(directory)).status] += 1
                # Let the askers meet this version before the next switch, however slow the machine.
                while seen[pair[0]] == answered and not stop.wait(0.01):
                    pass
        except BaseException as exc:  # noqa: BLE001 - reported by the test thread
            errors.append(exc)
        finally:
            stop.set()

    def asker(chat: str) -> None:
        try:
            while not stop.is_set():
                answer = service.ask(chat, BRIDGE_QUESTION)
                pair = bridge_pair(answer.text) if answer.found else None
                # The answer's number, its date and its citation's date belong to the same version.
                if pair is None or not answer.sources or answer.sources[0].date != pair[2]:
                    mixed.append(answer.text)
                else:
                    seen[pair[0]] += 1
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
            stop.set()

    threads = [threading.Thread(target=reloader)] + [
        threading.Thread(target=asker, args=(f"chat-{i}",)) for i in range(ASKERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=HANG)
    assert not any(thread.is_alive() for thread in threads), "hung: a switch was never seen"
    service.close()

    print(f"\n{database_url.split(':')[0]}: {sum(statuses.values())} reloads {dict(statuses)}, answers {dict(seen)}")
    assert not errors, errors
    assert not mixed, f"{len(mixed)} answers mixed two versions, e.g. {mixed[0]!r}"
    # The seed was stored before the loop and May on its first round; later rounds serve them again.
    assert statuses == {"saved": 1, "reactivated": SWITCHES - 1}, statuses
    assert seen[APRIL_BRIDGE[0]] and seen[MAY_BRIDGE[0]], "answers came from both versions"


def test_a_replica_following_reloads_never_serves_half_a_version(database_url: str, tmp_path: Path) -> None:
    """Keeping one version, each save deletes the version a replica may be reading at that moment:
    what the replica serves must still be one whole version."""
    seed_dir = copy_seed(tmp_path / "seed")
    may_dir = add_may(copy_seed(tmp_path / "may"))
    whole = {pair[0]: counts(clean_build(d)) for pair, d in ((APRIL_BRIDGE, seed_dir), (MAY_BRIDGE, may_dir))}
    settings = Settings(knowledge_dir=seed_dir, database_url=database_url, keep_versions=1)
    loader = Service(settings, open_database(database_url))
    replica = Service(settings, open_database(database_url))  # another process, as far as the store knows
    assert loader.reload().status == "saved"

    stop = threading.Event()
    errors: list[BaseException] = []
    halves: list[tuple[int | None, dict]] = []
    refreshed = Counter()

    def reloader() -> None:
        try:
            for round_ in range(SWITCHES):
                loader.reload(paths=knowledge_files(may_dir if round_ % 2 == 0 else seed_dir))
                # Until the replica has followed: a count of switches, not of seconds.
                while replica.version != loader.version and not stop.wait(0.01):
                    pass
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            stop.set()

    def follower() -> None:
        try:
            while not stop.is_set():
                try:
                    switched = replica.refresh()
                except StoreError:
                    # Versions replaced faster than they can be read: the replica keeps serving
                    # what it has and tries again next round, as the Telegram front end does.
                    refreshed["gave up"] += 1
                    continue
                if switched:
                    refreshed["switches"] += 1
                    served = counts(replica.knowledge)
                    if served not in whole.values():
                        halves.append((replica.version, served))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
            stop.set()

    threads = [threading.Thread(target=reloader), threading.Thread(target=follower)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=HANG)
    assert not any(thread.is_alive() for thread in threads), "hung: a switch was never seen"
    answer = replica.ask("after", BRIDGE_QUESTION)
    loader.close()
    replica.close()

    print(f"\n{database_url.split(':')[0]}: the replica switched {refreshed['switches']} times "
          f"(gave up {refreshed['gave up']} times), {len(halves)} half versions")
    assert not errors, errors
    assert not halves, f"the replica served {len(halves)} partial snapshots, e.g. {halves[:3]}"
    assert refreshed["switches"] >= SWITCHES
    assert bridge_pair(answer.text) is not None


def test_a_version_pruned_while_a_replica_reads_it_is_read_again(database_url: str, tmp_path: Path, monkeypatch) -> None:
    """The race above, made certain: other replicas' reloads prune the version halfway through
    this replica's read of it (after its passages, before its figures). The version before the
    active one is never pruned, so it takes two new versions to prune the one being read."""
    seed_dir = copy_seed(tmp_path / "seed")
    may_dir = add_may(copy_seed(tmp_path / "may"))
    june = Path(__file__).parents[1] / "data" / "synthetic" / "2021-06-民生工程推进情况-第二场.txt"
    may_june_dir, seed_june_dir = add_may(copy_seed(tmp_path / "may-june")), copy_seed(tmp_path / "seed-june")
    for directory in (may_june_dir, seed_june_dir):
        (directory / june.name).write_bytes(june.read_bytes())
    # The engine cache is off: both share one SQLite file, so the replica would otherwise read the
    # engine the loader just wrote instead of the database this test is about.
    settings = Settings(knowledge_dir=seed_dir, database_url=database_url, keep_versions=1, cache_dir="off")
    loader = Service(settings, open_database(database_url))
    replica = Service(settings, open_database(database_url))
    try:
        assert loader.reload().version == 1
        assert replica.refresh() and replica.version == 1
        assert loader.reload(paths=knowledge_files(may_dir)).version == 2

        load_part = snapshot_module.load_part
        interrupted = []

        def load_part_then_reload_elsewhere(session, part, version_id, *strings):
            rows = load_part(session, part, version_id, *strings)
            if part.attr == "passages" and not interrupted:
                interrupted.append(version_id)
                assert loader.reload(paths=knowledge_files(may_june_dir)).version == 3
                assert loader.reload(paths=knowledge_files(seed_june_dir)).version == 4  # prunes version 2
            return rows

        monkeypatch.setattr(snapshot_module, "load_part", load_part_then_reload_elsewhere)
        assert replica.refresh()
        assert interrupted == [2]
        assert replica.version == 4
        assert counts(replica.knowledge) == counts(clean_build(seed_june_dir)), "a whole version, not half of version 2"
        assert bridge_pair(replica.ask("c", BRIDGE_QUESTION).text) == APRIL_BRIDGE
    finally:
        loader.close()
        replica.close()
