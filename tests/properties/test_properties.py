"""Properties over the inputs people type: whatever arrives, the parsers answer within their
contract and never raise. Hypothesis generates the inputs; the counts are in settings."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.parsing import CATEGORIES, Parser
from bot.scheduling.when import At, Every, Unclear, parse_when
from bot.services.directory import DirectoryError, read_directory
from bot.telegram.arguments import parse_number
from bot.telegram.callbacks import ListView
from handlers.admin_lists import parse_view

PARSER = Parser()
ZONES = [ZoneInfo(z) for z in ("Asia/Shanghai", "Asia/Hong_Kong", "Europe/London", "UTC")]
# What residents type: Chinese, Latin, digits, punctuation both widths, emoji, controls.
ALPHABET = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.sampled_from("栋单元室号楼层电梯灯漏水坏了急救火着燃气煤气物业停车吵架"),
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.sampled_from("０１２３４５６７８９：＃＠，。！？　\n\t\u200b\u3000🔥👍"),
    st.characters(),
)
TEXT = st.text(ALPHABET, max_size=200)
MOMENTS = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)
EXAMPLES = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@EXAMPLES
@given(TEXT)
def test_the_parser_answers_anything_within_its_contract(text: str) -> None:
    result = PARSER.parse(text)
    assert 0.0 <= result.confidence <= 1.0
    assert result.category is None or result.category in CATEGORIES
    for field in (result.building, result.unit, result.room):
        assert field is None or (0 < len(field) <= 16 and field.strip() == field)
    assert PARSER.parse(text) == result  # the same words, the same verdict
    if result.urgent:
        assert result.is_request  # urgent is a kind of request


@EXAMPLES
@given(TEXT, MOMENTS, st.sampled_from(ZONES))
def test_time_expressions_never_land_in_the_past(text: str, now: datetime, zone: ZoneInfo) -> None:
    parsed = parse_when(text, now, zone)
    when = parsed.when
    assert isinstance(when, At | Every | Unclear)
    if isinstance(when, At):
        assert when.moment.tzinfo is not None and when.moment > now
    if isinstance(when, Every):
        assert when.first > now
        assert when.rule.next_after(when.first, zone) > when.first
    assert isinstance(parsed.rest, str)  # NFKC may lengthen it (… becomes ...)


@EXAMPLES
@given(
    st.integers(min_value=1, max_value=11),
    st.integers(min_value=0, max_value=59),
    MOMENTS,
    st.sampled_from(ZONES),
    st.sampled_from(["明天下午{h}点{m}分", "明天晚上{h}:{m:02d}", "tomorrow {h}:{m:02d}pm"]),
)
def test_tomorrow_afternoon_is_tomorrow_afternoon(
    hour: int, minute: int, now: datetime, zone: ZoneInfo, pattern: str
) -> None:
    if pattern.startswith("明天晚上") and hour < 6:
        hour += 6  # 晚上1点 is not an evening hour anybody writes
    when = parse_when(pattern.format(h=hour, m=minute) + " 坝坝会", now, zone).when
    assert isinstance(when, At), when
    local = when.moment.astimezone(zone)
    assert (local.hour, local.minute) == (hour + 12, minute)
    assert local.date() == now.astimezone(zone).date() + timedelta(days=1)


@EXAMPLES
@given(st.text(max_size=60), st.integers(min_value=0, max_value=999_999_999))
def test_request_numbers_as_typed(note: str, number: int) -> None:
    for typed in (f"{number} {note}", f"#{number} {note}", f"＃{number} {note}"):
        parsed = parse_number(typed)
        assert parsed is not None and parsed[0] == number
        rest = typed.strip().partition(" ")[2].strip() or None
        assert parsed[1] == rest
    anything = parse_number(note)
    assert anything is None or (anything[0] >= 0 and anything[0] < 10**9)


FILTER_WORD = st.builds(
    str.__add__,
    st.sampled_from(["", "category=", "state=", "grid=", "building=", "overdue", "owners"]),
    st.text(ALPHABET, max_size=20),
)


@EXAMPLES
@given(st.lists(FILTER_WORD, max_size=8))
def test_list_filters_as_typed_always_make_a_button(words: list[str]) -> None:
    view = parse_view(" ".join(words), {"A": 1, "B": 2})
    packed = view.pack()  # every filter fits a button, whatever was typed
    assert len(packed.encode()) <= 64
    assert ListView.unpack(packed) == view


# --- the directory file -------------------------------------------------------------

SCALARS = st.one_of(st.text(max_size=12), st.integers(min_value=-5, max_value=2**40), st.booleans())
PERSON = st.one_of(
    SCALARS,
    st.fixed_dictionaries(
        {}, optional={"id": SCALARS, "name": SCALARS, "username": SCALARS, "extra": SCALARS}
    ),
)
BUILDING = st.fixed_dictionaries(
    {}, optional={"number": SCALARS, "chat": SCALARS, "member": PERSON, "head": PERSON,
                  "floor_heads": st.lists(PERSON, max_size=2), "oops": SCALARS},
)  # fmt: skip
GRID = st.fixed_dictionaries(
    {}, optional={"code": SCALARS, "name": SCALARS, "leader": PERSON, "police": PERSON,
                  "building": st.lists(BUILDING, max_size=3)},
)  # fmt: skip
COMMUNITY = st.fixed_dictionaries(
    {}, optional={"name": SCALARS, "timezone": st.one_of(SCALARS, st.sampled_from(
        ["Asia/Shanghai", "Mars/Olympus"])), "admins": st.lists(PERSON, max_size=2),
        "grid": st.lists(GRID, max_size=3)},
)  # fmt: skip


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return (
            '"'
            + "".join(
                c if c.isprintable() and c not in '"\\' else f"\\U{ord(c):08x}" for c in value
            )
            + '"'
        )
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f'"{k}" = {_toml(v)}' for k, v in value.items()) + "}"


@EXAMPLES
@given(st.lists(COMMUNITY, max_size=3))
def test_the_directory_loader_accepts_or_explains(communities: list[dict]) -> None:
    text = f"community = {_toml(communities)}\n"
    assert tomllib.loads(text)["community"] == communities  # the generator writes real TOML
    try:
        plans = read_directory(text)
    except DirectoryError as error:
        assert error.problems and all(isinstance(p, str) and p for p in error.problems)
        return
    assert len(plans) == len(communities)


@EXAMPLES
@given(st.text(max_size=300))
def test_the_directory_loader_explains_any_text(text: str) -> None:
    try:
        read_directory(text)
    except DirectoryError as error:
        assert error.problems
