"""The core loop over HTTP: a resident's message becomes a request the right member acts on."""

from __future__ import annotations

from sqlalchemy import select

from storage.schema import requests
from tests.story import (
    GROUP3,
    LEADER,
    MEMBER3,
    STRANGER,
    TOM,
    WANG,
    Story,
    buttons,
    plain,
)


async def test_chit_chat_gets_no_reply(story: Story) -> None:
    await story.say(WANG, GROUP3, "早上好各位邻居！今天天气不错☀️")
    assert await story.new() == []


async def test_request_is_filed_routed_acknowledged_resolved_and_rated(story: Story) -> None:
    message = await story.say(WANG, GROUP3, "3栋2单元楼道灯坏了好几天了，晚上上楼黑漆漆的")

    (group,) = await story.new(GROUP3)
    assert group["reply_to_message_id"] == message["message_id"]
    assert "#1" in plain(group["text"]) and "设施维修" in plain(group["text"])
    assert "李长明" in plain(group["text"]) and "tg://user?id=3001" in group["text"]
    assert buttons(group) == ["不是诉求，撤回"]

    task = (await story.emu.sent(MEMBER3.id))[-1]
    assert "#1" in plain(task["text"]) and "楼道灯" in plain(task["text"])
    assert buttons(task)[:3] == ["受理", "办结", "上报"]

    answer = await story.press(MEMBER3, task, "马上办")
    assert "#1" in answer["text"]
    (line,) = await story.new(GROUP3)
    assert "已由 李长明 受理（马上办）" in plain(line["text"])

    await story.say(MEMBER3, MEMBER3.id, "/done 1 已更换灯泡")
    resolved = (await story.new(GROUP3))[-1]
    assert "已更换灯泡" in plain(resolved["text"])
    assert buttons(resolved) == ["😊 满意", "🙂 基本满意", "😞 不满意", "没有解决，重新办理"]

    answer = await story.press(WANG, resolved, "😊 满意")
    assert "谢谢" in answer["text"]

    await story.say(WANG, GROUP3, "/status 1")
    status = (await story.new(GROUP3))[-1]
    timeline = plain(status["text"])
    for step in ("登记", "确定办理方式", "办结", "评价"):
        assert step in timeline
    async with story.box.app.database.transaction() as repos:
        row = (await repos.connection.execute(select(requests))).one()
    assert (row.state, row.rating, row.mode) == ("closed", 3, "immediate")


async def test_stranger_pressing_a_task_button_is_refused_and_nothing_changes(story: Story) -> None:
    await story.say(WANG, GROUP3, "3栋门口的路灯不亮了")
    await story.new()
    task = (await story.emu.sent(MEMBER3.id))[-1]
    answer = await story.press(STRANGER, task, "受理")
    assert answer["show_alert"] and "只有负责" in answer["text"]
    assert await story.new(GROUP3) == []
    async with story.box.app.database.transaction() as repos:
        assert (await repos.requests.get(1)).state == "new"


async def test_a_group_is_answered_in_its_communitys_language_whoever_writes(
    story: Story,
) -> None:
    # The community names no language: the bot's default, Simplified Chinese, for everyone.
    await story.say(TOM, GROUP3, "The corridor light in building 3 unit 2 has been broken for days")
    sent = await story.new()
    (reply,) = [m for m in sent if m["chat_id"] == GROUP3]
    assert "#1" in plain(reply["text"]) and "Request" not in plain(reply["text"])
    assert buttons(reply) == ["不是诉求，撤回"]

    async with story.box.app.database.transaction() as repos:
        await repos.directory.save_community("和美社区", "Asia/Shanghai", "en")
    await story.say(WANG, GROUP3, "3栋5单元的路灯也不亮了，晚上看不见路")
    sent = await story.new()
    (reply,) = [m for m in sent if m["chat_id"] == GROUP3]
    assert "Request #2 filed" in plain(reply["text"])
    assert buttons(reply) == ["Not a request — withdraw"]
    # In private each person keeps their own language: the member's task is in Chinese.
    (task,) = [m for m in sent if m["chat_id"] == MEMBER3.id]
    assert "新诉求" in plain(task["text"])


async def test_leader_may_act_on_members_request(story: Story) -> None:
    await story.say(WANG, GROUP3, "3栋电梯坏了，停在5楼不动")
    await story.say(LEADER, LEADER.id, "/ack 1")
    reply = (await story.new(LEADER.id))[-1]
    assert "已受理 #1" in plain(reply["text"])
