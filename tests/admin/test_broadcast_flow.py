"""/broadcast end to end over the emulator: scope buttons, count, confirm, progress, report."""

from __future__ import annotations

from typing import Any

from devtools.sandbox import Sandbox
from storage.repositories.outbox import OutboxState
from tests.admin.conftest import add_people
from tests.story import GROUP3, GROUP5, GROUP7, LEADER, MEMBER3, SECRETARY, Story, buttons, plain
from tests.waiting import until

GROUPS = (GROUP3, GROUP5, GROUP7)


async def setup_world(box: Sandbox) -> None:
    await add_people(box, (SECRETARY, LEADER, MEMBER3))
    for chat_id in GROUPS:
        kind = "group" if chat_id == GROUP7 else "supergroup"  # only basic groups migrate
        await box.client.add_group(chat_id, f"{chat_id}群", type=kind, bot_admin=chat_id == GROUP3)
    await box.settle()


async def until_running(box: Sandbox, timeout: float = 15) -> None:  # noqa: ASYNC109
    """Until the admin's confirmation was handled (not until the broadcast is done)."""

    async def started() -> bool:
        async with box.app.database.transaction() as repos:
            return bool(
                await repos.broadcasts.unfinished() or await repos.broadcasts.recent([1], 1)
            )

    await until(started, "the broadcast started", timeout)


async def announce(
    story: Story, text: str, scope_button: str, pin: bool = False, **faults: Any
) -> None:
    """The admin's side of the conversation, up to and including 'send now'."""
    await story.say(SECRETARY, SECRETARY.id, "/broadcast")
    assert "通知内容" in plain((await story.last_to(SECRETARY.id))["text"])
    await story.say(SECRETARY, SECRETARY.id, text)
    question = await story.last_to(SECRETARY.id)
    assert buttons(question) == ["🏘 全社区", "🗺 某个网格", "☑️ 选择楼栋", "✖ 取消"]
    await story.press(SECRETARY, question, scope_button)
    if pin:
        shown = await story.message(SECRETARY.id, question["message_id"])
        await story.press(SECRETARY, shown, "📌 在各群置顶：关")
    if faults:  # from the moment the admin confirms: the conversation itself is spared
        await story.emu.set_faults(**faults)
    go = await story.message(SECRETARY.id, question["message_id"])
    await story.press(SECRETARY, go, "✅ 立即发送", settle=False)
    await until_running(story.box)


async def wait_report(box: Sandbox, number: int = 1, timeout: float = 15) -> str:  # noqa: ASYNC109

    async def report() -> str | None:
        await box.settle(timeout=timeout)
        texts = [plain(r.get("text")) for r in await box.client.sent(SECRETARY.id)]
        reports = [t for t in texts if f"通知 #{number} 发送报告" in t]
        return reports[-1] if reports else None

    return await until(report, f"broadcast #{number}'s report", timeout)


async def test_whole_community_with_pin_progress_and_report(admin_box: Sandbox) -> None:
    box = admin_box
    await setup_world(box)
    await announce(Story(box), "<b>停水通知</b>：明天9点到12点停水", "🏘 全社区", pin=True)
    report = await wait_report(box)
    assert "共 3 个群，已发送 3，失败 0，未知 0" in report and "已置顶 1" in report
    for chat_id in GROUPS:
        copies = [r for r in await box.client.sent(chat_id) if r["method"] == "sendMessage"]
        assert len(copies) == 1 and "停水通知" in plain(copies[0]["text"])
    assert (await box.client.chat(GROUP3))["pinned_message_id"] is not None
    # The progress message was edited to its final figures.
    edits = await box.client.sent(SECRETARY.id, method="editMessageText")
    assert "已完成" in plain(edits[-1]["text"]) and "已发送 3" in plain(edits[-1]["text"])


async def test_confirm_shows_the_count_for_one_grid(admin_box: Sandbox) -> None:
    box = admin_box
    await setup_world(box)
    story = Story(box)
    await story.say(SECRETARY, SECRETARY.id, "/broadcast")
    await story.say(SECRETARY, SECRETARY.id, "只发A网格")
    question = await story.last_to(SECRETARY.id)
    await story.press(SECRETARY, question, "🗺 某个网格")
    grids = await story.message(SECRETARY.id, question["message_id"])
    assert buttons(grids)[:2] == ["A 和美小区", "B 和美二期"]
    await story.press(SECRETARY, grids, "A 和美小区")
    confirm = await story.message(SECRETARY.id, question["message_id"])
    assert "将发送到 3 个群" in plain(confirm["text"])


async def test_kicked_group_is_marked_reported_and_skipped_next_time(admin_box: Sandbox) -> None:
    box = admin_box
    await setup_world(box)
    await box.client.kick_bot(GROUP5)
    await announce(Story(box), "第一次通知", "🏘 全社区")
    report = await wait_report(box)
    assert "失败 1" in report and "A-5" in report and "机器人已被移出该群" in report
    async with box.app.database.transaction() as repos:
        assert [t.chat_id for t in await repos.broadcasts.removed(1)] == [GROUP5]
    await announce(Story(box), "第二次通知", "🏘 全社区")
    assert "共 2 个群，已发送 2" in await wait_report(box, 2)


async def test_migrated_group_gets_it_at_its_new_id_which_is_recorded(admin_box: Sandbox) -> None:
    box = admin_box
    await setup_world(box)
    await box.client.migrate(GROUP7, -1007007)
    await announce(Story(box), "迁移测试", "🏘 全社区")
    report = await wait_report(box)
    assert "已发送 3" in report and "-1007 → -1007007" in report
    assert [r for r in await box.client.sent(-1007007) if r["method"] == "sendMessage"]
    async with box.app.database.transaction() as repos:
        assert (await repos.directory.building_by_chat(-1007007)) is not None


async def test_429s_are_waited_out_and_every_group_gets_exactly_one(admin_box: Sandbox) -> None:
    box = admin_box
    await setup_world(box)
    await announce(
        Story(box),
        "限流测试",
        "🏘 全社区",
        rate_429=0.6,
        retry_after=1,
        methods=["sendMessage"],
        seed=3,
    )
    # Faults stay on to the end: every send, the report included, must get through them.
    assert "已发送 3，失败 0，未知 0" in await wait_report(box, timeout=40)
    for chat_id in GROUPS:
        assert len([r for r in await box.client.sent(chat_id) if r["method"] == "sendMessage"]) == 1
    assert (await box.client.stats())["injected_429"] > 0


async def test_a_send_without_answer_is_unknown_and_never_sent_again(admin_box: Sandbox) -> None:
    box = admin_box
    await setup_world(box)
    # Answers held longer than the bot's request timeout (2 s in the sandbox).
    await announce(Story(box), "超时测试", "🏘 全社区", timeout_next=1, timeout_seconds=3)
    report = await wait_report(box, timeout=25)
    assert "未知 1" in report and "可能已送达（不会重发）" in report
    async with box.app.database.transaction() as repos:
        counts = await repos.outbox.counts()
    assert counts.get(OutboxState.UNKNOWN) == 1
    for chat_id in GROUPS:  # the emulator did deliver it: once, never twice
        assert len([r for r in await box.client.sent(chat_id) if r["method"] == "sendMessage"]) == 1
