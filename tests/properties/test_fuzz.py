"""Random updates through the real dispatcher, database and emulator: messages, commands with
odd arguments, edits, real and forged button presses, from residents, staff and strangers,
in groups known and unknown. Whatever happens, no update fails, every press is answered,
and the bot still answers afterwards."""

from __future__ import annotations

import random
import string
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select

from devtools.sandbox import sandbox
from storage.schema import failed_updates
from tests.conftest import GRID
from tests.story import EVERYONE, GROUP3, GROUP5, GROUP7, Story, User, buttons, plain

SEEDS = (20261207, 7)
STEPS = 400
CHATS = (GROUP3, GROUP5, GROUP7, -1099)  # -1099: a group bound to no building
COMMANDS = (
    "/report", "/bx", "/my", "/status", "/ack", "/done", "/escalate", "/tasks", "/contacts",
    "/bind", "/assign", "/whoami", "/mydata", "/forgetme", "/invite", "/invites", "/start",
    "/help", "/meeting", "/meetings", "/cancel_meeting", "/lists", "/stats", "/leaderboard",
    "/broadcasts", "/nosuchcommand",
)  # fmt: skip
REQUESTS = (
    "3栋2单元楼道灯坏了好几天了，晚上上楼黑漆漆的",
    "5栋电梯坏了，停在5楼不动",
    "3栋2单元501室厨房漏水了，电话13800138000",
    "The lift in building 3 is stuck on floor 5",
    "7栋楼下有人吵架",
    "3栋着火了！快来人",
)
ARGS = ("1", "2", "#3", "A 3", "3", "0", "-1", "99999999999", "明天下午3点 坝坝会 @ 3栋楼下",
        "every month 15th 09:00 说事", "category=safety", "grid=A overdue", "", "１", "x y z")  # fmt: skip


def _noise(rng: random.Random) -> str:
    alphabet = string.printable + "栋单元室号楼灯漏水坏了急救火🔥👍　：＃"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))


@pytest.fixture
async def fuzz_story(sqlite_url: str) -> AsyncIterator[Story]:
    async with sandbox(sqlite_url, GRID, trust={"actions_per_minute": 10_000}) as box:
        story = Story(box)
        await story.populate()
        await box.client.add_group(-1099, "无名群")
        yield story


@pytest.mark.parametrize("seed", SEEDS)
async def test_random_updates_fail_nothing(fuzz_story: Story, seed: int) -> None:
    story = fuzz_story
    emu = story.emu
    rng = random.Random(seed)
    fed = 0
    users = [u.id for u in EVERYONE] + [9500 + i for i in range(5)]
    for extra in users[len(EVERYONE) :]:
        await emu.add_user(extra, f"居民{extra}", language_code=rng.choice(["zh-hans", "en", None]))
    said: list[dict[str, Any]] = []
    presses = 0
    for step in range(STEPS):
        user = rng.choice(users)
        roll = rng.random()
        if roll < 0.3:
            chat = rng.choice(CHATS)
            said.append(await emu.say(chat, user, rng.choice((*REQUESTS, _noise(rng)))))
            fed += 1
        elif roll < 0.6:
            chat = rng.choice((*CHATS, user))
            text = f"{rng.choice(COMMANDS)} {rng.choice((*ARGS, _noise(rng)))}".strip()
            await emu.say(chat, user, text)
            fed += 1
        elif roll < 0.67 and said:
            message = rng.choice(said)
            await emu.edit(message["chat"]["id"], message["message_id"], rng.choice(REQUESTS))
            fed += 1
        else:
            sent = [r for r in await emu.sent() if r.get("reply_markup")]
            if not sent:
                continue
            record = rng.choice(sent[-30:])
            if rng.random() < 0.7 and buttons(record):
                pressed: dict[str, Any] = {"button_text": rng.choice(buttons(record))}
            else:
                pressed = {
                    "data": rng.choice(
                        ("t:ack:1", "r:rate:1:3", "iv:role:admin:0", _noise(rng)[:64])
                    )
                }
            try:
                await emu.press(record["chat_id"], record["message_id"], user, **pressed)
            except Exception:  # the button went away meanwhile: not a press
                continue
            presses += 1
            fed += 1
        if step % 25 == 24:
            await story.box.settle(timeout=30)
    await story.box.settle(timeout=30)

    async with story.box.app.database.transaction() as repos:
        failed = (await repos.connection.execute(select(failed_updates))).all()
    assert failed == [], [(f.error, f.payload[:200]) for f in failed]
    answers = await emu.callback_answers()
    assert len(answers) == presses  # every press answered, none twice
    print(f"fuzz seed {seed}: {fed} updates, of which {presses} presses")
    assert presses > 50 and len(said) > 50
    # Still alive: a newcomer's question is answered.
    await emu.add_user(9600, "新来的")
    await story.new()
    await story.say(User(9600, "新来的"), 9600, "/help")
    assert "使用说明" in plain((await story.new(9600))[-1]["text"])
