"""A power cut in the middle of a burst: nothing a resident was told about is lost or doubled."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.services.directory import DirectoryService, read_directory
from devtools.emulator.client import EmulatorClient
from devtools.emulator.server import Emulator
from storage.database import Database
from storage.schema import outbox, requests
from tests.conftest import GRID
from tests.process import BotProcess, bot_environment, wait_settled, wait_until_polling
from tests.story import GROUP3, MEMBER3, WANG, plain

BURST = 50


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


async def test_sigkill_mid_burst_loses_nothing_and_doubles_nothing(
    world: tuple[EmulatorClient, Database, str], tmp_path: Path
) -> None:
    client, database, url = world
    bot = BotProcess(bot_environment(client.base_url, url), tmp_path / "bot.log")
    await bot.start()
    await wait_until_polling(client)
    # Slow answers keep sends in flight, so the kill lands between a send and its record.
    await client.set_faults(latency_ms=40)

    messages = [
        await client.say(GROUP3, WANG.id, f"/report 3栋2单元楼道灯坏了 第{i}次反映")
        for i in range(BURST)
    ]
    await client.wait_sent(GROUP3, count=BURST // 4, timeout=60)
    await bot.kill()

    restarted = BotProcess(bot.env, tmp_path / "bot.log")
    await restarted.start()
    try:
        await wait_settled(client, database)
    finally:
        await restarted.stop()

    async with database.transaction() as repos:
        filed = (await repos.connection.execute(select(requests))).all()
        rows = (await repos.connection.execute(select(outbox))).all()
    # Every message became exactly one request.
    assert sorted(r.message_id for r in filed) == sorted(m["message_id"] for m in messages)

    # Every request the resident was told about exists, once.
    told = Counter(
        int(m.group(1))
        for record in await client.sent(GROUP3)
        if record["method"] == "sendMessage" and (m := re.search(r"#(\d+)", plain(record["text"])))
    )
    numbers = Counter(r.number for r in filed)
    assert set(told) == set(numbers) and max(numbers.values()) == 1

    # Every owed message went out; a repeat only where a send was cut off mid-flight (logged).
    replies = Counter(
        r["reply_to_message_id"] for r in await client.sent(GROUP3) if r["method"] == "sendMessage"
    )
    tasks = Counter(
        plain(r["text"]) for r in await client.sent(MEMBER3.id) if "#" in plain(r["text"])
    )
    assert set(replies) == {m["message_id"] for m in messages}
    repeated_in_flight = sum(1 for row in rows if row.attempts > 1)
    assert sum(replies.values()) - BURST <= repeated_in_flight
    assert sum(tasks.values()) - BURST <= repeated_in_flight
    assert all(count <= 2 for count in replies.values())
    assert all(row.state == "sent" for row in rows), Counter(row.state for row in rows)
    if repeated_in_flight:
        assert "may repeat" in bot.log()
    # A line per update handled only when asked for ([diagnostics] log_updates).
    assert "is handled" not in bot.log()
