"""The board's keeper against a real database (SQLite and PostgreSQL): what it queues, when,
and what it makes of Telegram's answers, with the clock in the test's hand."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, select

from bot.i18n import Translator
from bot.services.config import BoardConfig, ServiceConfig
from bot.services.directory import DirectoryService, read_directory
from bot.services.people import Account
from bot.services.requests import GroupMessage
from bot.services.stats import month_start
from bot.telegram.boards import BoardKeeper
from storage.database import Database
from storage.repositories.outbox import OutboxState
from storage.repositories.stats import Filters, Reach
from storage.schema import outbox
from tests.conftest import GRID
from tests.wiring import services_over

T0 = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
GROUP3, GROUP5 = -1003, -1005


@dataclass
class Clock:
    now: datetime = T0

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Desk:
    database: Database
    clock: Clock
    keeper: BoardKeeper

    async def tick(self) -> int:
        return await self.keeper.tick()

    async def queued(self, chat_id: int) -> list[tuple[int, str, dict[str, object], str]]:
        """What the keeper queued for the chat (not the replies to residents)."""
        async with self.database.transaction() as repos:
            query = select(outbox).where(outbox.c.chat_id == chat_id).order_by(outbox.c.id)
            rows = (await repos.connection.execute(query)).all()
        found = [(r.id, r.method, json.loads(r.payload), r.state) for r in rows]
        return [q for q in found if q[1] != "sendMessage" or "公告板" in str(q[2]["text"])]

    async def answer(
        self, outbox_id: int, *, message_id: int | None = None, error: str = ""
    ) -> None:
        """Telegram's answer, as the sender records it."""
        async with self.database.transaction() as repos:
            if error:
                await repos.outbox.finish(outbox_id, OutboxState.FAILED, error)
            else:
                await repos.outbox.mark_sent(outbox_id, self.clock(), message_id)

    async def file(self, text: str, message_id: int) -> None:
        async with self.database.transaction() as repos:
            services = services_over(repos, self.clock)
            wang = await services.people.seen(Account(9001, None, "王阿姨", "zh-hans"))
            await services.requests.intake(
                wang, GroupMessage(GROUP3, message_id, text), forced=True
            )


@pytest.fixture
async def desk(database: Database) -> AsyncIterator[Desk]:
    clock = Clock()
    async with database.transaction() as repos:
        await DirectoryService(repos).apply(read_directory(GRID))
        services = services_over(repos, clock)
        await services.boards.plan()
        secretary = await repos.people.by_telegram_id(1001)
        assert secretary is not None
        await services.people.started(secretary)  # the admin can be told in private
    keeper = BoardKeeper(
        database,
        lambda repos: services_over(repos, clock).boards,
        Translator(),
        clock,
        lambda: None,
        timedelta(seconds=60),
    )
    yield Desk(database, clock, keeper)


async def test_shown_once_then_edited_at_most_once_a_minute(desk: Desk) -> None:
    assert await desk.tick() == 3  # the three bound groups get a board
    ((send, method, payload, _),) = await desk.queued(GROUP3)
    assert method == "sendMessage" and "3栋 诉求公告板" in str(payload["text"])
    assert await desk.tick() == 0  # nothing is owed while Telegram has not answered
    await desk.answer(send, message_id=77)
    await desk.tick()
    pin = (await desk.queued(GROUP3))[-1]
    assert pin[1] == "pinChatMessage" and pin[2]["message_id"] == 77
    await desk.answer(pin[0])
    await desk.tick()

    await desk.file("3栋2单元302室灯坏了", 1)
    desk.clock.now += timedelta(seconds=30)
    await desk.tick()
    assert len(await desk.queued(GROUP3)) == 2  # within the minute: not yet
    await desk.file("3栋1单元电梯异响", 2)
    desk.clock.now += timedelta(seconds=31)
    await desk.tick()
    (_, method, payload, _) = (await desk.queued(GROUP3))[-1]
    assert method == "editMessageText" and payload["message_id"] == 77
    assert "#1" in str(payload["text"]) and "#2" in str(payload["text"])
    assert "302" not in str(payload["text"])
    assert len(await desk.queued(GROUP3)) == 3  # one edit for both


async def test_a_board_deleted_in_the_group_is_sent_again(desk: Desk) -> None:
    await desk.tick()
    ((send, *_),) = await desk.queued(GROUP3)
    await desk.answer(send, message_id=77)
    await desk.tick()
    await desk.answer((await desk.queued(GROUP3))[-1][0])
    await desk.tick()
    await desk.file("3栋2单元灯坏了", 1)
    desk.clock.now += timedelta(seconds=61)
    await desk.tick()
    edit = (await desk.queued(GROUP3))[-1]
    await desk.answer(edit[0], error="Bad Request: message to edit not found")
    await desk.tick()  # the refusal read: a new board is owed at once
    await desk.tick()
    (_, method, payload, _) = (await desk.queued(GROUP3))[-1]
    assert method == "sendMessage" and "#1" in str(payload["text"])


async def test_a_refused_pin_tells_once_and_is_not_tried_again(desk: Desk) -> None:
    await desk.tick()
    ((send, *_),) = await desk.queued(GROUP5)
    await desk.answer(send, message_id=5)
    await desk.tick()
    pin = (await desk.queued(GROUP5))[-1]
    await desk.answer(pin[0], error="Bad Request: not enough rights to manage pinned messages")
    await desk.tick()
    told = [q for q in await desk.queued(GROUP5) if "置顶" in str(q[2].get("text"))]
    assert len(told) == 1
    admin = [q for q in await desk.queued(1001) if "5栋" in str(q[2].get("text"))]
    assert len(admin) == 1
    async with desk.database.transaction() as repos:
        board = await repos.boards.of_chat(GROUP5)
        assert board is not None and board.pin_refused_at == T0
        await repos.boards.touch([board.building_id], desk.clock())
    desk.clock.now += timedelta(minutes=5)
    await desk.tick()
    methods = [q[1] for q in await desk.queued(GROUP5)]
    assert methods.count("pinChatMessage") == 1


async def test_a_group_upgraded_to_a_supergroup_gets_its_board_anew(desk: Desk) -> None:
    await desk.tick()
    ((send, *_),) = await desk.queued(GROUP3)
    await desk.answer(send, message_id=77)
    await desk.tick()
    await desk.answer((await desk.queued(GROUP3))[-1][0])
    await desk.tick()
    upgraded = -1000000003
    async with desk.database.transaction() as repos:
        # As the sender does when Telegram answers "group upgraded to a supergroup".
        await repos.directory.move_chat(GROUP3, upgraded)
    async with desk.database.transaction() as repos:
        board = await repos.boards.of_chat(upgraded)
        assert board is not None
        await repos.boards.touch([board.building_id], desk.clock())
    desk.clock.now += timedelta(seconds=61)
    await desk.tick()
    ((send, method, payload, _),) = await desk.queued(upgraded)
    assert method == "sendMessage" and "3栋 诉求公告板" in str(payload["text"])  # not an edit of 77
    await desk.answer(send, message_id=5)
    await desk.tick()
    pin = (await desk.queued(upgraded))[-1]
    assert pin[1] == "pinChatMessage" and pin[2]["message_id"] == 5


@pytest.mark.parametrize("enabled", [True, False])
async def test_boards_off_everywhere_no_board_is_marked_on_a_change(
    database: Database, enabled: bool
) -> None:
    """With boards off for every group a filed request writes nothing about boards."""
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    config = ServiceConfig(board=BoardConfig(enabled=enabled))
    async with database.transaction() as repos:
        await DirectoryService(repos).apply(read_directory(GRID))
        await services_over(repos, Clock(), config=config).boards.plan()
    event.listen(database.engine.sync_engine, "before_cursor_execute", seen)
    try:
        async with database.transaction() as repos:
            services = services_over(repos, Clock(), config=config)
            wang = await services.people.seen(Account(9001, None, "王阿姨", "zh-hans"))
            await services.requests.intake(
                wang, GroupMessage(GROUP3, 1, "3栋电梯坏了"), forced=True
            )
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", seen)
    marks = [s for s in statements if s.lstrip().upper().startswith("UPDATE BOARDS")]
    assert len(marks) == (1 if enabled else 0)


async def test_boards_read_together_show_what_each_read_alone_did(desk: Desk) -> None:
    """The batch read (one listing, one month's figures, one meetings query for all boards)
    against the single-board reads it replaced: the demand list and upcoming(limit=1)."""
    for number, text in enumerate(
        ["3栋2单元302室灯坏了", "3栋1单元电梯异响", "3栋楼道堆满杂物"], 1
    ):
        await desk.file(text, number)
    desk.clock.now += timedelta(minutes=1)  # the month's figures count up to now, excluded
    async with desk.database.transaction() as repos:
        services = services_over(repos, desk.clock)
        building = await repos.directory.building_by_chat(GROUP3)
        other = await repos.directory.building_by_chat(GROUP5)
        assert building is not None and other is not None and building.grid_id is not None
        secretary = await repos.people.by_telegram_id(1001)
        assert secretary is not None
        at = T0 + timedelta(days=2)
        for scope, grid_id, chat_id, hours in [
            ("chat", None, GROUP5, 1),  # another group's: not on building 3's board
            ("grid", building.grid_id, None, 3),
            ("community", None, None, 5),
        ]:
            await repos.meetings.insert(
                community_id=building.community_id, scope=scope, grid_id=grid_id,
                chat_id=chat_id, organiser_id=secretary.id, title=f"{scope} meeting",
                starts_at=at + timedelta(hours=hours), state="scheduled", created_at=T0,
            )  # fmt: skip
        together = await services.boards.boards([building.id, other.id, 999999])
        assert set(together) == {building.id, other.id}  # a building that is gone: no board
        for shown in (building, other):
            board = together[shown.id]
            listed = await repos.stats.all_listed(
                Reach(building_ids=(shown.id,)), Filters(), open_only=True
            )
            assert board.more + len(board.items) == len(listed)
            assert {item.request.id for item in board.items} == {r.request.id for r in listed}
            upcoming = await repos.meetings.upcoming(
                shown.community_id, chat_id=shown.chat_id, grid_id=shown.grid_id, limit=1
            )
            assert board.meeting == (upcoming[0] if upcoming else None)
            tallies, _ = await repos.stats.figures(
                Reach(building_ids=(shown.id,)), month_start(board.now.astimezone(board.zone)), board.now,
                (board.now, board.now),
            )  # fmt: skip
            assert board.month.received == sum(t.received for t in tallies.values())
        assert together[building.id].meeting is not None
        assert together[building.id].meeting.title == "grid meeting"  # type: ignore[union-attr]
        assert together[other.id].meeting.title == "chat meeting"  # type: ignore[union-attr]
        assert together[building.id].month.received == 3
