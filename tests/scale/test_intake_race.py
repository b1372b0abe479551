"""The same update reaching two workers at once makes one request: two bots (two engines,
two sessions each) on one real PostgreSQL database, fed the same updates concurrently."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram.types import Update
from sqlalchemy import text

from bot.app import App, create_app
from bot.services.directory import DirectoryService, read_directory
from devtools.sandbox import sandbox_settings
from tests.conftest import GRID
from tests.story import GROUP3, WANG

COUNT = 12


@pytest.fixture
async def workers(pg_url: str) -> AsyncIterator[tuple[App, App]]:
    # No Bot API is called while handling: what the bot owes goes to the outbox.
    # One resident files them all: the hourly filing limit is not what is tested here.
    settings = sandbox_settings("http://127.0.0.1:9", pg_url, trust={"requests_per_hour": 1000})
    apps = [create_app(settings) for _ in "ab"]
    await apps[0].database.migrate()
    async with apps[0].database.transaction() as repos:
        await DirectoryService(repos).apply(read_directory(GRID))
    yield apps[0], apps[1]
    for app in apps:
        await app.close()


def _report(app: App, n: int) -> Update:
    body = f"/report 3栋楼道灯坏了 第{n}盏"
    data: dict[str, Any] = {
        "update_id": 1000 + n,
        "message": {
            "message_id": 500 + n,
            "date": 1_765_000_000 + n,
            "chat": {"id": GROUP3, "type": "group", "title": "3栋邻里群"},
            "from": {"id": WANG.id, "is_bot": False, "first_name": WANG.name},
            "text": body,
            "entities": [{"type": "bot_command", "offset": 0, "length": 7}],
        },
    }
    return Update.model_validate(data, context={"bot": app.bot})


async def _counts(app: App) -> tuple[int, int]:
    """(requests filed, messages queued for building 3's group)."""
    async with app.database.transaction() as repos:
        filed = (await repos.connection.execute(text("SELECT count(*) FROM requests"))).scalar()
        replies = (
            await repos.connection.execute(
                text("SELECT count(*) FROM outbox WHERE chat_id = :chat"), {"chat": GROUP3}
            )
        ).scalar()
    return int(filed or 0), int(replies or 0)


async def test_each_update_fed_to_two_workers_at_once_is_filed_once(
    workers: tuple[App, App],
) -> None:
    a, b = workers
    await asyncio.gather(
        *(app.poller.handle(_report(app, n)) for n in range(COUNT) for app in (a, b))
    )
    assert await _counts(a) == (COUNT, COUNT)


async def test_batches_crossing_in_opposite_orders_file_each_update_once(
    workers: tuple[App, App],
) -> None:
    # One transaction a batch: the second waits for the first's community counter, then
    # files a message the first filed and committed meanwhile. Its batch fails on that key
    # and is handled again update by update, finding what the first filed: nothing is lost,
    # nothing filed twice, no update kept as failed. (A deadlock, where the two wait on each
    # other, goes the same way.)
    a, b = workers
    forward = [_report(a, n) for n in range(COUNT)]
    backward = [_report(b, n) for n in reversed(range(COUNT))]
    await asyncio.gather(a.poller.handle_batch(forward), b.poller.handle_batch(backward))
    assert await _counts(a) == (COUNT, COUNT)
    async with a.database.transaction() as repos:
        failed = await repos.failed_updates.pending(limit=50)
    assert failed == []
