"""Co-reporters, households and the dissatisfied resident's reason, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.domain.errors import InvalidTransition, NotReporter
from bot.domain.models import CoReport, Level, State
from bot.domain.notices import CoReported, RatingAsked, ReasonAsked, ReasonGiven, TaskAssigned
from bot.services.directory import DirectoryService, read_directory
from bot.services.requests import GroupMessage, Intake
from storage.database import Database
from tests.conftest import GRID
from tests.services.test_requests import FixedParser, World
from tests.wiring import services_over

CHAT = -1003


@pytest.fixture
async def world(database: Database) -> AsyncIterator[World]:
    async with database.transaction() as repos:
        await DirectoryService(repos).apply(read_directory(GRID))
    yield World(database, FixedParser(), [])


def reply(message: int, text: str, to: int = 1) -> GroupMessage:
    return GroupMessage(CHAT, message, text, reply_to=to)


async def test_me_too_counts_each_neighbour_once_and_never_the_reporter(world: World) -> None:
    wang, liu, tom = await world.person(9001), await world.person(9003), await world.person(9002)
    await world.file(wang)
    world.notices.clear()
    assert await world.run(lambda s, _: s.intake(liu, reply(2, "+1"))) is Intake.CO_REPORTED
    assert await world.run(lambda s, _: s.intake(liu, reply(3, "我家也是"))) is Intake.CO_REPORTED
    assert await world.run(lambda s, _: s.intake(wang, reply(4, "+1"))) is Intake.CO_REPORTED
    assert await world.run(lambda s, _: s.intake(tom, reply(5, "same here"))) is Intake.CO_REPORTED
    told = world.taken(CoReported)
    assert [n.request.households for n in told] == [2, 3]  # liu once, tom; never wang
    assert [n.owner.telegram_id if n.owner else None for n in told] == [3001, 3001]
    assert (await world.run(lambda s, _: s.get(1))).households == 3


async def test_a_reply_that_says_something_else_is_filed(world: World) -> None:
    wang, liu = await world.person(9001), await world.person(9003)
    await world.file(wang)
    assert (
        await world.run(lambda s, _: s.intake(liu, reply(2, "电梯也坏了，停在5楼"))) is Intake.FILED
    )
    assert await world.run(lambda s, _: s.intake(liu, reply(3, "+1", to=99))) is Intake.FILED


async def test_a_thumbs_up_taken_back_leaves_a_written_me_too_standing(world: World) -> None:
    wang, liu, tom = await world.person(9001), await world.person(9003), await world.person(9002)
    await world.file(wang)
    assert await world.run(lambda s, _: s.reacted(tom, CHAT, 1, True))
    assert not await world.run(lambda s, _: s.reacted(tom, CHAT, 1, True))  # once
    await world.run(lambda s, _: s.intake(liu, reply(2, "+1")))
    assert await world.run(lambda s, _: s.reacted(liu, CHAT, 1, True)) is False
    assert await world.run(lambda s, _: s.reacted(liu, CHAT, 1, False)) is False  # a reply stays
    assert await world.run(lambda s, _: s.reacted(tom, CHAT, 1, False))
    assert (await world.run(lambda s, _: s.get(1))).households == 2


async def test_neighbours_are_told_of_the_resolution_and_rate_as_themselves(world: World) -> None:
    wang, liu, stranger = (
        await world.person(9001),
        await world.person(9003),
        await world.person(9009),
    )
    member = await world.person(3001)
    await world.file(wang)
    request = await world.run(lambda s, _: s.get(1))
    await world.run(lambda s, _: s.co_report(request, liu, CoReport.REPLY, None))
    with pytest.raises(InvalidTransition):  # not resolved yet
        await world.run(lambda s, _: s.rate(liu, 1, 3))
    await world.run(lambda s, _: s.resolve(member, 1, None))
    (asked,) = world.taken(RatingAsked)
    assert [p.id for p in asked.coreporters] == [liu.id]
    with pytest.raises(NotReporter):
        await world.run(lambda s, _: s.rate(stranger, 1, 3))
    rated = await world.run(lambda s, _: s.rate(liu, 1, 2))
    assert (rated.state, rated.rating) == (State.RESOLVED, None)  # theirs, not the request's
    closed = await world.run(lambda s, _: s.rate(wang, 1, 3))
    assert (closed.state, closed.rating) == (State.CLOSED, 3)


async def test_a_neighbours_dissatisfaction_reopens_it_too(world: World) -> None:
    wang, liu, member = await world.person(9001), await world.person(9003), await world.person(3001)
    await world.file(wang)
    request = await world.run(lambda s, _: s.get(1))
    await world.run(lambda s, _: s.co_report(request, liu, CoReport.REPLY, None))
    await world.run(lambda s, _: s.resolve(member, 1, None))
    reopened = await world.run(lambda s, _: s.rate(liu, 1, 1))
    assert (reopened.state, reopened.level, reopened.dissatisfied_by) == (
        State.REOPENED,
        Level.LEADER,
        liu.id,
    )


async def test_dissatisfied_reopens_one_level_up_and_takes_one_reason_in_time(world: World) -> None:
    wang, liu = await world.person(9001), await world.person(9003)
    member, leader = await world.person(3001), await world.person(2001)
    await world.file(wang)
    await world.run(lambda s, _: s.resolve(member, 1, None))
    world.notices.clear()
    reopened = await world.run(lambda s, _: s.rate(wang, 1, 1))
    assert (reopened.state, reopened.level, reopened.assignee_id) == (
        State.REOPENED,
        Level.LEADER,
        leader.id,
    )
    assert reopened.rating is None and reopened.resolved_at is None
    (asked,) = [n for n in world.notices if isinstance(n, ReasonAsked)]
    (task,) = world.taken(TaskAssigned)
    assert task.reason == "escalated" and task.owner.id == leader.id
    assert asked.owner is not None and asked.owner.id == leader.id and asked.hours == 24

    # Not a reply, or someone else's reply: not the reason.
    plain = GroupMessage(CHAT, 2, "灯还是坏的")
    assert await world.run(lambda s, _: s.intake(wang, plain)) is Intake.FILED
    assert await world.run(lambda s, _: s.intake(liu, reply(3, "真的没修好"))) is Intake.FILED
    world.now += timedelta(hours=23)
    assert await world.run(lambda s, _: s.intake(wang, reply(4, " 三楼还是黑的 "))) is Intake.REASON
    request = await world.run(lambda s, _: s.get(1))
    assert request.dissatisfaction == "三楼还是黑的"
    (given,) = [n for n in world.notices if isinstance(n, ReasonGiven)]
    assert given.owner is not None and given.owner.id == leader.id
    # Only one answer.
    assert await world.run(lambda s, _: s.intake(wang, reply(5, "还有四楼"))) is Intake.FILED


async def test_the_reason_is_not_waited_for_past_its_window(world: World) -> None:
    wang, member = await world.person(9001), await world.person(3001)
    await world.file(wang)
    await world.run(lambda s, _: s.resolve(member, 1, None))
    await world.run(lambda s, _: s.rate(wang, 1, 1))
    world.now += timedelta(hours=24, seconds=1)
    assert await world.run(lambda s, _: s.intake(wang, reply(2, "三楼还是黑的"))) is Intake.FILED
    assert (await world.run(lambda s, _: s.get(1))).dissatisfaction is None


async def test_forgetting_a_neighbour_keeps_the_count_but_not_them_or_their_words(
    world: World,
) -> None:
    wang, liu, member = await world.person(9001), await world.person(9003), await world.person(3001)
    await world.file(wang)
    request = await world.run(lambda s, _: s.get(1))
    await world.run(lambda s, _: s.co_report(request, liu, CoReport.REPLY, None))
    await world.run(lambda s, _: s.resolve(member, 1, None))
    await world.run(lambda s, _: s.rate(liu, 1, 1))
    await world.run(lambda s, _: s.intake(liu, reply(2, "三楼还是黑的")))
    async with world.database.transaction() as repos:
        await services_over(repos, lambda: world.now).privacy.forget(liu)
        kept = await repos.requests.get(1)
        assert await repos.coreporters.of_request(1) == []
    assert kept is not None and kept.households == 2
    assert (kept.dissatisfied_by, kept.dissatisfaction) == (None, None)


async def test_edited_me_too_and_edited_reason_file_nothing(world: World) -> None:
    wang, liu, member = await world.person(9001), await world.person(9003), await world.person(3001)
    await world.file(wang)
    await world.run(lambda s, _: s.intake(liu, reply(2, "+1")))
    assert await world.run(lambda s, _: s.edited(liu, reply(2, "我们也停水了"))) is (
        Intake.CO_REPORTED
    )
    await world.run(lambda s, _: s.resolve(member, 1, None))
    await world.run(lambda s, _: s.rate(wang, 1, 1))
    await world.run(lambda s, _: s.intake(wang, reply(3, "三楼还是黑的")))
    edited = await world.run(lambda s, _: s.edited(wang, reply(3, "三楼和四楼还是黑的")))
    assert edited is Intake.UNCHANGED
    request = await world.run(lambda s, _: s.get(1))
    assert (request.households, request.number) == (2, 1)
    async with world.database.transaction() as repos:
        assert await repos.requests.by_message(CHAT, 3) is None
