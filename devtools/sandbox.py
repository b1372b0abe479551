"""The real bot against the local Telegram emulator, in one process: for the demo and the tests."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from bot.app import App, create_app
from bot.services.directory import DirectoryService, read_directory
from bot.settings import Settings
from devtools.emulator.client import EmulatorClient
from devtools.emulator.server import Emulator
from storage.repositories.outbox import OutboxState

TOKEN = "7000000001:SANDBOX"


def sandbox_settings(api_base: str, database_url: str, **sections: dict[str, Any]) -> Settings:
    values: dict[str, Any] = {
        "telegram": {"token": TOKEN, "api_base": api_base, "poll_timeout": 1},
        "storage": {"url": database_url},
        # Telegram's real per-chat limits would make a scripted day take minutes.
        "limits": {"per_second": 200, "per_chat_per_second": 100, "per_group_per_minute": 6000},
        "delivery": {"lease_seconds": 3, "request_timeout": 2},
        # Off unless a test asks: every other test counts what a group was sent.
        "board": {"enabled": False},
    }
    for name, section in sections.items():
        values[name] = {**values.get(name, {}), **section}
    return Settings(**values)


class Sandbox:
    def __init__(self, emulator: Emulator, app: App) -> None:
        self.emulator = emulator
        self.app = app
        self.client = EmulatorClient(emulator.base_url)
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def import_directory(self, toml_text: str) -> None:
        plans = read_directory(toml_text)
        async with self.app.database.transaction() as repos:
            await DirectoryService(repos).apply(plans)

    async def start(self) -> None:
        await self.app.database.migrate()
        self._task = asyncio.create_task(self.app.run(self._stop))

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task
        await self.app.close()
        await self.client.close()

    async def settle(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109 - a deadline for polling
        """Until every update was handled and every message the bot owes was sent."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            await self.client.wait_idle(timeout=max(0.1, deadline - loop.time()))
            async with self.app.database.transaction() as repos:
                counts = await repos.outbox.counts()
            busy = counts.get(OutboxState.PENDING, 0) + counts.get(OutboxState.SENDING, 0)
            if not busy:
                await self.client.wait_idle(timeout=max(0.1, deadline - loop.time()))
                return
            if loop.time() > deadline:
                raise TimeoutError(f"outbox not drained after {timeout}s: {counts}")
            await asyncio.sleep(0.02)


@contextlib.asynccontextmanager
async def sandbox(
    database_url: str, directory: str | None = None, **sections: dict[str, Any]
) -> AsyncIterator[Sandbox]:
    emulator = Emulator()
    await emulator.start()
    try:
        app = create_app(sandbox_settings(emulator.base_url, database_url, **sections))
        box = Sandbox(emulator, app)
        await app.database.migrate()
        if directory is not None:
            await box.import_directory(directory)
        await box.start()
        try:
            yield box
        finally:
            await box.stop()
    finally:
        await emulator.stop()
