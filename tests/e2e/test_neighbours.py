"""Neighbours as the grid's eyes: "me too" replies and 👍 count as households affected."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.schema import request_coreporters, requests
from tests.story import (
    GROUP3,
    GROUP5,
    LIU,
    MEMBER3,
    SECRETARY,
    STRANGER,
    TOM,
    WANG,
    Story,
    buttons,
    plain,
)

OUTAGE = "3栋今天一早就停水了，到现在还没来水"


async def households(story: Story, request_id: int = 1) -> int:
    async with story.box.app.database.transaction() as repos:
        request = await repos.requests.get(request_id)
    assert request is not None
    return request.households


async def count_requests(story: Story) -> int:
    async with story.box.app.database.transaction() as repos:
        query = select(func.count()).select_from(requests)
        return int((await repos.connection.execute(query)).scalar_one())


async def english(story: Story) -> None:
    async with story.box.app.database.transaction() as repos:
        await repos.directory.save_community("和美社区", "Asia/Shanghai", "en")


async def test_me_too_replies_count_households_once_each_and_not_the_reporter(
    story: Story,
) -> None:
    original = await story.say(WANG, GROUP3, OUTAGE)
    (confirmation,) = await story.new(GROUP3)

    # A reply to the bot's confirmation, and one to the resident's own message.
    plus = await story.say(LIU, GROUP3, "+1", reply_to_message_id=confirmation["message_id"])
    (counted,) = await story.new(GROUP3)
    assert counted["reply_to_message_id"] == plus["message_id"]
    assert "#1" in plain(counted["text"]) and "2 户" in plain(counted["text"])
    await story.say(STRANGER, GROUP3, "我们也停水了", reply_to_message_id=original["message_id"])
    (counted,) = await story.new(GROUP3)
    assert "3 户" in plain(counted["text"])

    # The same neighbour again, and the reporter's own "+1": nothing more, nothing filed.
    await story.say(LIU, GROUP3, "+1", reply_to_message_id=original["message_id"])
    await story.say(WANG, GROUP3, "我家也是", reply_to_message_id=confirmation["message_id"])
    # An edited "me too" is still one (and not a new request).
    await story.emu.edit(GROUP3, plus["message_id"], "我们家也停水了")
    await story.box.settle()
    assert await story.new(GROUP3) == []
    assert await households(story) == 3 and await count_requests(story) == 1

    # The member hears the count grow (at 2 and 3), and /status shows it.
    told = [plain(m["text"]) for m in await story.emu.sent(MEMBER3.id)]
    assert any("2 户反映" in text for text in told) and any("3 户反映" in text for text in told)
    await story.say(WANG, GROUP3, "/status 1")
    assert "👥 3 户" in plain((await story.new(GROUP3))[-1]["text"])
    await story.say(MEMBER3, MEMBER3.id, "/tasks")  # the member's own list shows it too
    assert "#1 设施维修 · 待受理 · 👥 3 户" in plain((await story.new(MEMBER3.id))[-1]["text"])


async def test_a_reply_that_is_not_me_too_is_an_ordinary_message(story: Story) -> None:
    original = await story.say(WANG, GROUP3, OUTAGE)
    await story.new()
    # An opinion, and a phone number that starts with +1: neither is a co-report.
    await story.say(LIU, GROUP3, "我家也是这样想的", reply_to_message_id=original["message_id"])
    await story.say(LIU, GROUP3, "+1 415 555 0100", reply_to_message_id=original["message_id"])
    assert await households(story) == 1
    # A different problem written as a reply is filed as its own request.
    await story.say(
        LIU, GROUP3, "3栋2单元电梯坏了，停在5楼不动", reply_to_message_id=original["message_id"]
    )
    assert await count_requests(story) == 2 and await households(story) == 1


async def test_thumbs_up_counts_and_taking_it_back_uncounts(story: Story) -> None:
    await story.emu.set_bot_admin(GROUP3)  # Telegram tells only admins of reactions
    await story.say(WANG, GROUP3, OUTAGE)
    (confirmation,) = await story.new(GROUP3)

    await story.react(LIU, confirmation, "👍")
    await story.react(STRANGER, confirmation, "❤")  # not a 👍: nothing
    assert await households(story) == 2
    assert await story.new(GROUP3) == []  # a reaction is silent in the group
    await story.react(LIU, confirmation, "👍", "🔥")  # still a 👍: counted once
    assert await households(story) == 2
    await story.react(LIU, confirmation)  # taken back
    assert await households(story) == 1
    async with story.box.app.database.transaction() as repos:
        rows = await repos.connection.execute(select(request_coreporters))
        assert rows.all() == []


async def test_co_reporters_are_told_on_resolution_and_may_rate(story: Story) -> None:
    original = await story.say(WANG, GROUP3, OUTAGE)
    await story.new()
    await story.say(LIU, GROUP3, "同样", reply_to_message_id=original["message_id"])
    await story.say(MEMBER3, MEMBER3.id, "/done 1 已联系自来水公司恢复供水")
    resolved = (await story.new(GROUP3))[-1]
    assert "tg://user?id=9003" in resolved["text"] and "也请评价" in plain(resolved["text"])

    answer = await story.press(LIU, resolved, "🙂 基本满意")
    assert "谢谢" in answer["text"]
    assert buttons(await story.message(GROUP3, resolved["message_id"]))  # the reporter may still
    answer = await story.press(STRANGER, resolved, "😊 满意")
    assert answer["show_alert"]  # not affected: refused
    answer = await story.press(WANG, resolved, "😊 满意")
    async with story.box.app.database.transaction() as repos:
        rows = (await repos.connection.execute(select(request_coreporters))).all()
        request = await repos.requests.get(1)
    assert [(r.person_id != 0, r.rating) for r in rows] == [(True, 2)]
    assert request is not None and (request.state, request.rating) == ("closed", 3)


async def test_me_too_in_english(story: Story) -> None:
    await english(story)
    original = await story.say(TOM, GROUP3, "No water in building 3 since this morning")
    (confirmation,) = await story.new(GROUP3)
    await story.say(LIU, GROUP3, "same here", reply_to_message_id=confirmation["message_id"])
    (counted,) = await story.new(GROUP3)
    assert "2 households affected" in plain(counted["text"])
    await story.say(WANG, GROUP3, "me too!", reply_to_message_id=original["message_id"])
    assert "3 households affected" in plain((await story.new(GROUP3))[0]["text"])
    await story.say(TOM, GROUP3, "/status 1")
    assert "👥 3 households" in plain((await story.new(GROUP3))[-1]["text"])


async def test_the_demand_list_puts_more_households_first(story: Story) -> None:
    await story.say(WANG, GROUP3, "3栋2单元楼道灯坏了好几天了，晚上上楼黑漆漆的")
    later = await story.say(TOM, GROUP3, "3栋今天停水了，一直没有来水")
    await story.say(LIU, GROUP3, "我家也是", reply_to_message_id=later["message_id"])
    await story.new()
    await story.say(SECRETARY, SECRETARY.id, "/lists")
    (listing,) = await story.new(SECRETARY.id)
    lines = [line for line in plain(listing["text"]).splitlines() if line.startswith("#")]
    assert lines[0].startswith("#2") and "👥 2 户" in lines[0]
    assert lines[1].startswith("#1") and "👥" not in lines[1]
    await story.emu.add_user(SECRETARY.id, SECRETARY.name, language_code="en")
    await story.say(SECRETARY, SECRETARY.id, "/lists")
    (listing,) = await story.new(SECRETARY.id)
    assert "👥 2 households" in plain(listing["text"]).split("#1")[0]


async def test_stats_tell_closure_and_resolution_apart(story: Story) -> None:
    for text in ("3栋2单元楼道灯坏了", "3栋门口的路灯不亮了"):
        await story.say(WANG, GROUP3, text)
    await story.say(MEMBER3, MEMBER3.id, "/done 1 已更换灯泡")
    rating = (await story.new(GROUP3))[-1]
    await story.press(WANG, rating, "😊 满意")
    await story.say(MEMBER3, MEMBER3.id, "/done 2 已修好")  # resolved, not rated yet
    await story.new()
    await story.say(SECRETARY, SECRETARY.id, "/stats")
    figures = plain((await story.new(SECRETARY.id))[0]["text"])
    assert "办结率 100.0%" in figures and "解决率 50.0%" in figures

    # The admin's own language in private: English.
    await story.emu.add_user(SECRETARY.id, SECRETARY.name, language_code="en")
    await story.say(SECRETARY, SECRETARY.id, "/stats")
    figures = plain((await story.new(SECRETARY.id))[0]["text"])
    assert "closure rate 100.0%" in figures and "resolution rate 50.0%" in figures


async def test_a_reply_to_the_task_card_in_the_group_counts_too(story: Story) -> None:
    # 5栋's member never started the bot: the task is posted in 5栋's group, and is the
    # request's message there like any other.
    await story.say(WANG, GROUP5, "5栋今天一早就停水了，到现在还没来水")
    card = next(m for m in await story.new(GROUP5) if "受理" in buttons(m))
    await story.say(LIU, GROUP5, "我家也是", reply_to_message_id=card["message_id"])
    (counted,) = await story.new(GROUP5)
    assert "#1" in plain(counted["text"]) and "2 户" in plain(counted["text"])
