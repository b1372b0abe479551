"""A polled batch delivered again is a no-op by the poller's mark, not by a key per update:
the bot (two processes in turn on one database, as after a crash) fed the same batches."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from aiogram import F, Router
from aiogram.types import Message, Update
from sqlalchemy import select, text, update

from bot.app import App, create_app
from bot.services.directory import DirectoryService, read_directory
from devtools.sandbox import sandbox_settings
from storage.schema import failed_updates, poll_mark
from tests.conftest import GRID
from tests.story import GROUP3, WANG

GROUP3_CHAT = {"id": GROUP3, "type": "group", "title": "3栋邻里群"}


@pytest.fixture
async def url(sqlite_url: str) -> AsyncIterator[str]:
    # No Bot API is called while handling: what the bot owes goes to the outbox.
    app = create_app(_settings(sqlite_url))
    await app.database.migrate()
    async with app.database.transaction() as repos:
        await DirectoryService(repos).apply(read_directory(GRID))
    await app.close()
    yield sqlite_url


def _settings(url: str) -> Any:
    return sandbox_settings("http://127.0.0.1:9", url, trust={"requests_per_hour": 1000})


async def _process(url: str) -> App:
    """A bot process starting to poll: it reads the mark an earlier one left."""
    app = create_app(_settings(url))
    await app.poller.load_mark()
    return app


def _message(app: App, update_id: int, message_id: int, body: str, private: bool = False) -> Update:
    chat = {"id": WANG.id, "type": "private"} if private else GROUP3_CHAT
    data: dict[str, Any] = {
        "update_id": update_id,
        "message": {
            "message_id": message_id,
            "date": 1_765_000_000 + message_id,
            "chat": chat,
            "from": {"id": WANG.id, "is_bot": False, "first_name": WANG.name},
            "text": body,
        },
    }
    return Update.model_validate(data, context={"bot": app.bot})


def _report(app: App, n: int, update_id: int | None = None) -> Update:
    # Each a different light: look-alike questions are not what is tested here.
    texts = ["楼道灯坏了", "电梯不动了", "水管漏水了", "门禁坏了", "垃圾没人清", "下水道堵了"]
    body = f"3栋{texts[n % len(texts)]}，第{n}层，麻烦尽快处理"
    return _message(app, update_id if update_id is not None else 1000 + n, 500 + n, body)


async def _filed(app: App) -> list[int]:
    async with app.database.transaction() as repos:
        rows = await repos.connection.execute(text("SELECT message_id FROM requests ORDER BY id"))
        return [row[0] for row in rows]


async def _replies(app: App) -> int:
    async with app.database.transaction() as repos:
        found = await repos.connection.execute(
            text("SELECT count(*) FROM outbox WHERE chat_id = :chat"), {"chat": GROUP3}
        )
        return int(found.scalar() or 0)


async def test_a_batch_delivered_again_after_a_restart_is_handled_once(url: str) -> None:
    first = await _process(url)
    await first.poller.handle_batch([_report(first, n) for n in range(4)])
    assert await _filed(first) == [500, 501, 502, 503]
    replies = await _replies(first)
    assert replies >= 4 and replies % 4 == 0  # as many for each request
    await first.close()

    # Killed before the next getUpdates confirmed the batch: Telegram sends it again, with
    # what came since.
    second = await _process(url)
    assert second.poller.mark == 1003
    await second.poller.handle_batch([_report(second, n) for n in range(6)])
    assert await _filed(second) == [500, 501, 502, 503, 504, 505]
    assert await _replies(second) == replies // 4 * 6
    async with second.database.transaction() as repos:
        assert await repos.inbox.polled() is not None
        assert (await repos.inbox.polled() or (0,))[0] == 1005
    await second.close()


async def test_a_mark_older_than_a_week_is_not_trusted(url: str) -> None:
    first = await _process(url)
    await first.poller.handle_batch([_report(first, n) for n in range(2)])
    async with first.database.transaction() as repos:
        await repos.connection.execute(
            update(poll_mark).values(at=first.clock() - timedelta(days=8))
        )
    await first.close()

    # After a week without updates Telegram numbers them afresh, maybe below the mark.
    second = await _process(url)
    assert second.poller.mark is None
    await second.poller.handle_batch([_report(second, n, update_id=10 + n) for n in range(2, 4)])
    assert await _filed(second) == [500, 501, 502, 503]
    await second.close()


async def test_a_failing_update_leaves_the_rest_of_its_batch_handled_once(url: str) -> None:
    app = await _process(url)
    attempts: list[int] = []

    async def fragile(message: Message) -> None:
        attempts.append(message.message_id)
        raise RuntimeError("database went away")

    router = Router(name="fragile")
    router.message.register(fragile, F.text == "boom")
    app.dispatcher.include_router(router)
    batch = [
        _report(app, 0),
        _report(app, 1),
        _message(app, 1002, 777, "boom", private=True),
        _report(app, 3),
    ]
    await app.poller.handle_batch(batch)
    # The batch rolled back at the failure; the others were handled again one by one,
    # each once, and the failing one kept after its one try.
    assert await _filed(app) == [500, 501, 503]
    assert attempts == [777]
    async with app.database.transaction() as repos:
        kept = (await repos.connection.execute(select(failed_updates.c.update_id))).all()
        assert [row[0] for row in kept] == [1002]
        assert (await repos.inbox.polled() or (0,))[0] == 1003
    assert app.poller.mark == 1003
    await app.close()
