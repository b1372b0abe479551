"""The residents' day agenda against a real database (SQLite and PostgreSQL): planned once per
building and month, fired once by two runners, the next month planned, a community's own day."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.scheduling.runner import JobRunner
from bot.services.config import ResidentsDayConfig, ServiceConfig
from bot.services.directory import DirectoryService, read_directory
from bot.services.people import Account
from bot.services.requests import GroupMessage
from storage.database import Database
from storage.schema import outbox, scheduled_jobs
from tests.conftest import GRID
from tests.wiring import services_over

T0 = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
GROUP3 = -1003


@dataclass
class Clock:
    now: datetime = T0

    def __call__(self) -> datetime:
        return self.now


async def _world(database: Database, config: ServiceConfig) -> tuple[Clock, JobRunner]:
    clock = Clock()
    async with database.transaction() as repos:
        await DirectoryService(repos).apply(read_directory(GRID))
        services = services_over(repos, clock, config=config)
        wang = await services.people.seen(Account(9001, None, "王阿姨", "zh-hans"))
        for n, text in enumerate(("3栋楼道灯坏了", "3栋电梯异响"), 1):
            await services.requests.intake(wang, GroupMessage(GROUP3, n, text), forced=True)
        await services.plan_jobs()
        await services.plan_jobs()  # twice: planned once
    runner = JobRunner(
        database, lambda repos: services_over(repos, clock, config=config), clock, lambda: None
    )
    return clock, runner


async def _sent(database: Database, method: str) -> list[dict[str, object]]:
    async with database.transaction() as repos:
        query = select(outbox.c.payload).where(outbox.c.method == method).order_by(outbox.c.id)
        return [json.loads(r[0]) for r in await repos.connection.execute(query)]


async def _jobs(database: Database) -> dict[str, str]:
    async with database.transaction() as repos:
        query = select(scheduled_jobs.c.key, scheduled_jobs.c.state).where(
            scheduled_jobs.c.kind == "residents_agenda"
        )
        return {r.key: r.state for r in await repos.connection.execute(query)}


async def test_one_agenda_per_building_even_with_two_runners(database: Database) -> None:
    clock, runner = await _world(database, ServiceConfig())
    jobs = await _jobs(database)
    assert len(jobs) == 3 and all(k.endswith(":2026-12-15") for k in jobs)
    clock.now = datetime(2026, 12, 12, 2, 0, tzinfo=UTC) - timedelta(seconds=1)
    await runner.tick()
    assert await _sent(database, "sendPoll") == []
    clock.now += timedelta(seconds=2)
    other = JobRunner(database, runner.build, clock, lambda: None)
    await runner.tick()
    await other.tick()
    (poll,) = await _sent(database, "sendPoll")
    assert poll["chat_id"] == GROUP3 and poll["allows_multiple_answers"] is True
    assert len(poll["options"]) == 2  # type: ignore[arg-type]
    jobs = await _jobs(database)
    assert sum(s == "done" for k, s in jobs.items() if k.endswith(":2026-12-15")) == 3
    assert sum(s == "pending" for k, s in jobs.items() if k.endswith(":2027-01-15")) == 3


async def test_a_community_names_its_own_day(database: Database) -> None:
    own = ServiceConfig(residents_day=ResidentsDayConfig(by_community=(("和美社区", 20),)))
    clock, runner = await _world(database, own)
    assert all(k.endswith(":2026-12-20") for k in await _jobs(database))
    clock.now = datetime(2026, 12, 17, 2, 0, 1, tzinfo=UTC)
    await runner.tick()
    (agenda, *_) = [
        p for p in await _sent(database, "sendMessage") if "居民说事日" in str(p["text"])
    ]
    assert "12月20日" in str(agenda["text"])
