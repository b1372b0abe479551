"""A power cut under webhook pushes: an update is answered only once committed, so Telegram
sends the unanswered ones again, and the inbox makes those that did commit a no-op."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.services.directory import DirectoryService, read_directory
from devtools.emulator.client import EmulatorClient
from devtools.emulator.server import Emulator
from storage.database import Database
from storage.schema import requests
from tests.conftest import GRID
from tests.process import BotProcess, bot_environment, wait_settled
from tests.story import GROUP3, MEMBER3, WANG, plain
from tests.waiting import until
from tests.web.conftest import SECRET, free_port

pytestmark = pytest.mark.subprocess

BURST = 40


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[tuple[EmulatorClient, Database, str]]:
    emulator = Emulator()
    await emulator.start()
    url = f"sqlite+aiosqlite:///{tmp_path / 'weige.db'}"
    database = Database(url)
    await database.migrate()
    async with database.transaction() as repos:
        await DirectoryService(repos).apply(read_directory(GRID))
    client = EmulatorClient(emulator.base_url)
    await client.add_user(WANG.id, WANG.name)
    await client.add_user(MEMBER3.id, MEMBER3.name)
    await client.add_group(GROUP3, "3栋邻里群")
    await client.start_private(MEMBER3.id)
    yield client, database, url
    await client.close()
    await database.close()
    await emulator.stop()


async def test_sigkill_while_updates_are_pushed_loses_nothing_and_files_nothing_twice(
    world: tuple[EmulatorClient, Database, str], tmp_path: Path
) -> None:
    client, database, url = world
    port = free_port()
    env = bot_environment(
        client.base_url,
        url,
        WEIGE_WEBHOOK__ENABLED="true",
        WEIGE_WEBHOOK__PUBLIC_URL=f"http://127.0.0.1:{port}",
        WEIGE_WEBHOOK__SECRET_TOKEN=SECRET,
        WEIGE_HTTP__PORT=str(port),
    )
    bot = BotProcess(env, tmp_path / "bot.log")
    await bot.start()

    async def webhook_set() -> bool:
        return bool((await client.stats())["calls"].get("setWebhook"))

    await until(webhook_set, "the bot set its webhook", timeout=60)
    # Slow answers keep updates mid-handling, so the kill lands inside some of them.
    await client.set_faults(latency_ms=40)
    messages: list[dict[str, Any]] = []

    async def residents_write() -> None:
        for i in range(BURST):
            messages.append(await client.say(GROUP3, WANG.id, f"/report 3栋楼道灯坏了 第{i}次"))
            await asyncio.sleep(0.02)

    # They go on writing through the kill: pushes in flight are cut, later ones find no one.
    writing = asyncio.create_task(residents_write())
    await client.wait_sent(GROUP3, count=3, timeout=60)
    await bot.kill()
    await writing
    # And while the bot is down: Telegram keeps these and tries again.
    for i in range(5):
        messages.append(await client.say(GROUP3, WANG.id, f"/report 3栋电梯坏了 第{i}次"))

    async def refused() -> bool:
        return bool((await client.stats())["webhook_failed"])

    await until(refused, "a push refused while the bot is down")

    restarted = BotProcess(env, tmp_path / "bot.log")
    await restarted.start()
    try:
        await wait_settled(client, database)
    finally:
        await restarted.stop()

    stats = await client.stats()
    assert stats["calls"].get("getUpdates", 0) == 0
    async with database.transaction() as repos:
        filed = (await repos.connection.execute(select(requests))).all()
    assert sorted(r.message_id for r in filed) == sorted(m["message_id"] for m in messages)
    told = Counter(
        int(m.group(1))
        for record in await client.sent(GROUP3)
        if record["method"] == "sendMessage" and (m := re.search(r"#(\d+)", plain(record["text"])))
    )
    assert set(told) == {r.number for r in filed}
