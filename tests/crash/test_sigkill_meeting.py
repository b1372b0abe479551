"""A power cut just after an organiser confirmed a meeting: the prompt they answered is not sent again.

Telegram answers the prompt's sendMessage while the organiser's press is being handled
(answers are slow here: the prompt's comes after 0.8 s, the press's toast after 4 s). The
prompt's "sent" mark must not wait for the press: if it did, a kill in that window would
leave the prompt leased, and the restarted bot would take it as lost in flight and post it
again.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.services.directory import DirectoryService, read_directory
from devtools.emulator.client import EmulatorClient
from devtools.emulator.server import Emulator
from storage.database import Database
from storage.schema import outbox
from tests.conftest import GRID
from tests.process import BotProcess, bot_environment, wait_settled, wait_until_polling
from tests.story import GROUP3, MEMBER3, plain

pytestmark = pytest.mark.subprocess

STARTUP = 60.0
SCHEDULING = {"WEIGE_REMINDERS__QUIET_HOURS": "", "WEIGE_REMINDERS__TICK_SECONDS": "0.2"}
PROMPT = "请确认会议"


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
    await client.add_user(MEMBER3.id, MEMBER3.name)
    await client.add_group(GROUP3, "3栋邻里群")
    yield client, database, url
    await client.close()
    await database.close()
    await emulator.stop()


def _prompts(records: list[dict[str, object]]) -> int:
    return sum(PROMPT in plain(str(r["text"])) for r in records if r["method"] == "sendMessage")


async def _prompt_marked_sent(database: Database, timeout: float) -> bool:  # noqa: ASYNC109
    """Whether the prompt's outbox row is `sent` (durably) before the deadline."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        async with database.connect() as connection:
            rows = (await connection.execute(select(outbox.c.state, outbox.c.payload))).all()
        if any(PROMPT in row.payload and row.state == "sent" for row in rows):
            return True
        await asyncio.sleep(0.02)
    return False


async def test_sigkill_after_confirming_a_meeting_sends_the_prompt_once(
    world: tuple[EmulatorClient, Database, str], tmp_path: Path
) -> None:
    client, database, url = world
    env = bot_environment(client.base_url, url, **SCHEDULING)
    first = BotProcess(env, tmp_path / "bot.log")
    second: BotProcess | None = None
    try:
        await first.start()
        await wait_until_polling(client, STARTUP)
        await client.set_faults(slow_answers={"sendMessage": 800, "answerCallbackQuery": 4000})
        await client.say(GROUP3, MEMBER3.id, "/meeting 明天晚上7点 坝坝会 @ 3栋楼下")
        (prompt,) = await client.wait_sent(GROUP3, method="sendMessage", timeout=STARTUP)
        assert PROMPT in plain(prompt["text"])
        await client.press(GROUP3, prompt["message_id"], MEMBER3.id, "✅ 确认发布")

        # Telegram answered the prompt 0.8 s after it was posted; the press's toast is
        # still on its way until about 4 s. Killed once the mark is durable, or at 2.5 s.
        marked_while_press_in_hand = await _prompt_marked_sent(database, timeout=2.5)
        await first.kill()

        second = BotProcess(env, tmp_path / "bot.log")
        await second.start()
        await client.set_faults(slow_answers={})
        await wait_until_polling(client, STARTUP)
        await wait_settled(client, database)
        assert _prompts(await client.sent(GROUP3)) == 1, second.log()[-3000:]
        assert marked_while_press_in_hand
    finally:
        for bot in (first, second):
            if bot is not None:
                await bot.stop()
