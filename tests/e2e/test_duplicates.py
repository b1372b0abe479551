"""The same problem written again by a neighbour is asked about, not filed twice."""

from __future__ import annotations

from sqlalchemy import select

from storage.schema import requests
from tests.story import GROUP3, LIU, MEMBER3, STRANGER, TOM, WANG, Story, buttons, plain

OUTAGE = "3栋今天一早就停水了，到现在还没来水"
AGAIN = "3栋停水了吗？我家也没水，什么时候来水"


async def filed(story: Story) -> list[tuple[int, int]]:
    """(number, households) of every request."""
    async with story.box.app.database.transaction() as repos:
        query = select(requests.c.number, requests.c.households).order_by(requests.c.id)
        return [tuple(row) for row in await repos.connection.execute(query)]


async def test_joining_the_look_alike_makes_the_writer_a_co_reporter(story: Story) -> None:
    await story.say(WANG, GROUP3, OUTAGE)
    await story.new()
    again = await story.say(LIU, GROUP3, AGAIN)
    (question,) = await story.new(GROUP3)
    assert question["reply_to_message_id"] == again["message_id"]
    assert "#1" in plain(question["text"]) and "同一个问题" in plain(question["text"])
    assert buttons(question) == ["是，加入 #1", "不是，另登记"]
    assert await filed(story) == [(1, 1)]  # nothing filed while it is asked

    refused = await story.press(STRANGER, question, "是，加入 #1")
    assert refused["show_alert"] and "本人" in refused["text"]
    assert buttons(await story.message(GROUP3, question["message_id"]))  # still to answer

    answer = await story.press(LIU, question, "是，加入 #1")
    assert "已加入" in answer["text"]
    (counted,) = await story.new(GROUP3)
    assert counted["reply_to_message_id"] == again["message_id"] and "2 户" in plain(
        counted["text"]
    )
    assert await filed(story) == [(1, 2)]
    told = plain((await story.emu.sent(MEMBER3.id))[-1]["text"])
    assert "#1" in told and "2 户反映" in told  # the member sees the merged count

    assert buttons(await story.message(GROUP3, question["message_id"])) == []  # answered


async def test_a_different_problem_is_filed_as_its_own(story: Story) -> None:
    await story.say(WANG, GROUP3, OUTAGE)
    await story.say(LIU, GROUP3, AGAIN)
    (_, question) = await story.new(GROUP3)
    answer = await story.press(LIU, question, "不是，另登记")
    assert "已另行登记" in answer["text"]
    (confirmation,) = await story.new(GROUP3)
    assert "#2" in plain(confirmation["text"])
    assert await filed(story) == [(1, 1), (2, 1)]


async def test_the_reporters_own_message_and_other_problems_are_not_asked(story: Story) -> None:
    await story.say(WANG, GROUP3, OUTAGE)
    await story.say(WANG, GROUP3, AGAIN)  # their own request: filed as before
    await story.say(LIU, GROUP3, "3栋2单元电梯坏了，停在5楼不动")  # same category, not alike
    sent = [plain(m["text"]) for m in await story.new(GROUP3)]
    assert not any("同一个问题" in text for text in sent)
    assert [number for number, _ in await filed(story)] == [1, 2, 3]


async def test_look_alike_in_english(story: Story) -> None:
    async with story.box.app.database.transaction() as repos:
        await repos.directory.save_community("和美社区", "Asia/Shanghai", "en")
    await story.say(TOM, GROUP3, "No water in building 3 since this morning")
    await story.say(LIU, GROUP3, "Building 3 water is off, no water at all")
    (_, question) = await story.new(GROUP3)
    assert "same problem as request #1" in plain(question["text"])
    assert buttons(question) == ["Yes, join #1", "No, file it"]
    answer = await story.press(LIU, question, "Yes, join #1")
    assert "You joined" in answer["text"]
    (counted,) = await story.new(GROUP3)
    assert "2 households affected" in plain(counted["text"])
    assert await filed(story) == [(1, 2)]
