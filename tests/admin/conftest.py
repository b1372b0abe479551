"""Admin tests: the test community plus a second community with its own admin, and a
larger generated community for broadcasts that take long enough to follow and cancel."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from devtools.sandbox import Sandbox, sandbox
from tests.story import EVERYONE, User

GRID = (Path(__file__).parent.parent / "grid.toml").read_text("utf-8")
OTHER_ADMIN = User(1002, "李主任")
OTHER_GROUP = -1009
TWO_COMMUNITIES = (
    GRID
    + f"""
[[community]]
name = "幸福社区"
timezone = "Asia/Shanghai"
admins = [{{ id = {OTHER_ADMIN.id}, name = "{OTHER_ADMIN.name}" }}]

[[community.grid]]
code = "C"
name = "幸福小区"

[[community.grid.building]]
number = "9"
chat = {OTHER_GROUP}
"""
)
FAST = {"admin": {"progress_seconds": 0.2}}


def many_buildings(count: int) -> str:
    """The test community with `count` more bound buildings in grid M (chats -2001…)."""
    lines = ['\n[[community.grid]]\ncode = "M"\nname = "大网格"\n']
    for i in range(count):
        lines.append(f'[[community.grid.building]]\nnumber = "{100 + i}"\nchat = {-2001 - i}\n')
    # Appended to the first community: its grids are the last [[community.grid]] tables.
    return GRID + "".join(lines)


def many_chats(count: int) -> list[int]:
    return [-2001 - i for i in range(count)]


@pytest.fixture
async def admin_box(sqlite_url: str) -> AsyncIterator[Sandbox]:
    async with sandbox(sqlite_url, TWO_COMMUNITIES, **FAST) as running:
        yield running


async def add_people(box: Sandbox, started: tuple[User, ...]) -> None:
    for user in (*EVERYONE, OTHER_ADMIN):
        await box.client.add_user(
            user.id, user.name, username=user.username, language_code=user.language_code
        )
    for user in started:
        await box.client.start_private(user.id)
