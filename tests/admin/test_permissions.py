"""Every admin command as each role: this community's admin, another community's admin,
grid leader, member, resident, stranger."""

from __future__ import annotations

from devtools.sandbox import Sandbox
from tests.admin.conftest import OTHER_ADMIN, add_people
from tests.story import LEADER, MEMBER3, SECRETARY, STRANGER, WANG, Story, User, plain

REFUSED = "仅限社区管理员、网格长和网格员"
COMMANDS = ("/broadcast", "/broadcasts", "/lists", "/stats", "/leaderboard", "/export")
# What each role may do: the broadcast commands are for admins only.
ALLOWED = {
    SECRETARY: set(COMMANDS),
    OTHER_ADMIN: set(COMMANDS),
    LEADER: {"/lists", "/stats", "/leaderboard", "/export"},
    MEMBER3: {"/lists", "/stats", "/leaderboard", "/export"},
    WANG: set(),
    STRANGER: set(),
}


async def reply_to(box: Sandbox, user: User, text: str) -> list[dict]:
    story = await Story.from_now(box)
    await story.say(user, user.id, text)
    return await story.new(user.id)


async def test_each_role_gets_exactly_its_commands(admin_box: Sandbox) -> None:
    box = admin_box
    await add_people(box, tuple(ALLOWED))
    await box.client.add_group(-1003, "3栋群")
    await Story(box).say(WANG, -1003, "3栋2单元楼道灯坏了好几天了，晚上上楼黑漆漆的")
    for user, allowed in ALLOWED.items():
        for command in COMMANDS:
            replies = await reply_to(box, user, command)
            refused = any(REFUSED in plain(r.get("text")) for r in replies)
            assert refused == (command not in allowed), (user.name, command, replies)
            if command == "/broadcast" and not refused:
                await reply_to(box, user, "/lists")  # leaves the conversation waiting; harmless


async def test_admins_see_their_own_community_only(admin_box: Sandbox) -> None:
    box = admin_box
    await add_people(box, (SECRETARY, OTHER_ADMIN))
    await box.client.add_group(-1003, "3栋群")
    await Story(box).say(WANG, -1003, "3栋2单元楼道灯坏了好几天了，晚上上楼黑漆漆的")
    mine = plain((await reply_to(box, SECRETARY, "/lists"))[-1]["text"])
    theirs = plain((await reply_to(box, OTHER_ADMIN, "/lists"))[-1]["text"])
    assert "共 1" in mine and "楼道灯" in mine
    assert "共 0" in theirs and "楼道灯" not in theirs
    assert "收到 0 件" in plain((await reply_to(box, OTHER_ADMIN, "/stats"))[0]["text"])
    assert "收到 1 件" in plain((await reply_to(box, SECRETARY, "/stats"))[0]["text"])
