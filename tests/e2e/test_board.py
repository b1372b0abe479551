"""The building's board over HTTP through the emulator: shown, pinned, kept current at most once
a minute, surviving a restart, a deletion and a pin over it; off and on by an admin; a pin
the group refuses is said once, not tried in a loop."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.e2e.town import ENGLISH_GRID, Town
from tests.e2e.town import town as make_town
from tests.story import (
    GROUP3,
    GROUP5,
    GROUP7,
    LIU,
    MEMBER3,
    SECRETARY,
    TOM,
    WANG,
    Story,
    plain,
)
from tests.waiting import until

BOARD = {"board": {"enabled": True, "tick_seconds": 0.2}}


@pytest.fixture
async def town(sqlite_url: str) -> AsyncIterator[tuple[Town, Story]]:
    async for pair in make_town(sqlite_url, **BOARD):
        yield pair


@pytest.fixture
async def english_town(sqlite_url: str) -> AsyncIterator[tuple[Town, Story]]:
    async for pair in make_town(sqlite_url, ENGLISH_GRID, **BOARD):
        yield pair


async def _board_id(story: Story, chat_id: int) -> int | None:
    async with story.box.app.database.transaction() as repos:
        board = await repos.boards.of_chat(chat_id)
    return board.message_id if board else None


async def _pinned(story: Story, chat_id: int) -> int | None:
    pinned: int | None = (await story.emu.chat(chat_id))["pinned_message_id"]
    return pinned


async def _shown_pinned(story: Story, chat_id: int) -> int:
    """Until the group's board is sent and pinned; its message id."""

    async def pinned_board() -> int | None:
        board = await _board_id(story, chat_id)
        return board if board is not None and await _pinned(story, chat_id) == board else None

    return await until(pinned_board, f"the board of {chat_id} pinned")


async def _all_settled(story: Story) -> None:
    """Until every group's board is shown and every send and pin of it followed: the notices
    of the refused pins (groups 5 and 7 have the bot as no admin) are out, none still to come."""

    async def settled() -> bool:
        async with story.box.app.database.transaction() as repos:
            boards = [await repos.boards.of_chat(chat) for chat in (GROUP3, GROUP5, GROUP7)]
        if not all(b is not None and b.current_message and not b.in_flight for b in boards):
            return False
        await story.box.settle()
        return True

    await until(settled, "every board shown and its pin answered")


async def _board_text(story: Story, chat_id: int) -> str:
    board = await _board_id(story, chat_id)
    assert board is not None
    return plain((await story.message(chat_id, board))["text"])


async def _refreshed(story: Story, chat_id: int, check: str) -> str:
    async def shows() -> str | None:
        await story.box.settle()
        text = await _board_text(story, chat_id)
        return text if check in text else None

    return await until(shows, f"the board of {chat_id} showing {check!r}")


async def _edits(story: Story, chat_id: int) -> int:
    return len(await story.emu.sent(chat_id, method="editMessageText"))


async def test_board_is_pinned_and_kept_current_at_most_once_a_minute(
    town: tuple[Town, Story],
) -> None:
    _, story = town
    board = await _shown_pinned(story, GROUP3)
    text = await _board_text(story, GROUP3)
    assert "3栋 诉求公告板" in text and "目前没有待办的诉求" in text
    assert "下次会议：暂无安排" in text and "办结率 —" in text

    await story.say(WANG, GROUP3, "3栋2单元302室楼道灯坏了，电话13800001111")
    # Within the minute the board is not edited: changes wait for it and go together.
    await story.box.app.keeper.tick()
    await story.box.settle()
    assert await _edits(story, GROUP3) == 0
    await story.say(TOM, GROUP3, "/report 3栋1单元 电梯异响")
    await story.box.app.keeper.tick()
    await story.box.settle()
    assert await _edits(story, GROUP3) == 0

    story_clock = town[0].clock
    story_clock.jump(seconds=61)
    text = await _refreshed(story, GROUP3, "#2")
    assert await _edits(story, GROUP3) == 1  # both changes in one edit
    assert await _board_id(story, GROUP3) == board  # the same message, edited
    assert "待办诉求 2 件" in text and "#1" in text and "李长明" in text and "待受理" in text
    assert "3栋2单元" in text
    # Nothing the group has not seen, and no phone or flat at all.
    assert "13800001111" not in text and "302" not in text
    assert "收到 2 件" in text

    # The member acknowledges: the state changes on the board, a minute later.
    await story.say(MEMBER3, MEMBER3.id, "/ack 1")
    story_clock.jump(seconds=61)
    text = await _refreshed(story, GROUP3, "已受理")
    assert await _pinned(story, GROUP3) == board


async def test_a_pending_refresh_and_the_board_survive_a_restart(town: tuple[Town, Story]) -> None:
    place, story = town
    board = await _shown_pinned(story, GROUP3)
    await story.say(WANG, GROUP3, "3栋2单元楼道灯坏了")
    await place.stop()  # the refresh was owed, not yet due: only the database knows
    place.clock.jump(seconds=61)
    story = await place.start()
    text = await _refreshed(story, GROUP3, "#1")
    assert await _board_id(story, GROUP3) == board  # edited, not sent again
    assert "楼道灯" not in text  # categories and places, not residents' words
    sends = [r for r in await story.emu.sent(GROUP3) if r["method"] == "sendMessage"]
    assert sum("诉求公告板" in plain(r["text"]) for r in sends) == 1


async def test_a_deleted_board_is_sent_again_and_pinned(town: tuple[Town, Story]) -> None:
    place, story = town
    board = await _shown_pinned(story, GROUP3)
    await story.emu.delete_as_admin(GROUP3, board)
    await story.say(WANG, GROUP3, "3栋2单元楼道灯坏了")
    place.clock.jump(seconds=61)
    again = await until(
        lambda: _replaced(story, GROUP3, board), "a new board after the old one was deleted"
    )
    assert again != board
    assert await _shown_pinned(story, GROUP3) == again
    assert "#1" in await _board_text(story, GROUP3)


async def _replaced(story: Story, chat_id: int, old: int) -> int | None:
    await story.box.settle()
    board = await _board_id(story, chat_id)
    return board if board not in (None, old) else None


async def test_a_pin_over_the_board_is_undone(town: tuple[Town, Story]) -> None:
    _, story = town
    board = await _shown_pinned(story, GROUP3)
    notice = await story.say(LIU, GROUP3, "周六停水通知")
    await story.emu.pin_as(GROUP3, SECRETARY.id, notice["message_id"])
    await until(lambda: _is_pinned(story, GROUP3, board), "the board pinned again")


async def _is_pinned(story: Story, chat_id: int, message_id: int) -> bool:
    await story.box.settle()
    return await _pinned(story, chat_id) == message_id


async def test_admins_turn_the_board_off_and_on(town: tuple[Town, Story]) -> None:
    place, story = town
    board = await _shown_pinned(story, GROUP3)
    await _all_settled(story)  # no refused pin's notice to the secretary left to come
    await story.new()
    await story.say(WANG, GROUP3, "/board off")
    (refused,) = await story.new(GROUP3)
    assert "只有本社区的管理员" in plain(refused["text"])
    assert await _pinned(story, GROUP3) == board

    await story.say(SECRETARY, GROUP3, "/board off")
    (done,) = await story.new(GROUP3)
    assert "已关闭" in plain(done["text"])
    assert await _pinned(story, GROUP3) is None
    # Off, it is left alone whatever changes.
    await story.say(WANG, GROUP3, "3栋2单元楼道灯坏了")
    place.clock.jump(seconds=61)
    await story.box.app.keeper.tick()
    await story.box.settle()
    assert await _edits(story, GROUP3) == 0

    await story.say(SECRETARY, SECRETARY.id, "/board on")  # in private: which group?
    (private,) = await story.new(SECRETARY.id)
    assert "楼栋群" in plain(private["text"])
    await story.new()
    await story.say(SECRETARY, GROUP3, "/board bogus")
    (usage,) = await story.new(GROUP3)
    assert "/board on" in plain(usage["text"])
    await story.say(SECRETARY, GROUP3, "/board on")
    (done,) = await story.new(GROUP3)
    assert "已开启" in plain(done["text"])
    await until(lambda: _is_pinned(story, GROUP3, board), "the board pinned again")
    assert "#1" in await _refreshed(story, GROUP3, "#1")


async def test_a_refused_pin_is_said_once_and_not_tried_again(town: tuple[Town, Story]) -> None:
    place, story = town
    board = await until(lambda: _board_id(story, GROUP5), "building 5's board sent")

    async def told() -> list[dict[str, object]]:
        await story.box.settle()
        return [
            r for r in await story.emu.sent(GROUP5)
            if r["method"] == "sendMessage" and "置顶" in plain(str(r["text"]))
        ]  # fmt: skip

    (in_group,) = await until(told, "the group told the pin was refused")
    assert "管理员" in plain(str(in_group["text"]))
    admin_told = [r for r in await story.emu.sent(SECRETARY.id) if "5栋" in plain(r["text"])]
    assert len(admin_told) == 1 and "置顶" in plain(admin_told[0]["text"])

    for minute in range(2):  # more changes, more refreshes: no second try, no second notice
        await story.say(WANG, GROUP5, f"5栋{minute + 1}单元楼道灯坏了")
        place.clock.jump(seconds=61)
        await _refreshed(story, GROUP5, f"#{minute + 1}")
    assert len(await story.emu.sent(GROUP5, method="pinChatMessage")) == 0
    assert len(await told()) == 1
    assert await _board_id(story, GROUP5) == board

    # Made an admin, the bot pins the board it has.
    await story.emu.my_chat_member(GROUP5, SECRETARY.id, "administrator")
    await until(lambda: _is_pinned(story, GROUP5, board), "the board pinned once allowed")


async def test_the_board_in_english(english_town: tuple[Town, Story]) -> None:
    place, story = english_town
    await _shown_pinned(story, GROUP3)
    assert "Building 3: open requests" in await _board_text(story, GROUP3)
    await story.say(TOM, GROUP3, "The corridor light in building 3 unit 2 is broken")
    place.clock.jump(seconds=61)
    text = await _refreshed(story, GROUP3, "#1")
    assert "1 open request" in text and "new" in text and "李长明" in text
    assert "This month" in text and "1 received" in text
    await story.new()
    await story.say(SECRETARY, GROUP3, "/board off")
    (done,) = await story.new(GROUP3)
    assert "unpinned" in done["text"]
    assert await _pinned(story, GROUP3) is None
