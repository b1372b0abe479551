"""Every column of /lists and of the /export workbook, checked against the database.

The directory is built so that no two numbers a column could be mixed up with coincide:
request numbers (1–3) differ from request ids (4–6, another community filed first), from
building numbers (21, 23, 35), building ids, grid ids, user ids and room numbers. A column
that shows the wrong field then shows a wrong value, not an equal one by chance."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from bot.domain.models import Request
from devtools.sandbox import Sandbox, sandbox
from tests.story import Story, User, plain

ADMIN = User(71001, "韩书记")
LEADER_N = User(72001, "钱网格长")
MEMBER21 = User(73021, "孙师傅")
MEMBER35 = User(73035, "周阿姨")
RESIDENT = User(94001, "吴奶奶")
OTHER = User(94002, "郑先生")
GROUPS = {"21": -1021, "23": -1023, "35": -1035}
OTHER_GROUP = -1091

# The other community comes first: its grid and five buildings take the low ids.
DIRECTORY = f"""
[[community]]
name = "幸福社区"
timezone = "Asia/Shanghai"

[[community.grid]]
code = "C"
name = "幸福小区"
{"".join(f'[[community.grid.building]]{chr(10)}number = "{n}"{chr(10)}' for n in range(91, 95))}
[[community.grid.building]]
number = "95"
chat = {OTHER_GROUP}

[[community]]
name = "和美社区"
timezone = "Asia/Shanghai"
admins = [{{ id = {ADMIN.id}, name = "{ADMIN.name}" }}]

[[community.grid]]
code = "N"
name = "北区"
leader = {{ id = {LEADER_N.id}, name = "{LEADER_N.name}" }}

[[community.grid.building]]
number = "21"
member = {{ id = {MEMBER21.id}, name = "{MEMBER21.name}" }}
chat = {GROUPS["21"]}

[[community.grid.building]]
number = "23"
chat = {GROUPS["23"]}

[[community.grid]]
code = "S"
name = "南区"

[[community.grid.building]]
number = "35"
member = {{ id = {MEMBER35.id}, name = "{MEMBER35.name}" }}
chat = {GROUPS["35"]}
"""
# Filed in this order: request #1 in building 35, #2 in 21, #3 in 23.
FILED = (("35", "35栋1102厨房水管漏水了"), ("21", "21栋楼道灯坏了"), ("23", "23栋门口垃圾没人清"))
ZONE = ZoneInfo("Asia/Shanghai")


@pytest.fixture
async def box(sqlite_url: str) -> AsyncIterator[Sandbox]:
    async with sandbox(sqlite_url, DIRECTORY) as running:
        client = running.client
        for user in (ADMIN, LEADER_N, MEMBER21, MEMBER35, RESIDENT, OTHER):
            await client.add_user(user.id, user.name, language_code="zh-hans")
        for chat_id in (*GROUPS.values(), OTHER_GROUP):
            await client.add_group(chat_id, f"{chat_id}群")
        for user in (ADMIN, MEMBER21):
            await client.start_private(user.id)
        for text in ("95栋电梯坏了", "95栋路灯不亮", "95栋下水道堵了"):
            await client.say(OTHER_GROUP, OTHER.id, f"/report {text}")
        for building, text in FILED:
            await client.say(GROUPS[building], RESIDENT.id, f"/report {text}")
        await running.settle()
        yield running


async def filed(box: Sandbox) -> dict[int, tuple[Request, str, str, str | None]]:
    """Number -> (request, grid code, building number, assignee name), read row by row."""
    async with box.app.database.transaction() as repos:
        community = await repos.directory.community_by_name("和美社区")
        assert community is not None
        found = {}
        for number in (1, 2, 3):
            (request,) = await repos.requests.by_number([community.id], number)
            assert request.building_id is not None and request.grid_id is not None
            building = await repos.directory.building(request.building_id)
            grid = await repos.directory.grid(request.grid_id)
            assert building is not None and grid is not None
            assignee = await repos.people.get(request.assignee_id) if request.assignee_id else None
            found[number] = (request, grid.code, building.number, assignee and assignee.name)
    # The premise of this file: what could be mixed up differs.
    for number, (request, _, building, _) in found.items():
        assert request.id != number and building != str(number)
    return found


async def ask(box: Sandbox, text: str) -> list[dict]:
    story = await Story.from_now(box)
    await story.say(ADMIN, ADMIN.id, text)
    return await story.new(ADMIN.id)


LINE = re.compile(r"^#(\d+) (\S+)-(\S+) (\S+) · (\S+) · (\d+) 小时 · (\S+)$", re.M)


async def test_lists_show_each_requests_own_grid_and_building(box: Sandbox) -> None:
    truth = await filed(box)
    (demand,) = await ask(box, "/lists")
    (progress,) = await ask(box, "/lists progress")
    for record in (demand, progress):
        lines = LINE.findall(plain(record["text"]))
        # The demand list waits longest first (none urgent, one household each); progress
        # is newest first.
        order = [1, 2, 3] if record is demand else [3, 2, 1]
        assert [int(line[0]) for line in lines] == order
        for number, grid, building, _category, state, _age, owner in lines:
            _, grid_code, building_number, assignee = truth[int(number)]
            assert (grid, building, state) == (grid_code, building_number, "待受理")
            assert owner == assignee
    (owners,) = await ask(box, "/lists owners")
    text = plain(owners["text"])
    assert f"{MEMBER21.name}：N-21" in text and f"{MEMBER35.name}：S-35" in text


async def test_export_workbook_columns_match_the_database(box: Sandbox) -> None:
    truth = await filed(box)
    (sent,) = await ask(box, "/export")
    downloaded = await box.app.bot.download(sent["file_id"])
    assert downloaded is not None
    book = load_workbook(io.BytesIO(downloaded.read()))
    demand, owners, progress, _ = (book[name] for name in book.sheetnames)
    for sheet in (demand, progress):
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        assert [row[0] for row in rows] == ([1, 2, 3] if sheet is demand else [3, 2, 1])
        for row in rows:
            request, grid_code, building_number, assignee = truth[row[0]]
            (number, grid, building, category, state, urgent, who, created) = row[:8]
            assert (number, grid, building) == (request.number, grid_code, building_number)
            assert (state, urgent, who) == ("待受理", "否", assignee)
            assert category and category != request.category  # translated, not the key
            # Local wall-clock time; a spreadsheet keeps milliseconds only.
            filed_at = request.created_at.astimezone(ZONE).replace(tzinfo=None)
            assert abs(created - filed_at) <= timedelta(milliseconds=1)
            assert row[8:10] == (None, None) and row[11] is None  # not acknowledged, no rating
            assert 0 <= row[10] < 1  # days since filing
            assert row[12] == 1  # households affected
            assert row[13] == request.text
    owner_rows = sorted(owners.iter_rows(min_row=2, values_only=True))
    assert owner_rows == sorted([(MEMBER21.name, "N-21", 1), (MEMBER35.name, "S-35", 1)])
    assert isinstance(created, datetime)
