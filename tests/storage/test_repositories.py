"""Repositories on SQLite and PostgreSQL alike."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from storage.database import Database
from storage.repositories.outbox import OutboxState

T0 = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


async def _community(database: Database) -> int:
    async with database.transaction() as repos:
        return await repos.directory.save_community("和美社区", "Asia/Shanghai")


async def test_request_numbers_count_per_community_without_gaps_under_concurrency(
    database: Database,
) -> None:
    first = await _community(database)
    async with database.transaction() as repos:
        second = await repos.directory.save_community("幸福社区", "Asia/Shanghai")
        person = await repos.people.insert(name="王阿姨", telegram_id=9002, username=None)
    messages = iter(range(1, 100))

    async def file(community_id: int) -> int:
        async with database.transaction() as repos:
            request = await repos.requests.file(
                community_id=community_id, chat_id=-1003, message_id=next(messages),
                reporter_id=person.id, text="灯坏了", category="facilities", urgent=False,
                state="new", level="member", created_at=T0,
            )  # fmt: skip
            # What the request took is what its community's counter passed.
            assert await repos.requests.by_number([community_id], request.number) == [request]
            return request.number

    numbers = await asyncio.gather(*(file(first) for _ in range(20)))
    assert sorted(numbers) == list(range(1, 21))
    assert await file(second) == 1
    assert await file(first) == 21


async def test_one_request_per_message(database: Database) -> None:
    community_id = await _community(database)
    async with database.transaction() as repos:
        person = await repos.people.insert(name="王阿姨", telegram_id=9001, username=None)
    values = {
        "community_id": community_id,
        "chat_id": -1003,
        "message_id": 7,
        "reporter_id": person.id,
        "text": "灯坏了",
        "category": "facilities",
        "urgent": False,
        "state": "new",
        "level": "member",
        "created_at": T0,
    }
    async with database.transaction() as repos:
        request = await repos.requests.insert(number=1, **values)
        assert request.created_at == T0
    with pytest.raises(IntegrityError):
        async with database.transaction() as repos:
            await repos.requests.insert(number=2, **values)


async def test_outbox_lanes_leases_and_states(database: Database) -> None:
    async with database.transaction() as repos:
        bulk = await repos.outbox.add(
            chat_id=-1,
            method="sendMessage",
            payload={"chat_id": -1, "text": "公告"},
            priority=3,
            at=T0,
        )
        reply = await repos.outbox.add(
            chat_id=-2,
            method="sendMessage",
            payload={"chat_id": -2, "text": "回复"},
            priority=1,
            at=T0,
        )
    async with database.transaction() as repos:
        assert [row_id for row_id, _, _ in await repos.outbox.due(T0, 10)] == [reply, bulk]
        leased = await repos.outbox.claim(reply, T0)
        assert leased is not None and leased.attempts == 1 and leased.payload["text"] == "回复"
        assert await repos.outbox.claim(reply, T0) is None  # another sender cannot take it
        assert [row_id for row_id, _, _ in await repos.outbox.due(T0, 10)] == [bulk]
    async with database.transaction() as repos:
        assert await repos.outbox.expired_leases(T0 - timedelta(seconds=1)) == []
        expired = await repos.outbox.expired_leases(T0 + timedelta(seconds=1))
        assert [m.id for m in expired] == [reply]
        await repos.outbox.mark_sent(reply, T0, 42)
        assert await repos.outbox.sent_message_id(reply) == 42
        await repos.outbox.release(bulk, T0 + timedelta(seconds=30), "429")
        assert await repos.outbox.due(T0, 10) == []
        assert await repos.outbox.counts() == {OutboxState.SENT: 1, OutboxState.PENDING: 1}


async def test_people_are_matched_by_username_once_they_write(database: Database) -> None:
    from bot.services.people import Account
    from tests.wiring import services_over

    async with database.transaction() as repos:
        people = services_over(repos, lambda: T0).people
        listed = await repos.people.insert(name="吴师傅", telegram_id=None, username="B3_Member")
        person = await people.seen(Account(3100, "b3_member", "Wu", "zh-hans"))
        assert (person.id, person.telegram_id, person.name) == (listed.id, 3100, "吴师傅")
        again = await people.seen(Account(3100, "b3_member", "Wu", "zh-hans"))
        assert again == person
        # The username moves to a new account: the old holder loses it, nobody is merged.
        other = await people.seen(Account(4000, "b3_member", "New", None))
        assert other.id != person.id and other.username == "b3_member"
        assert (await repos.people.get(person.id)).username is None


async def test_posts_in_grid_name_the_place_and_the_holder(database: Database) -> None:
    from bot.domain.models import Role

    community = await _community(database)
    async with database.transaction() as repos:
        d = repos.directory
        other = await d.save_grid(community, "B", "二期")
        grid = await d.save_grid(community, "A", "一期")
        # Building and person ids and Telegram ids kept apart, so a mixed-up column shows.
        await d.save_building(other, "11")
        b13 = await d.save_building(grid, "13")
        leader = await repos.people.insert(name="网格长", telegram_id=7201, username=None)
        member = await repos.people.insert(name="李", telegram_id=None, username="li_member")
        await repos.people.update(leader.id, started_bot=True)
        await d.set_posts(grid, None, [(Role.LEADER, leader.id)])
        await d.set_posts(grid, b13, [(Role.MEMBER, member.id), (Role.HEAD, leader.id)])
        await d.set_posts(other, None, [(Role.POLICE, member.id)])
        posts = await d.posts_in_grid(grid)
    shown = [(r, at, p.name, p.telegram_id, p.username, p.started_bot) for r, at, p in posts]
    assert shown == [
        (Role.LEADER, None, "网格长", 7201, None, True),
        (Role.MEMBER, b13, "李", None, "li_member", False),
        (Role.HEAD, b13, "网格长", 7201, None, True),
    ]
