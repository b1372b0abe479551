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
GROUP5 = -1005
CHATS = {GROUP: "3栋邻里群", GROUP5: "5栋邻里群"}


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

    async def say(
        self, user_id: int, chat_id: int, text: str, reply_to: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """`reply_to`: a message (or a sent record) this one replies to."""
        quoted = f"（回复 #{reply_to['message_id']}）" if reply_to else ""
        print(f"\n{PEOPLE[user_id][0]} → {self.chat_name(chat_id)}{quoted}：{text}", file=self.out)
        fields = {"reply_to_message_id": reply_to["message_id"]} if reply_to else {}
        message = await self.box.client.say(chat_id, user_id, text, **fields)
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

    async def last_to(
        self, chat_id: int, button: str | None = None, saying: str | None = None
    ) -> dict[str, Any]:
        """The bot's newest message in the chat, or the newest that carries `button` or
        says `saying` (a safety hazard, say, is followed by a note to the grid leader)."""
        records = [r for r in await self.box.client.sent(chat_id) if r["method"] == "sendMessage"]
        if button is not None:
            records = [r for r in records if button in buttons(r)]
        if saying is not None:
            records = [r for r in records if saying in plain(r.get("text"))]
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

    day.heading(
        "英文居民在3栋群里说5栋的事：任务发到5栋群并@5栋的网格员（她没打开过机器人），"
        "3栋群里只说已转交；群里的回复用社区的语言"
    )
    await day.say(9002, GROUP, "The manhole cover outside Building 5 is loose, kids step on it")
    in_group = await day.last_to(GROUP5, "受理")
    day.heading("路人按了网格员的按钮：被拒绝，什么都不变")
    await day.press(9003, in_group, "受理")
    await day.press(3005, in_group, "受理")

    day.heading("居民撤回一条误登记的消息")
    await day.say(9003, GROUP, "/report 楼下的快递柜坏了，取不出来")
    await day.press(9003, await day.last_to(GROUP, "不是诉求，撤回"), "不是诉求，撤回")

    day.heading("查看进度和联系人")
    await day.say(9001, GROUP, "/my")
    await day.say(9001, GROUP, "/contacts")

    day.heading("邻居回复“+1”“same here”：一户变三户，不再重复登记")
    outage = await day.say(9001, GROUP, "3栋今天一早就停水了，到现在还没来水")
    await day.say(9003, GROUP, "+1", reply_to=await day.last_to(GROUP))
    await day.say(9002, GROUP, "same here", reply_to=outage)

    day.heading("办结后居民不满意：重新办理、上报网格长，并请居民说明原因")
    await day.say(3001, 3001, "/done 4 已联系自来水公司")
    await day.press(9001, await day.last_to(GROUP, "😞 不满意"), "😞 不满意")
    asked = await day.last_to(GROUP, saying="请直接回复这条消息")
    await day.say(9001, GROUP, "只有一楼来水了，楼上还是没水", reply_to=asked)


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
