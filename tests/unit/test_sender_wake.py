"""The send loop's wake-up: a send that finishes while the loop looks at the outbox must
not be slept through (the loop then waited `idle_poll` with the chat's next message due)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from aiogram import Bot

from bot.delivery.limiter import SendLimiter
from bot.delivery.sender import OutboxSender
from storage.database import Database
from storage.repositories import Repositories
from tests.waiting import until


async def _nobody(_repos: Repositories, _telegram_id: int, _reason: str) -> None:
    return None


async def test_a_wake_during_the_look_at_the_outbox_is_not_lost(tmp_path: Path) -> None:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'weige.db'}")
    await database.migrate()
    bot = Bot("123456:TEST")
    sender = OutboxSender(
        database,
        bot,
        SendLimiter(30, 1, 20),
        lambda: datetime.now(UTC),
        _nobody,
        idle_poll=30.0,  # a lost wake-up would show as half a minute's sleep
    )
    looks = 0

    async def look() -> tuple[bool, float | None]:
        nonlocal looks
        looks += 1
        if looks == 1:
            await asyncio.sleep(0)  # the look waits for the database...
            sender.wake()  # ...and meanwhile a send finishes, freeing its chat
        return False, None

    sender.send_due = look  # type: ignore[method-assign]
    stop = asyncio.Event()
    running = asyncio.create_task(sender.run(stop))

    async def looked_again() -> bool:
        return looks >= 2

    try:
        await until(looked_again, "the loop looks again at once", timeout=5)
    finally:
        stop.set()
        sender.wake()
        await asyncio.wait_for(running, 10)
        await bot.session.close()
        await database.close()
