"""The one entry point: text in, the spec's seven fields out.

Stages, each in its own module: normalise -> model (request? which category?) ->
rules that are better as rules (danger now, "already fixed", admin vocabulary) ->
location. The model proposes, the rules overrule only where the spec is explicit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from bot.parsing._regex import guarded
from bot.parsing.locations import extract_location
from bot.parsing.model import CATEGORIES, CLASSES, Weights, iter_features, load_weights
from bot.parsing.normalize import normalize
from bot.parsing.urgency import detect_danger
from bot.parsing.vocabulary import CompiledVocabulary, Vocabulary

_PRIORITY = {c: i for i, c in enumerate(CATEGORIES)}
_CATEGORY_INDICES = range(1, len(CLASSES))

# "Already fixed" reports close a problem rather than open one...
_RESOLVED = guarded(
    r"已经?(?:修好|弄好|处理好|处理完|解决|恢复|清理干净|清走|收走|搞定)|(?:修|弄|搞|处理)好了|恢复(?:供水|供电|正常)了?"
    r"|清理干净了|来电了|来水了|有水了|有电了|亮了|通了"
    r"|(?:been|was|were|got|is|are) (?:fixed|repaired|sorted|resolved|cleared|cleaned|collected)"
    r"|fixed now|working (?:again|now)|back on"
)
# ...unless the writer says it is not, or is back: "修好了又坏了", "还没修好".
_STILL_BROKEN = guarded(
    r"又|还是|还没|没有?(?:修|弄|处理|解决)|并没|根本|再次|仍然|依然|没过多久|怎么又|不亮|没亮|没通"
    r"|again|still|not (?:fixed|working)|isn't|hasn't|n't|broke|but\b|however"
)

# Evidence weights as odds multipliers on "is a request" (log-space additions).
_RESOLVED_ODDS = math.log(0.04)
_VOCAB_ODDS = math.log(20.0)
_VOCAB_FLOOR = 0.6
_DANGER_FLOOR = 0.97


@dataclass(frozen=True, slots=True)
class ParseResult:
    is_request: bool
    category: str | None
    building: str | None
    unit: str | None
    room: str | None
    urgent: bool
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        """Exactly the spec's fields, in the spec's order."""
        return {
            "is_request": self.is_request,
            "category": self.category,
            "building": self.building,
            "unit": self.unit,
            "room": self.room,
            "urgent": self.urgent,
            "confidence": self.confidence,
        }


_EMPTY = ParseResult(False, None, None, None, None, False, 0.99)
_CONTENTLESS = ParseResult(False, None, None, None, None, False, 0.95)


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


class Parser:
    """Parses resident messages; cheap to call, construct once per vocabulary."""

    __slots__ = ("_vocab", "_weights")

    def __init__(self, vocabulary: Vocabulary | None = None, *, weights: Weights | None = None):
        self._weights = weights if weights is not None else load_weights()
        self._vocab = CompiledVocabulary(vocabulary)

    def parse(self, text: str) -> ParseResult:
        norm = normalize(text)
        if not norm:
            return _EMPTY

        if len({c for c in norm if c.isalpha()}) < 2:
            # "👍", "xxxx", "123", control junk: nothing a request could be made of. The
            # model's prior (requests are common in the corpus) must not decide these.
            return _CONTENTLESS
        probs = self._weights.probabilities(iter_features(norm))
        p_model = 1.0 - probs[0]
        model_category = CLASSES[max(_CATEGORY_INDICES, key=probs.__getitem__)]

        logit = _logit(p_model)
        danger = detect_danger(norm)
        if danger is None and _RESOLVED.search(norm) and not _STILL_BROKEN.search(norm):
            logit += _RESOLVED_ODDS
        vocab_categories = self._vocab.categories(norm) if self._vocab else set()
        if vocab_categories:
            logit += _VOCAB_ODDS
        p = _sigmoid(logit)
        if vocab_categories:
            p = max(p, _VOCAB_FLOOR)
        if danger is not None:
            p = max(p, _DANGER_FLOOR)

        is_request = p >= 0.5
        category: str | None = None
        if is_request:
            # The spec fixes the category of some dangers (gas is safety, a fall is care).
            # Otherwise the model's category counts as "detected" only when the model
            # itself sees a request; admin words compete with it in tie-break order.
            detected = set(vocab_categories)
            if danger is not None and danger.category:
                detected = {danger.category}
            elif p_model >= 0.5 or not detected:
                detected.add(model_category)
            category = min(detected, key=_PRIORITY.__getitem__)

        loc = extract_location(norm)
        return ParseResult(
            is_request=is_request,
            category=category,
            building=loc.building,
            unit=loc.unit,
            room=loc.room,
            urgent=danger is not None,
            confidence=round(p if is_request else 1.0 - p, 4),
        )


_default: Parser | None = None


def parse(text: str, vocabulary: Vocabulary | None = None) -> ParseResult:
    """Parse with the shipped model; pass ``vocabulary`` for a community's extra words."""
    global _default
    if vocabulary:
        return Parser(vocabulary).parse(text)
    if _default is None:
        _default = Parser()
    return _default.parse(text)


__all__ = ["CLASSES", "ParseResult", "Parser", "parse"]
