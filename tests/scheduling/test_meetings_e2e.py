"""Meetings over HTTP through the Telegram emulator: schedule, confirm, RSVP, remind, cancel."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.app import create_app
from devtools.emulator.server import Emulator
from devtools.sandbox import Sandbox, sandbox_settings
from tests.conftest import GRID
from tests.story import GROUP3, MEMBER3, TOM, WANG, Story, User, buttons, plain

# The grid leader, writing in English.
LEADER_EN = User(2001, "Zhang", "en")


@dataclass
class ShiftedClock:
    """Real time, moved forward by the test: 'tomorrow evening' arrives in a second."""

    offset: timedelta = field(default_factory=timedelta)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def jump_to(self, moment: datetime) -> None:
        self.offset = moment - datetime.now(UTC)


def morning_in_shanghai() -> datetime:
    tomorrow = datetime.now(ZoneInfo("Asia/Shanghai")).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time(9, 0), ZoneInfo("Asia/Shanghai")).astimezone(UTC)


@pytest.fixture
async def clocked(sqlite_url: str) -> AsyncIterator[tuple[Story, ShiftedClock]]:
    emulator = Emulator()
    await emulator.start()
    clock = ShiftedClock()
    settings = sandbox_settings(
        emulator.base_url, sqlite_url, reminders={"tick_seconds": 0.2, "quiet_hours": ""}
    )
    app = create_app(settings, clock=clock)
    box = Sandbox(emulator, app)
    await app.database.migrate()
    await box.import_directory(GRID)
    await box.start()
    story = Story(box)
    await story.populate()
    await story.emu.add_user(LEADER_EN.id, LEADER_EN.name, language_code="en")
    try:
        yield story, clock
    finally:
        await box.stop()
        await emulator.stop()


async def _after_ticks(story: Story, clock: ShiftedClock, timeout: float = 10.0) -> None:  # noqa: ASYNC109
    """Until the runner (ticking every 0.2 s) has acted on every row due by the test's clock,
    then until the outbox drained: a claimed row stays due until its transaction commits."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        async with story.box.app.database.transaction() as repos:
            next_due = await repos.schedule.next_due()
        if next_due is None or next_due > clock():
            break
        if loop.time() > deadline:
            raise TimeoutError(f"a row due at {next_due} was not acted on in {timeout}s")
        await asyncio.sleep(0.02)
    await story.box.settle()


async def test_meeting_in_chinese_from_proposal_to_reminder(
    clocked: tuple[Story, ShiftedClock],
) -> None:
    story, clock = clocked
    # 09:00 in Shanghai, whatever the hour the suite runs at: the one-day reminder for
    # "tomorrow evening" is still ahead when the meeting is confirmed.
    clock.jump_to(morning_in_shanghai())
    await story.say(MEMBER3, GROUP3, "/meeting 明天晚上7点 坝坝会 @ 3栋楼下")
    (proposal,) = await story.new(GROUP3)
    assert "请确认会议" in plain(proposal["text"]) and "Asia/Shanghai" in plain(proposal["text"])
    assert "19:00" in plain(proposal["text"])
    assert buttons(proposal) == ["✅ 确认发布", "✖️ 取消"]

    refused = await story.press(WANG, proposal, "✅ 确认发布")  # only the organiser confirms
    assert refused["show_alert"]
    await story.press(MEMBER3, proposal, "✅ 确认发布")
    (announcement,) = await story.new(GROUP3)
    assert "坝坝会" in plain(announcement["text"]) and "3栋楼下" in plain(announcement["text"])
    assert buttons(announcement) == ["🙋 参加"]

    answer = await story.press(WANG, announcement, "🙋 参加")
    assert "1 人" in answer["text"]
    edited = await story.emu.message(GROUP3, announcement["message_id"])
    assert buttons(edited) == ["🙋 参加（1人）"]

    await story.say(WANG, GROUP3, "/meetings")
    (listing,) = await story.new(GROUP3)
    assert "坝坝会" in plain(listing["text"]) and "🙋 1" in plain(listing["text"])

    async with story.box.app.database.transaction() as repos:
        meeting = await repos.meetings.get(1)
    assert meeting is not None
    clock.jump_to(meeting.starts_at - timedelta(hours=1))
    await _after_ticks(story, clock)
    # The one-day reminder was also past when the clock jumped, and still before the
    # start: it goes out too, once, ahead of the one-hour one.
    day_before, reminder = await story.new(GROUP3)
    assert "还有 1天 开始" in plain(day_before["text"])
    assert "还有 1小时 开始" in plain(reminder["text"])
    assert "已有 1 人报名参加" in plain(reminder["text"])
    assert buttons(reminder) == ["🙋 参加（1人）"]
    # Nothing more comes on later ticks.
    await _after_ticks(story, clock)
    assert await story.new(GROUP3) == []


async def test_ambiguous_time_gets_a_question(clocked: tuple[Story, ShiftedClock]) -> None:
    story, clock = clocked
    # Mid-morning in Shanghai, so "today 1 am" has passed whenever the test runs.
    clock.jump_to(morning_in_shanghai())
    await story.say(MEMBER3, GROUP3, "/meeting 明天7点 坝坝会")
    (question,) = await story.new(GROUP3)
    assert "上午还是晚上" in plain(question["text"])
    await story.say(MEMBER3, GROUP3, "/meeting 今天早上1点 坝坝会")
    (past,) = await story.new(GROUP3)
    assert "已经过去" in plain(past["text"])


async def test_resident_may_not_schedule(clocked: tuple[Story, ShiftedClock]) -> None:
    story, _ = clocked
    await story.say(TOM, GROUP3, "/meeting tomorrow 7pm party")
    (refusal,) = await story.new(GROUP3)
    assert "Only" in plain(refusal["text"])


async def test_meeting_in_english_recurring_and_cancelled(
    clocked: tuple[Story, ShiftedClock],
) -> None:
    story, clock = clocked
    await story.say(LEADER_EN, GROUP3, "/meeting every Monday 19:00 patrol briefing @ gate")
    (proposal,) = await story.new(GROUP3)
    text = plain(proposal["text"])
    assert "Please confirm" in text and "every Monday at 19:00" in text and "Mon" in text
    await story.press(LEADER_EN, proposal, "✅ Confirm")
    (announcement,) = await story.new(GROUP3)
    assert "patrol briefing" in plain(announcement["text"])
    assert buttons(announcement) == ["🙋 I'll come"]

    await story.say(LEADER_EN, GROUP3, "/cancel_meeting 1")
    replies = await story.new(GROUP3)
    assert any("Cancelled: patrol briefing" in plain(r["text"]) for r in replies)
    assert any("Meeting #1 cancelled" in plain(r["text"]) for r in replies)

    async with story.box.app.database.transaction() as repos:
        jobs = await repos.schedule.of_meeting(1)
        meeting = await repos.meetings.get(1)
    assert meeting is not None and {state for _, state in jobs} == {"cancelled"}
    clock.jump_to(meeting.starts_at)
    await _after_ticks(story, clock)
    assert await story.new(GROUP3) == []
