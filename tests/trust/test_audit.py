"""Every command and button that changes state appends one audit row in its own transaction,
and `python -m bot audit` prints the trail."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from devtools.sandbox import sandbox
from storage.database import Database
from tests.conftest import GRID
from tests.story import (
    GROUP3,
    GROUP7,
    LEADER,
    LIU,
    MEMBER3,
    SECRETARY,
    STRANGER,
    TOM,
    WANG,
    Story,
    buttons,
)
from tests.trust.audit import Trail
from tests.trust.test_invites import make_invite
from tests.waiting import until


@pytest.fixture
async def asking_story(sqlite_url: str) -> AsyncIterator[Story]:
    """Unsure messages are asked about, so the yes button can be walked too."""
    async with sandbox(
        sqlite_url, GRID, parser={"file_threshold": 1.0, "ask_threshold": 0.3}
    ) as box:
        story = Story(box)
        await story.populate()
        yield story


async def _last(story: Story, chat_id: int) -> dict:
    return (await story.emu.sent(chat_id))[-1]


async def test_every_state_change_writes_one_audit_row(story: Story) -> None:
    trail = Trail(story.box)
    await trail.skip()  # the directory import's role rows

    # A resident files by writing; the member's buttons and commands move it on.
    await story.say(WANG, GROUP3, "3栋2单元楼道灯坏了好几天了，晚上上楼黑漆漆的，赶紧派人来修")
    filed = await trail.one("request.filed")
    assert (
        filed.after
        == {
            "number": 1,
            "state": "new",
            "mode": None,
            "level": "member",
            "assignee_id": filed.after["assignee_id"],
            "rating": None,
        }
        and filed.before is None
    )
    task = await _last(story, MEMBER3.id)
    await story.press(MEMBER3, task, "受理")
    row = await trail.one("request.acknowledge")
    assert (row.before["state"], row.after["state"]) == ("new", "acknowledged")
    await story.press(MEMBER3, task, "马上办")
    assert (await trail.one("request.set_mode")).after["mode"] == "immediate"
    await story.say(MEMBER3, MEMBER3.id, "/done 1 已更换灯泡")
    assert (await trail.one("request.resolve")).after["state"] == "resolved"
    resolved = [r for r in await story.new(GROUP3) if "满意" in str(buttons(r))][-1]
    await story.press(WANG, resolved, "没有解决，重新办理")
    assert (await trail.one("request.reopen")).after["state"] == "reopened"
    await story.say(MEMBER3, MEMBER3.id, "/escalate 1 需要物业配合")
    row = await trail.one("request.escalate")
    assert (row.before["level"], row.after["level"]) == ("member", "leader")
    await story.say(LEADER, LEADER.id, "/ack 1")
    assert (await trail.one("request.acknowledge")).actor_id is not None
    await story.say(LEADER, LEADER.id, "/done 1")
    await trail.one("request.resolve")
    resolved = [r for r in await story.new(GROUP3) if "满意" in str(buttons(r))][-1]
    await story.press(WANG, resolved, "😊 满意")
    assert (await trail.one("request.rate")).after["rating"] == 3

    # /report files; the resident's withdraw button; an edit of the message.
    await story.say(TOM, GROUP3, "/report The bike shed door in building 3 is broken")
    await trail.one("request.filed")
    reply = (await story.new(GROUP3))[-1]
    await story.press(TOM, reply, "不是诉求，撤回")  # the group's language, not Tom's
    assert (await trail.one("request.withdraw")).after["state"] == "withdrawn"
    message = await story.say(WANG, GROUP3, "3栋5楼楼道的窗户玻璃碎了，很危险")
    await trail.one("request.filed")
    await story.emu.edit(GROUP3, message["message_id"], "3栋6楼楼道的窗户玻璃碎了，很危险")
    await story.box.settle()
    edited = await trail.one("request.edited")
    assert edited.after["text_edited"] is True and "玻璃" not in str(edited.after)

    # A refused press changes nothing and writes nothing.
    await story.press(STRANGER, task, "受理")
    assert await trail.new() == []

    # An admin binds a group.
    await story.emu.add_group(-1077, "7栋新群")
    await story.say(SECRETARY, -1077, "/bind A 7")
    row = await trail.one("building.bind")
    assert (row.before["chat_id"], row.after["chat_id"]) == (GROUP7, -1077)

    # Invites: made, revoked, made again and opened.
    _, created = await make_invite(story, SECRETARY, "健康员", "B · 和美二期")
    assert (await trail.one("invite.created")).after["revoked"] is False
    await story.press(SECRETARY, created, "作废此邀请")
    assert (await trail.one("invite.revoked")).after["revoked"] is True
    token, _ = await make_invite(story, SECRETARY, "健康员", "B · 和美二期")
    await trail.one("invite.created")
    await story.say(LIU, LIU.id, f"/start {token}")
    assert [r.action for r in await trail.new()] == ["invite.used", "role.assigned"]

    # /assign: a pick replaces the member of building 5 (no open tasks there).
    await story.say(SECRETARY, SECRETARY.id, "/assign A 5")
    question = await _last(story, SECRETARY.id)
    await story.press(SECRETARY, question, "周楼长")
    assert [r.action for r in await trail.new()] == ["role.removed", "role.assigned"]

    # /forgetme: asking writes nothing, confirming writes one row.
    await story.say(TOM, TOM.id, "/forgetme")
    assert await trail.new() == []
    await story.press(TOM, await _last(story, TOM.id), "Erase")
    await trail.one("person.forgotten")


async def test_the_yes_button_on_a_question_writes_one_row(asking_story: Story) -> None:
    story = asking_story
    trail = Trail(story.box)
    await trail.skip()
    await story.say(WANG, GROUP3, "3栋2单元楼道灯坏了好几天了")
    assert await trail.new() == []  # a question is no change yet
    (question,) = await story.new(GROUP3)
    await story.press(WANG, question, "不用")
    assert await trail.new() == []
    await story.say(WANG, GROUP3, "3栋2单元楼道灯又坏了好几天了")
    (question,) = await story.new(GROUP3)
    await story.press(WANG, question, "是，登记为诉求")
    assert (await trail.one("request.filed")).actor_id is not None


async def test_broadcast_steps_each_write_one_row(story: Story) -> None:
    trail = Trail(story.box)
    await trail.skip()
    await story.say(SECRETARY, SECRETARY.id, "/broadcast")
    assert await trail.new() == []  # asking for the text changes nothing
    await story.say(SECRETARY, SECRETARY.id, "周六上午停水，请提前储水")
    await trail.one("broadcast.draft")
    question = await _last(story, SECRETARY.id)
    await story.press(SECRETARY, question, "🏘 全社区")
    assert (await trail.one("broadcast.scope")).after["scope"] == "community"
    await story.press(SECRETARY, question, "✅ 立即发送")  # the same message, edited
    rows = await trail.new()
    assert rows[0].action == "broadcast.start" and rows[0].after["state"] == "running"
    finished = rows[1:] or await until(trail.new, "a broadcast.finish row", timeout=10)
    assert [r.action for r in finished] == ["broadcast.finish"]
    assert finished[0].actor_id is None  # the bot closed it, not the admin

    await story.say(SECRETARY, SECRETARY.id, "/broadcast")
    await story.say(SECRETARY, SECRETARY.id, "另一条通知")
    await trail.one("broadcast.draft")
    question = await _last(story, SECRETARY.id)
    await story.press(SECRETARY, question, "✖ 取消")
    assert (await trail.one("broadcast.discard")).after["state"] == "cancelled"


async def test_trail_is_kept_in_order_and_filtered_by_person(database: Database) -> None:
    at = datetime(2026, 12, 1, 8, tzinfo=UTC)
    async with database.transaction() as repos:
        person = await repos.people.insert(name="甲", telegram_id=5, username=None)
        await repos.audit.append(
            at=at, actor_id=person.id, action="request.filed", subject_type="request",
            subject_id=1, after={"state": "new"},
        )  # fmt: skip
        await repos.audit.append(
            at=at, actor_id=None, action="role.assigned", subject_type="person",
            subject_id=person.id, after={"role": "member"},
        )  # fmt: skip
        await repos.audit.append(
            at=at, actor_id=None, action="request.auto_close", subject_type="request",
            subject_id=2, before={"state": "resolved"}, after={"state": "closed"},
        )  # fmt: skip
    async with database.transaction() as repos:
        everything = await repos.audit.since(at)
        theirs = await repos.audit.since(at, person_id=person.id)
        later = await repos.audit.since(datetime(2026, 12, 2, tzinfo=UTC))
    assert [r.action for r in everything] == [
        "request.filed",
        "role.assigned",
        "request.auto_close",
    ]
    assert [r.action for r in theirs] == ["request.filed", "role.assigned"]
    assert everything[2].before == {"state": "resolved"} and everything[0].at == at
    assert later == []


async def test_a_change_rolled_back_leaves_no_audit_row(database: Database) -> None:
    with pytest.raises(RuntimeError):
        async with database.transaction() as repos:
            await repos.audit.append(
                at=datetime.now(UTC), actor_id=None, action="x", subject_type="request",
                subject_id=1,
            )  # fmt: skip
            raise RuntimeError("the change failed")
    async with database.transaction() as repos:
        assert await repos.audit.count() == 0


def test_audit_command_prints_the_trail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[storage]\nurl = "sqlite+aiosqlite:///{tmp_path / "w.db"}"\n', "utf-8")
    grid = tmp_path / "grid.toml"
    grid.write_text(GRID, "utf-8")
    assert main(["grid", "import", str(grid), "--config", str(config)]) == 0
    capsys.readouterr()
    assert main(["audit", "--since", "2000-01-01", "--config", str(config)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) >= 8 and all(line.count("\t") == 5 for line in lines)
    assert any("\trole.assigned\t" in line and '"role": "member"' in line for line in lines)
    assert (
        main(["audit", "--since", "2000-01-01", "--person", "3001", "--config", str(config)]) == 0
    )
    (only,) = capsys.readouterr().out.splitlines()
    assert "\trole.assigned\tperson:" in only and '"building_id"' in only
    assert main(["audit", "--since", "2999-01-01", "--config", str(config)]) == 0
    assert capsys.readouterr().out == ""
    with pytest.raises(SystemExit):
        main(["audit", "--since", "yesterday", "--config", str(config)])
    assert "not a date" in capsys.readouterr().err
