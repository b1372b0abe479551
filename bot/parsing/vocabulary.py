"""Per-community extra words: admins teach a category a local name without retraining."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot.parsing.model import CATEGORIES
from bot.parsing.normalize import normalize

Vocabulary = Mapping[str, Sequence[str]]


class CompiledVocabulary:
    """Matches normalised text against the admins' words (script- and width-insensitive)."""

    __slots__ = ("_pattern", "_word_category")

    def __init__(self, vocabulary: Vocabulary | None) -> None:
        self._word_category: dict[str, str] = {}
        for category, words in (vocabulary or {}).items():
            if category not in CATEGORIES:
                raise ValueError(f"unknown category {category!r}; expected one of {CATEGORIES}")
            if isinstance(words, str):
                raise TypeError(f"words for {category!r} must be a list, not a string")
            for word in words:
                norm = normalize(word)
                if norm:
                    # First category listed keeps a word claimed twice: config order decides.
                    self._word_category.setdefault(norm, category)
        self._pattern: re.Pattern[str] | None = None
        if self._word_category:
            ordered = sorted(self._word_category, key=len, reverse=True)
            self._pattern = re.compile("|".join(_word_regex(w) for w in ordered))

    def __bool__(self) -> bool:
        return self._pattern is not None

    def categories(self, norm: str) -> set[str]:
        """Categories whose words occur in normalised text."""
        if self._pattern is None:
            return set()
        return {self._word_category[m.group(0)] for m in self._pattern.finditer(norm)}


def _word_regex(word: str) -> str:
    escaped = re.escape(word)
    # Latin words match whole words only, so "shed" does not fire inside "finished".
    if word[:1].isascii() and word[:1].isalnum():
        escaped = r"(?<![a-z0-9])" + escaped
    if word[-1:].isascii() and word[-1:].isalnum():
        escaped += r"(?![a-z0-9])"
    return escaped
