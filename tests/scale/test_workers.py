"""Several real workers (`python -m bot run`) on one PostgreSQL database and one Redis.

Marked `subprocess`: each test starts bot processes against an emulator and SIGKILLs the
one that leads; a cold start takes seconds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.delivery.lanes import Lane
from bot.services.directory import DirectoryService, read_directory
from devtools.emulator.client import EmulatorClient
from devtools.emulator.server import Emulator
from storage.database import Database
from storage.repositories.outbox import OutboxState
from tests.conftest import GRID
from tests.process import BotProcess, bot_environment, wait_settled
from tests.scale.conftest import REDIS
from tests.scheduling.test_processes import (
    SCHEDULING,
    STARTUP,
    _meeting_with_reminder_due_in,
    _reminders,
    _until_reminded,
)
from tests.story import GROUP3, MEMBER3, WANG, plain
from tests.waiting import until

pytestmark = pytest.mark.subprocess

LEADING = "lease taken"


@pytest.fixture
async def world(pg_url: str) -> AsyncIterator[tuple[EmulatorClient, Database]]:
    emulator = Emulator()
    await emulator.start()
    client = EmulatorClient(emulator.base_url)
    for user in (MEMBER3, WANG):
        await client.add_user(user.id, user.name)
    await client.add_group(GROUP3, "3栋邻里群")
    database = Database(pg_url)
    await database.migrate()
    async with database.transaction() as repos:
        await DirectoryService(repos).apply(read_directory(GRID))
    try:
        yield client, database
    finally:
        await database.close()
        await client.close()
        await emulator.stop()


async def _workers(
    count: int, client: EmulatorClient, database: Database, tmp_path: Path, **env: str
) -> list[BotProcess]:
    workers = [
        BotProcess(bot_environment(client.base_url, database.url, **env), tmp_path / f"w{n}.log")
        for n in range(count)
    ]
    for worker in workers:
        await worker.start()
    return workers


async def _leader(workers: list[BotProcess]) -> BotProcess:
    """The one that logged taking the lease, once every worker is up (the others stand by)."""

    async def found() -> BotProcess | None:
        if not all("running as @" in worker.log() for worker in workers):
            return None
        leading = [worker for worker in workers if LEADING in worker.log()]
        return leading[0] if len(leading) == 1 else None

    return await until(found, "one worker leads, the others are up", STARTUP)


async def test_a_reminder_due_after_the_leader_is_killed_goes_out_once_from_a_standby(
    world: tuple[EmulatorClient, Database], tmp_path: Path, redis_prefix: str
) -> None:
    client, database = world
    env = {**SCHEDULING, "WEIGE_REDIS__URL": REDIS, "WEIGE_REDIS__PREFIX": redis_prefix}
    workers = await _workers(2, client, database, tmp_path, **env)
    try:
        leader = await _leader(workers)
        standby = next(worker for worker in workers if worker is not leader)
        await _meeting_with_reminder_due_in(database, seconds=2)
        await leader.kill()  # before it is due: only the standby can send it
        await _until_reminded([client], timeout=15)
        assert LEADING in standby.log()
        # It polls now too: a resident's message is answered.
        await client.say(GROUP3, WANG.id, "/report 3栋电梯坏了")
        await until(
            lambda: _any_text(client, "已登记诉求"), "the standby files a request", timeout=15
        )
        await wait_settled(client, database)
        assert _reminders(await client.sent(GROUP3)) == (1, 0), standby.log()[-3000:]
    finally:
        for worker in workers:
            await worker.stop()


async def _any_text(client: EmulatorClient, fragment: str) -> bool:
    return any(fragment in plain(str(r["text"])) for r in await client.sent(GROUP3))


# Telegram's limits, every window five times faster (a minute lasts 12 s), in the workers
# and in the emulator, which answers 429 to a send past them. The emulator's windows are
# 2% shorter (and its chats take two a second): what arrives a few milliseconds later than
# it left (a busy test machine) must not count as the hand-over's fault. A new leader that
# did not know the old one's minute would send 20 more at once, far past it.
FACTOR = 5
LIMITS = {
    "WEIGE_LIMITS__PER_SECOND": "30",
    "WEIGE_LIMITS__PER_CHAT_PER_SECOND": "1",
    "WEIGE_LIMITS__PER_GROUP_PER_MINUTE": "20",
    "WEIGE_LIMITS__TIME_SCALE": str(FACTOR),
}
EMULATOR_LIMITS = {"enabled": True, "factor": FACTOR * 1.02, "per_chat_per_second": 2}
BURST = 30


async def _queue_burst(database: Database) -> None:
    now = datetime.now(UTC)
    async with database.transaction() as repos:
        for n in range(BURST):
            await repos.outbox.add(
                chat_id=GROUP3,
                method="sendMessage",
                payload={"chat_id": GROUP3, "text": f"通知 {n}"},
                priority=Lane.SCHEDULED,
                at=now,
            )


async def _sent_count(database: Database) -> int:
    async with database.transaction() as repos:
        return (await repos.outbox.counts()).get(OutboxState.SENT, 0)


async def test_the_groups_minute_budget_holds_across_a_hand_over(
    world: tuple[EmulatorClient, Database], tmp_path: Path, redis_prefix: str
) -> None:
    """The leader fills building 3's minute (20 messages) and is killed; the next leader
    must wait out that minute, which only Redis can tell it: its own windows are empty."""
    client, database = world
    await client.set_faults(flood_limits=EMULATOR_LIMITS)
    env = {**LIMITS, "WEIGE_REDIS__URL": REDIS, "WEIGE_REDIS__PREFIX": redis_prefix}
    workers = await _workers(2, client, database, tmp_path, **env)
    try:
        leader = await _leader(workers)
        await _queue_burst(database)
        await until(
            lambda: _sent_at_least(database, 20),
            "the leader fills the group's minute",
            timeout=30,
        )
        await leader.kill()
        minute = timedelta(seconds=60 / FACTOR)
        await until(
            lambda: _sent_at_least(database, BURST),
            "the rest is sent by the next leader",
            timeout=60,
        )
        await wait_settled(client, database)
    finally:
        for worker in workers:
            await worker.stop()
    records = await client.sent(GROUP3)
    texts = Counter(plain(str(r["text"])) for r in records)
    assert sorted(texts) == sorted(f"通知 {n}" for n in range(BURST))
    assert set(texts.values()) == {1}  # none twice: nothing was in flight when it died
    assert (await client.stats()).get("flood_429", 0) == 0
    # And, read from the emulator's clock: never 21 in one group-minute.
    stamps = sorted(float(r["time"]) for r in records)
    tightest = min(stamps[i + 20] - stamps[i] for i in range(len(stamps) - 20))
    assert tightest >= minute.total_seconds() - 0.05


async def _sent_at_least(database: Database, count: int) -> bool:
    return await _sent_count(database) >= count
