"""Whether two residents' messages are about the same problem, roughly: shared pieces of text.

Only ever asked of two messages already in the same building and category, so a loose
measure will do: the share of the shorter message's pieces (Chinese characters and pairs
of them, English words) that the other has too. Numbers, places and filler are left out: "3栋" or
"building" say where, not what.
"""

from __future__ import annotations

import re

from bot.parsing.normalize import normalize

THRESHOLD = 0.5

_HAN = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[a-z]{3,}")
# Places, times and filler that two different problems share as easily as two same ones.
_PARTICLES = frozenset(
    "的了吗呢啊呀吧哦也还都又在是我家们你他她这那就栋号室层个什么怎为啥候时哪谁请"
)
_PLACES = frozenset(
    {"单元", "元楼", "栋楼", "楼层", "今天", "昨天", "一早", "晚上", "早上", "现在"}
)
_FILLER_WORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "this",
        "that",
        "since",
        "again",
        "please",
        "still",
        "our",
        "ours",
        "your",
        "have",
        "has",
        "had",
        "not",
        "building",
        "unit",
        "floor",
        "flat",
        "apartment",
        "room",
        "here",
        "there",
        "today",
        "yesterday",
        "morning",
        "evening",
        "night",
        "days",
        "day",
        "week",
        "hours",
        "all",
        "any",
        "can",
        "could",
        "would",
        "from",
        "into",
        "out",
    ]
)


def pieces(text: str) -> frozenset[str]:
    normal = normalize(text)
    found: set[str] = set()
    for run in _HAN.findall(normal):
        found.update(c for c in run if c not in _PARTICLES)
        for i in range(len(run) - 1):
            pair = run[i : i + 2]
            if pair[0] not in _PARTICLES and pair[1] not in _PARTICLES and pair not in _PLACES:
                found.add(pair)
    found.update(w for w in _WORD.findall(normal) if w not in _FILLER_WORDS)
    return frozenset(found)


def likeness(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def alike(a: str, b: str) -> bool:
    return likeness(pieces(a), pieces(b)) >= THRESHOLD
