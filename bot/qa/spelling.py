"""Typo and homophone correction against the knowledge's own text (凤凰山大侨 → 凤凰山大桥).

A question's character pair that occurs nowhere in the knowledge is a typo candidate. It is
fixed, in this order, by swapping the two characters (凰凤 → 凤凰), by one character that sounds
the same (侨 → 桥, 圆 → 园), or for longer stretches by one edit towards a known term; a fix is
taken only when every pair it creates occurs in the knowledge, so ordinary words a transcript
never used are left alone.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.qa.lexicon import Lexicon, index_by_length
from bot.qa.terms import STOP_CHARS

MIN_EDIT_LENGTH = 4
# A word this common in jieba's dictionary is written as meant, not a typo of a knowledge term.
COMMON_WORD_FREQ = 500
MAX_WINDOW = 6
MAX_PLACE = 8  # the longest place name (or short form) a sound-alike may complete
# A question with more typos than this is rewritten too much to trust the result.
MAX_CORRECTIONS = 3
# Function words and measure words are what questions add around the knowledge's terms;
# a pair with one of them is new because of the question's grammar, not a typo.
# ('就业比8月底多了多少': 比 compares, never a typo of 毕 in '毕业')
NEVER_TYPOS = STOP_CHARS | frozenset("已个所套座名支场次例人家户项辆条台亩吨米元万亿之一二三四五六七八九十两共率比较跟与")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


class Speller:
    """Corrects a question's unknown character pairs using the knowledge's pairs and sounds."""

    def __init__(self, lexicon: Lexicon, corpus: str) -> None:
        self.pairs = Counter(corpus[i: i + 2] for i in range(len(corpus) - 1) if _cjk_pair(corpus[i: i + 2]))
        self.chars = {ch for pair in self.pairs for ch in pair}
        self.vocabulary = lexicon.vocabulary
        self.places = lexicon.places
        self.tokenizer = lexicon.tokenizer
        self.by_length = index_by_length(lexicon.vocabulary)
        self._by_sound: dict[str, list[str]] | None = None

    def correct(self, text: str) -> str:
        """The text with its typos fixed; unchanged when every pair is known."""
        for run in _CJK_RUN.findall(text):
            fixed = self._correct_run(run)
            if fixed != run:
                text = text.replace(run, fixed, 1)
        return text

    def _correct_run(self, run: str) -> str:
        """Correct one run of Chinese characters, each position at most once."""
        chars = list(run)
        touched = _place_names_in(run)  # '保定市' is a name, never a typo of a knowledge term ('保定时')
        for _ in range(MAX_CORRECTIONS):
            unknown = [i for i in range(len(chars) - 1) if self._unknown(chars, i) and not any(touched[i: i + 2])]
            if not unknown:
                break
            if not self._fix_one(chars, touched, unknown):
                break
        return "".join(chars)

    def _unknown(self, chars: list[str], i: int) -> bool:
        """True when the pair at i is in no transcript and is not just question grammar."""
        pair = chars[i] + chars[i + 1]
        return pair not in self.pairs and not set(pair) & NEVER_TYPOS

    def _fix_one(self, chars: list[str], touched: list[bool], unknown: list[int]) -> bool:
        """Apply the first fix that makes an unknown pair known; False when none does."""
        for i in unknown:
            for fix in (self._swap, self._sound_alike):
                if fix(chars, i, touched):
                    return True
        return self._edit(chars, touched, unknown)

    def _swap(self, chars: list[str], i: int, touched: list[bool]) -> bool:
        """凰凤 → 凤凰 when both characters look wrong where they are and every pair is known after."""
        if not (self._suspicious(chars, i) and self._suspicious(chars, i + 1)):
            return False
        trial = chars[:i] + [chars[i + 1], chars[i]] + chars[i + 2:]
        if self._fits(trial, i) and self._fits(trial, i + 1):
            chars[:] = trial
            touched[i: i + 2] = [True, True]
            return True
        return False

    def _sound_alike(self, chars: list[str], i: int, touched: list[bool]) -> bool:
        """A character that fits nowhere replaced by a same-sounding one that fits (侨 → 桥)."""
        best = None
        for position in (i + 1, i):
            if chars[position] in NEVER_TYPOS or not self._suspicious(chars, position):
                continue
            if position > 0 and chars[position - 1] in "哪这那" and chars[position] in "里儿边":
                continue  # '在哪里开的': a place word of the question's grammar ('哪力' is no fix)
            for candidate in self._same_sound(chars[position]):
                trial = chars[:position] + [candidate] + chars[position + 1:]
                if candidate in NEVER_TYPOS or not (self._fits(trial, position) or self._names_a_place(trial, position)):
                    continue
                support = sum(self.pairs[pair] for pair in _pairs_at(trial, position))
                if best is None or support > best[0]:
                    best = (support, position, candidate)
        if best is None:
            return False
        _, position, candidate = best
        chars[position] = candidate
        touched[position] = True
        return True

    def _names_a_place(self, chars: list[str], position: int) -> bool:
        """True when the character makes a place the knowledge names ('灵邱' → 灵丘, of 灵丘县): the
        pair after a place's name is the question's own ('灵丘农村公路'), known to no transcript."""
        for length in range(2, MAX_PLACE + 1):
            for start in range(max(0, position - length + 1), min(position, len(chars) - length) + 1):
                if "".join(chars[start: start + length]) in self.places:
                    return True
        return False

    def _suspicious(self, chars: list[str], position: int) -> bool:
        """True when no pair with this character is in the knowledge and one is plainly unknown."""
        states = [self._state(pair) for pair in _pairs_at(chars, position)]
        return "known" not in states and "unknown" in states

    def _fits(self, chars: list[str], position: int) -> bool:
        """True when the character's pairs are all known or grammar, and at least one is known."""
        states = [self._state(pair) for pair in _pairs_at(chars, position)]
        return "unknown" not in states and "known" in states

    def _state(self, pair: str) -> str:
        """'known' (in the knowledge), 'grammar' (has a function/measure word) or 'unknown'."""
        if pair in self.pairs:
            return "known"
        return "grammar" if set(pair) & NEVER_TYPOS else "unknown"

    def _edit(self, chars: list[str], touched: list[bool], unknown: list[int]) -> bool:
        """A 4+ character stretch one edit away from a known term (its other pairs may be new)."""
        run = "".join(chars)
        for length in range(min(MAX_WINDOW, len(run)), MIN_EDIT_LENGTH - 1, -1):
            for start in range(0, len(run) - length + 1):
                window = run[start: start + length]
                if window in self.vocabulary or any(touched[start: start + length]):
                    continue
                if not any(start <= i < start + length - 1 for i in unknown):
                    continue
                match = process.extractOne(window, self.by_length.get(length, []), scorer=OSA.distance, score_cutoff=1)
                if match and not self._extends_a_term(window, match[0]) and not self._changes_a_common_word(run, start, match[0]):
                    chars[start: start + length] = list(match[0])
                    touched[start: start + length] = [True] * length
                    return True
        return False

    def _extends_a_term(self, window: str, fixed: str) -> bool:
        """True when the window is a known term plus one more character and the edit changes that
        character: '中小学加起来' says 中小学 right and goes on with a plain word ('加'), which must not
        become a knowledge term ('中小学中'). A typo sits inside the term it spoils."""
        if len(window) != len(fixed):
            return False
        return (window[0] != fixed[0] and window[1:] in self.vocabulary) or (
            window[-1] != fixed[-1] and window[:-1] in self.vocabulary
        )

    def _changes_a_common_word(self, run: str, start: int, fixed: str) -> bool:
        """True when the edit changes a character of a common dictionary word of the question:
        '老旧小区完工率' is not a typo of '小区开工' — 完工 is a word."""
        changed = {start + i for i, (old, new) in enumerate(zip(run[start:], fixed)) if old != new}
        position = 0
        for word in self.tokenizer.lcut(run, HMM=False):
            span = set(range(position, position + len(word)))
            if len(word) >= 2 and span & changed and self.tokenizer.FREQ.get(word, 0) >= COMMON_WORD_FREQ:
                return True
            position += len(word)
        return False

    def _same_sound(self, char: str) -> list[str]:
        """Characters of the knowledge that sound like `char` (toneless pinyin), itself excluded."""
        if self._by_sound is None:
            table: dict[str, list[str]] = defaultdict(list)
            for known in sorted(self.chars):
                table[_char_pinyin(known)].append(known)
            self._by_sound = dict(table)
        return [c for c in self._by_sound.get(_char_pinyin(char), []) if c != char]


def _place_names_in(run: str) -> list[bool]:
    """For each character of a run, whether it belongs to a province or city name with its 省/市."""
    protected = [False] * len(run)
    for match in _place_names().finditer(run):
        protected[match.start(): match.end()] = [True] * (match.end() - match.start())
    return protected


@lru_cache(maxsize=1)
def _place_names() -> re.Pattern:
    """Any province or city name, with 省/市 when the question writes it."""
    from bot.places import known_place_names

    names = "|".join(sorted(map(re.escape, known_place_names()), key=len, reverse=True))
    return re.compile(rf"(?:{names})[省市]?")


def _pairs_at(chars: list[str], position: int) -> list[str]:
    """The pairs a character is part of: with its left and its right neighbour."""
    return [chars[j] + chars[j + 1] for j in (position - 1, position) if 0 <= j < len(chars) - 1]


def _cjk_pair(pair: str) -> bool:
    """Two Chinese characters."""
    return len(pair) == 2 and bool(_CJK.match(pair[0])) and bool(_CJK.match(pair[1]))


@lru_cache(maxsize=20000)
def _char_pinyin(char: str) -> str:
    """Toneless pinyin of one character (its most common reading); pypinyin is loaded on first use."""
    from pypinyin import lazy_pinyin

    return lazy_pinyin(char)[0]
