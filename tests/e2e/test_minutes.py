"""Minutes → requests through the emulator: the organiser replies to the meeting's reminder (or
announcement) with "- " lines; each becomes a request they own, linked to the meeting, and the
group is told the numbers; the same lines again are not filed twice; anyone else is refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from bot.domain.models import State
from tests.e2e.town import ENGLISH_GRID, Town
from tests.e2e.town import town as make_town
from tests.story import GROUP3, MEMBER3, SECRETARY, WANG, Story, plain


@pytest.fixture
async def town(sqlite_url: str) -> AsyncIterator[tuple[Town, Story]]:
    async for pair in make_town(sqlite_url):
        yield pair


@pytest.fixture
async def english_town(sqlite_url: str) -> AsyncIterator[tuple[Town, Story]]:
    async for pair in make_town(sqlite_url, ENGLISH_GRID):
        yield pair


async def _meeting(story: Story, text: str, confirm: str) -> dict[str, Any]:
    """Proposed and confirmed by building 3's member; the announcement."""
    await story.say(MEMBER3, GROUP3, text)
    (proposal,) = await story.new(GROUP3)
    await story.press(MEMBER3, proposal, confirm)
    (announcement,) = await story.new(GROUP3)
    return announcement


async def _reply(story: Story, who: Any, to: dict[str, Any], text: str) -> list[dict[str, Any]]:
    await story.say(who, GROUP3, text, reply_to_message_id=to["message_id"])
    return await story.new(GROUP3)


async def _of_meeting(story: Story, meeting_id: int) -> list[Any]:
    async with story.box.app.database.transaction() as repos:
        return await repos.requests.of_meeting(meeting_id)


async def test_the_organisers_minutes_become_requests_once(town: tuple[Town, Story]) -> None:
    place, story = town
    await _meeting(story, "/meeting 明天晚上7点 坝坝会 @ 3栋楼下", "✅ 确认发布")
    async with story.box.app.database.transaction() as repos:
        meeting = await repos.meetings.get(1)
    assert meeting is not None
    place.clock.jump_to(meeting.starts_at - timedelta(hours=1))
    await place.after_ticks(story)
    *_, reminder = await story.new(GROUP3)
    assert "坝坝会" in plain(reminder["text"])

    minutes = "纪要：\n- 3栋楼道灯月底前更换\n大家同意\n- 联系物业清理单车棚\n- 3栋楼道灯月底前更换"
    (answer,) = await _reply(story, MEMBER3, reminder, minutes)
    text = plain(answer["text"])
    assert "登记 2 件诉求" in text and "#1 3栋楼道灯月底前更换" in text and "#2 联系物业" in text
    assert "李长明" in text
    filed = await _of_meeting(story, meeting.id)
    assert [r.number for r in filed] == [1, 2]
    assert all(r.assignee_id == meeting.organiser_id for r in filed)
    assert all(r.state is State.ACKNOWLEDGED for r in filed)
    assert {r.category for r in filed} >= {"facilities"}

    # The same reply again, now with one new line: only the new one is filed.
    (again,) = await _reply(story, MEMBER3, reminder, minutes + "\n- 周末组织清理楼道杂物")
    text = plain(again["text"])
    assert "登记 1 件诉求" in text and "#3 周末组织清理楼道杂物" in text
    assert "已经登记过" in text and "#1 #2" in text
    assert len(await _of_meeting(story, meeting.id)) == 3
    # The organiser's tasks list has them.
    await story.say(MEMBER3, MEMBER3.id, "/tasks")
    (tasks,) = await story.new(MEMBER3.id)
    assert "#3" in plain(tasks["text"])


async def test_others_are_refused_and_the_form_is_explained(town: tuple[Town, Story]) -> None:
    _, story = town
    announcement = await _meeting(story, "/meeting 明天晚上7点 坝坝会 @ 3栋楼下", "✅ 确认发布")

    (refused,) = await _reply(story, WANG, announcement, "- 修好3栋楼道灯")
    assert "只有这次会议的组织者或社区管理员" in plain(refused["text"])
    assert await _of_meeting(story, 1) == []

    # A resident's ordinary reply to the announcement is not taken for minutes.
    assert await _reply(story, WANG, announcement, "收到，我会去") == []

    (how,) = await _reply(story, MEMBER3, announcement, "今天的会开得很好，谢谢大家")
    assert "以“- ”开头" in plain(how["text"])
    assert await _of_meeting(story, 1) == []

    # A community admin may file them for the organiser, who owns them.
    (answer,) = await _reply(story, SECRETARY, announcement, "- 修好3栋楼道灯")
    assert "#1" in plain(answer["text"]) and "李长明" in plain(answer["text"])
    (filed,) = await _of_meeting(story, 1)
    async with story.box.app.database.transaction() as repos:
        organiser = await repos.people.by_telegram_id(MEMBER3.id)
    assert organiser is not None and filed.assignee_id == organiser.id


async def test_minutes_in_english(english_town: tuple[Town, Story]) -> None:
    _, story = english_town
    announcement = await _meeting(
        story, "/meeting tomorrow 7pm block meeting @ building 3", "✅ Confirm"
    )
    (answer,) = await _reply(
        story,
        MEMBER3,
        announcement,
        "Minutes:\n- Replace the corridor lights\n- Clear the bike shed",
    )
    text = plain(answer["text"])
    assert "2 requests filed" in text and "#1 Replace the corridor lights" in text
    (again,) = await _reply(story, MEMBER3, announcement, "- Clear the bike shed")
    assert "Already filed, not again: #2" in plain(again["text"])
    (how,) = await _reply(story, MEMBER3, announcement, "Thanks everyone")
    assert 'starting with "- "' in plain(how["text"])
    (refused,) = await _reply(story, WANG, announcement, "- fix the lift")
    assert "Only the meeting's organiser" in plain(refused["text"])
