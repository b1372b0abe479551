"""The request rules against a real database (SQLite and PostgreSQL), with notices recorded."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.errors import (
    AlreadyTop,
    InvalidRating,
    InvalidTransition,
    NotAllowed,
    NotBound,
    NotReporter,
)
from bot.domain.models import Level, Mode, Person, State
from bot.domain.notices import (
    CandidateQuestion,
    Copied,
    Notice,
    RatingAsked,
    RequestFiled,
    StateLine,
    TaskAssigned,
)
from bot.parsing import ParseResult
from bot.services.directory import DirectoryService, read_directory
from bot.services.people import Account
from bot.services.requests import GroupMessage, Intake, RequestService
from storage.database import Database
from storage.repositories import Repositories
from tests.conftest import GRID
from tests.wiring import services_over

T0 = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)


def verdict(
    is_request: bool = True,
    category: str | None = "facilities",
    building: str | None = None,
    urgent: bool = False,
    confidence: float = 0.95,
) -> ParseResult:
    return ParseResult(
        is_request, category if is_request else None, building, None, None, urgent, confidence
    )


@dataclass
class FixedParser:
    """The parser's verdict is the test's choice; the parser has its own tests."""

    result: ParseResult = field(default_factory=verdict)

    def parse(self, text: str) -> ParseResult:
        return self.result

    def for_community(self, name: str) -> FixedParser:
        return self


@dataclass
class World:
    database: Database
    parser: FixedParser
    notices: list[Notice]
    now: datetime = T0

    async def run(self, action):  # type: ignore[no-untyped-def]
        async with self.database.transaction() as repos:
            return await action(self.service(repos), repos)

    def service(self, repos: Repositories) -> RequestService:
        async def record(notice: Notice) -> None:
            self.notices.append(notice)

        parsers = self.parser  # a fixed verdict in place of the model
        return services_over(repos, lambda: self.now, parsers=parsers, notify=record).requests  # type: ignore[arg-type]

    async def person(self, telegram_id: int, name: str = "居民") -> Person:
        async with self.database.transaction() as repos:
            return await services_over(repos, lambda: self.now).people.seen(
                Account(telegram_id, None, name, "zh-hans")
            )

    async def file(
        self, writer: Person, text: str = "灯坏了", chat: int = -1003, message: int = 1
    ) -> Intake:
        return await self.run(lambda s, _: s.intake(writer, GroupMessage(chat, message, text)))

    def taken(self, kind: type) -> list[Notice]:
        found = [n for n in self.notices if isinstance(n, kind)]
        self.notices.clear()
        return found


@pytest.fixture
async def world(database: Database) -> AsyncIterator[World]:
    async with database.transaction() as repos:
        await DirectoryService(repos).apply(read_directory(GRID))
    yield World(database, FixedParser(), [])


async def test_a_clear_request_is_filed_to_the_buildings_member(world: World) -> None:
    wang = await world.person(9001, "王阿姨")
    assert await world.file(wang) is Intake.FILED
    (filed,) = [n for n in world.notices if isinstance(n, RequestFiled)]
    (task,) = [n for n in world.notices if isinstance(n, TaskAssigned)]
    assert filed.request.number == 1 and filed.request.state is State.NEW
    assert task.owner.telegram_id == 3001 and task.reason == "new"
    assert filed.request.level is Level.MEMBER


async def test_the_same_message_twice_is_filed_once(world: World) -> None:
    wang = await world.person(9001)
    assert await world.file(wang) is Intake.FILED
    world.notices.clear()
    assert await world.file(wang) is Intake.ALREADY_HANDLED
    assert world.notices == []


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        (verdict(confidence=0.9), Intake.FILED),
        (verdict(confidence=0.6), Intake.ASKED),
        (verdict(confidence=0.6, urgent=True), Intake.FILED),  # urgent never waits on a question
        (verdict(is_request=False, confidence=0.45), Intake.ASKED),  # 55% likely a request
        (verdict(is_request=False, confidence=0.9), Intake.IGNORED),
    ],
)
async def test_confidence_thresholds(world: World, result: ParseResult, expected: Intake) -> None:
    world.parser.result = result
    wang = await world.person(9001)
    assert await world.file(wang) is expected
    if expected is Intake.ASKED:
        (question,) = world.taken(CandidateQuestion)
        assert (question.chat_id, question.message_id) == (-1003, 1)


async def test_asked_writer_says_yes_and_only_the_writer_may_answer(world: World) -> None:
    world.parser.result = verdict(confidence=0.6)
    wang, stranger = await world.person(9001), await world.person(9009)
    await world.file(wang)
    candidate_id = world.taken(CandidateQuestion)[0].candidate_id
    with pytest.raises(NotReporter):
        await world.run(lambda s, _: s.confirm_candidate(stranger, candidate_id, True))
    assert (
        await world.run(lambda s, _: s.confirm_candidate(wang, candidate_id, True)) is Intake.FILED
    )
    assert (
        await world.run(lambda s, _: s.confirm_candidate(wang, candidate_id, True))
        is Intake.ALREADY_HANDLED
    )


async def test_the_named_building_wins_over_the_groups(world: World) -> None:
    world.parser.result = verdict(building="5")
    wang = await world.person(9001)
    await world.file(wang)  # written in building 3's group about building 5
    (task,) = world.taken(TaskAssigned)
    assert task.owner.telegram_id == 3005
    world.parser.result = verdict(building="99")  # not in the community: the group's building
    await world.file(wang, message=2)
    assert world.taken(TaskAssigned)[0].owner.telegram_id == 3001


async def test_care_safety_and_urgent_copy_the_right_people(world: World) -> None:
    wang = await world.person(9001)
    world.parser.result = verdict(category="care")
    await world.file(wang, message=1)
    assert [(n.person.telegram_id, n.why) for n in world.taken(Copied)] == [(2002, "health")]
    world.parser.result = verdict(category="safety", urgent=True)
    await world.file(wang, message=2)
    assert [(n.person.telegram_id, n.why) for n in world.taken(Copied)] == [(2001, "urgent")]


async def test_building_without_member_goes_to_the_leader(world: World) -> None:
    wang = await world.person(9001)
    await world.file(wang, chat=-1007)
    (task,) = world.taken(TaskAssigned)
    assert task.owner.telegram_id == 2001 and task.request.level is Level.LEADER


async def test_unbound_group(world: World) -> None:
    wang = await world.person(9001)
    assert await world.file(wang, chat=-4242) is Intake.IGNORED
    with pytest.raises(NotBound):
        await world.run(lambda s, _: s.intake(wang, GroupMessage(-4242, 1, "x"), forced=True))


async def test_escalation_goes_member_leader_admin_then_stops(world: World) -> None:
    wang = await world.person(9001)
    member, leader, admin = (
        await world.person(3001),
        await world.person(2001),
        await world.person(1001),
    )
    await world.file(wang)
    world.notices.clear()
    escalated = await world.run(lambda s, _: s.escalate(member, 1, "需要物业协调"))
    assert (escalated.level, escalated.assignee_id) == (Level.LEADER, leader.id)
    (task,) = world.taken(TaskAssigned)
    assert task.owner.id == leader.id and task.reason == "escalated"
    with pytest.raises(NotAllowed):  # the member is below the new owner now
        await world.run(lambda s, _: s.acknowledge(member, 1))
    escalated = await world.run(lambda s, _: s.escalate(leader, 1, None))
    assert (escalated.level, escalated.assignee_id) == (Level.ADMIN, admin.id)
    with pytest.raises(AlreadyTop):
        await world.run(lambda s, _: s.escalate(admin, 1, None))


async def test_only_owner_above_and_admins_may_act(world: World) -> None:
    wang = await world.person(9001)
    member, leader, admin = (
        await world.person(3001),
        await world.person(2001),
        await world.person(1001),
    )
    other_member, stranger = await world.person(3005), await world.person(9009)
    await world.file(wang)
    for refused in (wang, other_member, stranger):
        with pytest.raises(NotAllowed):
            await world.run(lambda s, _, who=refused: s.acknowledge(who, 1))
    for allowed in (member, leader, admin):
        assert await world.run(lambda s, _, who=allowed: _may_act(s, who))


async def _may_act(service: RequestService, who: Person) -> bool:
    return await service.may_act(who, await service.get(1))


async def test_full_lifecycle_with_timeline(world: World) -> None:
    wang, member = await world.person(9001, "王阿姨"), await world.person(3001)
    await world.file(wang)
    await world.run(lambda s, _: s.set_mode(member, 1, Mode.COORDINATE))
    world.now += timedelta(hours=3)
    resolved = await world.run(lambda s, _: s.resolve(member, 1, "  已协调物业更换  "))
    assert resolved.state is State.RESOLVED and resolved.resolved_at == world.now
    (asked,) = [n for n in world.notices if isinstance(n, RatingAsked)]
    assert asked.note == "已协调物业更换"
    with pytest.raises(NotReporter):
        await world.run(lambda s, _: s.rate(member, 1, 3))
    reopened = await world.run(lambda s, _: s.reopen(wang, 1))
    assert reopened.state is State.REOPENED and reopened.resolved_at is None
    await world.run(lambda s, _: s.resolve(member, 1, None))
    closed = await world.run(lambda s, _: s.rate(wang, 1, 2))
    assert (closed.state, closed.rating) == (State.CLOSED, 2)
    with pytest.raises(InvalidTransition):
        await world.run(lambda s, _: s.rate(wang, 1, 3))
    timeline = await world.run(lambda s, _: s.timeline(closed))
    assert [e.action for e in timeline] == [
        "filed",
        "set_mode",
        "resolve",
        "reopen",
        "resolve",
        "rate",
    ]
    assert timeline[2].note == "已协调物业更换" and timeline[0].actor.name == "王阿姨"


async def test_unrated_resolved_requests_close_after_the_configured_days(world: World) -> None:
    wang, member = await world.person(9001), await world.person(3001)
    await world.file(wang, message=1)
    await world.file(wang, message=2)
    await world.run(lambda s, _: s.resolve(member, 1, None))
    world.now += timedelta(days=2)
    await world.run(lambda s, _: s.resolve(member, 2, None))
    world.now += timedelta(days=1, seconds=1)
    assert await world.run(lambda s, _: s.auto_close(timedelta(days=3))) == 1
    first, second = await world.run(lambda s, r: _both(r))
    assert (first.state, second.state) == (State.CLOSED, State.RESOLVED)
    assert any(isinstance(n, StateLine) and n.action == "auto_close" for n in world.notices)


async def _both(repos: Repositories):  # type: ignore[no-untyped-def]
    return await repos.requests.get(1), await repos.requests.get(2)


async def test_an_edit_by_the_writer_updates_the_text_without_a_new_reply(world: World) -> None:
    wang, stranger = await world.person(9001), await world.person(9009)
    await world.file(wang, text="灯坏了")
    world.notices.clear()
    edited = await world.run(lambda s, _: s.edited(wang, GroupMessage(-1003, 1, "3栋2单元灯坏了")))
    assert edited is Intake.UPDATED and world.notices == []
    assert (await world.run(lambda s, _: s.get(1))).text == "3栋2单元灯坏了"
    same = await world.run(lambda s, _: s.edited(stranger, GroupMessage(-1003, 1, "x")))
    assert same is Intake.UNCHANGED


async def test_rating_outside_the_scale_is_refused(world: World) -> None:
    wang, member = await world.person(9001), await world.person(3001)
    await world.file(wang)
    await world.run(lambda s, _: s.resolve(member, 1, None))
    # A refusal the resident reads, not a crash: only altered button data can carry it.
    with pytest.raises(InvalidRating):
        await world.run(lambda s, _: s.rate(wang, 1, 5))
