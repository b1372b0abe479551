"""Character n-gram classifier: features, the shipped weights, and inference.

A multinomial logistic regression over character 1-3 grams (plus English word
tokens). Chinese needs no segmentation this way, Traditional input arrives already
folded to Simplified, and inference is a few dict look-ups per character in pure
Python, so importing the parser stays cheap (no numpy). The weights are trained by
``scripts/train_parser.py`` and shipped as ``model.json.gz`` next to this file.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain, pairwise, repeat
from operator import add
from pathlib import Path
from typing import Any

MODEL_PATH = Path(__file__).with_name("model.json.gz")

# Class 0 is "not a request"; the rest are the spec's slugs in tie-break order.
NONE = "none"
CATEGORIES: tuple[str, ...] = (
    "safety",
    "care",
    "dispute",
    "facilities",
    "sanitation",
    "parking",
    "property",
    "consultation",
    "other",
)
CLASSES: tuple[str, ...] = (NONE, *CATEGORIES)

# Digits say where, not what: folding them keeps "3栋" and "12栋" one feature.
_DIGITS = str.maketrans("0123456789", "0000000000")
_WORD = re.compile(r"[a-z][a-z']+")


def features(norm: str) -> list[str]:
    """Features of normalised text (see ``normalize``); repeats count, as in a bag of n-grams.

    Built with ``map(operator.add, ...)`` rather than slicing loops: this runs for every
    message and is a third of the parser's cost.
    """
    t = "\x02" + norm.translate(_DIGITS) + "\x03"
    bigrams = list(map(add, t, t[1:]))
    feats = list(t[1:-1])
    feats += bigrams
    feats += map(add, bigrams, t[2:])
    if len(t) <= 8:
        # Whole short messages ("ok", "收到", "👍") are their own strongest evidence.
        feats.append("=" + t)
    if norm.isascii():
        words = _WORD.findall(norm)
        feats += ["w:" + w for w in words]
        feats += [f"w:{a}_{b}" for a, b in pairwise(words)]
    return feats


# Scoring packs the ten class weights of a feature into ONE Python int, each class a
# 40-bit fixed-point field, so the per-message sum over ~60 matched n-grams is a single
# C-level ``sum()`` of ints instead of 600 float additions in the interpreter (3-4x
# faster on the whole parse). Fields are offset to stay non-negative; the offset times
# the number of hits is subtracted when unpacking.
_SCALE = 1000  # weights are stored to 3 decimals anyway
_FIELD = 40
_MASK = (1 << _FIELD) - 1
_OFFSET = 1 << 24  # > max |weight| * _SCALE; ~2^16 hits before a field could overflow
_SHIFTS = tuple(range(0, _FIELD * len(CLASSES), _FIELD))
# One more field counts the hits, so the offset can be removed without a list of hits.
_COUNT_SHIFT = _FIELD * len(CLASSES)
_ONE_HIT = 1 << _COUNT_SHIFT


def pack(row: Iterable[float]) -> int:
    fields = sum((round(w * _SCALE) + _OFFSET) << s for w, s in zip(row, _SHIFTS, strict=True))
    return fields + _ONE_HIT


def iter_features(norm: str) -> Iterable[str]:
    """Same features as ``features`` (order aside), lazily: the hot path only sums them."""
    t = "\x02" + norm.translate(_DIGITS) + "\x03"
    bigrams = list(map(add, t, t[1:]))
    parts: list[Iterable[str]] = [t[1:-1], bigrams, map(add, bigrams, t[2:])]
    if len(t) <= 8:
        parts.append(("=" + t,))
    if norm.isascii():
        words = _WORD.findall(norm)
        parts.append(["w:" + w for w in words])
        parts.append([f"w:{a}_{b}" for a, b in pairwise(words)])
    return chain.from_iterable(parts)


@dataclass(frozen=True, slots=True)
class Weights:
    """Per-feature class weights (sparse on disk, packed ints in memory)."""

    bias: tuple[float, ...]
    rows: dict[str, tuple[float, ...]]
    temperature: float
    packed: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.packed:
            self.packed.update((f, pack(row)) for f, row in self.rows.items())

    def scores(self, feats: Iterable[str]) -> list[float]:
        total = sum(map(self.packed.get, feats, repeat(0)))
        base = (total >> _COUNT_SHIFT) * _OFFSET
        return [
            b + (((total >> s) & _MASK) - base) / _SCALE
            for b, s in zip(self.bias, _SHIFTS, strict=True)
        ]

    def probabilities(self, feats: Iterable[str]) -> list[float]:
        s = self.scores(feats)
        t = self.temperature
        top = max(s)
        e = [math.exp((x - top) / t) for x in s]
        z = sum(e)
        return [x / z for x in e]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": 1,
            "classes": list(CLASSES),
            "bias": [round(b, 4) for b in self.bias],
            "temperature": self.temperature,
            "rows": {
                f: [[c, round(w, 3)] for c, w in enumerate(row) if w] for f, row in self.rows.items()
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Weights:
        if data.get("format") != 1 or tuple(data["classes"]) != CLASSES:
            raise ValueError("model file does not match this parser version; retrain it")
        k = len(CLASSES)
        zero = (0.0,) * k
        rows = {}
        for f, sparse in data["rows"].items():
            dense = list(zero)
            for c, w in sparse:
                dense[int(c)] = float(w)
            rows[f] = tuple(dense)
        return cls(tuple(data["bias"]), rows, float(data["temperature"]))

    def save(self, path: Path) -> None:
        raw = json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"))
        # mtime=0 keeps the file byte-identical across identical trainings.
        with open(path, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0) as gz:
            gz.write(raw.encode("utf-8"))


_cache: dict[Path, Weights] = {}


def load_weights(path: Path = MODEL_PATH) -> Weights:
    """Load once per process; the parser never downloads anything."""
    weights = _cache.get(path)
    if weights is None:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            weights = Weights.from_json(json.load(fh))
        _cache[path] = weights
    return weights
