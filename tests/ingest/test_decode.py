"""Bytes → text: every encoding an admin may save a transcript in, and every kind of non-text."""

from __future__ import annotations

import codecs
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.ingest.decode import DecodeError, decode
from tests.conftest import SEED_TRANSCRIPT

# Mixed Chinese, ASCII, full-width punctuation and typographic quotes, over several lines.
TEXT = "各位记者朋友们：\r\n棚户区改造工程已开工4433套，完成率98.5%。\n“互联网+医疗”——承德市（第一场）\n"
SEED_TEXT = SEED_TRANSCRIPT.read_text(encoding="utf-8")

ROUND_TRIPS = [
    pytest.param(TEXT.encode("utf-8"), "utf-8", id="utf-8"),
    pytest.param(codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig", id="utf-8-bom"),
    pytest.param(TEXT.encode("gb18030"), "gb18030", id="gb18030"),
    pytest.param(TEXT.encode("gbk"), "gb18030", id="gbk"),
    pytest.param(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16", id="utf-16-le-bom"),
    pytest.param(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16", id="utf-16-be-bom"),
]


@pytest.mark.parametrize(("data", "encoding"), ROUND_TRIPS)
def test_round_trip_to_the_same_text(data: bytes, encoding: str) -> None:
    assert decode(data) == (TEXT, encoding)


@pytest.mark.parametrize("codec", ["gbk", "gb18030", "utf-16"])
def test_the_whole_seed_transcript_round_trips(codec: str) -> None:
    """A real 10 kB transcript, not just one line, passes the GB18030 plausibility check."""
    text, _ = decode(SEED_TEXT.encode(codec))
    assert text == SEED_TEXT


def _line_of_first(data: bytes, needle: bytes) -> int:
    return data.count(b"\n", 0, data.index(needle)) + 1


_RANDOM = random.Random(20210430)
RANDOM_BYTES = bytes(_RANDOM.randrange(256) for _ in range(4096))
RANDOM_NO_NUL = bytes(_RANDOM.randrange(1, 256) for _ in range(4096))
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"

NOT_TEXT = [
    pytest.param(b"", 1, id="empty"),
    pytest.param(b" \r\n\t\n  ", 1, id="whitespace-only"),
    pytest.param(b"line one\nline two\n\x00\x01\x02", 3, id="nul-on-line-3"),
    pytest.param(PNG, _line_of_first(PNG, b"\x00"), id="png-header"),
    pytest.param(RANDOM_BYTES, _line_of_first(RANDOM_BYTES, b"\x00"), id="random-bytes"),
    pytest.param(RANDOM_NO_NUL, None, id="random-bytes-without-nul"),
    pytest.param("hello\nworld\nnaïve café\n".encode("latin-1"), 3, id="latin-1-bad-byte-on-line-3"),
    pytest.param("Résumé de la conférence\nCafé\n".encode("latin-1"), 1, id="latin-1-french"),
    pytest.param(codecs.BOM_UTF8 + b"a\nb\nc\nsome text \xff\n", 4, id="utf-8-bom-then-invalid-mid-line-4"),
    pytest.param(
        codecs.BOM_UTF8 + b"a\nb\nc\n\xff\n",
        4,
        id="utf-8-bom-then-invalid-at-start-of-line-4",
    ),
    pytest.param(
        codecs.BOM_UTF16_LE + "a\nb\n".encode("utf-16-le") + b"\x00\xd8" + "x\n".encode("utf-16-le"),
        3,
        id="utf-16-bom-lone-surrogate-on-line-3",
    ),
    pytest.param(codecs.BOM_UTF16_LE + "好".encode("utf-16-le") + b"\x00", 1, id="utf-16-odd-length"),
    pytest.param(
        "Grüße aus München\nÄrger über Öl\n".encode("latin-1"),
        1,
        id="latin-1-german",
    ),
    pytest.param(
        "línea\nniño año señor\n".encode("latin-1"),
        1,
        id="latin-1-spanish",
    ),
]


@pytest.mark.parametrize(("data", "line"), NOT_TEXT)
def test_not_text_is_a_decode_error_with_the_line(data: bytes, line: int | None) -> None:
    with pytest.raises(DecodeError) as caught:
        decode(data)
    assert str(caught.value), "the error must say why"
    if line is not None:
        assert caught.value.line == line
    else:
        assert 1 <= caught.value.line <= data.count(b"\n") + 1


def test_decode_error_is_a_value_error() -> None:
    """Front ends catch ValueError for user-caused problems."""
    assert issubclass(DecodeError, ValueError)


# Text as a transcript may hold it: any character but surrogates (not encodable) and NUL.
_any_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=300)


@settings(max_examples=150, deadline=None)
@given(_any_text)
def test_utf8_with_bom_round_trips_any_text(text: str) -> None:
    assert decode(codecs.BOM_UTF8 + text.encode("utf-8"))[0] == text


@settings(max_examples=150, deadline=None)
@given(_any_text, st.sampled_from([(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]))
def test_utf16_with_bom_round_trips_any_text(text: str, bom_codec: tuple[bytes, str]) -> None:
    bom, codec = bom_codec
    assert decode(bom + text.encode(codec))[0] == text


@settings(max_examples=150, deadline=None)
@given(_any_text.filter(lambda t: t.encode("utf-8").strip() and not t.startswith("\ufeff")))
def test_utf8_without_bom_round_trips_any_text(text: str) -> None:
    assert decode(text.encode("utf-8")) == (text, "utf-8")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=200), st.binary(max_size=200))
def test_any_bytes_with_a_nul_are_binary_at_the_nul_line(before: bytes, after: bytes) -> None:
    data = before.replace(b"\x00", b"") + b"\x00" + after
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = b"x" + data  # a BOM declares UTF-16 text, where NUL bytes are normal
    with pytest.raises(DecodeError) as caught:
        decode(data)
    assert caught.value.line == _line_of_first(data, b"\x00")
