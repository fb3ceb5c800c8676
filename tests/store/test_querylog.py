"""The query log and the list of unanswered questions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def test_unanswered_most_frequent_first_ties_by_latest(db) -> None:
    """Counts only not-found questions; more frequent first, equally frequent by most recent."""
    db.log_query("1", "棚改开工多少", False, "none", 3.5)
    db.log_query("2", "学校几所", False, "none", 1.0)
    db.log_query("1", "棚改开工多少", False, "none", 2.0)
    db.log_query("3", "医保", False, "none", 1.0)
    db.log_query("3", "答得出的问题", True, "figure", 1.0)
    db.log_query("4", "答得出的问题", True, "figure", 1.0)
    assert db.unanswered() == [("棚改开工多少", 2), ("医保", 1), ("学校几所", 1)]
    assert db.unanswered(limit=1) == [("棚改开工多少", 2)]
    assert db.unanswered(limit=0) == []


def test_answered_questions_are_not_unanswered(db) -> None:
    """A text that was answered each time never appears."""
    db.log_query("1", "承德有多少村", True, "figure", 12.25)
    assert db.unanswered() == []


def test_unanswered_since(db) -> None:
    """Only questions logged at or after `since` count."""
    db.log_query("1", "旧问题", False, "none", 1.0)
    assert db.unanswered(since=datetime.now(UTC) + timedelta(minutes=1)) == []
    assert db.unanswered(since=datetime.now(UTC) - timedelta(minutes=1)) == [("旧问题", 1)]
