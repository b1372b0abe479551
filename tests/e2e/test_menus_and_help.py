"""Command menus and /help for the right people, in their language: residents see residents'
commands, members theirs too, admins theirs; groups in the community's language."""

from __future__ import annotations

from typing import Any

from tests.story import GROUP3, MEMBER3, SECRETARY, TOM, WANG, Story, User, plain


def _menu(entries: list[dict[str, Any]], scope: dict[str, Any], language: str = "") -> list[str]:
    for entry in entries:
        if entry["scope"] == scope and entry["language_code"] == language:
            return [command["command"] for command in entry["commands"]]
    raise AssertionError(f"no menu for {scope} {language!r}: {[e['scope'] for e in entries]}")


def _descriptions(entries: list[dict[str, Any]], scope: dict[str, Any], language: str) -> str:
    for entry in entries:
        if entry["scope"] == scope and entry["language_code"] == language:
            return " ".join(command["description"] for command in entry["commands"])
    raise AssertionError(scope)


async def test_everyone_sees_residents_commands_in_zh_en(story: Story) -> None:
    menus = await story.emu.commands()
    groups, private = {"type": "all_group_chats"}, {"type": "all_private_chats"}
    assert _menu(menus, groups) == ["report", "my", "status", "contacts", "meetings", "help"]
    for admin_only in ("broadcast", "export", "stats", "ack", "bind"):
        assert admin_only not in _menu(menus, private) + _menu(menus, groups)
    assert "提交诉求" in _descriptions(menus, groups, "")
    english = _descriptions(menus, groups, "en")
    assert english.isascii() and "request" in english.lower()
    assert "提交诉求" in _descriptions(menus, groups, "zh")


async def test_a_members_and_an_admins_own_menus_follow_their_posts(story: Story) -> None:
    # Story.populate: the member of building 3 and the community's secretary sent /start.
    menus = await story.emu.commands()
    member_private = _menu(menus, {"type": "chat", "chat_id": MEMBER3.id})
    assert {"tasks", "ack", "done", "escalate", "meeting"} <= set(member_private)
    assert "broadcast" not in member_private
    in_group = _menu(menus, {"type": "chat_member", "chat_id": GROUP3, "user_id": MEMBER3.id})
    assert "ack" in in_group and "bind" not in in_group
    admin_private = _menu(menus, {"type": "chat", "chat_id": SECRETARY.id})
    assert {"broadcast", "broadcasts", "lists", "stats", "export"} <= set(admin_private)
    # A resident has no menu of their own.
    assert not [m for m in menus if m["scope"].get("chat_id") == WANG.id]


async def test_a_zh_hant_member_gets_a_traditional_menu(story: Story) -> None:
    hant = User(3005, "陳阿姨", "zh-hant")  # building 5's member, never started before
    await story.emu.add_user(hant.id, hant.name, language_code="zh-hant")
    await story.say(hant, hant.id, "/start")
    menus = await story.emu.commands()
    descriptions = _descriptions(menus, {"type": "chat", "chat_id": hant.id}, "")
    assert "訴求" in descriptions and "诉求" not in descriptions


async def test_help_lists_what_the_asker_may_do_in_groups_and_in_private(story: Story) -> None:
    await story.say(TOM, GROUP3, "/help")
    (resident,) = await story.new(GROUP3)
    text = plain(resident["text"])
    assert "/report" in text and "/contacts" in text and "/ack" not in text
    assert "使用说明" in text  # the group's language, though Tom writes English

    await story.say(MEMBER3, GROUP3, "/help")
    (member,) = await story.new(GROUP3)
    assert "/ack" in plain(member["text"]) and "/bind" not in plain(member["text"])

    await story.say(SECRETARY, SECRETARY.id, "/help")
    (admin,) = await story.new(SECRETARY.id)
    assert "/broadcast" in plain(admin["text"]) and "/export" in plain(admin["text"])

    await story.say(TOM, TOM.id, "/help")
    (private,) = await story.new(TOM.id)
    assert "How Weige works" in plain(private["text"])  # in private, his own language
    assert "/broadcast" not in plain(private["text"]) and "/my" in plain(private["text"])
