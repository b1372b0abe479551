"""Invites end to end: an admin makes one with /invite and buttons, the person opens the
deep link, both are told; used, expired, revoked and made-up links are refused and change
nothing; `python -m bot invite` prints links for a whole grid."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.cli import main
from bot.domain.models import Role
from bot.services.invites import InviteExpired, InviteInvalid, InviteRevoked, InviteUsed
from storage.database import Database
from storage.schema import invites
from tests.conftest import GRID
from tests.story import GROUP3, LIU, MEMBER3, SECRETARY, TOM, WANG, Story, User, buttons, plain
from tests.trust.audit import Trail
from tests.wiring import services_over

NEWBIE = User(9100, "赵新人")
LINK = re.compile(r"https://t\.me/weige_test_bot\?start=([A-Za-z0-9_-]+)")


def to(records: list[dict], user: User) -> list[dict]:
    return [r for r in records if r["chat_id"] == user.id]


async def _private(story: Story, user: User, text: str) -> list[dict]:
    await story.say(user, user.id, text)
    return await story.new(user.id)


async def make_invite(story: Story, admin: User, *presses: str) -> tuple[str, dict]:
    """The admin's side: /invite, then the buttons; returns the token and the link message."""
    (question,) = await _private(story, admin, "/invite")
    for text in presses:
        await story.press(admin, question, text)
        question = await story.emu.message(admin.id, question["message_id"])
        question["chat_id"] = admin.id
    (created,) = await story.new(admin.id)
    match = LINK.search(plain(created["text"]))
    assert match, created
    return match.group(1), created


async def posts_of(story: Story, telegram_id: int) -> list[tuple[str, int, int | None]]:
    async with story.box.app.database.transaction() as repos:
        person = await repos.people.by_telegram_id(telegram_id)
        assert person is not None
        return [(r.value, g, b) for r, g, b in await repos.directory.posts_of(person.id)]


async def test_member_invite_binds_the_person_and_tells_both_sides(story: Story) -> None:
    await story.emu.add_user(NEWBIE.id, NEWBIE.name, language_code="zh-hans")
    (question,) = await _private(story, SECRETARY, "/invite")
    assert "微网格员" in buttons(question) and "社区管理员" in buttons(question)
    trail = Trail(story.box)
    await trail.skip()
    token, created = await make_invite(story, SECRETARY, "微网格员", "A · 和美小区", "7 栋")
    text = plain(created["text"])
    assert "和美社区 A 网格 7 栋 的微网格员" in text and "仅可使用一次" in text
    assert buttons(created) == ["作废此邀请"]
    assert (await trail.one("invite.created")).after["role"] == "member"
    async with story.box.app.database.transaction() as repos:
        stored = (await repos.connection.execute(select(invites))).one()
    assert token not in str(tuple(stored)) and len(stored.token_hash) == 64

    await story.say(NEWBIE, NEWBIE.id, f"/start {token}")
    sent = await story.new()
    (welcome,) = to(sent, NEWBIE)
    assert "您现在是和美社区 A 网格 7 栋 的微网格员" in plain(welcome["text"])
    (told,) = to(sent, SECRETARY)
    assert "赵新人 已通过邀请链接成为和美社区 A 网格 7 栋 的微网格员" in plain(told["text"])
    assert [r.action for r in await trail.new()] == ["invite.used", "role.assigned"]
    assert await posts_of(story, NEWBIE.id) == [("member", 1, 3)]

    # Building 7 had no member: a request there now reaches the newcomer.
    await story.emu.add_group(-1007, "7栋群")
    await story.say(WANG, -1007, "7栋电梯坏了，停在5楼不动")
    assert any("#1" in plain(r["text"]) for r in await story.new(NEWBIE.id))
    await trail.skip()

    # The same link again, by somebody else: refused, nothing changes.
    (refused,) = await _private(story, LIU, f"/start {token}")
    assert "已经被使用过了" in plain(refused["text"])
    assert await posts_of(story, LIU.id) == []
    assert await trail.new() == []


async def test_forged_expired_and_revoked_links_are_refused(story: Story) -> None:
    (refused,) = await _private(story, LIU, "/start " + "A" * 32)
    assert "邀请链接无效" in plain(refused["text"])
    (refused,) = await _private(story, LIU, "/start ../../etc/passwd")
    assert "邀请链接无效" in plain(refused["text"])

    token, created = await make_invite(story, SECRETARY, "健康员", "A · 和美小区")
    await story.press(SECRETARY, created, "作废此邀请")
    (refused,) = await _private(story, LIU, f"/start {token}")
    assert "已被作废" in plain(refused["text"])

    token, _ = await make_invite(story, SECRETARY, "法律顾问", "B · 和美二期")
    async with story.box.app.database.transaction() as repos:
        await repos.connection.execute(
            update(invites).values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
        )
    (refused,) = await _private(story, LIU, f"/start {token}")
    assert "已过期" in plain(refused["text"])
    assert await posts_of(story, LIU.id) == []
    # A plain /start still greets.
    (hello,) = await _private(story, LIU, "/start")
    assert "您好" in plain(hello["text"])


async def test_english_admin_made_by_invite_invites_a_grid_leader(story: Story) -> None:
    token, _ = await make_invite(story, SECRETARY, "社区管理员")
    (welcome,) = await _private(story, TOM, f"/start {token}")
    assert "You are now Community admin of 和美社区" in plain(welcome["text"])

    (question,) = await _private(story, TOM, "/invite")
    assert "Grid leader" in buttons(question)
    token, created = await make_invite(story, TOM, "Grid leader", "B · 和美二期")
    assert "Grid leader of 和美社区, grid B" in plain(created["text"])
    await story.emu.add_user(NEWBIE.id, NEWBIE.name, language_code="en")
    await story.say(NEWBIE, NEWBIE.id, f"/start {token}")
    sent = await story.new()
    (welcome,) = to(sent, NEWBIE)
    assert "You are now Grid leader of 和美社区, grid B" in plain(welcome["text"])
    (told,) = to(sent, TOM)
    assert "opened your invite" in plain(told["text"])
    assert await posts_of(story, NEWBIE.id) == [("leader", 2, None)]


async def test_residents_cannot_invite(story: Story) -> None:
    (refused,) = await _private(story, WANG, "/invite")
    assert "仅限社区管理员" in plain(refused["text"])
    (refused,) = await _private(story, MEMBER3, "/invite")
    assert "仅限社区管理员" in plain(refused["text"])


async def test_member_invite_replaces_the_member_and_hands_over_open_tasks(story: Story) -> None:
    await story.say(WANG, GROUP3, "3栋2单元楼道灯坏了好几天了，晚上上楼黑漆漆的")
    token, _ = await make_invite(story, SECRETARY, "微网格员", "A · 和美小区", "3 栋")
    await story.emu.add_user(NEWBIE.id, NEWBIE.name, language_code="zh-hans")
    await story.new()
    await story.say(NEWBIE, NEWBIE.id, f"/start {token}")
    sent = await story.new()
    welcome, card = to(sent, NEWBIE)
    assert "前任的 1 条待办任务已转给您" in plain(welcome["text"])
    assert "转交给您的待办诉求" in plain(card["text"])
    assert buttons(card)[:3] == ["受理", "办结", "上报"]
    (old,) = to(sent, MEMBER3)
    assert "您已不再担任" in plain(old["text"]) and "赵新人" in plain(old["text"])
    assert await posts_of(story, MEMBER3.id) == []
    async with story.box.app.database.transaction() as repos:
        request = await repos.requests.get(1)
        newbie = await repos.people.by_telegram_id(NEWBIE.id)
        events = await repos.requests.events(1)
    assert request.assignee_id == newbie.id and request.state == "new"
    assert [e.action for e in events] == ["filed", "handed_over"]


# --- the service on both databases ---------------------------------------------------


async def test_tokens_are_single_use_hashed_and_expire(database: Database) -> None:
    now = datetime(2026, 12, 1, 8, tzinfo=UTC)
    clock = [now]
    async with database.transaction() as repos:
        services = services_over(repos, lambda: clock[0])
        await services.directory.apply(
            __import__("bot.services.directory", fromlist=["x"]).read_directory(GRID)
        )
        admin = await repos.people.by_telegram_id(SECRETARY.id)
        grid = (await repos.directory.grids_of(1))[0]
        issued = await services.invites.create(admin, Role.POLICE.value, grid_id=grid.id)
        other = await services.invites.create(admin, Role.POLICE.value, grid_id=grid.id)
        newbie = await repos.people.insert(name="新人", telegram_id=9100, username=None)
    assert issued.token != other.token and len(issued.token) >= 32
    assert issued.invite.expires_at == now + timedelta(days=7)
    async with database.transaction() as repos:
        hashes = (await repos.connection.execute(select(invites.c.token_hash))).scalars().all()
    assert issued.token not in hashes and len(set(hashes)) == 2

    clock[0] = now + timedelta(days=7)
    with pytest.raises(InviteExpired):
        async with database.transaction() as repos:
            await services_over(repos, lambda: clock[0]).invites.redeem(newbie, issued.token)
    clock[0] = now + timedelta(days=6)
    for refusal, token in ((InviteInvalid, _altered(issued.token)), (InviteInvalid, "")):
        with pytest.raises(refusal):
            async with database.transaction() as repos:
                await services_over(repos, lambda: clock[0]).invites.redeem(newbie, token)
    async with database.transaction() as repos:
        post = await services_over(repos, lambda: clock[0]).invites.redeem(newbie, issued.token)
    assert post.role == "police" and post.grid is not None and post.grid.code == "A"
    with pytest.raises(InviteUsed):
        async with database.transaction() as repos:
            await services_over(repos, lambda: clock[0]).invites.redeem(newbie, issued.token)
    async with database.transaction() as repos:
        await services_over(repos, lambda: clock[0]).invites.revoke(admin, other.invite.id)
    with pytest.raises(InviteRevoked):
        async with database.transaction() as repos:
            await services_over(repos, lambda: clock[0]).invites.redeem(newbie, other.token)
    async with database.transaction() as repos:
        police = await repos.directory.holders(grid.id, None, Role.POLICE)
    assert [p.id for p in police] == [newbie.id]  # replaced 赵警官, once


def _altered(token: str) -> str:
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def test_bulk_invites_for_a_grid_as_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[storage]\nurl = "sqlite+aiosqlite:///{tmp_path / "w.db"}"\n[trust]\ninvite_days = 3\n',
        "utf-8",
    )
    grid = tmp_path / "grid.toml"
    grid.write_text(GRID, "utf-8")
    assert main(["grid", "import", str(grid), "--config", str(config)]) == 0
    capsys.readouterr()
    args = ["invite", "--grid", "A", "--role", "member", "--bot-username", "weige_bot"]
    assert main([*args, "--config", str(config)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["community"], r["grid"], r["building"], r["role"]) for r in rows] == [
        ("和美社区", "A", "3", "member"),
        ("和美社区", "A", "5", "member"),
        ("和美社区", "A", "7", "member"),
    ]
    tokens = [r["link"].removeprefix("https://t.me/weige_bot?start=") for r in rows]
    assert len(set(tokens)) == 3 and all(re.fullmatch(r"[A-Za-z0-9_-]{32}", t) for t in tokens)
    expires = datetime.fromisoformat(rows[0]["expires_at"])
    assert timedelta(days=2.9) < expires - datetime.now(UTC) <= timedelta(days=3)
    assert main(["invite", "--role", "boss", "--config", str(config)]) == 2
    assert "--role: one of" in capsys.readouterr().err
    assert (
        main(
            [
                "invite",
                "--grid",
                "Z",
                "--role",
                "member",
                "--bot-username",
                "b",
                "--config",
                str(config),
            ]
        )
        == 1
    )
