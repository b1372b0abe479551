"""居民说事日 through the emulator: three days before the 15th each building's group gets an
agenda from its own lists (escalated first, recently closed after the open) and a poll of
its topics; once per building per month, across restarts too."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.e2e.town import ENGLISH_GRID, Town
from tests.e2e.town import town as make_town
from tests.story import GROUP3, GROUP5, MEMBER3, TOM, WANG, Story, plain

# 12 December 2026, 10:00 in Shanghai: three days before the residents' day of the 15th.
AGENDA_DAY = datetime(2026, 12, 12, 2, 0, tzinfo=UTC)


@pytest.fixture
async def town(sqlite_url: str) -> AsyncIterator[tuple[Town, Story]]:
    async for pair in make_town(sqlite_url):
        yield pair


@pytest.fixture
async def english_town(sqlite_url: str) -> AsyncIterator[tuple[Town, Story]]:
    async for pair in make_town(sqlite_url, ENGLISH_GRID):
        yield pair


async def _polls(story: Story, chat_id: int) -> list[dict[str, Any]]:
    return await story.emu.sent(chat_id, method="sendPoll")


async def _agendas(story: Story, chat_id: int, words: str) -> list[dict[str, Any]]:
    sent = await story.emu.sent(chat_id, method="sendMessage")
    return [r for r in sent if words in plain(r["text"] or "")]


async def test_the_agenda_and_poll_come_from_the_buildings_lists(town: tuple[Town, Story]) -> None:
    place, story = town
    # The day before: filed, acknowledged, escalated and resolved within a day, so no
    # deadline escalates them on its own meanwhile.
    place.clock.jump_to(AGENDA_DAY - timedelta(days=1))
    await place.after_ticks(story)
    await story.say(WANG, GROUP3, "3栋2单元302室楼道灯坏了，电话13800001111")  # 1
    await story.say(TOM, GROUP3, "/report 3栋1单元 电梯异响好几天了")  # 2
    await story.say(WANG, GROUP3, "/report 3栋 垃圾桶满了没人清")  # 3
    await story.say(MEMBER3, MEMBER3.id, "/ack 1")
    await story.say(MEMBER3, MEMBER3.id, "/escalate 2 需要电梯公司")
    await story.say(MEMBER3, MEMBER3.id, "/done 3 已清理")

    # Not before the day: nothing yet.
    place.clock.jump_to(AGENDA_DAY - timedelta(minutes=5))
    await place.after_ticks(story)
    assert await _polls(story, GROUP3) == []

    place.clock.jump_to(AGENDA_DAY + timedelta(seconds=1))
    await place.after_ticks(story)
    (agenda,) = await _agendas(story, GROUP3, "居民说事日")
    text = plain(agenda["text"])
    assert "12月15日" in text and "3栋议题" in text
    # Escalated first, then the one still open, then the one closed lately.
    first, second, third = (text.index(f"#{n} ") for n in (2, 1, 3))
    assert first < second < third
    assert "【已上报】" in text and "【近期办结】" in text
    assert "13800001111" not in text and "302" not in text

    (poll,) = await _polls(story, GROUP3)
    assert poll["seq"] > agenda["seq"]  # the poll follows its agenda
    assert "请选两项" in poll["text"]
    options = [o["text"] for o in poll["poll"]["options"]]
    assert [o.split()[0] for o in options] == ["#2", "#1", "#3"]
    assert all(len(o) <= 100 for o in options) and "13800001111" not in " ".join(options)
    assert poll["poll"]["allows_multiple_answers"] and poll["poll"]["is_anonymous"]

    # Building 5 has nothing on its list: an agenda that says so, and no poll.
    (empty,) = await _agendas(story, GROUP5, "居民说事日")
    assert "没有待议的诉求" in plain(empty["text"])
    assert await _polls(story, GROUP5) == []


async def test_once_per_building_per_month_across_restarts(town: tuple[Town, Story]) -> None:
    place, story = town
    await story.say(WANG, GROUP3, "3栋2单元楼道灯坏了")
    await story.say(TOM, GROUP3, "/report 3栋1单元 电梯异响")
    await place.stop()  # down when the agenda falls due
    place.clock.jump_to(AGENDA_DAY + timedelta(hours=1))
    story = await place.start()
    await place.after_ticks(story)
    assert len(await _polls(story, GROUP3)) == 1
    await place.stop()
    story = await place.start()  # again, later the same day: nothing twice
    place.clock.jump(hours=2)
    await place.after_ticks(story)
    assert len(await _polls(story, GROUP3)) == 1
    assert len(await _agendas(story, GROUP3, "居民说事日")) == 1
    # The next month's is planned, for 12 January.
    async with story.box.app.database.transaction() as repos:
        from sqlalchemy import select

        from storage.schema import scheduled_jobs

        rows = await repos.connection.execute(
            select(scheduled_jobs.c.key, scheduled_jobs.c.state).where(
                scheduled_jobs.c.kind == "residents_agenda"
            )
        )
        planned = {row.key: row.state for row in rows}
    assert any(k.endswith(":2027-01-15") and s == "pending" for k, s in planned.items())
    assert sum(k.endswith(":2026-12-15") and s == "done" for k, s in planned.items()) == 3


async def test_the_agenda_in_english(english_town: tuple[Town, Story]) -> None:
    place, story = english_town
    place.clock.jump_to(AGENDA_DAY - timedelta(hours=1))
    await place.after_ticks(story)
    await story.say(TOM, GROUP3, "The corridor light in building 3 unit 2 is broken")
    await story.say(TOM, GROUP3, "/report building 3 the lift makes a grinding noise")
    place.clock.jump_to(AGENDA_DAY + timedelta(seconds=1))
    await place.after_ticks(story)
    (agenda,) = await _agendas(story, GROUP3, "Residents' day")
    assert "Dec 15" in plain(agenda["text"]) and "building 3's agenda" in plain(agenda["text"])
    (poll,) = await _polls(story, GROUP3)
    assert "pick two" in poll["text"] and len(poll["poll"]["options"]) == 2
