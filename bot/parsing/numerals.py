"""Chinese and English number words -> ASCII digit strings, for location numbers."""

from __future__ import annotations

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "幺": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

# Character class for a number written any way a resident might write it.
CN_NUM_CHARS = "零〇一幺二两三四五六七八九十百"
NUM = rf"(?:\d+|[{CN_NUM_CHARS}]+)"

EN_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}


def _positional(s: str) -> int | None:
    """Parse 十 / 百 forms: 十二=12, 二十=20, 三十五=35, 五百零一=501."""
    total = 0
    current = 0
    for ch in s:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch in _DIGITS:
            current = _DIGITS[ch]
        else:
            return None
    return total + current


def to_digits(s: str) -> str | None:
    """Return the ASCII digits for a number token, or None if it is not a number.

    Without 十/百 each character is a digit, which is how room numbers are read aloud
    (五零一 = 501) and how voice input transcribes them.
    """
    if s.isdigit():
        return str(int(s))
    if s in EN_WORDS:
        return str(EN_WORDS[s])
    if "十" in s or "百" in s:
        value = _positional(s)
        return None if value is None else str(value)
    digits = []
    for ch in s:
        if ch not in _DIGITS:
            return None
        digits.append(str(_DIGITS[ch]))
    return str(int("".join(digits))) if digits else None
