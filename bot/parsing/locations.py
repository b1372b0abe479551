"""Building / unit / room extraction from normalised text.

Written as rules rather than learnt: the forms are a closed, well-specified set, the
spec wants exact values, and a regex scan costs a few microseconds per message.
Works on the output of ``normalize`` (Simplified, lower case, ASCII digits).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.parsing._regex import guarded
from bot.parsing.numerals import CN_NUM_CHARS, EN_WORDS, NUM, to_digits

_CN_DIGITS = "零〇一二两三四五六七八九"
# Not \b: between a digit and a Chinese character there is no word boundary in Unicode.
_EN_NUM = r"(?:\d{1,4}|" + "|".join(EN_WORDS) + r")(?![0-9a-z])"

# Order matters: at one position the first alternative that matches wins, so the
# complete forms come before their fragments (3-2-501 before a bare 501). Forms keyed
# on Chinese characters or digits and forms keyed on English words are two regexes, so
# the (common) all-Chinese message never pays for the English alternatives.
# A flat number as residents write it alone: floor then door (01-30), not a year.
_FLAT = r"(?!(?:19|20)\d\d(?!\d))[1-9]\d?(?:0[1-9]|[12]\d|30)(?![0-9])"

_ZH_FORMS = [
    # 3-2-501, b3-2-501
    r"(?<![0-9a-z\-./])(?P<t_b>[a-z]?\d{1,3})-(?P<t_u>\d{1,2})-(?P<t_r>\d{3,4})(?![0-9a-z\-])",
    # B区3栋 / B座3号楼 / B区3号
    rf"(?<![a-z])(?P<z_zone>[a-z])\s*(?:区|座)\s*(?P<z_b>{NUM})\s*(?:号楼|号栋|号幢|栋|幢|号|座)",
    # 3栋 3号楼 3幢 十二栋 B3栋 3#楼 3座
    rf"(?<![a-z])(?P<b_letter>[a-z])?\s*(?P<b_num>{NUM})\s*"
    r"(?:号楼|号栋|号幢|栋|幢|号座|座|#\s*楼?)",
    # B栋 / B座 standing alone
    r"(?<![a-z])(?P<l_b>[a-z])\s*(?:栋|幢|座)",
    # 2单元
    rf"(?P<u_num>{NUM})\s*单元",
    # 3号2单元: a bare 号 is a building only when a unit follows
    rf"(?P<h_b>{NUM})\s*号(?=\s*{NUM}\s*单元)",
    # 501室 / 五零一室 / 501房
    rf"(?<![0-9{_CN_DIGITS}])(?P<r_num>\d{{3,4}}|[{_CN_DIGITS}]{{3,4}})\s*(?:室|号房|房间|房|户)",
    # floors: not a location, but they may sit between a building and a room
    r"(?P<floor>(?<![0-9])\d{1,2}\s*(?:楼|层|f\b)|[一二三四五六七八九十两]{1,3}\s*(?:楼|层))",
    # "502的李爷爷", "楼上702": a flat number standing for the people who live there
    rf"(?<![0-9a-z.\-:/{CN_NUM_CHARS}])(?P<p_r>{_FLAT})(?=\s?(?:的|家|那家|号?住户))"
    rf"|(?<=楼上|楼下|对门|隔壁|对面)(?P<p_r2>{_FLAT})(?![0-9])",
    # 2-501 after a building
    r"(?<![0-9\-])(?P<ur_u>\d{1,2})-(?P<ur_r>\d{3,4})(?![0-9\-])",
    # a bare 501 / 五零一, a room only right after a building, unit or floor
    rf"(?<![0-9a-z.\-{CN_NUM_CHARS}])(?P<bare>\d{{3,4}}|[{_CN_DIGITS}]{{3,4}})"
    r"(?![0-9a-z])\s*(?:号|室)?",
]
_EN_FORMS = [
    # building 3, bldg. 3, block b3, blk 3, tower 2, building b
    r"\b(?:building|bldg|blk|block|tower)\.?\s*(?:no\.?\s*|number\s*|#\s*)?"
    rf"(?P<e_b>[a-z]\s?\d{{1,3}}(?![0-9a-z])|{_EN_NUM}|[a-z](?![0-9a-z])(?<!\bblock a)(?<!\bbuilding a))",
    # no. 3 building
    r"\bno\.?\s*(?P<e_b2>\d{1,3})\s*(?:building|bldg|block)\b",
    # unit 2 / entrance 2
    rf"\b(?:unit|entrance|ent)\.?\s*(?:no\.?\s*|#\s*)?(?P<e_u>{_EN_NUM})",
    # apt 501, room 501, flat 501, rm 501, suite 501, #501
    r"(?:\b(?:apt|apartment|room|rm|flat|suite)\.?\s*(?:no\.?\s*|#\s*)?|#\s*(?=\d{3}))"
    r"(?P<e_r>\d{2,4}[a-z]?(?![0-9a-z]))",
    # toneless pinyin: "3 dong 1 danyuan 402", "5 hao lou"
    r"(?<![0-9a-z])(?P<py_b>\d{1,3})\s?(?:dong|hao ?lou|zhuang)(?![a-z])",
    r"(?<![0-9a-z])(?P<py_u>\d{1,2})\s?dan ?yuan(?![a-z])",
    # "the family in 1502", "coming from 1104": a flat number after a preposition
    rf"(?:\bin|\bfrom|\bof|\bbelow|\babove|\bto|\bopposite)\s+(?:flat\s+|apt\s+)?(?P<e_r2>{_FLAT})(?![0-9a-z:.])",
    r"(?P<e_floor>\b\d{1,2}(?:st|nd|rd|th)?\s*floor\b|\bfloor\s*\d{1,2}\b|\b\d{1,2}/f\b"
    r"|\blevel\s*\d{1,2}\b)",
]
_TOKEN_ZH = guarded("|".join(_ZH_FORMS))
# All-ASCII text can only hold the digit-led Chinese-style forms (3-2-501, 2-501, a bare
# 501, 5f). The letter-led alternatives above make the scan try every Latin letter of
# an English message; this subset starts on digits only. A zone letter before 3-2-501
# ("b3-2-501") is picked up in ``_token`` from the character before the match.
_ASCII_FORMS = [
    r"(?<![0-9\-./])(?<![a-z][a-z])(?<![0-9\-./][a-z])"
    r"(?P<t_b>\d{1,3})-(?P<t_u>\d{1,2})-(?P<t_r>\d{3,4})(?![0-9a-z\-])",
    r"(?P<floor>(?<![0-9])\d{1,2}\s*f\b)",
    _ZH_FORMS[-2],
    r"(?<![0-9a-z.\-])(?P<bare>\d{3,4})(?![0-9a-z])\s*",
]
_TOKEN_ASCII = guarded("|".join(_ASCII_FORMS))
_TOKEN_EN = guarded("|".join(_EN_FORMS))
_NO_GROUPS: dict[str, Any] = dict.fromkeys(
    [*_TOKEN_ZH.groupindex, *_TOKEN_ASCII.groupindex, *_TOKEN_EN.groupindex]
)
_LATIN = re.compile(r"[a-z]{2}|#")

# What may sit between two tokens of one address: "3栋 2单元", "Building 3, Unit 2".
_JOIN = re.compile(r"[\s,，、/·\-的]*(?:of|in|at)?[\s,，、/·\-]*")

# The writer locating themself, not the problem: "我住5栋，3栋门口的灯坏了".
_SELF = re.compile(
    r"(?:我住|我家住|我家在|我住在|我们住|我们家|我是|本人|我在|住在|"
    r"i live in|i live at|i'm in|i am in|i'm from|i am from|we live in|we're in|we are in|"
    r"my flat is in|my home is in|i'm at|i stay in"
    # a signature: "——7栋 林"
    r"|--)\s*(?:的是|是)?\s*(?:the\s*)?$"
)

_SIGNATURE = re.compile(r"--\s*$")

# Kinds that may start an address on their own; the rest only extend one.
_STARTERS = frozenset({"full", "floor"})


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    building: str | None = None
    unit: str | None = None
    room: str | None = None
    has_floor: bool = False

    def empty(self) -> bool:
        return self.building is None and self.unit is None and self.room is None


@dataclass(frozen=True, slots=True)
class Location:
    building: str | None
    unit: str | None
    room: str | None


NO_LOCATION = Location(None, None, None)


def _room(raw: str) -> str | None:
    digits = to_digits(raw.rstrip("abcdefgh")) if not raw.isdigit() else str(int(raw))
    if digits is None or not 3 <= len(digits) <= 4:
        return None
    suffix = raw[len(raw.rstrip("abcdefgh")) :].upper()
    return digits + suffix


def _small(raw: str) -> str | None:
    """A building or unit number: at most three digits once converted."""
    value = to_digits(raw.replace(" ", ""))
    if value is None or len(value) > 3 or value == "0":
        return None
    return value


def _building(letter: str | None, raw: str | None) -> str | None:
    if raw is None:
        return letter.upper() if letter else None
    raw = raw.replace(" ", "")
    if len(raw) == 1 and "a" <= raw <= "z":
        return raw.upper()  # Tower B: a letter-only block stays a letter
    if raw[:1].isalpha() and raw[1:].isdigit():
        letter, raw = raw[0], raw[1:]
    number = _small(raw)
    if number is None:
        return None
    return (letter or "").upper() + number


def _looks_like_date(b: str, u: str, r: str) -> bool:
    return b.isdigit() and int(b) <= 31 and int(u) <= 12 and 1990 <= int(r) <= 2039


def _counted_buildings(m: re.Match[str]) -> bool:
    """两栋楼之间 counts buildings; 三栋楼道 is building 3's stairwell."""
    if m["b_num"].isdigit() or m["b_letter"]:
        return False
    after = m.string[m.end() : m.end() + 2]
    return after[:1] == "楼" and after[1:2] not in ("道", "下", "上", "梯", "顶", "门", "口")


def _token(m: re.Match[str]) -> tuple[str, str | None, str | None, str | None] | None:
    """(kind, building, unit, room) for one regex hit, or None when it is not usable."""
    # Group names differ between the Chinese and English scans: absent ones read None.
    g: dict[str, Any] = {**_NO_GROUPS, **m.groupdict()}
    if g["t_b"] is not None:
        if _looks_like_date(g["t_b"], g["t_u"], g["t_r"]):
            return None
        start = m.start("t_b")
        letter = m.string[start - 1] if start and "a" <= m.string[start - 1] <= "z" else None
        return "full", _building(letter, g["t_b"]), _small(g["t_u"]), _room(g["t_r"])
    if g["z_b"] is not None:
        return "full", _building(g["z_zone"], g["z_b"]), None, None
    if g["b_num"] is not None:
        if _counted_buildings(m):
            return None
        return "full", _building(g["b_letter"], g["b_num"]), None, None
    if g["l_b"] is not None:
        return "full", g["l_b"].upper(), None, None
    if g["u_num"] is not None:
        return "full", None, _small(g["u_num"]), None
    if g["h_b"] is not None:
        return "full", _building(None, g["h_b"]), None, None
    if g["p_r"] is not None or g["p_r2"] is not None:
        return "full", None, None, _room(g["p_r"] or g["p_r2"])
    if g["py_b"] is not None:
        return "full", _building(None, g["py_b"]), None, None
    if g["py_u"] is not None:
        return "full", None, _small(g["py_u"]), None
    if g["e_r2"] is not None:
        return "full", None, None, _room(g["e_r2"])
    if g["r_num"] is not None:
        return "full", None, None, _room(g["r_num"])
    if g["floor"] is not None or g["e_floor"] is not None:
        return "floor", None, None, None
    if g["e_b"] is not None or g["e_b2"] is not None:
        return "full", _building(None, g["e_b"] or g["e_b2"]), None, None
    if g["e_u"] is not None:
        unit = to_digits(g["e_u"])
        # "Unit 1203" is the flat, as in English-speaking estates; 单元 are small numbers.
        if unit is not None and len(unit) >= 3:
            return "full", None, None, _room(g["e_u"])
        return "full", None, _small(g["e_u"]), None
    if g["e_r"] is not None:
        return "full", None, None, _room(g["e_r"])
    if g["ur_u"] is not None:
        return "unit_room", None, _small(g["ur_u"]), _room(g["ur_r"])
    return "bare", None, None, _room(g["bare"])


def _mentions(text: str) -> list[tuple[_Mention, bool]]:
    """Group adjacent tokens into addresses; flag those that locate the writer."""
    out: list[tuple[_Mention, bool]] = []
    cur: _Mention | None = None
    matches = list((_TOKEN_ASCII if text.isascii() else _TOKEN_ZH).finditer(text))
    if _LATIN.search(text):
        matches += _TOKEN_EN.finditer(text)
        matches.sort(key=lambda m: m.start())
    for m in matches:
        if cur is not None and m.start() < cur.end:
            continue  # overlaps a token already taken ("#501" then its "501")
        tok = _token(m)
        if tok is None:
            continue
        kind, building, unit, room = tok
        if building is None and unit is None and room is None and kind != "floor":
            continue
        joined = (
            cur is not None
            and _JOIN.fullmatch(text, cur.end, m.start()) is not None
            and not (building and cur.building)
            and not (unit and cur.unit)
            and not (room and cur.room)
        )
        if cur is not None and joined:
            # A bare number or 2-501 is a room only after a building / unit / floor.
            anchored = cur.building is not None or cur.unit is not None or cur.has_floor
            if kind in ("bare", "unit_room") and not anchored:
                continue
            cur.end = m.end()
            cur.building = cur.building or building
            cur.unit = cur.unit or unit
            cur.room = cur.room or room
            cur.has_floor = cur.has_floor or kind == "floor"
            continue
        if kind not in _STARTERS:
            continue
        if cur is not None and not cur.empty():
            out.append((cur, _is_self(text, cur.start)))
        cur = _Mention(m.start(), m.end(), building, unit, room, kind == "floor")
    if cur is not None and not cur.empty():
        out.append((cur, _is_self(text, cur.start)))
    return out


def _is_self(text: str, start: int) -> bool:
    return _SELF.search(text, max(0, start - 16), start) is not None


# Every address form above contains a digit, one of these characters or one of these
# words; most chat messages contain none, and then the two scans are skipped.
_MAY_HOLD = guarded(
    r"[0-9#栋幢座单室号房户]|building|bldg|blk|block|tower|unit|entrance|\bent\b|apt|apartment"
    r"|room|\brm\b|flat|suite|dong|dan ?yuan|hao ?lou"
)


def may_hold_location(text: str) -> bool:
    """Cheap pre-check: False means ``extract_location(text)`` would find nothing."""
    return _MAY_HOLD.search(text) is not None


def extract_location(text: str) -> Location:
    """The problem's location in normalised ``text``.

    The first address that is not the writer introducing themself wins; when the
    writer's own address is the only one, the problem is presumably at home.
    """
    mentions = _mentions(text)
    if not mentions:
        return NO_LOCATION
    chosen = next((m for m, is_self in mentions if not is_self), None)
    if chosen is None:
        # Only the writer's own address: the problem is presumably at home, unless the
        # address is merely the signature under the message.
        homes = [
            m for m, _ in mentions if not _SIGNATURE.search(text, max(0, m.start - 4), m.start)
        ]
        if not homes:
            return NO_LOCATION
        chosen = homes[0]
    building = chosen.building
    if building is None and chosen.room is not None and chosen.unit is None:
        # "楼上1102的又在跳，我们是11栋的": a flat named alone sits in the one building
        # the message names elsewhere.
        others = {m.building for m, _ in mentions if m is not chosen and m.building and not m.room}
        if len(others) == 1:
            building = others.pop()
    return Location(building, chosen.unit, chosen.room)
