"""Location forms from the spec, and the numbers that must NOT become locations."""

from __future__ import annotations

import pytest

from bot.parsing import parse
from bot.parsing.locations import Location, extract_location
from bot.parsing.normalize import normalize
from bot.parsing.numerals import to_digits


def loc(text: str) -> tuple[str | None, str | None, str | None]:
    r = parse(text)
    return r.building, r.unit, r.room


@pytest.mark.parametrize(
    "text",
    [
        "3栋2单元501",
        "3号楼2单元501室",
        "3幢2单元501",
        "三栋二单元五零一",
        "3-2-501",
        "3栋2-501",
        "Building 3, Unit 2, Apt 501",
        "Bldg 3 unit 2 #501",
        "block 3 entrance 2 flat 501",
        "3棟2單元501室",
        "３栋２单元５０１",  # full-width digits
        "3栋 2单元 501室",
        "3#楼2单元501",
        "Room 501, Building 3, Unit 2",
    ],
)
def test_every_spec_form_gives_3_2_501(text: str) -> None:
    assert loc(f"{text}的水管漏水了") == ("3", "2", "501")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("B区3栋楼道灯坏了", ("B3", None, None)),
        ("B座3号楼门口", ("B3", None, None)),
        ("Block B3 bins overflowing", ("B3", None, None)),
        ("b区12栋", ("B12", None, None)),
        ("C座电梯坏了", ("C", None, None)),
    ],
)
def test_zone_letter_joins_the_building(text: str, expected: tuple[str | None, ...]) -> None:
    assert loc(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("两单元门口", (None, "2", None)),
        ("十二栋三单元四零二", ("12", "3", "402")),
        ("二十三栋两单元一〇二", ("23", "2", "102")),
        ("五栋三单元六〇一室", ("5", "3", "601")),
        ("九十九号楼", ("99", None, None)),
    ],
)
def test_chinese_numerals(text: str, expected: tuple[str | None, ...]) -> None:
    assert loc(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "我家住5楼，每天爬楼好累",
        "5层的走廊",
        "I live on the 5th floor",
        "floor 12 lights out",
        "12/F lobby",
    ],
)
def test_floors_are_not_locations(text: str) -> None:
    assert loc(text) == (None, None, None)


def test_floor_between_building_and_room_is_skipped() -> None:
    assert loc("3栋5楼502漏水") == ("3", None, "502")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我住5栋，3栋门口的灯坏了", ("3", None, None)),
        ("我是7栋2单元的，9栋门口垃圾没人收", ("9", None, None)),
        ("I live in building 5, the light at block 3 entrance is broken", ("3", None, None)),
        ("我住5栋，楼道灯坏了", ("5", None, None)),  # only the writer's address: use it
    ],
)
def test_problem_location_wins_over_the_writers(
    text: str, expected: tuple[str | None, ...]
) -> None:
    assert loc(text) == expected


def test_first_address_wins_over_the_neighbour_blamed() -> None:
    assert loc("３栋２单元501厨房顶上漏水，应该是楼上602的管子") == ("3", "2", "501")


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # Between two flats, the one flat number given is the location (docs/parsing.md).
        ("楼上602的管子漏水", (None, None, "602")),
        ("隔壁1203天天半夜剁肉", (None, None, "1203")),
        ("对门805家的狗叫了一晚上", (None, None, "805")),
        ("the guy in 1408 plays drums till 2am", (None, None, "1408")),
        ("music coming from 703 every night", (None, None, "703")),
        # ...and a building named elsewhere in the message completes it.
        ("楼上1506的又在砸墙，我们是8栋的", ("8", None, "1506")),
        ("The family in 904 stomps all night. We're in Building 12.", ("12", None, "904")),
    ],
)
def test_a_flat_number_standing_for_its_residents(text: str, want: tuple[str | None, ...]) -> None:
    assert loc(text) == want


@pytest.mark.parametrize(
    "text",
    ["in 2024 we paid twice", "物业多收了200的管理费", "meet at 1130 by the gate", "15楼02的灯"],
)
def test_years_prices_and_times_are_not_flats(text: str) -> None:
    assert loc(text)[2] is None


@pytest.mark.parametrize(
    "text",
    [
        "明天9点到17点停水",
        "2024-05-01停电通知",
        "物业多收了200元",
        "电话13812345678",
        "两栋楼之间的路灯坏了",
        "please block a parking space for the party",
        "3月5号开会",
        "一个人住",
    ],
)
def test_numbers_that_are_not_addresses(text: str) -> None:
    assert loc(text) == (None, None, None)


def test_unit_with_a_flat_sized_number_is_the_flat() -> None:
    assert extract_location(normalize("unit 1203 leaking")) == Location(None, None, "1203")


@pytest.mark.parametrize(
    ("raw", "digits"),
    [
        ("十", "10"),
        ("十二", "12"),
        ("二十", "20"),
        ("三十五", "35"),
        ("两", "2"),
        ("五零一", "501"),
        ("一〇二", "102"),
        ("五百零一", "501"),
        ("007", "7"),
        ("three", "3"),
        ("栋", None),
    ],
)
def test_to_digits(raw: str, digits: str | None) -> None:
    assert to_digits(raw) == digits


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("mei qi wei hen da, 5 dong 2 danyuan 301", ("5", "2", "301")),
        ("12 hao lou dian ti huai le", ("12", None, None)),
        ("3 dong 1 dan yuan lou dao deng bu liang", ("3", "1", None)),
    ],
)
def test_toneless_pinyin_addresses(text: str, want: tuple[str | None, ...]) -> None:
    assert loc(text) == want


def test_a_signature_is_the_writer_not_the_problem() -> None:
    assert loc("B2车库出口被一辆车堵死了，挪车电话没人接 ——9栋 王") == (None, None, None)
    assert loc("5栋门口的路灯不亮了 ——12栋 陈") == ("5", None, None)
