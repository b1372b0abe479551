"""N workers behind one webhook: one port shared with SO_REUSEPORT, as behind nginx.

Marked `subprocess`: real worker processes against the emulator, which pushes updates to
the webhook with the secret, many at once.
"""

from __future__ import annotations

import socket
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.services.directory import DirectoryService, read_directory
from devtools.emulator.client import EmulatorClient
from devtools.emulator.server import Emulator
from storage.database import Database
from storage.schema import requests
from tests.conftest import GRID
from tests.process import BotProcess, bot_environment, wait_settled
from tests.scale.conftest import REDIS
from tests.scheduling.test_processes import STARTUP
from tests.story import GROUP3, MEMBER3, plain
from tests.waiting import until

pytestmark = pytest.mark.subprocess

SECRET = "weige-workers-secret"
PATH = "/tg/hook"
RESIDENTS = 40
FIRST_RESIDENT = 60_000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def world(pg_url: str) -> AsyncIterator[tuple[EmulatorClient, Database]]:
    emulator = Emulator()
    await emulator.start()
    client = EmulatorClient(emulator.base_url)
    await client.add_user(MEMBER3.id, MEMBER3.name)
    await client.add_users(
        [{"id": FIRST_RESIDENT + n, "first_name": f"居民{n}"} for n in range(RESIDENTS)]
    )
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


async def _filed(database: Database) -> int:
    async with database.transaction() as repos:
        query = select(func.count()).select_from(requests)
        return int((await repos.connection.execute(query)).scalar_one())


async def test_workers_on_one_webhook_port_share_the_updates_and_file_each_once(
    world: tuple[EmulatorClient, Database], tmp_path: Path, redis_prefix: str
) -> None:
    client, database = world
    port = _free_port()
    env = {
        "WEIGE_HTTP__HOST": "127.0.0.1",
        "WEIGE_HTTP__PORT": str(port),
        "WEIGE_HTTP__REUSE_PORT": "true",
        "WEIGE_WEBHOOK__ENABLED": "true",
        "WEIGE_WEBHOOK__PUBLIC_URL": f"http://127.0.0.1:{port}",
        "WEIGE_WEBHOOK__PATH": PATH,
        "WEIGE_WEBHOOK__SECRET_TOKEN": SECRET,
        "WEIGE_REDIS__URL": REDIS,
        "WEIGE_REDIS__PREFIX": redis_prefix,
        "WEIGE_DIAGNOSTICS__LOG_UPDATES": "true",  # each worker's share, read from its log
    }
    workers = [
        BotProcess(bot_environment(client.base_url, database.url, **env), tmp_path / f"w{n}.log")
        for n in range(2)
    ]
    try:
        for worker in workers:
            await worker.start()
        await until(lambda: _all_up(workers), "both workers serve the webhook", timeout=STARTUP)
        # Many residents at once: the emulator pushes them on parallel connections, which
        # the kernel spreads over the two workers listening on the port.
        for n in range(RESIDENTS):
            await client.say(GROUP3, FIRST_RESIDENT + n, f"/report 3栋第{n}盏路灯不亮")
        await until(lambda: _at_least(database, RESIDENTS), "every report filed", timeout=60)
        await wait_settled(client, database)
        # Without the secret, nothing: 401 from whichever worker answers.
        hook = f"http://127.0.0.1:{port}{PATH}"
        async with (
            aiohttp.ClientSession() as http,
            http.post(hook, json={"update_id": 1}) as answer,
        ):
            assert answer.status == 401
        # Healthy whichever answers: the leader (sending, ticking) or the standby.
        states = set()
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as http:
            for _ in range(12):
                async with http.get(f"http://127.0.0.1:{port}/healthz") as health:
                    assert health.status == 200, await health.text()
                    states.add((await health.json())["sender"])
        assert states <= {"running", "standby"}
    finally:
        for worker in workers:
            await worker.stop()
    assert await _filed(database) == RESIDENTS
    replies = Counter(
        plain(str(r["text"])).split("#")[1].split()[0]
        for r in await client.sent(GROUP3)
        if "已登记诉求" in plain(str(r["text"]))
    )
    assert len(replies) == RESIDENTS and set(replies.values()) == {1}
    handled = [w.log().count("is handled") for w in workers]
    assert all(handled), handled  # both took a share


async def _all_up(workers: list[BotProcess]) -> bool:
    return all("running as @" in w.log() and "HTTP server on" in w.log() for w in workers)


async def _at_least(database: Database, count: int) -> bool:
    return await _filed(database) >= count
