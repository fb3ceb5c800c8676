"""Scale-out: replica processes sharing one PostgreSQL database follow each other's reloads,
take turns with the reload lock, and share chat context."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.store import open_database

from .conftest import APRIL_BRIDGE, BRIDGE_QUESTION, MAY_BRIDGE, add_may, clean_build, copy_seed

pytestmark = pytest.mark.postgres

PICKUP_LIMIT_S = 5.0


@pytest.fixture
def seeded(postgres_url: str, tmp_path: Path) -> tuple[str, Path]:
    """The PostgreSQL schema holding the seed as version 1, and a knowledge directory with the seed."""
    knowledge_dir = copy_seed(tmp_path / "knowledge")
    with open_database(postgres_url) as db:
        assert db.save_version(clean_build(knowledge_dir), loaded_by="test", report="seed") == 1
    return postgres_url, knowledge_dir


def bridge(reply: dict) -> tuple[str, str]:
    """(figure, source date) of a bridge answer."""
    head = reply["answer"].split("来源", 1)[0]
    figure = next((pair[0] for pair in (APRIL_BRIDGE, MAY_BRIDGE) if pair[0] in head), "")
    return figure, reply["date"]


def test_a_reload_on_one_replica_is_served_by_the_other_within_seconds(seeded, start_replica) -> None:
    url, knowledge_dir = seeded
    a, b = start_replica("A", knowledge_dir, url), start_replica("B", knowledge_dir, url)
    assert a.wait_event("ready")["version"] == 1 and b.wait_event("ready")["version"] == 1
    assert bridge(b.call("ask", chat="b", text=BRIDGE_QUESTION)) == ("75%", "2021-04-30")

    add_may(knowledge_dir)
    reloaded = a.call("reload")
    assert (reloaded["status"], reloaded["version"]) == ("saved", 2), reloaded["report"]
    assert bridge(a.call("ask", chat="a", text=BRIDGE_QUESTION)) == ("90%", "2021-05-31")

    # B has not been told anything: it must notice the new active version itself.
    while True:
        reply = b.call("ask", chat="b", text=BRIDGE_QUESTION)
        waited = time.time() - reloaded["at"]
        if reply["version"] == 2:
            break
        if reply["version"] == 1:
            assert bridge(reply) == ("75%", "2021-04-30"), "until it switches, B answers wholly from version 1"
        assert waited < PICKUP_LIMIT_S, f"replica B still serves version {reply['version']} after {waited:.1f}s"
        time.sleep(0.05)
    assert bridge(reply) == ("90%", "2021-05-31")
    print(f"\nreplica B served the reload of replica A after {waited:.2f}s")
    assert waited < PICKUP_LIMIT_S

    # A rollback travels the same way.
    assert a.call("rollback")["version"] == 1
    started = time.time()
    assert b.wait_event("refreshed")["version"] == 2  # the switch seen above
    assert b.wait_event("refreshed", timeout=PICKUP_LIMIT_S)["version"] == 1
    print(f"replica B served the rollback after {time.time() - started:.2f}s")
    assert bridge(b.call("ask", chat="b", text=BRIDGE_QUESTION)) == ("75%", "2021-04-30")


def test_two_concurrent_reloads_save_once_and_the_other_is_told_busy(seeded, start_replica) -> None:
    url, knowledge_dir = seeded
    a, b = start_replica("A", knowledge_dir, url), start_replica("B", knowledge_dir, url)
    a.wait_event("ready"), b.wait_event("ready")
    add_may(knowledge_dir)

    # Both hold the lock 1.5 s before saving, so whichever comes second finds it taken.
    requests = [(replica, replica.send("reload", hold=1.5, loaded_by=replica.name)) for replica in (a, b)]
    replies = {replica.name: replica.reply(request_id) for replica, request_id in requests}
    statuses = sorted(reply["status"] for reply in replies.values())
    assert statuses == ["busy", "saved"], {name: r["report"] for name, r in replies.items()}
    winner = next(name for name, reply in replies.items() if reply["status"] == "saved")
    busy = next(reply for reply in replies.values() if reply["status"] == "busy")
    assert "Another reload is in progress" in busy["report"] and busy["version"] is None

    with open_database(url) as db:
        versions = db.versions()
    assert [(v.id, v.active) for v in versions] == [(2, True), (1, False)], "one new version, the only active one"
    assert versions[0].loaded_by == winner
    for replica in (a, b):  # the loser follows the winner's version through the database
        deadline = time.monotonic() + PICKUP_LIMIT_S
        while (reply := replica.call("ask", chat=replica.name, text=BRIDGE_QUESTION))["version"] != 2:
            assert time.monotonic() < deadline, f"replica {replica.name} never served version 2"
            time.sleep(0.05)
        assert bridge(reply) == ("90%", "2021-05-31"), (replica.name, winner, reply)


def test_a_follow_up_question_can_land_on_another_replica(seeded, start_replica) -> None:
    url, knowledge_dir = seeded
    a, b = start_replica("A", knowledge_dir, url), start_replica("B", knowledge_dir, url)
    a.wait_event("ready"), b.wait_event("ready")

    first = a.call("ask", chat="c1", text="滦平县有几个中小学项目")
    assert first["found"] and "滦平县" in first["answer"] and "2个" in first["answer"].split("来源")[0]
    follow_up = b.call("ask", chat="c1", text="隆化县呢")
    head = follow_up["answer"].split("来源")[0]
    assert follow_up["found"] and "隆化县" in head and "中小学" in head and "1个" in head, follow_up["answer"]
    # Another chat on B has no such context: the same words get another answer.
    stranger = b.call("ask", chat="c2", text="隆化县呢")
    assert stranger["answer"] != follow_up["answer"]
