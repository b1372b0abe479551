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
# can split a word ("煤\u200b气味") and defeat every pattern below. Controls become a
# space; format characters are removed outright (not spaced) so "煤\u200b气味" is still
# 煤气味.
_CONTROLS = [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]
_INVISIBLES = [0xAD, *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2070), 0xFEFF]

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
# One table does what NFKC does to the common case (full-width ASCII, the ideographic
# space), folds Traditional to Simplified, and drops / spaces the invisible characters,
# so a message costs one ``translate``; NFKC runs only on what is still not NFKC-normal
# after it (rare compatibility characters: circled digits, ligatures, half-width kana).
_FULLWIDTH: dict[int, int | str] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_TABLE: dict[int, int | str | None] = {
    **_FULLWIDTH,
    0x3000: " ",
    **T2S,
    **_EXTRA,
    **dict.fromkeys(_CONTROLS, " "),
    **dict.fromkeys(_INVISIBLES),
}
_ASCII_TABLE = {c: " " for c in _CONTROLS if c < 0x80}
# ``translate`` with a dict costs ~0.1 us a character on non-ASCII text, so it runs only
# when the text holds a character that the cheap path below does not handle: the
# full-width punctuation of ordinary Simplified Chinese is swapped by ``str.replace``.
_COMMON = tuple((chr(c), chr(c - 0xFEE0)) for c in map(ord, "，！？：；（）"))
_RARE = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE) if chr(c) not in dict(_COMMON)) + "]"
).search


def normalize(text: str) -> str:
    """Canonical form: NFKC, lower case, Simplified script, single spaces, bounded length."""
    text = text[:MAX_CHARS]
    if text.isascii():
        if not text.isprintable():
            text = text.translate(_ASCII_TABLE)
    else:
        for full, half in _COMMON:
            if full in text:
                text = text.replace(full, half)
        if _RARE(text):
            text = text.translate(_TABLE)
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text).translate(_TABLE)
    # str.split() splits on exactly the characters ``\s`` matches, and drops the ends.
    return " ".join(text.split()).lower()
