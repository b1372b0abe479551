"""Broadcasts long enough to follow: cancel, the priority lane, a restart in the middle."""

from __future__ import annotations

from collections import Counter
from typing import Any

from bot.app import create_app
from devtools.emulator.server import Emulator
from devtools.sandbox import Sandbox, sandbox_settings
from tests.admin.conftest import FAST, add_people, many_buildings, many_chats
from tests.admin.test_broadcast_flow import announce, until_running, wait_report
from tests.story import GROUP3, GROUP5, GROUP7, SECRETARY, WANG, Story, buttons, plain
from tests.waiting import until

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
    async def enough() -> bool:
        return sum((await copies(box)).values()) >= at_least

    await until(enough, f"{at_least} copies sent")


async def test_cancel_stops_what_was_not_sent(sqlite_url: str) -> None:
    emulator = Emulator()
    await emulator.start()
    box = await start(emulator, sqlite_url)
    try:
        await world(box)
        story = Story(box)
        await story.say(SECRETARY, SECRETARY.id, "/broadcast")
        await story.say(SECRETARY, SECRETARY.id, "长通知：取消测试")
        question = await story.last_to(SECRETARY.id)
        await story.press(SECRETARY, question, "🏘 全社区")
        go = await story.message(SECRETARY.id, question["message_id"])
        await story.press(SECRETARY, go, "✅ 立即发送", settle=False)
        await until_running(box)
        await until_sent(box, 5)
        await story.say(SECRETARY, SECRETARY.id, "/broadcasts", settle=False)

        async def listed() -> list[dict[str, Any]]:
            sent = await box.client.sent(SECRETARY.id)
            return [r for r in sent if "最近的通知" in plain(r.get("text"))]

        listing = await until(listed, "the /broadcasts listing")
        assert buttons(listing[-1]) == ["⏹ 撤回 #1"]
        await story.press(SECRETARY, listing[-1], "⏹ 撤回 #1", settle=False)
        report = await wait_report(box)
        sent = sum((await copies(box)).values())
        assert "已撤回" in "".join(
            plain(r.get("text")) for r in await box.client.sent(SECRETARY.id)
        )
        assert 5 <= sent < COUNT + 3 and f"已取消 {COUNT + 3 - sent}" in report
        await box.settle()
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
        story = Story(box)
        await announce(story, "长通知：优先通道", "🏘 全社区")
        await until_sent(box, 3)
        group = many_chats(COUNT)[-1]
        await story.say(WANG, group, "100栋电梯坏了，困人了，快来", settle=False)
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
    await announce(Story(first), "长通知：重启测试", "🏘 全社区")
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
