"""What people corrected, laid on top of the shipped model without retraining it.

A community's corrections are kept as an exemplar memory: normalised texts with the label
people gave them (the latest correction of a text wins). A message very like one of them
(character-bigram Jaccard at or above MATCH) takes that label; anything else is left to the
shipped model. Plain data in, no storage: bot/services/learning.py fits and loads these.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from bot.parsing.normalize import normalize
from bot.parsing.parser import ParseResult

# Two texts share at least 60 % of their character bigrams: the same complaint with a word
# or a building number changed ("3栋门口快递柜又坏了" / "5栋门口快递柜又坏了": 0.80), while
# two different complaints about the same thing stay below ("快递柜又坏了" / "快递柜被人砸了":
# 0.22). tests/parsing/test_corrections.py holds both sides.
MATCH = 0.6
# A correction may silence a danger the rules found (or turn off urgency) only for a text
# that is nearly the very one corrected: a different message naming gas or fire is never
# dropped because of a look-alike.
NEAR_IDENTICAL = 0.9
# A corrected label is as sure as a person's word: above the filing threshold.
CONFIDENCE = 0.95


@dataclass(frozen=True, slots=True)
class Correction:
    text: str  # normalised
    is_request: bool
    category: str | None
    urgent: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "is_request": self.is_request,
            "category": self.category,
            "urgent": self.urgent,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Correction:
        return cls(
            str(data["text"]),
            bool(data["is_request"]),
            data.get("category"),
            bool(data.get("urgent", False)),
        )


def bigrams(normalised: str) -> frozenset[str]:
    """Character bigrams of the letters and digits: punctuation and spaces do not count."""
    chars = "".join(c for c in normalised if c.isalnum())
    if len(chars) < 2:
        return frozenset([chars]) if chars else frozenset()
    return frozenset(chars[i : i + 2] for i in range(len(chars) - 1))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def fit(labelled: Iterable[Correction]) -> list[Correction]:
    """Normalise, and keep one label per text: the latest."""
    latest: dict[str, Correction] = {}
    for example in labelled:
        text = normalize(example.text)
        if not text:
            continue
        latest.pop(text, None)  # re-inserted last: the order stays oldest to newest
        latest[text] = replace(example, text=text)
    return list(latest.values())


class TextParser(Protocol):
    def parse(self, text: str) -> ParseResult: ...


class CorrectedParser:
    """The shipped parser first; then the closest correction, when it is close enough."""

    def __init__(self, base: TextParser, corrections: Sequence[Correction]) -> None:
        self._base = base
        self._memory = [(bigrams(c.text), c) for c in corrections]

    def nearest(self, text: str) -> tuple[Correction, float] | None:
        grams = bigrams(normalize(text))
        best: tuple[Correction, float] | None = None
        for known, correction in self._memory:
            score = similarity(grams, known)
            # Ties go to the later correction.
            if score >= MATCH and (best is None or score >= best[1]):
                best = (correction, score)
        return best

    def parse(self, text: str) -> ParseResult:
        parsed = self._base.parse(text)
        found = self.nearest(text)
        if found is None:
            return parsed
        correction, score = found
        near_identical = score >= NEAR_IDENTICAL
        if (
            parsed.urgent
            and not near_identical
            and not (correction.is_request and correction.urgent)
        ):
            return parsed  # a danger is silenced only by a correction of this very text
        if not correction.is_request:
            return replace(
                parsed,
                is_request=False,
                category=None,
                urgent=False,
                danger=None,
                confidence=CONFIDENCE,
            )
        urgent = correction.urgent
        return replace(
            parsed,
            is_request=True,
            category=correction.category or parsed.category,
            urgent=urgent,
            danger=parsed.danger if urgent else None,
            confidence=max(parsed.confidence if parsed.is_request else 0.0, CONFIDENCE),
        )
