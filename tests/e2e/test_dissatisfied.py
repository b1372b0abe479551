"""不满意 reopens the request one level up and asks the resident why, once, by a reply."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from storage.schema import requests
from tests.story import GROUP3, LEADER, LIU, MEMBER3, SECRETARY, TOM, WANG, Story, buttons, plain

LIGHT = "3栋2单元楼道灯坏了好几天了，晚上上楼黑漆漆的"


async def resolved(story: Story, who=WANG, text: str = LIGHT) -> dict:  # type: ignore[no-untyped-def]
    await story.say(who, GROUP3, text)
    await story.say(MEMBER3, MEMBER3.id, "/done 1 已更换灯泡")
    return (await story.new(GROUP3))[-1]


async def request_row(story: Story):  # type: ignore[no-untyped-def]
    async with story.box.app.database.transaction() as repos:
        return await repos.requests.get(1)


async def test_dissatisfied_reopens_escalates_and_the_reply_is_the_reason(story: Story) -> None:
    rating = await resolved(story)
    answer = await story.press(WANG, rating, "😞 不满意")
    assert "重新办理" in answer["text"]
    assert buttons(await story.message(GROUP3, rating["message_id"])) == []

    row = await request_row(story)
    assert (row.state, row.level, row.rating) == ("reopened", "leader", None)
    (prompt,) = await story.new(GROUP3)  # one message: no separate reopen and escalate lines
    assert "不满意" in plain(prompt["text"]) and "张网格长" in plain(prompt["text"])
    assert "tg://user?id=9001" in prompt["text"]
    task = (await story.emu.sent(LEADER.id))[-1]
    assert "#1" in plain(task["text"]) and "上报" in plain(task["text"])

    # An unrelated message meanwhile is not taken for the reason.
    await story.say(WANG, GROUP3, "今天天气不错")
    assert (await request_row(story)).dissatisfaction is None
    # Someone else's reply is not the reason either.
    await story.say(LIU, GROUP3, "灯还是不亮吗", reply_to_message_id=prompt["message_id"])
    assert (await request_row(story)).dissatisfaction is None
    await story.new()

    reply = await story.say(
        WANG,
        GROUP3,
        "只换了一楼的灯泡，三楼到六楼还是黑的",
        reply_to_message_id=prompt["message_id"],
    )
    (thanks,) = await story.new(GROUP3)
    assert thanks["reply_to_message_id"] == reply["message_id"] and "张网格长" in plain(
        thanks["text"]
    )
    assert (await request_row(story)).dissatisfaction == "只换了一楼的灯泡，三楼到六楼还是黑的"
    told = (await story.emu.sent(LEADER.id))[-1]
    assert "三楼到六楼还是黑的" in plain(told["text"]) and "王阿姨" in plain(told["text"])

    # One answer only: a second reply is an ordinary message again.
    await story.say(WANG, GROUP3, "麻烦快点", reply_to_message_id=prompt["message_id"])
    assert (await request_row(story)).dissatisfaction == "只换了一楼的灯泡，三楼到六楼还是黑的"
    await story.say(WANG, GROUP3, "/status 1")
    assert "三楼到六楼还是黑的" in plain((await story.new(GROUP3))[-1]["text"])


async def test_a_reply_after_the_reason_window_is_an_ordinary_message(story: Story) -> None:
    rating = await resolved(story)
    await story.press(WANG, rating, "😞 不满意")
    (prompt,) = await story.new(GROUP3)
    late = datetime.now(UTC) - timedelta(hours=25)
    async with story.box.app.database.transaction() as repos:
        await repos.requests.update(1, dissatisfied_at=late)
    await story.say(
        WANG, GROUP3, "3栋2单元电梯也坏了，停在5楼不动", reply_to_message_id=prompt["message_id"]
    )
    assert (await request_row(story)).dissatisfaction is None
    async with story.box.app.database.transaction() as repos:
        count = select(func.count()).select_from(requests)
        assert (await repos.connection.execute(count)).scalar_one() == 2  # filed as new


async def test_dissatisfied_at_the_top_stays_with_the_admins(story: Story) -> None:
    await story.say(WANG, GROUP3, LIGHT)
    await story.say(MEMBER3, MEMBER3.id, "/escalate 1 需要物业")
    await story.say(LEADER, LEADER.id, "/escalate 1 需要社区协调")
    await story.say(SECRETARY, SECRETARY.id, "/done 1 已协调物业")
    rating = (await story.new(GROUP3))[-1]
    await story.press(WANG, rating, "😞 不满意")
    row = await request_row(story)
    assert (row.state, row.level, row.assignee_id is not None) == ("reopened", "admin", True)
    task = (await story.emu.sent(SECRETARY.id))[-1]
    assert "未解决" in plain(task["text"])


async def test_dissatisfied_in_english(story: Story) -> None:
    async with story.box.app.database.transaction() as repos:
        await repos.directory.save_community("和美社区", "Asia/Shanghai", "en")
    rating = await resolved(story, TOM, "The corridor light in building 3 unit 2 is broken")
    assert buttons(rating)[2] == "😞 Not satisfied"
    await story.press(TOM, rating, "😞 Not satisfied")
    (prompt,) = await story.new(GROUP3)
    assert "not satisfied" in plain(prompt["text"]) and "grid leader" in plain(prompt["text"])
    await story.say(TOM, GROUP3, "Only floor 1 works", reply_to_message_id=prompt["message_id"])
    (thanks,) = await story.new(GROUP3)
    assert "Thank you" in plain(thanks["text"])
    assert (await request_row(story)).dissatisfaction == "Only floor 1 works"
