"""Privacy: /mydata, /forgetme with a confirmation, phone and flat kept from the group,
nothing personal in the INFO log, and retention by the scheduler."""

from __future__ import annotations

import io
import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.services.directory import read_directory
from bot.services.privacy import months_before
from devtools.demo import run_demo
from storage.database import Database
from storage.repositories.failed_updates import FailedUpdateState
from storage.repositories.outbox import OutboxState
from storage.schema import failed_updates, outbox, people, requests, scheduled_jobs
from tests.conftest import GRID
from tests.story import (
    GROUP3,
    GROUP5,
    MEMBER3,
    SECRETARY,
    TOM,
    WANG,
    Story,
    buttons,
    plain,
)
from tests.trust.audit import Trail
from tests.trust.test_invites import make_invite
from tests.wiring import services_over

PRIVATE_TEXT = "3栋2单元501室厨房漏水了，电话13800138000"


async def test_mydata_shows_what_is_kept_in_private_only(story: Story) -> None:
    await story.say(WANG, GROUP3, PRIVATE_TEXT)
    await story.new()
    await story.say(WANG, GROUP3, "/mydata")
    (reply,) = await story.new(GROUP3)
    assert "请私聊我" in plain(reply["text"]) and "9001" not in plain(reply["text"])
    await story.say(WANG, WANG.id, "/mydata")
    text = plain((await story.new(WANG.id))[-1]["text"])
    for kept in ("姓名：王阿姨", "Telegram ID：9001", "提交的诉求：1 条", "#1", "501"):
        assert kept in text, kept
    await story.say(TOM, TOM.id, "/mydata")
    text = plain((await story.new(TOM.id))[-1]["text"])
    assert "Name: Tom" in text and "Requests filed: 0" in text and "Posts: none" in text


async def test_forgetme_erases_the_person_and_anonymises_their_requests(story: Story) -> None:
    await story.say(WANG, GROUP3, PRIVATE_TEXT)
    await story.say(WANG, GROUP3, "3栋电梯坏了，停在5楼不动")
    await story.new()
    async with story.box.app.database.transaction() as repos:
        filed = (await repos.connection.execute(select(requests).order_by(requests.c.id))).all()
    categories = [r.category for r in filed]
    await story.say(WANG, WANG.id, "/mydata")  # a private reply quoting the flat
    await story.new(WANG.id)
    trail = Trail(story.box)
    await trail.skip()
    await story.say(WANG, WANG.id, "/forgetme")
    (question,) = await story.new(WANG.id)
    assert "此操作无法撤销" in plain(question["text"])
    assert buttons(question) == ["确定删除", "取消"]
    assert await trail.new() == []  # asking changes nothing
    await story.press(WANG, question, "确定删除")
    done = await story.emu.message(WANG.id, question["message_id"])
    assert "已删除您的个人信息，2 条诉求已匿名" in plain(done["text"])
    row = await trail.one("person.forgotten")
    assert "王阿姨" not in str(row) and "9001" not in str(row)
    assert row.before == {"fields": ["name", "telegram_id", "language_code"]}

    async with story.box.app.database.transaction() as repos:
        wang = (await repos.connection.execute(select(people).where(people.c.name == "—"))).one()
        kept = (await repos.connection.execute(select(requests).order_by(requests.c.id))).all()
        sent_to_wang = (
            (
                await repos.connection.execute(
                    select(outbox.c.payload).where(outbox.c.chat_id == WANG.id)
                )
            )
            .scalars()
            .all()
        )
    assert (wang.telegram_id, wang.username, wang.language_code) == (None, None, None)
    assert [r.reporter_id for r in kept] == [wang.id, wang.id]  # the figures stay true
    # What the bot told them in private keeps no words either.
    assert sent_to_wang and all("501" not in payload for payload in sent_to_wang)
    assert [r.text for r in kept] == ["—", "—"] and kept[0].room is None
    assert [r.category for r in kept] == categories  # what the figures count stays
    assert kept[0].building_label == "3" and kept[0].unit == "2"
    # The member handling it still has the task; writing again makes a new person.
    await story.say(MEMBER3, MEMBER3.id, "/tasks")
    assert "#1" in plain((await story.new(MEMBER3.id))[-1]["text"])
    await story.say(WANG, WANG.id, "/mydata")
    assert "提交的诉求：0 条" in plain((await story.new(WANG.id))[-1]["text"])


async def test_forgetme_cancelled_in_english_and_refused_to_staff(story: Story) -> None:
    await story.say(TOM, TOM.id, "/forgetme")
    (question,) = await story.new(TOM.id)
    assert buttons(question) == ["Erase", "Cancel"]
    answer = await story.press(TOM, question, "Cancel")
    assert answer["text"] == "Cancelled; nothing was erased."
    async with story.box.app.database.transaction() as repos:
        assert (await repos.people.by_telegram_id(TOM.id)).name == "Tom"
    await story.say(MEMBER3, MEMBER3.id, "/forgetme")
    assert "您目前担任岗位" in plain((await story.new(MEMBER3.id))[-1]["text"])
    # A stale confirmation pressed after becoming staff is refused too.
    await story.say(TOM, TOM.id, "/forgetme")
    (question,) = await story.new(TOM.id)
    token, _ = await make_invite(story, SECRETARY, "社区管理员")
    await story.say(TOM, TOM.id, f"/start {token}")
    answer = await story.press(TOM, question, "Erase")
    assert answer["show_alert"] and "You hold a post" in answer["text"]


async def test_the_group_never_sees_phone_or_flat(story: Story) -> None:
    await story.say(WANG, GROUP3, PRIVATE_TEXT)
    await story.say(WANG, GROUP5, "5栋1单元302室门口的灯坏了，电话 139-1234-5678")
    await story.say(WANG, GROUP3, "/status 1")
    await story.say(WANG, GROUP3, "/my")
    await story.say(MEMBER3, MEMBER3.id, "/done 1 已联系住户 13800138000 上门修好")
    for group in (GROUP3, GROUP5):
        for record in await story.all_sent(group):
            text = plain(record.get("text"))
            for secret in ("13800138000", "501", "302", "139-1234-5678", "1234"):
                assert secret not in text, (secret, text)
    # The member of building 5 never started the bot: the task card went to the group,
    # with building and unit but no flat and no phone.
    fallback = [
        plain(r.get("text"))
        for r in await story.all_sent(GROUP5)
        if "新任务" in plain(r.get("text"))
    ]
    assert fallback and "5栋1单元" in fallback[0]
    # The member handling it sees everything, in private.
    task = next(r for r in await story.emu.sent(MEMBER3.id) if "#1" in plain(r.get("text")))
    assert "501" in plain(task["text"]) and "13800138000" in plain(task["text"])


async def test_nothing_personal_in_the_info_log(
    story: Story, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    await story.say(WANG, GROUP3, PRIVATE_TEXT)
    token, _ = await make_invite(story, SECRETARY, "微网格员", "A · 和美小区", "7 栋")
    await story.say(TOM, TOM.id, f"/start {token}")
    await story.say(TOM, TOM.id, "/start forged-token-123456789")
    bot_log = "\n".join(
        r.getMessage() for r in caplog.records if not r.name.startswith(("devtools", "aiohttp"))
    )
    assert bot_log  # the log is on
    for secret in ("13800138000", "厨房漏水", token, "forged-token"):
        assert secret not in bot_log, secret


async def test_the_demo_day_logs_no_message_text(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    assert await run_demo(io.StringIO()) == 0
    bot_log = "\n".join(
        r.getMessage() for r in caplog.records if not r.name.startswith(("devtools", "aiohttp"))
    )
    said = (
        "早上好各位邻居",
        "楼道灯坏了",
        "已更换楼道灯泡",
        "manhole cover",
        "快递柜坏了",
    )
    assert bot_log
    for text in said:
        assert text not in bot_log, text


# --- retention ---------------------------------------------------------------------


def test_months_before_keeps_the_day_or_the_months_end() -> None:
    at = datetime(2026, 12, 7, 3, tzinfo=UTC)
    assert months_before(at, 24) == datetime(2024, 12, 7, 3, tzinfo=UTC)
    assert months_before(datetime(2026, 3, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert months_before(datetime(2026, 1, 15, tzinfo=UTC), 13) == datetime(
        2024, 12, 15, tzinfo=UTC
    )


async def test_retention_anonymises_old_closed_requests_once(database: Database) -> None:
    now = datetime(2026, 12, 7, 3, tzinfo=UTC)
    async with database.transaction() as repos:
        services = services_over(repos, lambda: now)
        await services.directory.apply(read_directory(GRID))
        wang = await repos.people.insert(name="王阿姨", telegram_id=9001, username=None)
        for number, (state, closed) in enumerate(
            (
                ("closed", now - timedelta(days=25 * 31)),  # old enough
                ("withdrawn", now - timedelta(days=25 * 31)),
                ("closed", now - timedelta(days=22 * 31)),  # not yet
                ("acknowledged", None),  # open requests are never touched
            ),
            start=1,
        ):
            await repos.requests.insert(
                community_id=1, number=number, reporter_id=wang.id, text=PRIVATE_TEXT,
                category="facilities", room="501", urgent=False, state=state, level="member",
                created_at=now - timedelta(days=800), closed_at=closed,
            )  # fmt: skip
        await services.plan_jobs()
        await services.plan_jobs()  # planning again plans nothing more
    async with database.transaction() as repos:
        (job,) = [
            j for j in await repos.schedule.claim_due(now + timedelta(days=2), 10)
            if j.kind == "retention"
        ]  # fmt: skip
        assert await services_over(repos, lambda: now).fire_job(job, now) == "done"
    async with database.transaction() as repos:
        rows = (await repos.connection.execute(select(requests).order_by(requests.c.id))).all()
        trail = await repos.audit.since(now - timedelta(days=1))
        planned = (
            await repos.connection.execute(
                select(func.count()).where(scheduled_jobs.c.kind == "retention")
            )
        ).scalar_one()
    assert [(r.text, r.room) for r in rows] == [
        ("—", None),
        ("—", None),
        (PRIVATE_TEXT, "501"),
        (PRIVATE_TEXT, "501"),
    ]
    assert [r.reporter_id for r in rows] == [wang.id] * 4 and rows[0].state == "closed"
    assert [e.after for e in trail if e.action == "retention.anonymised"] == [{"requests": 2}]
    assert planned == 2  # today's, done, and tomorrow's
    # A second sweep finds nothing more to do and writes nothing.
    async with database.transaction() as repos:
        await services_over(repos, lambda: now).privacy.fire(job, now)
        assert (
            len(
                [
                    e
                    for e in await repos.audit.since(now - timedelta(days=1))
                    if e.action == "retention.anonymised"
                ]
            )
            == 1
        )


async def test_the_daily_sweep_forgets_messages_in_transit_after_some_days(
    database: Database,
) -> None:
    now = datetime(2026, 12, 7, 3, tzinfo=UTC)
    old, recent = now - timedelta(days=15), now - timedelta(days=13)
    async with database.transaction() as repos:
        for state, at in (
            (OutboxState.SENT, old),  # redacted
            (OutboxState.FAILED, old),  # redacted
            (OutboxState.SENT, recent),  # kept a while to look into
            (OutboxState.PENDING, old),  # still to leave: its words are needed
        ):
            row = await repos.outbox.add(
                chat_id=-1003, method="sendMessage", payload={"text": PRIVATE_TEXT},
                priority=1, at=at, fallback=[{"text": PRIVATE_TEXT}],
            )  # fmt: skip
            await repos.connection.execute(
                outbox.update().where(outbox.c.id == row).values(state=state, message_id=row + 40)
            )
        for update_id, state, at in (
            (1, FailedUpdateState.DONE, old),  # dropped
            (2, FailedUpdateState.FLAGGED, old),  # dropped
            (3, FailedUpdateState.FLAGGED, recent),
            (4, FailedUpdateState.PENDING, old),  # still to retry
        ):
            await repos.failed_updates.add(update_id, {"text": PRIVATE_TEXT}, "boom", old)
            await repos.connection.execute(
                failed_updates.update()
                .where(failed_updates.c.update_id == update_id)
                .values(state=state, updated_at=at)
            )
        await services_over(repos, lambda: now).privacy.forget_transient(now)
    async with database.transaction() as repos:
        sent = (await repos.connection.execute(select(outbox).order_by(outbox.c.id))).all()
        kept = (
            (
                await repos.connection.execute(
                    select(failed_updates.c.update_id).order_by(failed_updates.c.update_id)
                )
            )
            .scalars()
            .all()
        )
        trail = await repos.audit.since(now - timedelta(days=1))
    assert [(PRIVATE_TEXT in r.payload, r.fallback is not None) for r in sent] == [
        (False, False),
        (False, False),
        (True, True),
        (True, True),
    ]
    # A sent card stays addressable: later edits find its Telegram message id.
    assert [r.message_id for r in sent] == [r.id + 40 for r in sent]
    assert kept == [3, 4]
    assert [e.after for e in trail if e.action == "retention.transient"] == [
        {"messages_redacted": 2, "updates_dropped": 2}
    ]
