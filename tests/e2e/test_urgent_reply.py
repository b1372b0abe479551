"""An urgent request's reply says what to do now, by the kind of danger, with the community's
numbers; the grid leader, and for gas, fire and a missing person the police officer, are told
at once."""

from __future__ import annotations

import pytest

from devtools.sandbox import sandbox
from tests.conftest import GRID
from tests.story import GROUP3, LEADER, MEMBER3, TOM, WANG, Story, User, plain

POLICE = User(2004, "赵警官")


@pytest.fixture
async def numbered(sqlite_url: str):  # type: ignore[no-untyped-def]
    emergency = {"gas": "028-96777", "community": {"和美社区": {"lift": "028-12345"}}}
    async with sandbox(sqlite_url, GRID, emergency=emergency) as box:
        story = Story(box)
        await box.client.add_user(POLICE.id, POLICE.name)
        await story.populate(started=(MEMBER3, LEADER, POLICE))
        yield story


def _in(sent: list[dict[str, object]], chat_id: int) -> list[str]:
    return [plain(str(m["text"])) for m in sent if m["chat_id"] == chat_id]


async def test_gas_smell_tells_the_group_what_to_do_and_the_police_at_once(
    numbered: Story,
) -> None:
    story = numbered
    await story.say(WANG, GROUP3, "三栋二单元有股臭鸡蛋味道，好冲")
    sent = await story.new()
    (reply,) = _in(sent, GROUP3)
    assert "紧急" in reply and "不要开关任何电器" in reply and "打开门窗" in reply
    # The community names its own lift line only: the gas number is the bot-wide one.
    assert "燃气公司电话 028-96777" in reply
    assert any("紧急诉求，请网格长关注" in text for text in _in(sent, LEADER.id))
    assert any("请社区民警关注" in text for text in _in(sent, POLICE.id))
    assert _in(sent, MEMBER3.id)  # the building's member owns it


async def test_each_kind_has_its_own_advice_and_numbers(numbered: Story) -> None:
    story = numbered
    cases = [
        ("电梯卡在5楼和6楼之间，我妈被关在里面出不来", "028-12345", False),
        ("3栋2单元的张婆婆在楼道里晕倒了，叫不醒", "120", False),
        ("我爸老年痴呆，早上从3栋出门到现在还没回来", "110", True),
        ("3栋5楼的电表箱在冒烟，有烧焦的味道", "119", True),
    ]
    for text, number, police in cases:
        await story.say(WANG, GROUP3, text)
        sent = await story.new()
        reply = _in(sent, GROUP3)[0]  # the reply; a fallback may follow for an unstarted holder
        assert number in reply, (text, _in(sent, GROUP3))
        assert bool(_in(sent, POLICE.id)) is police, text


async def test_not_urgent_gets_no_advice_and_english_groups_get_english(
    numbered: Story,
) -> None:
    story = numbered
    await story.say(WANG, GROUP3, "3栋2单元楼道灯坏了好几天了")
    (reply,) = _in(await story.new(), GROUP3)
    assert "拨打" not in reply and "不要" not in reply

    async with story.box.app.database.transaction() as repos:
        await repos.directory.save_community("和美社区", "Asia/Shanghai", "en")
    await story.say(TOM, GROUP3, "Strong gas smell on the stairs of building 3, unit 2!")
    (reply,) = _in(await story.new(), GROUP3)
    assert "do not switch anything on or off" in reply and "open the windows" in reply
