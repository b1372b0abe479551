"""People Telegram will not let the bot write to: the message goes to the group instead, the
admins hear of it once, and tasks go straight to the group until the person starts the bot."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli import main
from tests.story import GROUP3, LEADER, SECRETARY, WANG, Story, User, plain


async def _mistype_leader(story: Story, wrong_id: int) -> None:
    async with story.box.app.database.transaction() as repos:
        leader = await repos.people.by_telegram_id(LEADER.id)
        assert leader is not None
        await repos.people.update(leader.id, telegram_id=wrong_id)


async def test_urgent_alert_to_a_mistyped_id_reaches_the_group_and_the_admins_once(
    story: Story,
) -> None:
    await _mistype_leader(story, 2999)  # no such Telegram account
    await story.say(WANG, GROUP3, "3栋2单元楼道里好大一股煤气味，快来人看看")
    sent = await story.new()
    in_group = [plain(m["text"]) for m in sent if m["chat_id"] == GROUP3]
    assert any("张网格长" in text and "请关注" in text for text in in_group), in_group
    # (The police officer, told of gas too, has no account in this emulator either.)
    told = [plain(m["text"]) for m in sent if m["chat_id"] == SECRETARY.id]
    (about_leader,) = [text for text in told if "2999" in text]
    assert "无法私信" in about_leader and "找不到这个 ID" in about_leader

    # The next alert goes to the group at once; the admins are not told again.
    await story.say(WANG, GROUP3, "3栋1单元也闻到煤气味了，很浓")
    sent = await story.new()
    assert not [m for m in sent if m["chat_id"] == SECRETARY.id]  # each told once only
    assert any("张网格长" in plain(m["text"]) for m in sent if m["chat_id"] == GROUP3)
    async with story.box.app.database.transaction() as repos:
        leader = await repos.people.by_telegram_id(2999)
        attempts = await story.emu.sent(2999)
    assert leader is not None and leader.unreachable == "Bad Request: chat not found"
    assert attempts == []  # the emulator delivered nothing to the missing account


async def test_starting_the_bot_makes_a_person_reachable_again(story: Story) -> None:
    await _mistype_leader(story, 2999)
    await story.say(WANG, GROUP3, "3栋2单元楼道里好大一股煤气味，快来人看看")
    await story.new()
    await story.emu.add_user(2999, "张网格长")
    await story.say(User(2999, "张网格长"), 2999, "/start")
    await story.new()
    await story.say(WANG, GROUP3, "3栋1单元也闻到煤气味了，很浓")
    sent = await story.new()
    assert any("煤气" in plain(m["text"]) for m in sent if m["chat_id"] == 2999)


async def test_grid_check_lists_who_tasks_cannot_reach(
    story: Story, sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await _mistype_leader(story, 2999)
    await story.say(WANG, GROUP3, "3栋2单元楼道里好大一股煤气味，快来人看看")
    await story.new()
    config = tmp_path / "check.toml"
    config.write_text(f'[storage]\nurl = "{sqlite_url}"\n', "utf-8")
    capsys.readouterr()
    code = await asyncio.to_thread(main, ["grid", "check", "--config", str(config)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert (
        "和美社区 A: grid leader 张网格长 (id 2999): refused by Telegram: "
        "Bad Request: chat not found (tasks go to the group; check the id)"
    ) in lines
    assert "和美社区 A 3: member 李长明 (id 3001): started" not in "\n".join(lines)
    assert "和美社区 A 5: member 陈阿姨 (id 3005): not started (tasks go to the group)" in lines
    assert lines[-1].endswith("people cannot get their tasks in private")
