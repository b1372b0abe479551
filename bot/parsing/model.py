"""N-gram classifier: features, the shipped weights, and inference.

Two linear heads over one bag of features:

* a binary head, "is this a request?" (logistic, temperature-calibrated), and
* a category head over the spec's nine slugs, trained on requests only, so the words
  that say "not a request" do not also have to encode the category.

Features are character 1-3 grams of the normalised text (Chinese needs no segmentation
this way, and Traditional input arrives already folded to Simplified) plus, for any
Latin-script words, word unigrams and bigrams. Pure-Python inference: one dict look-up
per feature and a C-level ``sum`` of packed ints (below), so importing the parser stays
cheap (no numpy). The weights are trained by ``scripts/train_parser.py`` and shipped
as ``model.json.gz`` next to this file.
"""

from __future__ import annotations

import gzip
import json
import re
import struct
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain, islice, repeat
from operator import add
from pathlib import Path
from typing import Any

MODEL_PATH = Path(__file__).with_name("model.json.gz")
FORMAT = 2

# The spec's slugs in tie-break order.
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
# Packed fields: 0 is the request head's logit, 1..9 the category head's scores.
FIELDS: tuple[str, ...] = ("request", *CATEGORIES)

# Digits say where, not what: folding them keeps "3栋" and "12栋" one feature.
_DIGITS = str.maketrans("0123456789", "0000000000")
# The same as ``.translate(_DIGITS)``, several times faster on non-ASCII text.
_FOLD_DIGITS = re.compile("[1-9]").sub
_WORD = re.compile(r"[a-z][a-z']+")
# Character grams are for Chinese, which has no word boundaries. English text carrying
# one emoji is not ASCII, but its letter trigrams would only echo its words (and the
# emoji of chatty training lines outvoted whole English complaints): words alone, then.
_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")


def _has_cjk(norm: str) -> bool:
    return not norm.isascii() and _CJK.search(norm) is not None


def _symbols(norm: str) -> list[str]:
    """The non-ASCII characters of text without Chinese: its emoji still say something."""
    return [c for c in norm if c > "\x7f"]


# Whole short messages ("ok", "收到", "👍") are their own strongest evidence.
_SHORT = 6
# English words longer than this also count by their first _STEM letters, and by their
# first _SHORT_STEM: crude stemming ("flood" for flooding, "bran" for branches) that also
# survives most typos at the end of a word.
_STEM = 5
_SHORT_STEM = 4


def char_grams(norm: str) -> list[str]:
    """Character 1-3 grams of normalised non-ASCII text, with start/end marks.

    All-ASCII (English) text gets only the whole-message feature when it is short:
    its words say more, for a tenth of the look-ups (see ``word_grams``).
    """
    t = "\x02" + norm.translate(_DIGITS) + "\x03"
    grams = ["=" + t] if len(norm) <= _SHORT else []
    if not _has_cjk(norm):
        return grams + _symbols(norm)
    bigrams = list(map(add, t, t[1:]))
    grams += t[1:-1]
    grams += bigrams
    grams += map(add, bigrams, t[2:])
    return grams


def word_grams(norm: str) -> list[str]:
    """Latin-script words, word bigrams and word stems (see ``_stems``)."""
    words = _WORD.findall(norm)
    return words + list(map(add, map(add, words, repeat(" ")), words[1:])) + _stems(words)


def _stems(words: list[str]) -> list[str]:
    """Each longer word's first _STEM and first _SHORT_STEM letters, marked with "~"."""
    return [w[:_STEM] + "~" for w in words if len(w) > _STEM] + [
        w[:_SHORT_STEM] + "~" for w in words if len(w) > _SHORT_STEM
    ]


def features(norm: str) -> list[str]:
    """All features of normalised text as strings (training and inspection)."""
    return char_grams(norm) + ["w:" + w for w in word_grams(norm)]


# Scoring packs the ten weights of a feature into ONE Python int, each a 32-bit
# fixed-point field, so the per-message sum over ~150 matched n-grams is a single
# C-level ``sum()`` of ints instead of 1,500 float additions in the interpreter, and
# the fields come back out of the sum with one ``struct.unpack``.
# Fields are offset to stay non-negative; a last field counts the hits, so the offset
# times the number of hits can be subtracted when unpacking. A field holds 2^32 / 2^17
# = 32,768 hits before it could overflow; a message (4,096 characters at most, see
# ``normalize.MAX_CHARS``) has fewer than 20,000 features.
_SCALE = 1000  # weights are stored to 3 decimals anyway
_FIELD = 32
_OFFSET = 1 << 16  # > max |weight| * _SCALE (weights are clipped to +-_CLIP)
_CLIP = (_OFFSET - 1) / _SCALE
_SHIFTS = tuple(range(0, _FIELD * len(FIELDS), _FIELD))
_COUNT_SHIFT = _FIELD * len(FIELDS)
_ONE_HIT = 1 << _COUNT_SHIFT
_UNPACK = struct.Struct(f"<{len(FIELDS) + 1}I").unpack
_NBYTES = (len(FIELDS) + 1) * _FIELD // 8
_N_CATS = len(CATEGORIES)

# Precomputed slices: ``map(t.__getitem__, islice(_BI, n))`` makes each bigram with one
# slice instead of two one-character strings and a concatenation.
_MAX_T = 4096 + 2
_BI = tuple(slice(i, i + 2) for i in range(_MAX_T))
_TRI = tuple(slice(i, i + 3) for i in range(_MAX_T))


def pack(row: Iterable[float]) -> int:
    return pack_sparse(enumerate(row))


# Every field's offset and the hit count: a row of zeros. Adding a weight's signed
# fixed-point value at its field's shift gives the same int as packing the offset
# field, so a sparse row (a few non-zero weights of ten) costs only its non-zeros.
_ZERO_ROW = sum(_OFFSET << s for s in _SHIFTS) + _ONE_HIT


def pack_sparse(pairs: Iterable[tuple[int, float]]) -> int:
    """``pack`` of a row given as (field, weight) pairs; absent fields are 0."""
    return _ZERO_ROW + sum(
        round(max(-_CLIP, min(_CLIP, w)) * _SCALE) << _SHIFTS[c] for c, w in pairs if w
    )


@dataclass(frozen=True, slots=True)
class Weights:
    """Per-feature weights of both heads (sparse on disk, packed ints in memory).

    ``rows`` maps a feature (``features`` spelling: words carry a ``w:`` prefix) to its
    ten weights in ``FIELDS`` order.
    """

    bias: tuple[float, ...]
    rows: Mapping[str, tuple[float, ...]]
    temperature: float
    chars: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    words: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    # Category biases scaled like the packed fields, so the argmax can run on raw fields.
    cat_bias: tuple[int, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.chars and not self.words:
            for f, row in self.rows.items():
                if f.startswith("w:"):
                    self.words[f[2:]] = pack(row)
                else:
                    self.chars[f] = pack(row)
        if not self.cat_bias:
            object.__setattr__(self, "cat_bias", tuple(round(b * _SCALE) for b in self.bias[1:]))

    def packed_sum(self, norm: str, words: list[str] | None = None) -> int:
        """Sum of the packed rows of every feature of ``norm`` (the hot path).

        ``words`` is ``_WORD.findall(norm)`` when the caller has it already.
        """
        get = self.chars.get
        t = "\x02" + _FOLD_DIGITS("0", norm) + "\x03"
        total = get("=" + t, 0) if len(norm) <= _SHORT else 0
        if not norm.isascii() and not _has_cjk(norm):
            total += sum(filter(None, map(get, _symbols(norm))))
        elif _has_cjk(norm):
            n = len(t)
            sl = t.__getitem__
            # ``filter(None, ...)`` drops the misses before they reach the big-int sum
            # (a packed row is never 0: it always counts its hit).
            grams = chain(t[1:-1], map(sl, islice(_BI, n - 1)), map(sl, islice(_TRI, n - 2)))
            total += sum(filter(None, map(get, grams)))
        if words is None:
            words = _WORD.findall(norm) if _HAS_LATIN(norm) else []
        if words:
            wget = self.words.get
            pairs = map(add, map(add, words, repeat(" ")), words[1:])
            total += sum(filter(None, map(wget, chain(words, pairs, _stems(words)))))
        return total

    def scores(self, norm: str) -> list[float]:
        """Raw field scores: [request logit, nine category scores]."""
        fields = _UNPACK(self.packed_sum(norm).to_bytes(_NBYTES, "little"))
        base = fields[-1] * _OFFSET
        return [b + (f - base) / _SCALE for b, f in zip(self.bias, fields, strict=False)]

    def unpack(self, total: int) -> tuple[float, tuple[int, ...]]:
        """(calibrated request logit, raw fields) of a ``packed_sum``."""
        fields = _UNPACK(total.to_bytes(_NBYTES, "little"))
        logit = (self.bias[0] + (fields[0] - fields[-1] * _OFFSET) / _SCALE) / self.temperature
        return logit, fields

    def category(self, fields: tuple[int, ...]) -> str:
        """Best category from ``unpack``'s raw fields (the hit offset is the same for all)."""
        cats = list(map(add, fields[1 : _N_CATS + 1], self.cat_bias))
        return CATEGORIES[cats.index(max(cats))]

    def predict(self, norm: str, words: list[str] | None = None) -> tuple[float, str]:
        """(calibrated request logit, best category) for normalised text."""
        logit, fields = self.unpack(self.packed_sum(norm, words))
        return logit, self.category(fields)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "fields": list(FIELDS),
            "bias": [round(b, 4) for b in self.bias],
            "temperature": self.temperature,
            "rows": {
                f: [[c, round(w, 3)] for c, w in enumerate(row) if w]
                for f, row in self.rows.items()
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Weights:
        _check_format(data)
        zero = (0.0,) * len(FIELDS)
        rows = {}
        chars: dict[str, int] = {}
        words: dict[str, int] = {}
        for f, sparse in data["rows"].items():
            dense = list(zero)
            for c, w in sparse:
                dense[c] = w
            rows[f] = tuple(dense)
            # Packed straight from the sparse pairs: loading is on every start's path.
            if f.startswith("w:"):
                words[f[2:]] = pack_sparse(sparse)
            else:
                chars[f] = pack_sparse(sparse)
        return cls(tuple(data["bias"]), rows, float(data["temperature"]), chars, words)

    def save(self, path: Path) -> None:
        raw = json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"))
        # mtime=0 keeps the file byte-identical across identical trainings.
        with open(path, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0) as gz:
            gz.write(raw.encode("utf-8"))


_HAS_LATIN = re.compile(r"[a-z]{2}").search

_cache: dict[Path, Weights] = {}


def load_weights(path: Path = MODEL_PATH) -> Weights:
    """Load once per process; the parser never downloads anything."""
    weights = _cache.get(path)
    if weights is None:
        weights = _cache[path] = _load_packed(path)
    return weights


def _check_format(data: dict[str, Any]) -> None:
    if data.get("format") != FORMAT or tuple(data["fields"]) != FIELDS:
        raise ValueError("model file does not match this parser version; retrain it")


def _load_packed(path: Path) -> Weights:
    """Only the packed rows inference uses, and without the decoded file's litter.

    The decoded JSON (~35 MB of small lists) is freed once read, but the feature names
    kept from it would sit among its freed blocks and keep them all from going back to
    the system: every worker would carry them. So the names and packed rows are first
    copied into two flat objects, the JSON is dropped, and the dictionaries are built
    afterwards from those: ~22 MB less resident per process. The dense float rows are
    read from the file again only if something asks for them (training, tests)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    _check_format(data)
    bias, temperature = tuple(data["bias"]), float(data["temperature"])
    names = "\n".join(data["rows"])
    packed = b"".join(
        pack_sparse(sparse).to_bytes(_NBYTES, "little") for sparse in data["rows"].values()
    )
    del data
    chars: dict[str, int] = {}
    words: dict[str, int] = {}
    for n, name in enumerate(names.split("\n")):
        value = int.from_bytes(packed[n * _NBYTES : (n + 1) * _NBYTES], "little")
        if name.startswith("w:"):
            words[name[2:]] = value
        else:
            chars[name] = value
    return Weights(bias, _RowsOnDisk(path), temperature, chars, words)


class _RowsOnDisk(Mapping[str, tuple[float, ...]]):
    """The model's dense rows, read from its file on first use: inference never needs them."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._rows: dict[str, tuple[float, ...]] | None = None

    def _loaded(self) -> dict[str, tuple[float, ...]]:
        if self._rows is None:
            with gzip.open(self._path, "rt", encoding="utf-8") as fh:
                self._rows = dict(Weights.from_json(json.load(fh)).rows)
        return self._rows

    def __getitem__(self, feature: str) -> tuple[float, ...]:
        return self._loaded()[feature]

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())
