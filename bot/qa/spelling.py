"""Typo and homophone correction against the knowledge's own vocabulary (凤凰山大侨 → 凤凰山大桥)."""

from __future__ import annotations

import re

from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.qa.lexicon import Lexicon, index_by_length
from bot.qa.terms import STOP_CHARS

# Shorter windows than this are corrected only when they sound exactly like a known term
# (幼儿圆 → 幼儿园); an edit on two or three characters is too often another word.
MIN_EDIT_LENGTH = 4
MAX_WINDOW = 6
# A question with more typos than this is rewritten too much to trust the result.
MAX_CORRECTIONS = 3
# Function words and measure words are what questions add around the knowledge's terms;
# a bigram with one of them is new because of the question's grammar, not a typo.
NEVER_TYPOS = STOP_CHARS | frozenset("已个所套座名支场次例人家户项辆条台亩吨米元万亿")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


class Speller:
    """Replaces windows of a question that match no known text by a known term one edit or one sound away."""

    def __init__(self, lexicon: Lexicon, known_grams: set[str]) -> None:
        self.by_length = index_by_length(lexicon.vocabulary)
        self.known_grams = known_grams  # every character bigram of the knowledge
        self._sounds: dict[int, dict[str, str]] | None = None
        self.vocabulary = lexicon.vocabulary

    def correct(self, text: str) -> str:
        """The text with unknown windows replaced; unchanged when every bigram is known."""
        for run in _CJK_RUN.findall(text):
            fixed = self._correct_run(run)
            if fixed != run:
                text = text.replace(run, fixed, 1)
        return text

    def _correct_run(self, run: str) -> str:
        """Correct one run of Chinese characters, each character at most once."""
        fixed = [False] * len(run)
        for _ in range(MAX_CORRECTIONS):
            change = self._first_fix(run, fixed)
            if change is None:
                return run
            start, length, replacement = change
            run = run[:start] + replacement + run[start + length:]
            fixed[start: start + length] = [True] * len(replacement)
        return run

    def _first_fix(self, run: str, fixed: list[bool]) -> tuple[int, int, str] | None:
        """(start, length, replacement) of the longest window worth correcting, or None."""
        unknown = [
            i for i in range(len(run) - 1)
            if run[i: i + 2] not in self.known_grams and not set(run[i: i + 2]) & NEVER_TYPOS
        ]
        if not unknown:
            return None
        for length in range(min(MAX_WINDOW, len(run)), 1, -1):
            for start in range(0, len(run) - length + 1):
                window = run[start: start + length]
                if any(fixed[start: start + length]) or window in self.vocabulary:
                    continue
                if not any(start <= i < start + length - 1 for i in unknown):
                    continue
                replacement = self._replacement(window)
                if replacement:
                    return start, length, replacement
        return None

    def _replacement(self, window: str) -> str | None:
        """A known term that sounds the same, or (for longer windows) is one edit away."""
        sound = self._sound_index(len(window)).get(_pinyin(window))
        if sound and sound != window:
            return sound
        if len(window) >= MIN_EDIT_LENGTH:
            match = process.extractOne(window, self.by_length.get(len(window), []), scorer=OSA.distance, score_cutoff=1)
            if match:
                return match[0]
        return None

    def _sound_index(self, length: int) -> dict[str, str]:
        """Toneless pinyin → term, per length (built on first use: pypinyin is only needed for typos)."""
        if self._sounds is None:
            self._sounds = {}
            for size, words in self.by_length.items():
                table: dict[str, str] = {}
                for word in sorted(words):
                    table.setdefault(_pinyin(word), word)
                self._sounds[size] = table
        return self._sounds.get(length, {})


def _pinyin(text: str) -> str:
    """Toneless pinyin, syllables joined by spaces (per character, so windows and terms agree)."""
    return " ".join(_char_pinyin(ch) for ch in text)


@lru_cache(maxsize=20000)
def _char_pinyin(char: str) -> str:
    """Toneless pinyin of one character (its most common reading)."""
    from pypinyin import lazy_pinyin

    return lazy_pinyin(char)[0]
