"""Broadcasts long enough to follow: cancel, the priority lane, a restart in the middle."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

from bot.app import create_app
from devtools.emulator.server import Emulator
from devtools.sandbox import Sandbox, sandbox_settings
from tests.admin.conftest import FAST, add_people, many_buildings, many_chats
from tests.admin.test_broadcast_flow import announce, last_to, press, until_running, wait_report
from tests.story import GROUP3, GROUP5, GROUP7, SECRETARY, WANG, buttons, plain

COUNT = 40
SLOW: dict[str, Any] = {**FAST, "limits": {"per_second": 10}}  # 40 groups take 4 s


async def start(emulator: Emulator, url: str) -> Sandbox:
    box = Sandbox(emulator, create_app(sandbox_settings(emulator.base_url, url, **SLOW)))
    await box.start()
    return box


async def world(box: Sandbox) -> None:
    await box.import_directory(many_buildings(COUNT))
    await add_people(box, (SECRETARY,))
    chats = [*many_chats(COUNT), GROUP3, GROUP5, GROUP7]
    await box.client.add_chats(
        [{"id": chat, "type": "supergroup", "title": f"{chat}"} for chat in chats]
    )
    await box.settle()


async def copies(box: Sandbox) -> Counter[int]:
    records = await box.client.sent(method="sendMessage")
    return Counter(r["chat_id"] for r in records if "长通知" in plain(r.get("text")))


async def until_sent(box: Sandbox, at_least: int) -> None:
    while sum((await copies(box)).values()) < at_least:  # noqa: ASYNC110 - the emulator's records
        await asyncio.sleep(0.05)


async def test_cancel_stops_what_was_not_sent(sqlite_url: str) -> None:
    emulator = Emulator()
    await emulator.start()
    box = await start(emulator, sqlite_url)
    try:
        await world(box)
        await box.client.say(SECRETARY.id, SECRETARY.id, "/broadcast")
        await box.settle()
        await box.client.say(SECRETARY.id, SECRETARY.id, "长通知：取消测试")
        await box.settle()
        question = await last_to(box, SECRETARY.id)
        await press(box, question, "🏘 全社区")
        go = await box.client.message(SECRETARY.id, question["message_id"])
        await press(box, go, "✅ 立即发送", settle=False)
        await until_running(box)
        await until_sent(box, 5)
        await box.client.say(SECRETARY.id, SECRETARY.id, "/broadcasts")
        listing: list[dict[str, Any]] = []
        while not listing:
            await asyncio.sleep(0.05)
            listing = [
                r
                for r in await box.client.sent(SECRETARY.id)
                if "最近的通知" in plain(r.get("text"))
            ]
        assert buttons(listing[-1]) == ["⏹ 撤回 #1"]
        await box.client.press(
            SECRETARY.id, listing[-1]["message_id"], SECRETARY.id, button_text="⏹ 撤回 #1"
        )
        report = await wait_report(box)
        sent = sum((await copies(box)).values())
        assert "已撤回" in "".join(
            plain(r.get("text")) for r in await box.client.sent(SECRETARY.id)
        )
        assert 5 <= sent < COUNT + 3 and f"已取消 {COUNT + 3 - sent}" in report
        await asyncio.sleep(0.5)
        assert sum((await copies(box)).values()) == sent  # nothing more after the report
    finally:
        await box.stop()
        await emulator.stop()


async def test_a_residents_request_overtakes_a_running_broadcast(sqlite_url: str) -> None:
    emulator = Emulator()
    await emulator.start()
    box = await start(emulator, sqlite_url)
    try:
        await world(box)
        await announce(box, "长通知：优先通道", "🏘 全社区")
        await until_sent(box, 3)
        group = many_chats(COUNT)[-1]
        await box.client.say(group, WANG.id, "100栋电梯坏了，困人了，快来")
        await wait_report(box)
        records = await box.client.sent(method="sendMessage")
        reply = next(r for r in records if r["chat_id"] == group and "#1" in plain(r.get("text")))
        later = [r for r in records if r["seq"] > reply["seq"] and "长通知" in plain(r.get("text"))]
        assert later, "the reply waited behind the whole broadcast"
    finally:
        await box.stop()
        await emulator.stop()


async def test_restart_mid_broadcast_resumes_without_duplicates(sqlite_url: str) -> None:
    emulator = Emulator()
    await emulator.start()
    first = await start(emulator, sqlite_url)
    await world(first)
    await announce(first, "长通知：重启测试", "🏘 全社区")
    await until_sent(first, 10)
    await first.stop()  # in the middle: the rest waits in the database
    second = await start(emulator, sqlite_url)
    try:
        assert sum((await copies(second)).values()) < COUNT + 3
        await wait_report(second)
        per_chat = await copies(second)
        assert sum(per_chat.values()) == COUNT + 3 and set(per_chat.values()) == {1}
    finally:
        await second.stop()
        await emulator.stop()
