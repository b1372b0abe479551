"""The fast paths of the normaliser and the packed model scoring agree with the slow ones."""

from __future__ import annotations

import unicodedata

import pytest

from bot.parsing.model import _WORD, CATEGORIES, load_weights
from bot.parsing.normalize import normalize


def _reference(text: str) -> str:
    """What normalize() is defined to do, written the slow, obvious way."""
    import re

    from bot.parsing._t2s import T2S
    from bot.parsing.normalize import _EXTRA, MAX_CHARS

    text = unicodedata.normalize("NFKC", text[:MAX_CHARS]).translate({**T2S, **_EXTRA})
    text = re.sub("[\x00-\x1f\x7f-\x9f\u2028\u2029]+", " ", text)
    text = re.sub("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]+", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


@pytest.mark.parametrize(
    "text",
    [
        "３栋２单元５０１厨房漏水",
        "煤\u200b气味！！",
        "電梯壞了，請儘快維修",
        "Gas\tsmell\x00in  Bldg 3",
        "\u3000３号楼\u3000门口",
        "①号楼 ﬁre ㎡ ｶﾀｶﾅ",
        "e\u0301 cafe\u0301",
        "plain ascii, nothing to do",
        "ＡＢＣ＃１２－３",
        "line\u2028break\x85next",
        "",
    ],
)
def test_normalize_matches_reference(text: str) -> None:
    assert normalize(text) == _reference(text)


@pytest.mark.parametrize(
    "text",
    ["3栋2单元楼道灯坏了", "the lift in block 5 is broken again", "電梯壞了 lift broken", "ok"],
)
def test_packed_scores_equal_float_scores(text: str) -> None:
    weights = load_weights()
    norm = normalize(text)
    from bot.parsing.model import features

    want = list(weights.bias)
    for f in features(norm):
        row = weights.rows.get(f)
        if row:
            want = [a + b for a, b in zip(want, row, strict=True)]
    got = weights.scores(norm)
    assert got == pytest.approx(want, abs=1e-6)
    logit, category = weights.predict(norm, _WORD.findall(norm))
    assert logit == pytest.approx(want[0] / weights.temperature, abs=1e-6)
    assert category == CATEGORIES[max(range(len(CATEGORIES)), key=lambda i: want[i + 1])]
