"""/assign replaces a building's member in chat: the open tasks move to the successor, both
are told, history stays. /whoami tells a person their posts."""

from __future__ import annotations

from tests.story import (
    GROUP3,
    LEADER,
    MEMBER3,
    MEMBER5,
    SECRETARY,
    TOM,
    WANG,
    Story,
    buttons,
    plain,
)
from tests.trust.audit import Trail
from tests.trust.test_invites import LINK, make_invite, to


async def test_admin_replaces_a_member_and_the_open_tasks_follow(story: Story) -> None:
    await story.emu.start_private(MEMBER5.id)
    await story.say(WANG, GROUP3, "3栋2单元楼道灯坏了好几天了，晚上上楼黑漆漆的")
    await story.say(WANG, GROUP3, "3栋电梯坏了，停在5楼不动")
    task = next(r for r in await story.new(MEMBER3.id) if "#1" in plain(r["text"]))
    await story.press(MEMBER3, task, "受理")
    trail = Trail(story.box)
    await trail.skip()

    await story.say(SECRETARY, SECRETARY.id, "/assign A 3")
    (question,) = await story.new(SECRETARY.id)
    assert "更换和美社区 A 网格 3 栋 的微网格员（现任：李长明）" in plain(question["text"])
    assert "陈阿姨" in buttons(question) and "李长明" not in buttons(question)
    assert buttons(question)[-1] == "✉️ 邀请新人"
    answer = await story.press(SECRETARY, question, "陈阿姨")
    assert "陈阿姨 现在是和美社区 A 网格 3 栋 的微网格员。2 条待办任务已转交。" in answer["text"]

    sent = await story.new()
    gained, *cards = to(sent, MEMBER5)
    assert "前任的 2 条待办任务已转给您" in plain(gained["text"])
    assert sorted(plain(c["text"])[:40].count("#") for c in cards) == [1, 1] and len(cards) == 2
    (lost,) = to(sent, MEMBER3)
    assert "您已不再担任和美社区 A 网格 3 栋 的微网格员，由 陈阿姨 接任" in plain(lost["text"])
    assert "2 条待办任务已转交" in plain(lost["text"])
    actions = [r.action for r in await trail.new()]
    assert actions == [
        "role.removed",
        "role.assigned",
        "request.handed_over",
        "request.handed_over",
    ]

    # History stays: the old member's acknowledgement is still in the timeline.
    await story.say(WANG, GROUP3, "/status 1")
    status = plain((await story.new(GROUP3))[-1]["text"])
    assert "李长明" in status and "陈阿姨" in status
    async with story.box.app.database.transaction() as repos:
        request = await repos.requests.get(1)
        events = [e.action for e in await repos.requests.events(1)]
        member5 = await repos.people.by_telegram_id(MEMBER5.id)
    assert request.state == "acknowledged" and request.assignee_id == member5.id
    assert events == ["filed", "acknowledge", "handed_over"]

    # The new member acts on the handed-over task; the old one no longer may.
    await story.say(MEMBER3, MEMBER3.id, "/done 1")
    assert "没有找到诉求 #1" in plain((await story.new(MEMBER3.id))[-1]["text"])
    await story.say(MEMBER5, MEMBER5.id, "/done 1 已修好")
    assert "#1" in plain((await story.new(MEMBER5.id))[-1]["text"])

    # /whoami
    await story.say(MEMBER5, MEMBER5.id, "/whoami")
    text = plain((await story.new(MEMBER5.id))[-1]["text"])
    assert "3 栋 的微网格员" in text and "5 栋 的微网格员" in text
    await story.say(MEMBER3, MEMBER3.id, "/whoami")
    assert "您目前没有担任任何岗位" in plain((await story.new(MEMBER3.id))[-1]["text"])


async def test_assign_offers_an_invite_link_in_private(story: Story) -> None:
    await story.say(SECRETARY, GROUP3, "/assign")
    (question,) = await story.new(GROUP3)
    assert "3 栋 的微网格员" in plain(question["text"])
    await story.press(SECRETARY, question, "✉️ 邀请新人")
    (link,) = await story.new(SECRETARY.id)  # in private: in the group anyone could open it
    assert LINK.search(plain(link["text"])) and "3 栋 的微网格员" in plain(link["text"])
    assert await story.new(GROUP3) == []


async def test_only_admins_assign_and_bad_input_gets_usage(story: Story) -> None:
    await story.say(LEADER, LEADER.id, "/assign 3")
    assert "仅限社区管理员" in plain((await story.new(LEADER.id))[-1]["text"])
    await story.say(SECRETARY, SECRETARY.id, "/assign 3")  # 3 is in grids A and B
    assert "有多个" in plain((await story.new(SECRETARY.id))[-1]["text"])
    await story.say(SECRETARY, SECRETARY.id, "/assign 1 2 3")
    assert "用法" in plain((await story.new(SECRETARY.id))[-1]["text"])
    await story.say(SECRETARY, SECRETARY.id, "/assign 99")
    assert "99" in plain((await story.new(SECRETARY.id))[-1]["text"])


async def test_whoami_in_english(story: Story) -> None:
    await story.say(TOM, TOM.id, "/whoami")
    assert "Tom, you hold no post at the moment." in plain((await story.new(TOM.id))[-1]["text"])
    token, _ = await make_invite(story, SECRETARY, "社区管理员")
    await story.say(TOM, TOM.id, f"/start {token}")
    await story.new()
    await story.say(TOM, TOM.id, "/whoami")  # in private: his own language
    text = plain((await story.new(TOM.id))[-1]["text"])
    assert "Tom, you are:" in text and "Community admin of 和美社区" in text
    await story.say(TOM, TOM.id, "/assign A 5")
    (question,) = await story.new(TOM.id)
    assert "Replace the Micro-grid member of 和美社区, grid A, building 5" in plain(
        question["text"]
    )
    assert buttons(question)[-1] == "✉️ Invite someone new"
