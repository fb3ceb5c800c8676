"""Everyday words people ask with, mapped to the words press conferences use (bot/qa/synonyms.txt)."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def synonyms() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(everyday word, formal words) pairs, longest everyday word first."""
    text = resources.files("bot.qa").joinpath("synonyms.txt").read_text(encoding="utf-8")
    pairs = []
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) >= 2:
            pairs.append((words[0], tuple(words[1:])))
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


class Plain:
    """Rewrites a question's everyday words into the ones a knowledge snapshot uses.

    A word is replaced only when the knowledge never uses it and uses one of its formal words,
    so a question that already matches the knowledge is never changed.
    """

    def __init__(self, corpus: str) -> None:
        self._corpus = corpus
        self._known: dict[str, bool] = {}

    def _uses(self, word: str) -> bool:
        known = self._known.get(word)
        if known is None:
            known = self._known[word] = word in self._corpus
        return known

    def rewrite(self, text: str) -> str:
        """The text with unknown everyday words replaced by a formal word the knowledge uses."""
        for everyday, formal in synonyms():
            if everyday in text and not self._uses(everyday):
                used = next((word for word in formal if self._uses(word)), None)
                if used is not None:
                    text = text.replace(everyday, used)
        return text
