"""Meetings over HTTP through the Telegram emulator: schedule, confirm, RSVP, remind, cancel."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.app import create_app
from devtools.emulator.server import Emulator
from devtools.sandbox import Sandbox, sandbox_settings
from tests.conftest import GRID
from tests.story import GROUP3, MEMBER3, TOM, WANG, Story, User, buttons, plain
from tests.waiting import until

MONDAY_MORNING = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
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


@pytest.fixture
async def clocked(sqlite_url: str) -> AsyncIterator[tuple[Story, ShiftedClock]]:
    emulator = Emulator()
    await emulator.start()
    clock = ShiftedClock()
    # Every test starts on a Monday morning in Shanghai: no test may depend on the hour or
    # the weekday the suite happens to run at.
    clock.jump_to(MONDAY_MORNING)
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

    async def acted_on() -> bool:
        async with story.box.app.database.transaction() as repos:
            next_due = await repos.schedule.next_due()
        return next_due is None or next_due > clock()

    await until(acted_on, "every row due by the test's clock acted on", timeout)
    await story.box.settle()


async def test_meeting_in_chinese_from_proposal_to_reminder(
    clocked: tuple[Story, ShiftedClock],
) -> None:
    story, clock = clocked
    # A fixed morning: after 19:00 the one-day reminder would be past at once and the
    # reminders below would depend on the hour the suite runs.
    clock.jump_to(MONDAY_MORNING)
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
    story, _ = clocked
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
    assert "只有" in plain(refusal["text"])  # the group's language, not the writer's


async def test_meeting_in_english_recurring_and_cancelled(
    clocked: tuple[Story, ShiftedClock],
) -> None:
    story, clock = clocked
    # An English-speaking community: its groups are spoken to in English.
    async with story.box.app.database.transaction() as repos:
        await repos.directory.save_community("和美社区", "Asia/Shanghai", "en")
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


async def test_relative_times_in_english_and_chinese(clocked: tuple[Story, ShiftedClock]) -> None:
    story, clock = clocked
    clock.jump_to(MONDAY_MORNING)
    for who, text, when, title in (
        (
            LEADER_EN,
            "next Friday 3pm residents' talk @ hall",
            "2026-12-11 15:00",
            "residents' talk",
        ),
        (LEADER_EN, "in 2 hours tea with the elders", "2026-11-30 12:00", "tea with the elders"),
        (LEADER_EN, "tomorrow morning 9 clean-up", "2026-12-01 09:00", "clean-up"),
        (MEMBER3, "两小时后 茶话会", "2026-11-30 12:00", "茶话会"),
        (MEMBER3, "下周五下午3点 居民说事", "2026-12-11 15:00", "居民说事"),
    ):
        await story.say(who, GROUP3, f"/meeting {text}")
        (proposal,) = await story.new(GROUP3)
        shown = plain(proposal["text"])
        assert title in shown and when[-5:] in shown, shown  # the hour, echoed to confirm
        async with story.box.app.database.transaction() as repos:
            meeting = await repos.meetings.get(int(re.findall(r"#(\d+)", shown)[0]))
        assert meeting is not None and meeting.title == title
        local = meeting.starts_at.astimezone(ZoneInfo("Asia/Shanghai"))
        assert local.strftime("%Y-%m-%d %H:%M") == when
    await story.say(LEADER_EN, GROUP3, "/meeting this Monday 9am too late")
    (past,) = await story.new(GROUP3)
    assert "已经过去" in plain(past["text"])  # the group's language
