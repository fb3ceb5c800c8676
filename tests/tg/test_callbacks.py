"""Callback ids: short, stable, never carrying knowledge text, bounded per chat."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.tg import callbacks

LONG_NAME = "市旅游和文化广电局" * 10  # 270 bytes of UTF-8


@given(st.sampled_from(["a", "t"]), st.lists(st.text(max_size=300), max_size=3).map(tuple))
def test_callback_data_fits_and_hides_payload(kind: str, payload: tuple[str, ...]) -> None:
    data = callbacks.callback_id(kind, payload)
    assert len(data.encode()) <= callbacks.CALLBACK_DATA_LIMIT
    assert all(part not in data for part in payload if len(part) > 3)


def test_remember_and_recall() -> None:
    chat_data: dict = {}
    data = callbacks.remember(chat_data, "t", ("市住建局", LONG_NAME))
    assert callbacks.recall(chat_data, data) == ("市住建局", LONG_NAME)
    assert callbacks.remember(chat_data, "t", ("市住建局", LONG_NAME)) == data  # same keyboard, same id


@pytest.mark.parametrize(
    ("chat_data", "data"),
    [(None, "a:0123456789"), ({}, "a:0123456789"), ({"callbacks": {}}, None), ({"callbacks": {}}, "a:ffffffffff")],
    ids=["no-chat-data", "nothing-stored", "no-data", "unknown-id"],
)
def test_recall_unknown(chat_data: dict | None, data: str | None) -> None:
    assert callbacks.recall(chat_data, data) is None


def test_oldest_buttons_expire() -> None:
    chat_data: dict = {}
    first = callbacks.remember(chat_data, "a", ("问题0",))
    for i in range(1, callbacks.REMEMBERED_PER_CHAT + 1):
        callbacks.remember(chat_data, "a", (f"问题{i}",))
    assert callbacks.recall(chat_data, first) is None
    assert len(chat_data["callbacks"]) == callbacks.REMEMBERED_PER_CHAT


def test_button_label_is_shortened_and_pattern_matches() -> None:
    button = callbacks.button({}, LONG_NAME, "t", (LONG_NAME,))
    assert len(button.text) == callbacks.LABEL_LIMIT and button.text.endswith("…")
    import re

    assert re.match(callbacks.pattern("t"), button.callback_data)
    assert not re.match(callbacks.pattern("a"), button.callback_data)
