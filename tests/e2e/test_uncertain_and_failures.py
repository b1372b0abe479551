"""The two parser thresholds in the group, and a handler that fails without losing the message."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from sqlalchemy import select

from devtools.sandbox import Sandbox, sandbox
from storage.schema import failed_updates, requests
from tests.conftest import GRID
from tests.story import GROUP3, STRANGER, WANG, Story, buttons, plain


@pytest.fixture
async def asking_story(sqlite_url: str) -> AsyncIterator[Story]:
    """Nothing is sure enough to file at once: every message that may be a request is asked about."""
    async with sandbox(
        sqlite_url, GRID, parser={"file_threshold": 1.0, "ask_threshold": 0.3}
    ) as box:
        story = Story(box)
        await story.populate()
        yield story


async def test_unsure_message_asks_the_writer_who_files_it(asking_story: Story) -> None:
    story = asking_story
    message = await story.say(WANG, GROUP3, "3栋2单元楼道灯坏了好几天了")
    (question,) = await story.new(GROUP3)
    assert question["reply_to_message_id"] == message["message_id"]
    assert buttons(question) == ["是，登记为诉求", "不用"]
    refused = await story.press(STRANGER, question, "是，登记为诉求")
    assert refused["show_alert"]
    answer = await story.press(WANG, question, "是，登记为诉求")
    assert answer["text"] == "已登记为诉求"
    filed = (await story.new(GROUP3))[0]
    assert "#1" in plain(filed["text"]) and filed["reply_to_message_id"] == message["message_id"]


async def test_unsure_message_declined_files_nothing(asking_story: Story) -> None:
    story = asking_story
    await story.say(WANG, GROUP3, "3栋2单元楼道灯坏了好几天了")
    (question,) = await story.new(GROUP3)
    await story.press(WANG, question, "不用")
    async with story.box.app.database.transaction() as repos:
        assert (await repos.connection.execute(select(requests))).all() == []


async def test_chit_chat_below_the_lower_threshold_stays_silent(asking_story: Story) -> None:
    await asking_story.say(WANG, GROUP3, "早上好各位邻居！")
    assert await asking_story.new() == []


async def test_a_failing_handler_keeps_the_update_and_a_retry_handles_it(box: Sandbox) -> None:
    attempts: list[int] = []

    async def fragile(message: Message) -> None:
        attempts.append(message.message_id)
        if len(attempts) == 1:
            raise RuntimeError("database went away")

    router = Router(name="fragile")
    router.message.register(fragile, F.text == "boom")
    box.app.dispatcher.include_router(router)
    story = Story(box)
    await story.populate()
    await story.say(WANG, WANG.id, "boom")
    async with box.app.database.transaction() as repos:
        kept = (await repos.connection.execute(select(failed_updates))).one()
    assert kept.state == "pending" and "database went away" in kept.error
    assert await box.app.poller.retry_failed() == 1
    async with box.app.database.transaction() as repos:
        assert (await repos.connection.execute(select(failed_updates.c.state))).scalar() == "done"
    assert len(attempts) == 2


async def test_a_failing_button_press_is_kept_too(box: Sandbox) -> None:
    """A press carries the bot's own message, whose link preview options aiogram fills with
    markers JSON cannot hold; the kept update must still be written and retried."""
    attempts: list[str] = []

    async def fragile(callback: CallbackQuery) -> None:
        attempts.append(callback.id)
        if len(attempts) == 1:
            raise RuntimeError("database went away")
        await callback.answer()

    # On the dispatcher itself: its own handlers come before every router's catch-all.
    box.app.dispatcher.callback_query.register(fragile, F.data == "fragile")
    story = Story(box)
    await story.populate()
    await story.say(WANG, GROUP3, "3栋2单元楼道灯坏了好几天了，晚上上楼黑漆漆的")
    (reply,) = await story.new(GROUP3)
    await story.emu.press(GROUP3, reply["message_id"], WANG.id, data="fragile")
    await box.settle()
    async with box.app.database.transaction() as repos:
        kept = (await repos.connection.execute(select(failed_updates))).one()
    assert kept.state == "pending" and "database went away" in kept.error
    assert await box.app.poller.retry_failed() == 1
    assert len(attempts) == 2
    # The poller is still running: the bot answers.
    await story.say(WANG, GROUP3, "/my")
    assert await story.new(GROUP3)
