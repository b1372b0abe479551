"""A neighbour's message like an open request: asked, joined, filed, or filed when unanswered."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.domain.errors import NotWriter
from bot.domain.notices import DuplicateQuestion, RequestFiled
from bot.services.directory import DirectoryService, read_directory
from bot.services.requests import DUPLICATE_UNANSWERED, Intake
from storage.database import Database
from tests.conftest import GRID
from tests.services.test_requests import FixedParser, World, verdict
from tests.wiring import services_over

OUTAGE = "3栋今天一早就停水了，到现在还没来水"
AGAIN = "3栋停水了吗？我家也没水"


@pytest.fixture
async def world(database: Database) -> AsyncIterator[World]:
    async with database.transaction() as repos:
        await DirectoryService(repos).apply(read_directory(GRID))
    yield World(database, FixedParser(), [])


async def asked(world: World) -> int:
    wang, liu = await world.person(9001), await world.person(9003)
    await world.file(wang, OUTAGE)
    world.notices.clear()
    assert await world.file(liu, AGAIN, message=2) is Intake.DUPLICATE
    (question,) = world.taken(DuplicateQuestion)
    assert question.original.number == 1 and (question.chat_id, question.message_id) == (-1003, 2)
    return question.candidate_id


async def test_join_or_file_and_only_the_writer_answers(world: World) -> None:
    candidate = await asked(world)
    wang, liu = await world.person(9001), await world.person(9003)
    with pytest.raises(NotWriter):
        await world.run(lambda s, _: s.answer_duplicate(wang, candidate, True))
    joined = await world.run(lambda s, _: s.answer_duplicate(liu, candidate, True))
    assert joined is Intake.CO_REPORTED
    assert (await world.run(lambda s, _: s.get(1))).households == 2
    again = await world.run(lambda s, _: s.answer_duplicate(liu, candidate, False))
    assert again is Intake.ALREADY_HANDLED


async def test_different_files_it(world: World) -> None:
    candidate = await asked(world)
    liu = await world.person(9003)
    assert await world.run(lambda s, _: s.answer_duplicate(liu, candidate, False)) is Intake.FILED
    (filed,) = world.taken(RequestFiled)
    assert filed.request.number == 2 and filed.request.message_id == 2


async def test_joining_a_request_closed_meanwhile_files_it(world: World) -> None:
    candidate = await asked(world)
    liu, member = await world.person(9003), await world.person(3001)
    await world.run(lambda s, _: s.resolve(member, 1, None))
    assert await world.run(lambda s, _: s.answer_duplicate(liu, candidate, True)) is Intake.FILED


async def test_outside_the_window_or_urgent_is_filed_at_once(world: World) -> None:
    wang, liu = await world.person(9001), await world.person(9003)
    await world.file(wang, OUTAGE)
    world.now += timedelta(days=3, seconds=1)
    assert await world.file(liu, AGAIN, message=2) is Intake.FILED
    world.parser.result = verdict(urgent=True)
    assert await world.file(liu, OUTAGE, message=3) is Intake.FILED


async def test_unanswered_it_is_filed_as_its_own_request(world: World) -> None:
    await asked(world)

    async def due(offset: timedelta) -> list[str]:
        now = world.now + offset
        async with world.database.transaction() as repos:
            jobs = await repos.schedule.claim_due(now, 10)
            services = services_over(repos, lambda: now, parsers=world.parser)  # type: ignore[arg-type]
            return [await services.fire_job(j, now) for j in jobs if j.kind == DUPLICATE_UNANSWERED]

    assert await due(timedelta(hours=1)) == []  # still time to answer
    assert await due(timedelta(hours=2)) == ["done"]
    async with world.database.transaction() as repos:
        request = await repos.requests.by_message(-1003, 2)
    assert request is not None and request.number == 2 and request.text == AGAIN


async def test_answered_in_time_the_timeout_does_nothing(world: World) -> None:
    candidate = await asked(world)
    liu = await world.person(9003)
    await world.run(lambda s, _: s.answer_duplicate(liu, candidate, True))
    now = world.now + timedelta(hours=3)
    async with world.database.transaction() as repos:
        jobs = await repos.schedule.claim_due(now, 10)
        (job,) = [j for j in jobs if j.kind == DUPLICATE_UNANSWERED]
        assert await services_over(repos, lambda: now).fire_job(job, now) == "dropped"
        assert await repos.requests.by_message(-1003, 2) is None
