"""Text normalisation shared by transcripts and questions, so both sides compare alike."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Zero-width and bidi controls: invisible, they only break matching.
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")
# Lone surrogates are valid in JSON but not in UTF-8: they only break encoders downstream.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# NFKC turns ① into a bare 1 that runs into the next word ('1健身步道'); keep it a list marker.
_CIRCLED = re.compile(r"[\u2460-\u2473]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# "3. 4万户" in the seed: a number broken by a stray space.
_BROKEN_DECIMAL = re.compile(r"(?<=\d)\s*\.\s+(?=\d)|(?<=\d)\s+\.\s*(?=\d)")
# '1到7月' and '1至7月' (also '1-7月') are the same range.
_MONTH_RANGE = re.compile(r"(?<=\d)(?:到|-|~|—)(?=\d{1,2}月)")
_CN_DIGITS = "零〇一二两三四五六七八九十百千"
# Chinese numerals directly before a measure word or a date unit are numbers ("十个", "五月",
# "零点五万人"); elsewhere (一是, 第一场, 一些, 统一) they are words and must stay. 万/亿 stay
# as written so that "十二万人" reads "12万人", like the transcripts' own figures.
_CN_NUMBER = re.compile(
    rf"(?<![第{_CN_DIGITS}点])([{_CN_DIGITS}](?:[{_CN_DIGITS}]{{0,7}}(?:点[{_CN_DIGITS}]{{1,4}})?)?)"
    rf"(?=个|所|套|座|名|支|场|次|例|人|家|户|项(?!目)|辆|条|台|亩|吨|处|部|间|张|盏|件|份|批|块|棵|株|位|组|天|日|元|月|年|成|"
    rf"公里|平方米|米|万|亿|小时|分钟|周岁|岁)"
)
_DIGIT_BY_DIGIT = {ch: str(i) for i, ch in enumerate("〇一二三四五六七八九")} | {"零": "0", "两": "2"}
_PERCENT_WORDS = re.compile(rf"百分之([{_CN_DIGITS}点\d.]+)")


@lru_cache(maxsize=1)
def _t2s():
    """OpenCC's Traditional→Simplified converter (built once; it loads dictionaries)."""
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters → Simplified (OpenCC t2s)."""
    return _t2s().convert(text)


def normalise(text: str) -> str:
    """NFKC, Simplified characters, no invisible characters, digits for Chinese numerals."""
    text = _SURROGATE.sub("", text)
    text = _CIRCLED.sub(lambda m: f"{ord(m[0]) - 0x245F}、", text)
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    text = to_simplified(text)
    text = _BROKEN_DECIMAL.sub(".", text)
    text = _MONTH_RANGE.sub("至", text)
    text = _PERCENT_WORDS.sub(lambda m: _cn_to_number(m.group(1)) + "%", text)
    return _CN_NUMBER.sub(_number_unless_phrase, text)


# '一人一档', '一县一专班', '一次性': set phrases, not counts; a quote keeps them as said.
_ONE_PHRASE = re.compile(r"[\u4e00-\u9fff]一|次性")


def _number_unless_phrase(match: re.Match) -> str:
    """A Chinese numeral as digits, unless it is the 一 of a set phrase."""
    raw = match.group(1)
    if raw == "一" and _ONE_PHRASE.match(match.string, match.end()):
        return raw
    return _cn_to_number(raw)


def _cn_to_number(raw: str) -> str:
    """A Chinese numeral as Arabic digits; unchanged when it is not a well-formed numeral."""
    if raw.replace(".", "").isdigit():
        return raw
    if len(raw) >= 2 and set(raw) <= set(_DIGIT_BY_DIGIT):
        return "".join(_DIGIT_BY_DIGIT[ch] for ch in raw)  # 二〇二一 → 2021
    import cn2an

    try:
        value = cn2an.cn2an(raw.replace("两", "二"), "strict")
    except (ValueError, KeyError, IndexError):
        return raw
    return str(int(value)) if float(value).is_integer() else str(value)


def longest_named(hits: list[str], text: str) -> str:
    """Of names found in `text`, the longest, and of two as long the one said first ('双桥区加平泉市'
    → 双桥区): never the order a dict or set happened to hold them in."""
    return max(hits, key=lambda name: (len(name), -text.find(name)))
