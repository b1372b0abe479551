"""getUpdates semantics, injected updates and button presses through aiogram."""

from __future__ import annotations

import asyncio
import time

import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.exceptions import TelegramBadRequest, TelegramConflictError
from aiogram.filters import Command
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from devtools.emulator import EmulatorClient, EmulatorError
from tests.emulator.conftest import ALICE, BOB, GROUP

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def drain(bot: Bot) -> None:
    """Confirm whatever the fixture's setup enqueued."""
    updates = await bot.get_updates()
    if updates:
        await bot.get_updates(offset=updates[-1].update_id + 1)


async def test_offset_confirms(bot: Bot, client: EmulatorClient) -> None:
    await drain(bot)
    sent = [await client.say(GROUP, ALICE, f"第{i}条") for i in range(3)]
    first = await bot.get_updates()
    assert [u.message.text for u in first if u.message] == ["第0条", "第1条", "第2条"]
    assert await client.pending() == {
        **await client.pending(),
        "pending": 0,
        "delivered_unconfirmed": 3,
    }
    # Not confirmed yet: delivered again.
    again = await bot.get_updates()
    assert [u.update_id for u in again] == [u.update_id for u in first]
    # offset confirms everything below it, delivered or not.
    rest = await bot.get_updates(offset=first[1].update_id + 1)
    assert [u.update_id for u in rest] == [first[2].update_id]
    assert await bot.get_updates(offset=first[2].update_id + 1) == []
    p = await client.pending()
    assert (p["pending"], p["delivered_unconfirmed"]) == (0, 0)
    assert sent[0]["message_id"] + 2 == sent[2]["message_id"]


async def test_command_entities(bot: Bot, client: EmulatorClient) -> None:
    await drain(bot)
    msg = await client.say(GROUP, ALICE, "/report@weige_test_bot 3楼漏水 @alice_1001")
    assert msg["entities"] == [
        {"type": "bot_command", "offset": 0, "length": 22},
        {"type": "mention", "offset": 28, "length": 11},
    ]
    [update] = await bot.get_updates()
    assert update.message is not None and update.message.entities is not None
    assert update.message.entities[0].type == "bot_command"


async def test_long_poll_wakes_on_message(bot: Bot, client: EmulatorClient) -> None:
    await drain(bot)
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    assert not poll.done()
    await client.say(GROUP, BOB, "有人吗")
    updates = await asyncio.wait_for(poll, 2)
    assert time.monotonic() - started < 1
    assert updates[0].message is not None and updates[0].message.text == "有人吗"


async def test_long_poll_times_out_empty(bot: Bot, client: EmulatorClient) -> None:
    await drain(bot)
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == []
    assert 0.9 < time.monotonic() - started < 2


async def test_callback_by_button_text(bot: Bot, client: EmulatorClient) -> None:
    await drain(bot)
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="✅ 收到", callback_data="ack:7")]]
    )
    notice = await bot.send_message(GROUP, "停电通知", reply_markup=keyboard)
    pressed = await client.press(GROUP, notice.message_id, BOB, button_text="✅ 收到")
    [update] = await bot.get_updates()
    query = update.callback_query
    assert query is not None
    assert query.id == pressed["callback_query_id"]
    assert (query.data, query.from_user.id) == ("ack:7", BOB)
    assert query.message is not None and query.message.message_id == notice.message_id
    assert await bot.answer_callback_query(query.id, text="已记录", show_alert=True)
    answers = await client.callback_answers()
    assert answers[0]["callback_query_id"] == query.id
    assert (answers[0]["text"], answers[0]["show_alert"]) == ("已记录", True)
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query.id)
    with pytest.raises(EmulatorError) as missing:
        await client.press(GROUP, notice.message_id, BOB, button_text="不存在")
    assert missing.value.status == 404
    # Forged data is allowed on purpose (tests of the bot's validation).
    forged = await client.press(GROUP, notice.message_id, BOB, data="admin:delete_all")
    assert forged["callback_query"]["data"] == "admin:delete_all"


async def test_duplicate_raw_update(bot: Bot, client: EmulatorClient) -> None:
    await drain(bot)
    await client.say(GROUP, ALICE, "只处理一次")
    [original] = await bot.get_updates()
    await bot.get_updates(offset=original.update_id + 1)  # confirmed
    raw = original.model_dump(mode="json", by_alias=True, exclude_none=True)
    assert await client.inject_update(raw) == original.update_id
    # Redelivered despite the bot's offset being past it, with the same id.
    [dup] = await bot.get_updates(offset=original.update_id + 1)
    assert dup.update_id == original.update_id
    assert dup.message is not None and dup.message.text == "只处理一次"
    await bot.get_updates(offset=dup.update_id + 1)
    fresh = await client.inject_update({"message": raw["message"]})
    assert fresh > original.update_id
    [new] = await bot.get_updates(offset=original.update_id + 1)
    assert new.update_id == fresh


async def test_allowed_updates_filter(bot: Bot, client: EmulatorClient) -> None:
    await drain(bot)
    await client.my_chat_member(GROUP, ALICE, "administrator")
    await client.say(GROUP, ALICE, "hi")
    updates = await bot.get_updates(allowed_updates=["message"])
    assert [u.event_type for u in updates] == ["message"]
    updates = await bot.get_updates(offset=updates[-1].update_id + 1, allowed_updates=[])
    assert updates == []
    member_update = await client.my_chat_member(GROUP, ALICE, "kicked")
    [update] = await bot.get_updates()
    assert update.update_id == member_update
    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == "kicked"


async def test_user_edit_and_media(bot: Bot, client: EmulatorClient) -> None:
    await drain(bot)
    msg = await client.say(GROUP, ALICE, "原文")
    await client.edit(GROUP, msg["message_id"], "改过的")
    photo = await client.say(GROUP, BOB, caption="门口的垃圾", photo=True)
    updates = await bot.get_updates()
    assert [u.event_type for u in updates] == ["message", "edited_message", "message"]
    edited = updates[1].edited_message
    assert edited is not None and edited.text == "改过的"
    shot = updates[2].message
    assert shot is not None and shot.photo and shot.caption == "门口的垃圾"
    # The resident's photo can be re-sent by file_id.
    resent = await bot.send_photo(GROUP, photo["photo"][-1]["file_id"])
    assert resent.photo is not None


async def test_dispatcher_end_to_end(bot: Bot, client: EmulatorClient) -> None:
    """aiogram's own polling loop, handlers and offsets, unpatched."""
    await drain(bot)
    dp = Dispatcher()

    @dp.message(Command("start"))
    async def start(message: Message) -> None:
        keyboard = InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="报到", callback_data="checkin")]]
        )
        await message.answer("欢迎使用<b>微格</b>", parse_mode="HTML", reply_markup=keyboard)

    @dp.callback_query(F.data == "checkin")
    async def checkin(query: CallbackQuery) -> None:
        await query.answer("报到成功")

    polling = asyncio.create_task(
        dp.start_polling(bot, handle_signals=False, close_bot_session=False, polling_timeout=1)
    )
    try:
        await client.say(BOB, BOB, "/start")
        [welcome] = await client.wait_sent(BOB, timeout=3)
        assert welcome["text"] == "欢迎使用<b>微格</b>"
        await client.press(BOB, welcome["message_id"], BOB, button_text="报到")
        await client.wait_idle(timeout=3)
        assert [a["text"] for a in await client.callback_answers()] == ["报到成功"]
    finally:
        await dp.stop_polling()
        await polling


async def test_second_poller_conflicts_the_first(bot: Bot, client: EmulatorClient) -> None:
    await drain(bot)
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    second = asyncio.create_task(bot.get_updates(timeout=5))
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
        await asyncio.wait_for(first, 2)
    await client.say(GROUP, ALICE, "still works")
    assert len(await asyncio.wait_for(second, 2)) == 1
