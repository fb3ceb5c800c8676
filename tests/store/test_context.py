"""Per-chat conversation context: upsert and read back as JSON."""

from __future__ import annotations

import pytest

from bot.store import StoreError


def test_missing_context_is_none(db) -> None:
    """A chat that never stored context has none."""
    assert db.get_context("nobody") is None


def test_set_then_replace(db) -> None:
    """set_context inserts, then replaces the whole dict; chats are independent."""
    db.set_context("42", {"project": "棚户区改造工程", "county": "双桥区", "turn": 1})
    db.set_context("7", {"project": "教育"})
    assert db.get_context("42") == {"project": "棚户区改造工程", "county": "双桥区", "turn": 1}
    db.set_context("42", {"turn": 2, "nested": {"list": [1, 2.5, None, True]}})
    assert db.get_context("42") == {"turn": 2, "nested": {"list": [1, 2.5, None, True]}}
    assert db.get_context("7") == {"project": "教育"}


def test_empty_dict_is_stored(db) -> None:
    """An empty context is stored as such, distinct from none."""
    db.set_context("1", {})
    assert db.get_context("1") == {}


def test_unserialisable_context_is_refused(db) -> None:
    """A value JSON cannot encode is a StoreError, and nothing is stored."""
    with pytest.raises(StoreError):
        db.set_context("1", {"when": object()})
    with pytest.raises(StoreError):
        db.set_context("1", ["not", "a", "dict"])  # type: ignore[arg-type]
    assert db.get_context("1") is None
