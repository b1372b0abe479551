"""Pins as the group sees them (a member's pin is a service message, an unpin or a deletion
tells the bot nothing) and native polls within Telegram's bounds."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InputPollOption

from devtools.emulator import EmulatorClient
from tests.emulator.conftest import ALICE, GROUP

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_a_members_pin_reaches_the_bot_and_an_unpin_does_not(
    bot: Bot, client: EmulatorClient
) -> None:
    board = await bot.send_message(GROUP, "公告板")
    notice = await client.say(GROUP, ALICE, "停水通知")
    await bot.get_updates(offset=-1)  # what came before is confirmed
    pinned = await client.pin_as(GROUP, ALICE, notice["message_id"])
    (update,) = await bot.get_updates(offset=pinned["update_id"])
    assert update.message is not None and update.message.pinned_message is not None
    assert update.message.pinned_message.message_id == notice["message_id"]
    assert (await client.chat(GROUP))["pinned_message_id"] == notice["message_id"]

    await client.unpin_as_admin(GROUP)
    assert (await client.chat(GROUP))["pinned_message_id"] is None
    assert (await client.pending())["pending"] == 0  # Telegram says nothing of an unpin

    await client.delete_as_admin(GROUP, board.message_id)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("公告板 2", chat_id=GROUP, message_id=board.message_id)


async def test_pinning_needs_the_bot_to_be_an_admin(bot: Bot, client: EmulatorClient) -> None:
    board = await bot.send_message(GROUP, "公告板")
    with pytest.raises(TelegramBadRequest, match="not enough rights"):
        await bot.pin_chat_message(GROUP, board.message_id)
    await client.set_bot_admin(GROUP)
    assert await bot.pin_chat_message(GROUP, board.message_id, disable_notification=True)
    assert (await client.chat(GROUP))["pinned_message_id"] == board.message_id
    assert await bot.unpin_chat_message(GROUP, message_id=board.message_id)
    assert (await client.chat(GROUP))["pinned_message_id"] is None


async def test_a_poll_within_telegrams_bounds(bot: Bot, client: EmulatorClient) -> None:
    options = [InputPollOption(text=f"#{n} 议题") for n in range(1, 4)]
    sent = await bot.send_poll(
        GROUP, "议题投票：请选两项", options, is_anonymous=True, allows_multiple_answers=True
    )
    assert sent.poll is not None and [o.text for o in sent.poll.options] == [
        "#1 议题",
        "#2 议题",
        "#3 议题",
    ]
    (record,) = await client.sent(GROUP, method="sendPoll")
    assert record["poll"]["allows_multiple_answers"] is True
    too_many = [InputPollOption(text=str(n)) for n in range(11)]
    with pytest.raises(TelegramBadRequest, match="2-10 options"):
        await bot.send_poll(GROUP, "q", too_many)
    with pytest.raises(TelegramBadRequest, match="1-100"):
        await bot.send_poll(
            GROUP, "q", [InputPollOption(text="x" * 101), InputPollOption(text="y")]
        )
