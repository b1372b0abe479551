"""Real processes (`python -m bot run`): a SIGKILL between scheduling and firing, and a double start.

Marked `subprocess`: each test starts bot processes against emulators and takes a few seconds.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.domain.models import MeetingState
from bot.services.config import SchedulingConfig, ServiceConfig
from bot.services.directory import DirectoryService, read_directory
from devtools.emulator.client import EmulatorClient
from devtools.emulator.server import Emulator
from storage.database import Database
from tests.conftest import GRID
from tests.process import BotProcess, bot_environment, wait_settled, wait_until_polling
from tests.story import GROUP3, MEMBER3, plain
from tests.wiring import services_over

pytestmark = pytest.mark.subprocess

SCHEDULING = {"WEIGE_REMINDERS__QUIET_HOURS": "", "WEIGE_REMINDERS__TICK_SECONDS": "0.2"}
# Loading the parser's model makes a cold start take many seconds: waits allow for it.
STARTUP = 60.0


async def _emulator() -> tuple[Emulator, EmulatorClient]:
    emulator = Emulator()
    await emulator.start()
    client = EmulatorClient(emulator.base_url)
    await client.add_user(MEMBER3.id, MEMBER3.name)
    await client.add_group(GROUP3, "3栋邻里群")
    return emulator, client


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:  # type: ignore[override]
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'weige.db'}")
    await db.migrate()
    async with db.transaction() as repos:
        await DirectoryService(repos).apply(read_directory(GRID))
    yield db
    await db.close()


async def _meeting_in(database: Database, seconds: float, offset: timedelta) -> datetime:
    """A confirmed meeting in building 3's group starting `seconds` from now (real time),
    with one reminder `offset` before it. The rows are planned here; the bots only claim them."""
    starts_at = datetime.now(UTC) + timedelta(seconds=seconds)
    config = SchedulingConfig(meeting_offsets=(offset,))
    async with database.transaction() as repos:
        member = await repos.people.by_telegram_id(MEMBER3.id)
        assert member is not None
        draft = await repos.meetings.insert(
            community_id=1, scope="chat", chat_id=GROUP3, organiser_id=member.id,
            title="坝坝会", starts_at=starts_at, state=MeetingState.DRAFT,
            created_at=datetime.now(UTC),
        )  # fmt: skip
        services = services_over(
            repos, lambda: datetime.now(UTC), config=ServiceConfig(scheduling=config)
        )
        await services.meetings.confirm(member, draft.id)
    return starts_at


async def _until(moment: datetime) -> None:
    await asyncio.sleep(max(0.0, (moment - datetime.now(UTC)).total_seconds()))


def _reminders(records: list[dict[str, object]], offset: str) -> tuple[int, int]:
    """(how many 'starts in …' reminders, how many 'starts now' posts)."""
    texts = [plain(str(r["text"])) for r in records if r["method"] == "sendMessage"]
    return sum(f"还有 {offset} 开始" in t for t in texts), sum("现在开始" in t for t in texts)


async def test_sigkill_between_scheduling_and_firing_then_restart_sends_exactly_one(
    database: Database, tmp_path: Path
) -> None:
    emulator, client = await _emulator()
    env = bot_environment(client.base_url, database.url, **SCHEDULING)
    first = BotProcess(env, tmp_path / "bot.log")
    second: BotProcess | None = None
    try:
        await first.start()
        await wait_until_polling(client, STARTUP)
        # The reminder falls due 8 s from now; the restarted bot needs time to come up
        # before the meeting starts, or the late reminder would (rightly) be dropped.
        offset = timedelta(seconds=40)
        starts_at = await _meeting_in(database, seconds=48, offset=offset)
        await asyncio.sleep(1)
        await first.kill()  # a power cut, well before the reminder is due
        await _until(starts_at - offset + timedelta(seconds=0.5))  # it fell due while down

        second = BotProcess(env, tmp_path / "bot.log")
        await second.start()
        try:
            await wait_until_polling(client, STARTUP)
            assert datetime.now(UTC) < starts_at, "restart too slow for this test's timings"
            await _until(starts_at + timedelta(seconds=1.5))
            await wait_settled(client, database)
        finally:
            await second.stop()
        assert _reminders(await client.sent(GROUP3), "40秒") == (1, 1), second.log()[-3000:]
    finally:
        for bot in (first, second):
            if bot is not None:
                await bot.stop()
        await client.close()
        await emulator.stop()


async def test_two_processes_on_one_database_send_exactly_one(
    database: Database, tmp_path: Path
) -> None:
    # Each process polls its own emulator (one token polled twice would end one of them
    # with 409 Conflict); they share the database, which is what must keep them apart.
    (emu_a, client_a), (emu_b, client_b) = await _emulator(), await _emulator()
    bots = [
        BotProcess(bot_environment(c.base_url, database.url, **SCHEDULING), tmp_path / f"{n}.log")
        for n, c in (("a", client_a), ("b", client_b))
    ]
    try:
        for bot in bots:
            await bot.start()
        await wait_until_polling(client_a, STARTUP)
        await wait_until_polling(client_b, STARTUP)
        starts_at = await _meeting_in(database, seconds=4, offset=timedelta(seconds=2))
        await _until(starts_at + timedelta(seconds=1.5))
        await wait_settled(client_a, database)
        await wait_settled(client_b, database)
        sent = await client_a.sent(GROUP3) + await client_b.sent(GROUP3)
        assert _reminders(sent, "2秒") == (1, 1), json.dumps([b.log()[-2000:] for b in bots])
    finally:
        for bot in bots:
            await bot.stop()
        for client, emulator in ((client_a, emu_a), (client_b, emu_b)):
            await client.close()
            await emulator.stop()
