"""Meetings, deadlines and digests against real databases, with a clock the test moves."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.domain.models import Level, State
from bot.services.meetings import MeetingService
from storage.database import Database
from storage.repositories.schedule import JobState
from tests.scheduling.conftest import GROUP3, World
from tests.story import plain


def texts(rows: list[dict[str, object]]) -> list[str]:
    return [plain(str(r["text"])) for r in rows if r["method"] == "sendMessage"]


async def states(world: World, meeting_id: int) -> list[tuple[str, str]]:
    async with world.database.transaction() as repos:
        return [(job.kind, state) for job, state in await repos.schedule.of_meeting(meeting_id)]


async def test_meeting_reminders_fire_once_each_then_it_is_done(world: World) -> None:
    meeting = await world.meeting("明天晚上7点 坝坝会 @ 3栋楼下")
    assert await states(world, meeting.id) == [
        ("meeting_reminder", "pending"), ("meeting_reminder", "pending"),
        ("meeting_start", "pending"),
    ]  # fmt: skip
    announced = texts(await world.sent(GROUP3))
    assert any("坝坝会" in t and "3栋楼下" in t for t in announced)
    ticker = world.ticker()
    before = len(await world.sent(GROUP3))

    world.clock.now = meeting.starts_at - timedelta(days=1)
    assert await ticker.tick() == 1
    assert await ticker.tick() == 0  # a second tick finds nothing: never twice
    world.clock.now = meeting.starts_at - timedelta(hours=1)
    await ticker.tick()
    world.clock.now = meeting.starts_at
    await ticker.tick()

    posted = texts(await world.sent(GROUP3))[before:]
    assert len(posted) == 3
    assert "还有 1天" in posted[0] and "还有 1小时" in posted[1] and "现在开始" in posted[2]
    assert [s for _, s in await states(world, meeting.id)] == ["done"] * 3
    async with world.database.transaction() as repos:
        assert (await repos.meetings.get(meeting.id)).state == "done"  # type: ignore[union-attr]


async def test_reminder_shows_how_many_will_come(world: World) -> None:
    meeting = await world.meeting("明天晚上7点 坝坝会")
    for resident in (9001, 9002, 9003):
        actor = await world.person(resident)
        async with world.database.transaction() as repos:
            await world.services(repos).meetings.rsvp(actor, meeting.id)
    async with world.database.transaction() as repos:  # 9003 changes their mind
        coming, count = await world.services(repos).meetings.rsvp(actor, meeting.id)
    assert (coming, count) == (False, 2)
    world.clock.now = meeting.starts_at - timedelta(hours=1)
    await world.ticker().tick()
    assert "已有 2 人报名参加" in texts(await world.sent(GROUP3))[-1]


async def test_reminder_missed_while_down_is_sent_once_if_still_useful(world: World) -> None:
    meeting = await world.meeting("明天晚上7点 坝坝会")
    # Down from before the 1-day reminder until 30 minutes before the start.
    world.clock.now = meeting.starts_at - timedelta(minutes=30)
    before = len(await world.sent(GROUP3))
    await world.ticker().tick()
    posted = texts(await world.sent(GROUP3))[before:]
    # Both reminders were late; both still came before the start, so both are sent, once.
    assert len(posted) == 2
    assert await states(world, meeting.id) == [
        ("meeting_reminder", "done"), ("meeting_reminder", "done"), ("meeting_start", "pending"),
    ]  # fmt: skip


async def test_reminder_missed_past_the_start_is_dropped(world: World) -> None:
    meeting = await world.meeting("明天晚上7点 坝坝会")
    world.clock.now = meeting.starts_at + timedelta(hours=2)  # down through the whole meeting
    before = len(await world.sent(GROUP3))
    await world.ticker().tick()
    assert texts(await world.sent(GROUP3))[before:] == []
    assert [s for _, s in await states(world, meeting.id)] == ["dropped"] * 3


async def test_cancelling_posts_once_and_withdraws_reminders(world: World) -> None:
    meeting = await world.meeting("明天晚上7点 坝坝会")
    organiser = await world.person(3001)
    async with world.database.transaction() as repos:
        await world.services(repos).meetings.cancel(organiser, meeting.id)
    assert "会议取消" in texts(await world.sent(GROUP3))[-1]
    before = len(await world.sent(GROUP3))
    world.clock.now = meeting.starts_at
    await world.ticker().tick()
    assert len(await world.sent(GROUP3)) == before
    assert [s for _, s in await states(world, meeting.id)] == ["cancelled"] * 3


async def test_recurring_meeting_moves_on_and_plans_the_next(world: World) -> None:
    meeting = await world.meeting("每月15日上午9点 居民说事日")
    assert meeting.starts_at.isoformat() == "2026-12-15T01:00:00+00:00"
    world.clock.now = meeting.starts_at
    await world.ticker().tick()
    async with world.database.transaction() as repos:
        moved = await repos.meetings.get(meeting.id)
    assert moved is not None and moved.state == "scheduled"
    assert moved.starts_at.isoformat() == "2027-01-15T01:00:00+00:00"
    pending = [kind for kind, state in await states(world, meeting.id) if state == "pending"]
    assert pending == ["meeting_reminder", "meeting_reminder", "meeting_start"]


async def test_late_night_meeting_skips_the_reminder_quiet_hours_would_push_past_it(
    world: World,
) -> None:
    # 23:00 start: the 1-hour reminder (22:00) falls in quiet hours and would wait until
    # 07:00 the next day, after the meeting, so it is not planned at all.
    meeting = await world.meeting("明天晚上11点 夜间巡逻会")
    assert [kind for kind, _ in await states(world, meeting.id)] == [
        "meeting_reminder", "meeting_start",
    ]  # fmt: skip


# --- deadlines --------------------------------------------------------------------------


async def request_jobs(world: World, request_id: int) -> list[tuple[str, str]]:
    async with world.database.transaction() as repos:
        return [(job.kind, state) for job, state in await repos.schedule.of_request(request_id)]


async def test_unacknowledged_request_is_reminded_then_escalated(world: World) -> None:
    request_id = await world.file("3栋2单元楼道灯坏了", 501)
    async with world.database.transaction() as repos:
        filed = await repos.requests.get(request_id)
    assert filed is not None and filed.ack_due_at == world.clock.now + timedelta(hours=2)
    assert filed.due_at == world.clock.now + timedelta(days=7)
    ticker = world.ticker()

    world.clock.advance(hours=1)
    await ticker.tick()
    reminder = texts(await world.sent(3001))[-1]
    assert "还没有受理" in reminder

    world.clock.advance(hours=1)
    await ticker.tick()
    async with world.database.transaction() as repos:
        escalated = await repos.requests.get(request_id)
    assert escalated is not None and escalated.level is Level.LEADER
    assert "上报" in texts(await world.sent(2001))[-1]  # the grid leader's new task
    group = texts(await world.sent(GROUP3))
    assert group[-1].endswith("已上报上级处理")  # the group sees one short state line
    # The leader's own, fresh deadlines replace the member's.
    assert ("ack_deadline", "pending") in await request_jobs(world, request_id)


async def test_acknowledged_a_second_before_the_deadline_is_not_escalated(world: World) -> None:
    request_id = await world.file("3栋电梯坏了", 502)
    member = await world.person(3001)
    world.clock.advance(hours=2, seconds=-1)
    async with world.database.transaction() as repos:
        await world.services(repos).requests.acknowledge(member, request_id)
    world.clock.advance(seconds=2)
    await world.ticker().tick()
    async with world.database.transaction() as repos:
        request = await repos.requests.get(request_id)
    assert request is not None and request.level is Level.MEMBER
    assert request.state is State.ACKNOWLEDGED and request.assignee_id == member.id
    assert dict(await request_jobs(world, request_id))["ack_deadline"] == JobState.DROPPED


async def test_acknowledge_racing_the_escalation_never_escalates_an_acknowledged_request(
    world: World, database: Database
) -> None:
    """The tick and the member's button at the same instant, on separate connections."""
    request_id = await world.file("3栋水管爆了", 503)
    member = await world.person(3001)
    world.clock.advance(hours=2)

    async def acknowledge() -> str:
        try:
            async with database.transaction() as repos:
                await world.services(repos).requests.acknowledge(member, request_id)
            return "acknowledged"
        except Exception as exc:  # refused: it was escalated first
            return type(exc).__name__

    outcome, _ = await asyncio.gather(acknowledge(), world.ticker().tick())
    async with world.database.transaction() as repos:
        request = await repos.requests.get(request_id)
        events = [e.action for e in await repos.requests.events(request_id)]
    assert request is not None
    if outcome == "acknowledged" and request.level is Level.MEMBER:
        assert request.state is State.ACKNOWLEDGED and "escalate" not in events
    else:
        # Escalated first: the member's late press was refused, not applied on top.
        assert request.level is Level.LEADER and outcome == "NotAllowed"
        assert events.count("escalate") == 1 and "acknowledge" not in events


async def test_unresolved_request_goes_to_the_admins_when_resolve_time_runs_out(
    world: World,
) -> None:
    request_id = await world.file("3栋门禁坏了", 504)
    member = await world.person(3001)
    async with world.database.transaction() as repos:
        await world.services(repos).requests.acknowledge(member, request_id)
    world.clock.advance(days=7, hours=1)
    await world.ticker().tick()
    async with world.database.transaction() as repos:
        request = await repos.requests.get(request_id)
    assert request is not None and request.level is Level.ADMIN
    assert "上报" in texts(await world.sent(1001))[-1]


async def test_urgent_reminders_ignore_quiet_hours_and_others_wait(world: World) -> None:
    world.clock.now = world.clock.now.replace(hour=14, minute=30)  # 22:30 in Shanghai
    calm = await world.file("3栋楼道堆了杂物", 505)
    urgent = await world.file("3栋2单元着火了！有烟！快来人", 506)
    async with world.database.transaction() as repos:
        calm_request = await repos.requests.get(calm)
        urgent_request = await repos.requests.get(urgent)
    assert calm_request is not None and urgent_request is not None
    assert urgent_request.urgent
    assert urgent_request.ack_due_at == world.clock.now + timedelta(minutes=15)
    assert calm_request.ack_due_at is not None
    assert calm_request.ack_due_at.isoformat() == "2026-12-01T23:00:00+00:00"  # 07:00 local


async def test_two_processes_ticking_at_once_act_once(world: World, database: Database) -> None:
    """Two engines on one database (PostgreSQL: SKIP LOCKED; SQLite: BEGIN IMMEDIATE)."""
    meetings = [await world.meeting(f"明天晚上7点 坝坝会{i}") for i in range(5)]
    second = await _second_engine(database)
    try:
        world.clock.now = meetings[0].starts_at - timedelta(hours=1)
        before = len(await world.sent(GROUP3))
        counts = await asyncio.gather(world.ticker().tick(), world.ticker(second).tick())
    finally:
        await second.close()
    assert sum(counts) == 10  # 5 one-day + 5 one-hour reminders, missed ones included
    assert len(await world.sent(GROUP3)) - before == 10


async def _second_engine(database: Database) -> Database:
    """Another engine on the same database (and, on PostgreSQL, the test's schema)."""
    if database.dialect != "postgresql":
        return Database(database.url)
    async with database.connect() as connection:
        schema = (await connection.exec_driver_sql("SHOW search_path")).scalar()
    url = database.engine.url.render_as_string(hide_password=False)
    return Database(url, server_settings={"search_path": str(schema)})


async def test_daily_and_weekly_digests(world: World) -> None:
    request_id = await world.file("3栋2单元楼道灯坏了", 507)
    member = await world.person(3001)
    async with world.database.transaction() as repos:
        await world.services(repos).requests.acknowledge(member, request_id)
    async with world.database.transaction() as repos:
        await world.services(repos).digests.plan_all()
        await world.services(repos).digests.plan_all()  # planning twice plans once
    world.clock.now = world.clock.now.replace(day=2, hour=1, minute=0, second=1)  # 09:00:01 local
    ticker = world.ticker()
    await ticker.tick()
    digest = [t for t in texts(await world.sent(3001)) if "早上好" in t]
    assert len(digest) == 1 and "#1" in digest[0]
    world.clock.now = world.clock.now.replace(day=7)  # Monday 09:00 local
    await ticker.tick()
    weekly = [t for t in texts(await world.sent(1001)) if "本周简报" in t]
    assert len(weekly) == 1 and "未办结：1 件" in weekly[0]


async def test_proposal_refuses_an_ambiguous_time(world: World) -> None:
    from bot.services.meetings import UnclearTime

    actor = await world.person(3001)
    async with world.database.transaction() as repos:
        meetings: MeetingService = world.services(repos).meetings
        scope = await meetings.scope_of_group(actor, GROUP3)
        try:
            await meetings.propose(actor, scope, "明天7点 坝坝会", GROUP3, None)
        except UnclearTime as refusal:
            assert refusal.args_for_text == {"doubt": "ambiguous-hour"}
        else:
            raise AssertionError("an ambiguous hour was accepted")
