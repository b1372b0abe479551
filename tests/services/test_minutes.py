"""Minutes → requests against a real database (SQLite and PostgreSQL): a reply finds its meeting
through the sent announcement, lines are filed once, the organiser owns them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.domain.models import Person, State
from bot.services.directory import DirectoryService, read_directory
from bot.services.minutes import MinutesNotYours, MinutesWithoutItems, items
from bot.services.people import Account
from storage.database import Database
from storage.schema import outbox
from tests.conftest import GRID
from tests.wiring import services_over

T0 = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
GROUP3 = -1003


def clock() -> datetime:
    return T0


async def _person(database: Database, telegram_id: int) -> Person:
    async with database.transaction() as repos:
        return await services_over(repos, clock).people.seen(
            Account(telegram_id, None, f"p{telegram_id}", "zh-hans")
        )


def test_only_dash_lines_are_items() -> None:
    text = "纪要\n- 换灯\n  - 清理单车棚 \n-不算\n- 换灯\n-  \n大家同意"
    assert items(text) == ["换灯", "清理单车棚"]


async def test_minutes_filed_once_and_owned_by_the_organiser(database: Database) -> None:
    async with database.transaction() as repos:
        await DirectoryService(repos).apply(read_directory(GRID))
    member = await _person(database, 3001)
    resident = await _person(database, 9001)
    async with database.transaction() as repos:
        meetings = services_over(repos, clock).meetings
        scope = await meetings.scope_of_group(member, GROUP3)
        draft = await meetings.propose(member, scope, "12月5日 19:30 坝坝会", GROUP3, None)
        meeting = await meetings.confirm(member, draft.id)
        (announcement,) = (
            await repos.connection.execute(
                select(outbox.c.id).where(outbox.c.chat_id == GROUP3).order_by(outbox.c.id.desc())
            )
        ).first() or (None,)
        assert announcement is not None
        await repos.outbox.mark_sent(announcement, T0, 500)

    async with database.transaction() as repos:
        minutes = services_over(repos, clock).minutes
        found = await minutes.meeting_of(GROUP3, 500)
        assert found is not None and found.id == meeting.id
        assert await minutes.meeting_of(GROUP3, 501) is None
        with pytest.raises(MinutesNotYours):
            await minutes.file(resident, found, GROUP3, "- 换灯")
        with pytest.raises(MinutesWithoutItems):
            await minutes.file(member, found, GROUP3, "谢谢大家")
        first = await minutes.file(member, found, GROUP3, "- 3栋换灯\n- 清理单车棚")
    async with database.transaction() as repos:
        again = await services_over(repos, clock).minutes.file(
            member, found, GROUP3, "- 清理单车棚\n- 修门禁"
        )
        filed = await repos.requests.of_meeting(meeting.id)
    assert [r.number for r in first.filed] == [1, 2] and first.already == []
    assert [r.number for r in again.filed] == [3] and [r.number for r in again.already] == [2]
    assert [r.text for r in filed] == ["3栋换灯", "清理单车棚", "修门禁"]
    assert all(r.assignee_id == member.id and r.state is State.ACKNOWLEDGED for r in filed)
    assert all(r.chat_id == GROUP3 and r.message_id is None for r in filed)


async def test_a_weekly_meeting_may_file_the_same_item_next_week(database: Database) -> None:
    async with database.transaction() as repos:
        await DirectoryService(repos).apply(read_directory(GRID))
    member = await _person(database, 3001)
    now = [T0]

    def moving() -> datetime:
        return now[0]

    async with database.transaction() as repos:
        meetings = services_over(repos, moving).meetings
        scope = await meetings.scope_of_group(member, GROUP3)
        draft = await meetings.propose(member, scope, "每周六下午3点 楼道议事", GROUP3, None)
        meeting = await meetings.confirm(member, draft.id)

    async def file(text: str) -> tuple[list[int], list[int]]:
        async with database.transaction() as repos:
            done = await services_over(repos, moving).minutes.file(member, meeting, GROUP3, text)
        return [r.number for r in done.filed], [r.number for r in done.already]

    assert await file("- 清理楼道杂物") == ([1], [])
    now[0] += timedelta(hours=3)
    assert await file("- 清理楼道杂物") == ([], [1])  # the same reply again
    now[0] += timedelta(days=7)
    assert await file("- 清理楼道杂物") == ([2], [])  # next week's minutes, meant anew
