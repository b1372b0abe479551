"""Abuse: a per-person filing limit, a throttle on commands and presses (each answered once,
politely), and buttons whose data was forged, altered or went stale, which change nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from devtools.sandbox import sandbox
from storage.schema import failed_updates, requests
from tests.conftest import GRID
from tests.story import (
    GROUP3,
    LIU,
    MEMBER3,
    SECRETARY,
    STRANGER,
    TOM,
    WANG,
    Story,
    plain,
)
from tests.trust.audit import Trail


@pytest.fixture
async def strict_story(sqlite_url: str) -> AsyncIterator[Story]:
    async with sandbox(
        sqlite_url, GRID, trust={"requests_per_hour": 2, "actions_per_minute": 4}
    ) as box:
        story = Story(box)
        await story.populate()
        yield story


async def _filed(story: Story) -> int:
    async with story.box.app.database.transaction() as repos:
        return int(
            (
                await repos.connection.execute(select(func.count()).select_from(requests))
            ).scalar_one()
        )


async def test_filing_limit_refuses_once_politely_then_stays_silent(strict_story: Story) -> None:
    story = strict_story
    await story.say(WANG, GROUP3, "3栋2单元楼道灯坏了好几天了，晚上上楼黑漆漆的")
    await story.say(WANG, GROUP3, "3栋电梯坏了，停在5楼不动")
    assert await _filed(story) == 2
    await story.new()
    await story.say(WANG, GROUP3, "3栋门口的路灯不亮了")
    (reply,) = await story.new(GROUP3)
    assert "一小时内已提交 2 条诉求，请稍后再提交" in plain(reply["text"])
    await story.say(WANG, GROUP3, "/report 3栋楼顶漏水")
    await story.say(WANG, GROUP3, "3栋垃圾桶满了没人清")
    assert await story.new(GROUP3) == []  # no flood of refusals
    assert await _filed(story) == 2
    # Urgent messages are never held back.
    await story.say(WANG, GROUP3, "3栋2单元着火了！！快来人")
    assert await _filed(story) == 3
    # Chit-chat is not counted, and others are not affected.
    await story.say(TOM, GROUP3, "The corridor light in building 3 unit 2 has been broken for days")
    await story.say(TOM, GROUP3, "The lift in building 3 is stuck on floor 5")
    await story.say(TOM, GROUP3, "The bike shed door in building 3 is broken")
    replies = [plain(r["text"]) for r in await story.new(GROUP3)]
    assert any("you have filed 2 requests in the last hour" in text for text in replies)
    assert await _filed(story) == 5


async def test_commands_and_presses_are_throttled_with_one_answer(strict_story: Story) -> None:
    story = strict_story
    for _ in range(7):
        await story.say(WANG, WANG.id, "/my")
    replies = [plain(r["text"]) for r in await story.new(WANG.id)]
    assert len(replies) == 5 and replies[-1] == "操作太频繁了，请一分钟后再试。"
    # Another person is not held back by Wang.
    await story.say(TOM, TOM.id, "/my")
    assert len(await story.new(TOM.id)) == 1

    # Presses: the fifth gets the polite toast, the next ones a silent answer.
    await story.say(LIU, GROUP3, "3栋2单元楼道灯坏了好几天了，晚上上楼黑漆漆的")
    task = (await story.emu.sent(MEMBER3.id))[-1]
    answers = [await story.press(MEMBER3, task, "受理") for _ in range(6)]
    assert "#1" in answers[0]["text"] and not answers[0]["show_alert"]
    # Four a minute, of which /start was one: the fourth press is answered politely, once.
    texts = [a.get("text") for a in answers]
    assert texts[3:] == ["操作太频繁了，请一分钟后再试。", None, None]
    async with story.box.app.database.transaction() as repos:
        assert (await repos.requests.get(1)).state == "acknowledged"


FORGED = (
    "t:ack:999",  # no such request
    "t:ack:1:extra",  # one field too many
    "t:boom:1",  # no such action
    "t:ack:-1",
    "t:ack:99999999999999999999999",
    "r:rate:1:7",  # a rating the buttons never offer
    "r:withdraw:1",  # not the presser's request
    "r:reopen:abc",
    "c:1:1",  # no such question
    "mt:come:12345",
    "mt:cancel:1",
    "b:go:1:0",
    "bc:77",
    "L:nosuchlist:0:0:0:::0",
    "iv:role:boss:0",  # a role nobody can be invited to
    "iv:grid:member:1",  # not an admin
    "iv:bld:member:1",
    "iv:revoke::1",
    "as:pick:1:1",
    "as:invite:1:0",
    "pv:forget",
    "pv:nothing",
    "",
    "x" * 64,
    "t:ack:1",  # a real button, pressed by someone with no right to it
)


async def test_forged_and_altered_buttons_change_nothing(story: Story) -> None:
    await story.say(WANG, GROUP3, "3栋2单元楼道灯坏了好几天了，晚上上楼黑漆漆的")
    (reply,) = await story.new(GROUP3)
    trail = Trail(story.box)
    await trail.skip()
    before = await story.emu.callback_answers()
    for presser in (STRANGER, WANG, TOM):
        for data in FORGED:
            if presser is WANG and data == "r:withdraw:1":
                continue  # her own request: a real button
            await story.emu.press(GROUP3, reply["message_id"], presser.id, data=data)
        await story.box.settle()
    answers = await story.emu.callback_answers()
    assert len(answers) - len(before) == 3 * len(FORGED) - 1  # every press answered
    assert await trail.new() == []
    assert await story.new(GROUP3) == []  # no message to the group
    async with story.box.app.database.transaction() as repos:
        request = await repos.requests.get(1)
        failed = (await repos.connection.execute(select(failed_updates))).all()
    assert request.state == "new" and request.rating is None
    assert failed == []  # nothing crashed into the retry queue
    # The admin's own forged presses are checked too: a grid of another community.
    await story.emu.press(SECRETARY.id, 1, SECRETARY.id, data="iv:grid:member:999")
    await story.box.settle()
    assert await trail.new() == []
