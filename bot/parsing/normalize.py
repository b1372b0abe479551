"""Text normalisation shared by every stage of the parser.

One canonical form lets the location regexes, the danger rules and the n-gram model
be written once, for Simplified Chinese, and still read Traditional Chinese, full-width
digits and odd spacing the same way.
"""

from __future__ import annotations

import re
import unicodedata

from bot.parsing._t2s import T2S

# Telegram caps a message at 4,096 characters; anything longer did not come from a
# resident typing, and bounding the input bounds the per-message cost.
MAX_CHARS = 4096

# Control characters, zero-width marks and bidi overrides carry no meaning for us but
# can split a word ("煤\u200b气味") and defeat every pattern below.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
# Format characters are removed outright (not spaced) so "煤\u200b气味" is still 煤气味.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]+")
_SPACES = re.compile(r"\s+")

# NFKC already maps full-width ASCII; these are the look-alikes it leaves alone.
_EXTRA: dict[int, int | str] = {
    ord(k): v
    for k, v in {
        "－": "-",
        "—": "-",
        "–": "-",
        "‐": "-",
        "‑": "-",
        "−": "-",
        "～": "~",
        "＃": "#",
    }.items()
}
_T2S_TABLE: dict[int, int | str] = {**T2S, **_EXTRA}


def normalize(text: str) -> str:
    """Canonical form: NFKC, lower case, Simplified script, single spaces, bounded length."""
    text = text[:MAX_CHARS]
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_T2S_TABLE)
    text = _INVISIBLE.sub("", _CONTROL.sub(" ", text))
    text = _SPACES.sub(" ", text)
    return text.strip().lower()
