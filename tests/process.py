"""The bot as a separate process (`python -m bot run`), so tests can kill it like a power cut."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path
from typing import Any

from devtools.emulator.client import EmulatorClient
from devtools.sandbox import TOKEN
from storage.database import Database
from storage.repositories.outbox import OutboxState

ROOT = Path(__file__).resolve().parent.parent


def bot_environment(api_base: str, database_url: str, **overrides: str) -> dict[str, str]:
    """Settings through WEIGE_… variables: the same path an operator's environment takes."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEIGE_")}
    env.update(
        {
            "WEIGE_CONFIG": str(ROOT / "tests" / "no-such-config.toml"),
            "WEIGE_TELEGRAM__TOKEN": TOKEN,
            "WEIGE_TELEGRAM__API_BASE": api_base,
            "WEIGE_TELEGRAM__POLL_TIMEOUT": "1",
            "WEIGE_STORAGE__URL": database_url,
            "WEIGE_LIMITS__PER_SECOND": "200",
            "WEIGE_LIMITS__PER_CHAT_PER_SECOND": "100",
            "WEIGE_LIMITS__PER_GROUP_PER_MINUTE": "6000",
            "WEIGE_DELIVERY__LEASE_SECONDS": "2",
            "WEIGE_DELIVERY__REQUEST_TIMEOUT": "1.5",
            # The crash tests burst one resident's requests and commands: no limits here.
            "WEIGE_TRUST__REQUESTS_PER_HOUR": "100000",
            "WEIGE_TRUST__ACTIONS_PER_MINUTE": "100000",
            # As in the sandbox: the crash tests and the broadcast benchmark count what each
            # group was sent, and a board per group is not what they measure.
            "WEIGE_BOARD__ENABLED": "false",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.update(overrides)
    return env


class BotProcess:
    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.env = env
        self.log_path = log_path
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )
        log.close()

    async def kill(self) -> None:
        """SIGKILL: no shutdown code runs, exactly like a crash or a pulled plug."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()

    async def stop(self) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.process.wait(), 10)
        except TimeoutError:
            await self.kill()

    def log(self) -> str:
        return self.log_path.read_text("utf-8", errors="replace")


async def wait_until_polling(client: EmulatorClient, timeout: float = 60.0) -> None:  # noqa: ASYNC109
    # Generous: starting Python and importing aiogram takes seconds, many on a busy CI host.
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while (await client.stats()).get("calls", {}).get("getUpdates", 0) == 0:
        if loop.time() > deadline:
            raise TimeoutError("the bot process never polled")
        await asyncio.sleep(0.05)


async def wait_settled(
    client: EmulatorClient,
    database: Database,
    timeout: float = 60.0,  # noqa: ASYNC109
) -> dict[str, Any]:
    """Until the bot confirmed every update and its outbox holds nothing pending or in flight."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        pending = await client.pending()
        async with database.transaction() as repos:
            counts = await repos.outbox.counts()
        busy = counts.get(OutboxState.PENDING, 0) + counts.get(OutboxState.SENDING, 0)
        if pending["pending"] == 0 and pending["delivered_unconfirmed"] == 0 and not busy:
            return counts
        if loop.time() > deadline:
            raise TimeoutError(f"not settled: updates {pending}, outbox {counts}")
        await asyncio.sleep(0.1)
