"""What real groups throw at the bot: unstarted members, edits, channels, huge and repeated input."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.schema import requests
from tests.story import (
    B3_MEMBER,
    GROUP3,
    GROUP5,
    LEADER,
    MEMBER3,
    MEMBER5,
    SECRETARY,
    STRANGER,
    TOM,
    WANG,
    Story,
    buttons,
    plain,
)


async def count_requests(story: Story) -> int:
    async with story.box.app.database.transaction() as repos:
        return (
            await repos.connection.execute(select(func.count()).select_from(requests))
        ).scalar_one()


async def test_member_who_never_started_the_bot_is_mentioned_in_the_group(story: Story) -> None:
    await story.say(WANG, GROUP5, "5栋楼道里的灯全坏了")
    sent = await story.new(GROUP5)
    filed, task = sent
    assert "#1" in plain(filed["text"])
    assert "tg://user?id=3005" in task["text"] and "/start" in plain(task["text"])
    assert buttons(task)[:3] == ["受理", "办结", "上报"]
    answer = await story.press(MEMBER5, task, "受理")
    assert "已受理 #1" in answer["text"]
    (line,) = await story.new(GROUP5)
    assert "已由 陈阿姨 受理" in plain(line["text"])


async def test_an_edit_updates_the_request_and_sends_nothing(story: Story) -> None:
    message = await story.say(WANG, GROUP3, "楼道灯坏了")
    await story.new()
    await story.emu.edit(GROUP3, message["message_id"], "3栋2单元楼道灯坏了，麻烦尽快")
    await story.box.settle()
    assert await story.new() == []
    async with story.box.app.database.transaction() as repos:
        request = await repos.requests.by_message(GROUP3, message["message_id"])
    assert request is not None and request.text == "3栋2单元楼道灯坏了，麻烦尽快"


async def test_an_edit_that_turns_chat_into_a_request_files_it(story: Story) -> None:
    message = await story.say(WANG, GROUP3, "哈哈")
    assert await story.new() == []
    await story.emu.edit(GROUP3, message["message_id"], "3栋门口的路灯坏了好几天了")
    await story.box.settle()
    filed, *_ = await story.new(GROUP3)
    assert "#1" in plain(filed["text"])


async def test_channel_and_anonymous_admin_posts_file_nothing(story: Story) -> None:
    await story.emu.add_chat(-100777, "channel", "社区公告频道")
    await story.say(None, GROUP3, "3栋楼道灯坏了", sender_chat_id=-100777)
    assert await story.new() == [] and await count_requests(story) == 0
    await story.say(None, GROUP3, "/report 3栋楼道灯坏了", sender_chat_id=GROUP3)
    (refusal,) = await story.new(GROUP3)
    assert "匿名管理员或频道" in plain(refusal["text"])
    assert await count_requests(story) == 0


async def test_a_4096_character_message_is_filed_and_the_reply_fits(story: Story) -> None:
    text = ("3栋2单元楼道灯坏了，" * 410)[:4096]
    await story.say(WANG, GROUP3, text)
    (reply,) = await story.new(GROUP3)
    task = (await story.emu.sent(MEMBER3.id))[-1]
    assert "#1" in plain(reply["text"]) and len(task["text"]) < 4096
    async with story.box.app.database.transaction() as repos:
        assert len((await repos.requests.get(1)).text) == 4096


async def test_the_same_update_delivered_twice_makes_one_request_and_one_reply(
    story: Story,
) -> None:
    posted = await story.emu.post_message(GROUP3, from_id=WANG.id, text="3栋电梯按钮坏了")
    await story.box.settle()
    await story.emu.inject_update({"update_id": posted["update_id"], "message": posted["message"]})
    await story.emu.inject_update(
        {"update_id": posted["update_id"] + 10_000, "message": posted["message"]}
    )
    await story.box.settle()
    replies = [
        r
        for r in await story.new(GROUP3)
        if r["reply_to_message_id"] == posted["message"]["message_id"]
    ]
    assert len(replies) == 1 and await count_requests(story) == 1


async def test_report_alias_and_photo_caption(story: Story) -> None:
    await story.say(WANG, GROUP3, "/bx 门禁卡刷不开")
    assert "#1" in plain((await story.new(GROUP3))[0]["text"])
    await story.say(WANG, GROUP3, None, photo=True, caption="3栋楼下垃圾堆了三天没人清")
    assert "#2" in plain((await story.new(GROUP3))[0]["text"])
    await story.say(WANG, GROUP3, "/report")
    (usage,) = await story.new(GROUP3)
    assert "用法" in plain(usage["text"])


async def test_bad_commands_get_clear_replies(story: Story) -> None:
    for text, expected in (
        ("/status abc", "用法：/status"),
        ("/status 99999", "没有找到诉求 #99999"),
        ("/ack", "用法：/ack"),
        ("/done #12x", "用法：/done"),
        ("/escalate 1", "没有找到诉求 #1"),
    ):
        await story.say(MEMBER3, GROUP3, text)
        (reply,) = await story.new(GROUP3)
        assert expected in plain(reply["text"]), text


async def test_only_the_writer_may_withdraw(story: Story) -> None:
    await story.say(WANG, GROUP3, "3栋门口的灯坏了")
    filed = (await story.new(GROUP3))[0]
    refused = await story.press(STRANGER, filed, "不是诉求，撤回")
    assert refused["show_alert"] and "居民本人" in refused["text"]
    await story.press(WANG, filed, "不是诉求，撤回")
    (line,) = await story.new(GROUP3)
    assert "#1 已撤回" in plain(line["text"])


async def test_forged_button_data_is_refused_cleanly(story: Story) -> None:
    await story.say(WANG, GROUP3, "3栋门口的灯坏了")
    filed = (await story.new(GROUP3))[0]
    pressed = await story.emu.press(GROUP3, filed["message_id"], MEMBER3.id, data="t:ack:99999")
    await story.box.settle()
    answer = next(
        a
        for a in await story.emu.callback_answers()
        if a["callback_query_id"] == pressed["callback_query_id"]
    )
    assert answer["show_alert"] and "没有找到" in answer["text"]


async def test_button_data_that_does_not_parse_is_answered_and_changes_nothing(
    story: Story,
) -> None:
    await story.say(WANG, GROUP3, "3栋门口的灯坏了")
    filed = (await story.new(GROUP3))[0]
    await story.new(MEMBER3.id)
    for data in ("t:zap:1", "r:rate", "mt:ok:x", "garbage"):
        pressed = await story.emu.press(GROUP3, filed["message_id"], MEMBER3.id, data=data)
        await story.box.settle()
        answer = next(
            a
            for a in await story.emu.callback_answers()
            if a["callback_query_id"] == pressed["callback_query_id"]
        )
        assert not answer.get("show_alert") and not answer.get("text")
    assert await story.new(GROUP3) == [] and await story.new(MEMBER3.id) == []
    async with story.box.app.database.transaction() as repos:
        request = await repos.requests.get(1)
    assert request is not None and request.state.value == "new"


async def test_binding_a_group(story: Story) -> None:
    await story.emu.add_group(-2000, "新群")
    await story.say(STRANGER, -2000, "/bind 5")
    (refusal,) = await story.new(-2000)
    assert "只有" in plain(refusal["text"])
    await story.say(SECRETARY, -2000, "/bind 3")
    (ambiguous,) = await story.new(-2000)
    assert "/bind A 3" in plain(ambiguous["text"])
    await story.say(SECRETARY, -2000, "/bind B 3")
    (bound,) = await story.new(-2000)
    assert "3 栋" in plain(bound["text"])
    await story.say(WANG, -2000, "楼下路灯坏了好几天了")
    await story.new(-2000)
    task = (await story.emu.sent(-2000))[-1]
    assert "b3_member" in plain(task["text"])  # known only by username: mentioned in the group


async def test_contacts(story: Story) -> None:
    await story.say(WANG, GROUP3, "/contacts")
    (reply,) = await story.new(GROUP3)
    text = plain(reply["text"])
    assert "网格长：张网格长" in text and "微网格员：李长明" in text and "社区民警：赵警官" in text
    await story.emu.add_group(-2001, "未绑定")
    await story.say(WANG, -2001, "/contacts")
    (unbound,) = await story.new(-2001)
    assert "/bind" in plain(unbound["text"])


async def test_unbound_group_chatter_is_ignored(story: Story) -> None:
    await story.emu.add_group(-2002, "别的群")
    await story.say(WANG, -2002, "3栋楼道灯坏了好几天了")
    assert await story.new() == [] and await count_requests(story) == 0


async def test_command_menus_per_scope_and_language(story: Story) -> None:
    commands = await story.emu.commands()
    by_scope = {(c["scope"]["type"], c.get("language_code") or ""): c["commands"] for c in commands}
    assert {"report", "my", "status", "contacts"} <= {
        c["command"] for c in by_scope[("all_group_chats", "")]
    }
    assert "start" in {c["command"] for c in by_scope[("all_private_chats", "en")]}
    en = {c["command"]: c["description"] for c in by_scope[("all_group_chats", "en")]}
    assert en["my"] == "My requests"


async def test_escalation_reaches_the_leader_in_private(story: Story) -> None:
    await story.say(WANG, GROUP3, "3栋2单元楼道灯坏了")
    await story.new()
    await story.say(MEMBER3, MEMBER3.id, "/escalate 1 需要物业更换线路")
    leader_task = (await story.emu.sent(LEADER.id))[-1]
    assert "上报给您的诉求" in plain(leader_task["text"]) and buttons(leader_task)[0] == "受理"
    line = (await story.new(GROUP3))[-1]
    assert "已上报上级处理" in plain(line["text"])


async def test_english_member_commands(story: Story) -> None:
    await story.emu.add_user(3001, "李长明", language_code="en")
    await story.say(TOM, GROUP3, "The corridor light in building 3 is broken")
    await story.new()
    await story.say(MEMBER3, MEMBER3.id, "/tasks")
    reply = (await story.new(MEMBER3.id))[-1]
    assert "Your open task" in plain(reply["text"]) and "#1" in plain(reply["text"])
    assert B3_MEMBER.username == "b3_member"


async def test_group_upgraded_to_supergroup_keeps_its_building(story: Story) -> None:
    await story.emu.add_group(-3000, "老群", type="group")
    await story.say(SECRETARY, -3000, "/bind 7")
    await story.say(WANG, -3000, "7栋楼道灯坏了好几天了")
    await story.new()
    await story.emu.migrate(-3000, -1003000, notify=True)
    await story.box.settle()
    await story.say(WANG, -1003000, "7栋门口的垃圾三天没人收了")
    filed = (await story.new(-1003000))[0]
    assert "#2" in plain(filed["text"])


async def test_a_message_owed_to_an_upgraded_group_follows_it(story: Story) -> None:
    await story.emu.add_group(-3001, "老群", type="group")
    await story.say(SECRETARY, -3001, "/bind 7")
    await story.say(WANG, -3001, "7栋楼道灯坏了好几天了")
    await story.new()
    await story.emu.migrate(-3001, -1003001)  # no notice reached the bot
    await story.say(LEADER, LEADER.id, "/ack 1")
    line = (await story.new(-1003001))[-1]
    assert "#1 已由 张网格长 受理" in plain(line["text"])
    async with story.box.app.database.transaction() as repos:
        building = await repos.directory.building_by_chat(-1003001)
    assert building is not None and building.number == "7"
