"""What may be shown where: the group sees a request's building and unit, never a phone
number or a flat; the people handling it see everything."""

from __future__ import annotations

import re

# Mainland mobiles (138 0013 8000, +86-138…), landlines (010-12345678), and long digit runs.
_PHONE = re.compile(
    r"(?<![\d])(?:\+?86[\s-]?)?(?:1[3-9]\d(?:[\s-]?\d){8}|0\d{2,3}[\s-]?\d{7,8}|\d{7,})(?![\d])"
)
# 501室, 501号, 1202房, room 501, flat 12, #501, and the parser's own room number.
_FLAT = re.compile(
    r"(?:\d{1,5}\s*(?:室|号房|号|房|户))|(?:(?:room|flat|apt\.?|apartment)\s*#?\s*\d{1,5})|(?:#\d{3,5})",
    re.IGNORECASE,
)
HIDDEN = "***"
# What an anonymised request says instead of the resident's words.
ANONYMISED = "—"


def redact(text: str, room: str | None = None) -> str:
    """The text as a group may read it."""
    text = _PHONE.sub(HIDDEN, text)
    text = _FLAT.sub(HIDDEN, text)
    if room:
        text = re.sub(rf"(?<!\d){re.escape(room)}(?!\d)", HIDDEN, text)
    return text


def has_phone(text: str) -> bool:
    return _PHONE.search(text) is not None
