"""The one entry point: text in, the spec's seven fields out.

Stages, each in its own module: normalise -> model (request? which category?) ->
rules that are better as rules (danger now, "already fixed", admin vocabulary) ->
location. The model proposes, the rules overrule only where the spec is explicit.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from bot.parsing._regex import guarded
from bot.parsing.locations import NO_LOCATION, extract_location, may_hold_location
from bot.parsing.model import CATEGORIES, Weights, load_weights
from bot.parsing.nonrequest import classify
from bot.parsing.normalize import normalize
from bot.parsing.urgency import detect_danger
from bot.parsing.vocabulary import CompiledVocabulary, Vocabulary

# Latin-script words, shared by the model and the English danger scan.
_WORD = re.compile(r"[a-z][a-z']+")
_HAS_LATIN = re.compile(r"[a-z]{2}").search

_PRIORITY = {c: i for i, c in enumerate(CATEGORIES)}

# "Already fixed" reports close a problem rather than open one...
_RESOLVED = guarded(
    r"已经?(?:修好|弄好|处理好|处理完|解决|恢复|清理干净|清走|收走|搞定)|(?:修|弄|搞|处理)好了|恢复(?:供水|供电|正常)了?"
    r"|清理干净了|来电了|来水了|水来了|电来了|有水了|有电了|亮了|通了"
    r"|(?:been|was|were|got|is|are) (?:fixed|repaired|sorted|resolved|cleared|cleaned|collected)"
    r"|fixed now|working (?:again|now)|back on"
)
# ...unless the writer says it is not, or is back: "修好了又坏了", "还没修好".
_STILL_BROKEN = guarded(
    r"又|还是|还没|没有?(?:修|弄|处理|解决)|并没|根本|再次|仍然|依然|没过多久|怎么又|不亮|没亮|没通"
    r"|again|still|not (?:fixed|working)|isn't|hasn't|n't|broke|but\b|however"
)

# Aid for the elderly, the disabled and families in hardship is `care` by the contract
# when asked for someone ("我妈八十二了，高龄补贴在哪申请"); the same question asked in
# general ("低保怎么申请？") stays a policy `consultation`.
_CARE_AID = guarded(
    r"低保|最低生活保障|高龄(?:补贴|津贴)|养老(?:服务)?补贴|残疾人?(?:补贴|津贴|证)|困难补助|临时救助|助餐"
    r"|居家养老|护理补贴|长者生活津贴|生果金|low[- ]income (?:allowance|support|aid)|dibao"
    r"|(?:elderly|old[- ]age|disability) (?:allowance|subsidy|benefit)"
)
_SOMEONE = guarded(
    r"我妈|我爸|我母亲|我父亲|我婆婆|我公公|我爷爷|我奶奶|我外公|我外婆|老人|老爷子|老太太|我家|家里|我们家|屋头|阿妈|阿爸|阿爷|嫲嫲"
    r"|\bmy (?:mum|mom|mother|dad|father|grandma|grandmother|grandpa|grandfather|parents|family|son|daughter)"
)

# Evidence weights as odds multipliers on "is a request" (log-space additions).
_RESOLVED_ODDS = math.log(0.04)
_REOPENED_ODDS = math.log(8.0)
_VOCAB_ODDS = math.log(20.0)
_VOCAB_FLOOR = 0.6
_DANGER_FLOOR = 0.97
# A message whose form says "not a request" (a notice, an ad, a found card) is silent
# unless an admin's word or a current danger says otherwise.
_FORM_CEILING = 0.1


@dataclass(frozen=True, slots=True)
class ParseResult:
    is_request: bool
    category: str | None
    building: str | None
    unit: str | None
    room: str | None
    urgent: bool
    confidence: float
    # Which danger makes it urgent (gas, fire, person, trapped, missing, ...): what to do
    # now depends on it. Not one of the spec's fields: `to_dict` leaves it out.
    danger: str | None = None

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


class Parser:
    """Parses resident messages; cheap to call, construct once per vocabulary."""

    __slots__ = ("_vocab", "_weights")

    def __init__(self, vocabulary: Vocabulary | None = None, *, weights: Weights | None = None):
        self._weights = weights if weights is not None else load_weights()
        compiled = CompiledVocabulary(vocabulary)
        self._vocab = compiled if compiled else None

    def parse(self, text: str) -> ParseResult:
        norm = normalize(text)
        if not norm:
            return _EMPTY
        if len(norm) <= 24 and len(set(filter(str.isalpha, norm))) < 2:
            # "👍", "xxxx", "123", control junk: nothing a request could be made of. The
            # model's prior (requests are common in the corpus) must not decide these.
            return _CONTENTLESS

        weights = self._weights
        words = _WORD.findall(norm) if _HAS_LATIN(norm) else []
        logit, fields = weights.unpack(weights.packed_sum(norm, words))
        model_says_request = logit >= 0.0
        danger = detect_danger(norm, words)
        form = classify(norm)
        if form is not None:
            # A notice, an ad or an alarm explained away names a danger without reporting one.
            if form.silences_danger:
                danger = None
            if form.odds is not None:
                logit += form.odds
        if danger is None and _RESOLVED.search(norm):
            # "已经修好了" closes a problem; "修好了又坏了" / "说是修好了，其实还是不亮" reopens it.
            logit += _REOPENED_ODDS if _STILL_BROKEN.search(norm) else _RESOLVED_ODDS
        vocab = self._vocab
        vocab_categories = vocab.categories(norm) if vocab is not None else None
        if vocab_categories:
            logit += _VOCAB_ODDS
        p = 1e-13 if logit < -30.0 else 1.0 / (1.0 + math.exp(-logit))  # sigmoid
        if form is not None and form.odds is None:
            p = min(p, _FORM_CEILING)
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
            if danger is not None and danger.category:
                category = danger.category
            elif vocab_categories:
                detected = set(vocab_categories)
                if model_says_request:
                    detected.add(weights.category(fields))
                category = min(detected, key=_PRIORITY.__getitem__)
            else:
                category = weights.category(fields)
            if (
                category in ("consultation", "other")
                and _CARE_AID.search(norm)
                and _SOMEONE.search(norm)
            ):
                category = "care"

        loc = extract_location(norm) if may_hold_location(norm) else NO_LOCATION
        return ParseResult(
            is_request,
            category,
            loc.building,
            loc.unit,
            loc.room,
            danger is not None,
            round(p if is_request else 1.0 - p, 4),
            danger.kind if danger is not None else None,
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


__all__ = ["ParseResult", "Parser", "parse"]
