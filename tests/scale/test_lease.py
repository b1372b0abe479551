"""The lead among workers: a PostgreSQL advisory lock on a session of its own, on a real server."""

from __future__ import annotations

import asyncio

import asyncpg
from sqlalchemy import text

from bot.delivery.leadership import Leadership
from storage.lease import AdvisoryLock
from tests.conftest import POSTGRES
from tests.waiting import until


async def _end_session_of(lock: AdvisoryLock) -> None:
    """What PostgreSQL does when the holder's process dies: its session ends."""
    assert lock._connection is not None
    pid = (await lock._connection.execute(text("SELECT pg_backend_pid()"))).scalar()
    admin = await asyncpg.connect(POSTGRES)
    try:
        await admin.execute("SELECT pg_terminate_backend($1)", pid)
    finally:
        await admin.close()


async def test_one_holder_at_a_time_and_the_next_takes_over_when_its_session_ends(
    pg_url: str,
) -> None:
    first, second = AdvisoryLock(pg_url, {}), AdvisoryLock(pg_url, {})
    try:
        assert await first.try_take()
        assert await first.try_take()  # held: asking again changes nothing
        assert not await second.try_take()
        await _end_session_of(first)
        assert await until(second.try_take, "the standby takes the lock", timeout=5)
        assert not await first.still_held()
        assert not await first.try_take()  # it came back, but the lead has moved
    finally:
        await first.release()
        await second.release()


async def test_a_released_lease_is_taken_at_once(pg_url: str) -> None:
    first, second = AdvisoryLock(pg_url, {}), AdvisoryLock(pg_url, {})
    try:
        assert await first.try_take()
        await first.release()
        assert await second.try_take()
    finally:
        await second.release()


async def test_the_leaders_work_stops_when_its_lease_is_lost_and_runs_in_the_standby(
    pg_url: str,
) -> None:
    locks = [AdvisoryLock(pg_url, {}), AdvisoryLock(pg_url, {})]
    # Who is working now. (A leader whose session ended while it lives on may overlap the
    # next one for up to a check; nothing goes twice then: rows are leased one by one.)
    leading: list[int] = []

    def work(n: int):  # type: ignore[no-untyped-def]
        async def run(ended: asyncio.Event) -> None:
            leading.append(n)
            await ended.wait()
            leading.remove(n)

        return run

    stop = asyncio.Event()
    leaderships = [Leadership(lock, every=0.1) for lock in locks]
    tasks = [asyncio.create_task(ld.run(stop, work(n))) for n, ld in enumerate(leaderships)]
    try:
        first = (await until(lambda: asyncio.sleep(0, leading[:1]), "someone leads"))[0]
        await _end_session_of(locks[first])
        await until(lambda: asyncio.sleep(0, leading == [1 - first]), "the other leads", 5)
        assert leaderships[1 - first].held and not leaderships[first].held
    finally:
        stop.set()
        await asyncio.gather(*tasks)
    assert leading == []


async def test_workers_starting_together_migrate_one_after_another(pg_url: str) -> None:
    from storage.database import Database

    databases = [Database(pg_url) for _ in range(3)]
    try:
        await asyncio.gather(*(database.migrate() for database in databases))
        async with databases[0].transaction() as repos:
            assert await repos.outbox.counts() == {}
    finally:
        for database in databases:
            await database.close()
