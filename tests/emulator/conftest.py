"""One emulator and one real aiogram Bot per test module (module event loop).

Sharing them keeps the suite fast: aiogram's AiohttpSession.close() sleeps
0.25 s by design. Each test starts from a reset world.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from devtools.emulator import Emulator, EmulatorClient

TOKEN = "123456:EMULATOR-TEST-TOKEN"
GROUP = -1001234567890
ALICE = 1001
BOB = 1002


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def emu() -> AsyncIterator[Emulator]:
    emulator = Emulator()
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def client(emu: Emulator) -> AsyncIterator[EmulatorClient]:
    async with EmulatorClient(emu.base_url) as c:
        yield c


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def bot(emu: Emulator) -> AsyncIterator[Bot]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url))
    b = Bot(TOKEN, session=session)
    yield b
    await b.session.close()


@pytest_asyncio.fixture(loop_scope="module", autouse=True)
async def world(client: EmulatorClient) -> None:
    """Reset, then a supergroup with two residents; Alice has started the bot."""
    await client.reset()
    await client.add_user(ALICE, "爱丽丝", username="alice_1001")
    await client.add_user(BOB, "鲍勃")
    await client.add_group(GROUP, "阳光小区 3 号楼", members={ALICE: "creator"})
    await client.start_private(ALICE)


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def emu_url(emu: Emulator) -> str:
    return emu.base_url
