"""Reading the grid directory file: every problem reported with its TOML path and line."""

from __future__ import annotations

import pytest

from bot.domain.models import Role
from bot.services.directory import DirectoryError, read_directory
from tests.conftest import GRID


def problems(text: str) -> list[str]:
    with pytest.raises(DirectoryError) as error:
        read_directory(text)
    return error.value.problems


def test_the_contract_example_reads() -> None:
    (community,) = read_directory(GRID)
    assert (community.name, community.timezone) == ("和美社区", "Asia/Shanghai")
    grid_a, grid_b = community.grids
    assert [b.number for b in grid_a.buildings] == ["3", "5", "7"]
    assert {role for role, _ in grid_a.posts} == {
        Role.LEADER,
        Role.HEALTH_WORKER,
        Role.LEGAL_ADVISER,
        Role.POLICE,
    }
    building3 = grid_a.buildings[0]
    assert building3.chat == -1003
    assert [(role, ref.name) for role, ref in building3.posts] == [
        (Role.MEMBER, "李长明"),
        (Role.HEAD, "周楼长"),
    ]
    by_username = grid_b.buildings[0].posts[0][1]
    assert (by_username.telegram_id, by_username.username) == (None, "b3_member")


BROKEN = """\
[[community]]
name = "和美社区"
timezone = "Asia/Shanghai"

[[community.grid]]
code = "A"
name = "一期"

[[community.grid]]
code = "B"
name = "二期"

[[community.grid.building]]
number = "1"

[[community.grid.building]]
number = "2"

[[community.grid.building]]
number = "3"

[[community.grid.building]]
number = "4"

[[community.grid.building]]
member = { id = 3001, name = "李长明" }
"""


def test_missing_number_names_the_path_and_line() -> None:
    assert problems(BROKEN) == ["community[0].grid[1].building[4].number: missing (line 25)"]


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ('timezone = "Mars/Base"', "community[0].timezone: unknown time zone 'Mars/Base' (line 3)"),
        ("admins = 5", "community[0].admins: must be a list of people (line 3)"),
        ('admins = [{ name = "王" }]', "community[0].admins[0]: needs id or username"),
        ("admins = [{ id = 1 }]", "community[0].admins[0]: name: missing"),
        (
            'admins = [{ id = -5, name = "王" }]',
            "community[0].admins[0]: id: must be a positive Telegram user id",
        ),
        (
            'admins = [{ username = "no way", name = "王" }]',
            "community[0].admins[0]: username: must be a Telegram username",
        ),
        (
            'admins = [{ id = 1, name = "王", phone = "x" }]',
            "community[0].admins[0]: unknown key phone",
        ),
        ('colour = "red"', "community[0].colour: unknown key (line 3)"),
    ],
)
def test_community_level_problems(snippet: str, expected: str) -> None:
    text = f'[[community]]\nname = "和美社区"\n{snippet}\n'
    assert [p.split(" (line")[0] for p in problems(text)] == [expected.split(" (line")[0]]
    if "(line" in expected:
        assert problems(text) == [expected]


def test_grid_and_building_problems_are_all_reported_at_once() -> None:
    text = """\
[[community]]
name = "和美社区"

[[community.grid]]
name = "一期"
leader = "张三"

[[community.grid.building]]
number = "3"
chat = "群"
memebr = { id = 1, name = "李" }

[[community.grid.building]]
number = "3"
"""
    assert problems(text) == [
        "community[0].grid[0].code: missing (line 4)",
        'community[0].grid[0].leader: must be a table like { id = 123, name = "…" } (line 6)',
        "community[0].grid[0].building[0].memebr: unknown key (line 11)",
        "community[0].grid[0].building[0].chat: must be a Telegram chat id (a negative number for groups) (line 10)",
        "community[0].grid[0].building[1].number: duplicate building '3' (line 14)",
    ]


def test_duplicates_across_the_file() -> None:
    text = """\
[[community]]
name = "甲"
[[community.grid]]
code = "A"
name = "一"
[[community.grid.building]]
number = "1"
chat = -100
[[community.grid]]
code = "A"
name = "二"
[[community.grid.building]]
number = "2"
chat = -100
[[community]]
name = "甲"
"""
    assert problems(text) == [
        "community[0].grid[1].code: duplicate grid code 'A' (line 10)",
        "community[0].grid[1].building[0].chat: chat -100 bound twice (line 14)",
        "community[1].name: duplicate community '甲' (line 16)",
    ]


def test_not_toml_and_empty_files() -> None:
    assert problems("[[community]\n")[0].startswith("not valid TOML")
    assert problems("") == ["community: missing (the file needs at least one [[community]])"]
    assert problems('[[communty]]\nname = "x"\n')[0] == "communty: unknown key"


def test_numbers_may_be_written_as_integers_and_zone_letters_are_upper_case() -> None:
    text = '[[community]]\nname = "甲"\n[[community.grid]]\ncode = "A"\nname = "一"\n[[community.grid.building]]\nnumber = 12\n[[community.grid.building]]\nnumber = "b3"\n'
    (community,) = read_directory(text)
    assert [b.number for b in community.grids[0].buildings] == ["12", "B3"]
