"""Injected 429s, latency, lost answers and Telegram's flood limits."""

from __future__ import annotations

import time

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter

from devtools.emulator import EmulatorClient
from tests.emulator.conftest import ALICE, GROUP

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_injected_429_is_retry_after(bot: Bot, client: EmulatorClient) -> None:
    await client.set_faults(rate_429=1.0, retry_after=3, methods=["sendMessage"])
    with pytest.raises(TelegramRetryAfter) as exc:
        await bot.send_message(GROUP, "公告")
    assert exc.value.retry_after == 3
    assert "Too Many Requests: retry after 3" in exc.value.message
    await bot.get_me()  # other methods are unaffected
    stats = await client.stats()
    assert stats["injected_429"] == 1
    assert stats["errors"] == {"sendMessage:429": 1}
    assert await client.sent() == []  # nothing was delivered


async def _pattern(bot: Bot) -> list[bool]:
    outcome = []
    for _ in range(30):
        try:
            await bot.send_message(GROUP, "x")
            outcome.append(True)
        except TelegramRetryAfter:
            outcome.append(False)
    return outcome


async def test_seeded_429s_are_reproducible(bot: Bot, client: EmulatorClient) -> None:
    await client.set_faults(rate_429=0.3, seed=42)
    first = await _pattern(bot)
    await client.set_faults(seed=42)
    assert await _pattern(bot) == first
    assert 0 < first.count(False) < 30


async def test_latency(bot: Bot, client: EmulatorClient) -> None:
    await client.set_faults(latency_ms=80)
    started = time.monotonic()
    await bot.get_me()
    assert time.monotonic() - started >= 0.08


async def test_timeout_records_delivery_but_answer_is_lost(
    bot: Bot, client: EmulatorClient
) -> None:
    await client.set_faults(timeout_next=1, timeout_seconds=1.5)
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(GROUP, "也许送达了", request_timeout=1)
    [record] = await client.sent(GROUP)
    assert record["text"] == "也许送达了"
    assert record["timed_out"] is True
    ok = await bot.send_message(GROUP, "第二条正常")
    assert ok.message_id == record["message_id"] + 1
    assert (await client.stats())["timeouts"] == 1


async def test_flood_limits_per_chat_group_and_global(bot: Bot, client: EmulatorClient) -> None:
    await client.set_faults(flood_limits={"enabled": True, "factor": 1})
    await bot.send_message(ALICE, "一")
    with pytest.raises(TelegramRetryAfter) as exc:
        await bot.send_message(ALICE, "二")
    assert exc.value.retry_after == 1

    await client.set_faults(flood_limits={"per_chat_per_second": 100, "per_group_per_minute": 3})
    for _ in range(3):
        await bot.send_message(GROUP, "群发")
    with pytest.raises(TelegramRetryAfter) as exc:
        await bot.send_message(GROUP, "群发")
    assert 55 <= exc.value.retry_after <= 60

    await client.set_faults(flood_limits={"global_per_second": 4, "per_group_per_minute": 20})
    for i in range(4):
        await client.add_group(-1009000 - i, f"楼 {i}")
        await bot.send_message(-1009000 - i, "群发")
    await client.add_group(-1009999, "楼 X")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(-1009999, "群发")
    assert (await client.stats())["flood_429"] == 3
    # The factor scales every rate: 4/s becomes 400/s.
    await client.set_faults(flood_limits={"factor": 100})
    for i in range(4):
        await bot.send_message(-1009000 - i, "再发")


async def test_unsupported_method_is_404(emu_url: str) -> None:
    import aiohttp

    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{emu_url}/bot1:x/sendTelepathy") as resp,
    ):
        assert resp.status == 404
        assert await resp.json() == {
            "ok": False,
            "error_code": 404,
            "description": "Not Found: method not found",
        }


async def test_wait_idle_waits_for_calls_in_flight(bot: Bot, client: EmulatorClient) -> None:
    import asyncio

    [start] = await bot.get_updates()  # the fixture's /start; confirm it
    await bot.get_updates(offset=start.update_id + 1)
    await client.set_faults(latency_ms=150)
    call = asyncio.create_task(bot.send_message(GROUP, "慢"))
    await asyncio.sleep(0.03)
    assert (await client.pending())["in_flight"] == 1
    await client.wait_idle(timeout=2, settle=0.01)
    assert call.done()
    assert (await client.pending())["last_seq"] == 1
