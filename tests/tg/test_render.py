"""HTML escaping, figure lines and splitting long replies into valid Telegram messages."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain import Figure
from bot.qa.answer import Answer, Citation
from bot.tg.render import (
    MESSAGE_LIMIT,
    answer_html,
    as_of_text,
    escape,
    figure_line,
    format_value,
    source_html,
    split_html,
    utf16_len,
)

from .standin import visible_length

_OPEN_OR_CLOSE = re.compile(r"<(/?)(\w+)[^<>]*>")


def figure(**changes: object) -> Figure:
    values = dict(
        id="f1", source_id="s.txt", department="市住建局", project="棚户区改造工程", indicator="已开工回迁安置房",
        kind="progress", value=4433.0, unit="套", as_of="2021-04-30", county="", sentence="已开工4433套。",
        line=15, speaker="池大勇", curated=True,
    )
    values.update(changes)
    return Figure(**values)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a < b", "a &lt; b"), ("A&B", "A&amp;B"), ("<b>粗</b>", "&lt;b&gt;粗&lt;/b&gt;"), ("“引号”'", "“引号”'")],
    ids=["less-than", "ampersand", "tag", "quotes-kept"],
)
def test_escape(text: str, expected: str) -> None:
    assert escape(text) == expected


def test_answer_html_escapes_knowledge_text() -> None:
    answer = Answer(found=True, text="完成率<90% & 上升", kind="figure")
    assert answer_html(answer) == "完成率&lt;90% &amp; 上升"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "棚户区改造工程 已开工回迁安置房：4433套（截至2021年4月30日，池大勇）"),
        ({"value": 1.91, "unit": "万平方米"}, "棚户区改造工程 已开工回迁安置房：1.91万平方米（截至2021年4月30日，池大勇）"),
        ({"county": "滦平县"}, "棚户区改造工程 已开工回迁安置房（滦平县）：4433套（截至2021年4月30日，池大勇）"),
        ({"speaker": "", "as_of": ""}, "棚户区改造工程 已开工回迁安置房：4433套"),
        ({"project": ""}, "已开工回迁安置房：4433套（截至2021年4月30日，池大勇）"),
    ],
    ids=["plain", "decimal-unit", "county", "no-meta", "no-project"],
)
def test_figure_line(changes: dict, expected: str) -> None:
    assert figure_line(figure(**changes)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(200.0, "200"), (1.91, "1.91"), (0.55, "0.55"), (3.85, "3.85"), (1e16, "10000000000000000"), (1e-7, "0.0000001")],
    ids=["integer", "two-decimals", "leading-zero", "rate", "huge", "tiny"],
)
def test_format_value(value: float, expected: str) -> None:
    assert format_value(value) == expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [("2021-04-30", "截至2021年4月30日"), ("", ""), ("2021年4月底", "截至2021年4月底")],
    ids=["iso", "none", "free-text"],
)
def test_as_of_text(as_of: str, expected: str) -> None:
    assert as_of_text(as_of) == expected


def test_source_html_shows_passage_and_citation_escaped() -> None:
    citation = Citation("s.txt", "4月发布会", "2021-04-30", "池大勇", "市住建局局长", "句子", 15)
    answer = Answer(True, "x", "figure", sources=(citation,), passage="面积<1万 & 更多")
    html = source_html(answer)
    assert "面积&lt;1万 &amp; 更多" in html
    assert "4月发布会，截至2021年4月30日，市住建局局长 池大勇，第15行" in html
    visible_length(html)  # valid Telegram HTML


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("第一句。第二句。第三句。", 9, ["第一句。第二句。", "第三句。"]),
        ("一行\n二行\n三行", 6, ["一行\n二行\n", "三行"]),
        ("甲&amp;乙&amp;丙", 8, ["甲&amp;乙", "&amp;丙"]),
        ("<b>粗体字</b>。正文很长很长", 12, ["<b>粗体字</b>。", "正文很长很长"]),
        ("短", 4096, ["短"]),
        ("", 4096, []),
    ],
    ids=["sentences", "lines", "entity-intact", "tag-intact", "short", "empty"],
)
def test_split_html_table(text: str, limit: int, expected: list[str]) -> None:
    assert split_html(text, limit) == expected


def test_split_prefers_sentence_end_over_hard_cut() -> None:
    text = "甲" * 3000 + "。" + "乙" * 3000
    chunks = split_html(text)
    assert chunks == ["甲" * 3000 + "。", "乙" * 3000]


def test_split_counts_utf16_units() -> None:
    text = "😀" * 3000  # two UTF-16 units each
    chunks = split_html(text)
    assert all(utf16_len(c) <= MESSAGE_LIMIT for c in chunks)
    assert "".join(chunks) == text


_TEXT = st.text(
    alphabet=st.sampled_from(list("民生工程棚改开工套万平方米") + list("。！？\n，；、 <>&\"'ab1") + ["😀", "\u3000"]),
    max_size=12_000,
)


@settings(max_examples=60, deadline=None)
@given(_TEXT, st.integers(min_value=8, max_value=MESSAGE_LIMIT))
def test_split_escaped_text_property(text: str, limit: int) -> None:
    """Every chunk fits, chunks rejoin to the input, and no cut falls inside an entity."""
    html = escape(text)
    chunks = split_html(html, limit)
    assert "".join(chunks) == html
    assert all(0 < utf16_len(c) <= limit for c in chunks)
    for chunk in chunks:
        visible_length(chunk)  # raises on a broken entity or stray '<'


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.booleans(), _TEXT.map(lambda t: t[:200])), max_size=60))
def test_split_keeps_short_tags_balanced(parts: list[tuple[bool, str]]) -> None:
    """HTML mixing bold headings (shorter than a message) and text splits into valid messages."""
    html = "".join(f"<b>{escape(t)}</b>" if bold and t else escape(t) for bold, t in parts)
    chunks = split_html(html, 1000)
    assert "".join(chunks) == html
    for chunk in chunks:
        assert utf16_len(chunk) <= 1000
        visible_length(chunk)  # balanced tags, Telegram would accept it
