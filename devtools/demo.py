"""`python -m bot demo`: a scripted day in a building group, printed as a transcript.

The real bot runs against the built-in Telegram emulator on a temporary SQLite file;
no token and no network are needed.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Any, TextIO

from devtools.emulator.client import buttons, plain
from devtools.sandbox import Sandbox, sandbox

DIRECTORY = (Path(__file__).parent / "demo_grid.toml").read_text("utf-8")

PEOPLE = {
    9001: ("王阿姨", "zh-hans"),
    9002: ("Tom", "en"),
    9003: ("刘大爷", "zh-hans"),
    1001: ("王书记", "zh-hans"),
    2001: ("张网格长", "zh-hans"),
    3001: ("李长明", "zh-hans"),
    3005: ("陈阿姨", "zh-hans"),
}
GROUP = -1003
CHATS = {GROUP: "3栋邻里群", -1005: "5栋邻里群"}


class Transcript:
    def __init__(self, box: Sandbox, out: TextIO) -> None:
        self.box = box
        self.out = out
        self.seen = 0

    def chat_name(self, chat_id: int) -> str:
        if chat_id in CHATS:
            return CHATS[chat_id]
        return f"{PEOPLE[chat_id][0]}（私聊）" if chat_id in PEOPLE else str(chat_id)

    def heading(self, text: str) -> None:
        print(f"\n── {text}", file=self.out)

    async def say(self, user_id: int, chat_id: int, text: str) -> dict[str, Any]:
        print(f"\n{PEOPLE[user_id][0]} → {self.chat_name(chat_id)}：{text}", file=self.out)
        message = await self.box.client.say(chat_id, user_id, text)
        await self.show_replies()
        return message

    async def press(self, user_id: int, record: dict[str, Any], button: str) -> None:
        print(f"\n{PEOPLE[user_id][0]} 按下 [{button}]", file=self.out)
        pressed = await self.box.client.press(
            record["chat_id"], record["message_id"], user_id, button_text=button
        )
        await self.box.settle()
        for answer in await self.box.client.callback_answers():
            if answer["callback_query_id"] == pressed["callback_query_id"] and answer.get("text"):
                kind = "弹窗" if answer.get("show_alert") else "提示"
                print(f"    （{kind}：{answer['text']}）", file=self.out)
        await self.show_replies()

    async def show_replies(self) -> list[dict[str, Any]]:
        await self.box.settle()
        records = await self.box.client.sent(since=self.seen)
        if records:
            self.seen = records[-1]["seq"]
        shown = [r for r in records if r["method"] in ("sendMessage", "editMessageText")]
        if not shown:
            print("    （机器人没有回复）", file=self.out)
        for record in shown:
            print(f"  微格 → {self.chat_name(record['chat_id'])}：", file=self.out)
            for line in plain(record.get("text")).splitlines():
                print(f"      {line}", file=self.out)
            markup = record.get("reply_markup") or {}
            for row in markup.get("inline_keyboard", []):
                print("      " + " ".join(f"[{b['text']}]" for b in row), file=self.out)
        return shown

    async def last_to(self, chat_id: int, button: str | None = None) -> dict[str, Any]:
        """The bot's newest message in the chat, or the newest that carries `button`
        (a safety hazard, say, is followed by a note to the grid leader)."""
        records = [r for r in await self.box.client.sent(chat_id) if r["method"] == "sendMessage"]
        if button is not None:
            records = [r for r in records if button in buttons(r)]
        return records[-1]


async def play(box: Sandbox, out: TextIO) -> None:
    client = box.client
    for user_id, (name, language) in PEOPLE.items():
        await client.add_user(user_id, name, language_code=language)
    for chat_id, title in CHATS.items():
        await client.add_group(chat_id, title)
    day = Transcript(box, out)

    day.heading("早上：网格员李长明打开机器人（陈阿姨从没打开过）")
    await day.say(3001, 3001, "/start")

    day.heading("闲聊不会被登记")
    await day.say(9001, GROUP, "早上好各位邻居！今天天气不错☀️")

    day.heading("一条诉求：登记、派单、受理、办结、评价")
    await day.say(9001, GROUP, "3栋2单元楼道灯坏了好几天了，晚上上楼黑漆漆的")
    await day.press(3001, await day.last_to(3001, "马上办"), "马上办")
    await day.say(3001, 3001, "/done 1 已更换楼道灯泡")
    await day.press(9001, await day.last_to(GROUP, "😊 满意"), "😊 满意")

    day.heading("英文居民；诉求在5栋，交给5栋的网格员（她没打开过机器人，于是在群里@她）")
    await day.say(9002, GROUP, "The manhole cover outside Building 5 is loose, kids step on it")
    in_group = await day.last_to(GROUP, "受理")
    day.heading("路人按了网格员的按钮：被拒绝，什么都不变")
    await day.press(9003, in_group, "受理")
    await day.press(3005, in_group, "受理")

    day.heading("居民撤回一条误登记的消息")
    await day.say(9003, GROUP, "/report 楼下的快递柜坏了，取不出来")
    await day.press(9003, await day.last_to(GROUP, "不是诉求，撤回"), "不是诉求，撤回")

    day.heading("查看进度和联系人")
    await day.say(9001, GROUP, "/my")
    await day.say(9001, GROUP, "/contacts")


async def run_demo(out: TextIO, keep: str | None = None) -> int:
    with tempfile.TemporaryDirectory(prefix="weige-demo-") as scratch:
        folder = Path(keep or scratch)
        await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
        url = f"sqlite+aiosqlite:///{folder / 'demo.db'}"
        print(
            f"微格 demo — the real bot against a local Telegram emulator, database {folder / 'demo.db'}",
            file=out,
        )
        async with sandbox(url, DIRECTORY) as box:
            await play(box, out)
        print("\n── demo finished", file=out)
    return 0
