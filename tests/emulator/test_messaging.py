"""The real aiogram Bot + AiohttpSession against the emulator: sending, editing,
Telegram's error answers as aiogram's own exception classes."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
)
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters

from devtools.emulator import BOT_ID, BOT_USERNAME, EmulatorClient
from tests.emulator.conftest import ALICE, BOB, GROUP

pytestmark = pytest.mark.asyncio(loop_scope="module")

KEYBOARD = InlineKeyboardMarkup(
    inline_keyboard=[
        [
            InlineKeyboardButton(text="✅ 收到", callback_data="ack:1"),
            InlineKeyboardButton(text="详情", url="https://example.org/notice/1"),
        ]
    ]
)


async def test_get_me(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.first_name, me.is_bot) == (BOT_ID, BOT_USERNAME, "微格", True)


async def test_send_html_with_keyboard(bot: Bot, client: EmulatorClient) -> None:
    html = '<b>停水通知</b>：明天 9:00–12:00 <a href="https://example.org">详情</a> &lt;3'
    msg = await bot.send_message(
        GROUP, html, parse_mode="HTML", reply_markup=KEYBOARD, disable_notification=True
    )
    # Telegram answers with the parsed text and entities (UTF-16 offsets).
    assert msg.text == "停水通知：明天 9:00–12:00 详情 <3"
    assert msg.entities is not None
    assert [(e.type, e.offset, e.length) for e in msg.entities] == [
        ("bold", 0, 4),
        ("text_link", 19, 2),
    ]
    assert msg.from_user is not None and msg.from_user.id == BOT_ID
    assert msg.reply_markup is not None
    assert msg.reply_markup.model_dump(exclude_none=True) == KEYBOARD.model_dump(exclude_none=True)
    assert (
        msg.html_text
        == '<b>停水通知</b>：明天 9:00–12:00 <a href="https://example.org">详情</a> &lt;3'
    )

    [record] = await client.sent(GROUP)
    assert record["method"] == "sendMessage"
    assert record["text"] == html  # as the bot sent it
    assert record["parse_mode"] == "HTML"
    assert record["disable_notification"] is True
    assert record["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "ack:1"
    stored = await client.message(GROUP, msg.message_id)
    assert stored["text"] == msg.text


async def test_reply_parameters_and_legacy_reply_id(bot: Bot, client: EmulatorClient) -> None:
    asked = await client.say(GROUP, ALICE, "电梯坏了")
    reply = await bot.send_message(
        GROUP, "已报修", reply_parameters=ReplyParameters(message_id=asked["message_id"])
    )
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.text == "电梯坏了"
    legacy = await bot.send_message(GROUP, "再次确认", reply_to_message_id=asked["message_id"])
    assert legacy.reply_to_message is not None
    with pytest.raises(TelegramBadRequest, match="message to be replied not found"):
        await bot.send_message(GROUP, "x", reply_parameters=ReplyParameters(message_id=999))
    records = await client.sent(GROUP)
    assert [r["reply_to_message_id"] for r in records] == [asked["message_id"]] * 2


async def test_message_ids_are_per_chat(bot: Bot, client: EmulatorClient) -> None:
    first = await bot.send_message(GROUP, "a")
    second = await bot.send_message(GROUP, "b")
    private = await bot.send_message(ALICE, "c")
    assert second.message_id == first.message_id + 1
    assert private.chat.id == ALICE and private.chat.type == "private"


async def test_private_chat_rules(bot: Bot, client: EmulatorClient) -> None:
    with pytest.raises(TelegramForbiddenError, match="bot can't initiate conversation"):
        await bot.send_message(BOB, "你好")
    await client.start_private(BOB)
    await bot.send_message(BOB, "你好")
    await client.block(BOB)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(BOB, "还在吗")
    # Writing to the bot again is "Restart": unblocked.
    await client.say(BOB, BOB, "/start")
    await bot.send_message(BOB, "欢迎回来")
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(424242, "nobody")


async def test_kicked_and_left_groups(bot: Bot, client: EmulatorClient) -> None:
    await client.kick_bot(GROUP)
    with pytest.raises(TelegramForbiddenError) as kicked:
        await bot.send_message(GROUP, "公告")
    assert kicked.value.message == "Forbidden: bot was kicked from the supergroup chat"
    await client.add_group(-100777, "2 号楼")
    assert await bot.leave_chat(-100777)
    with pytest.raises(TelegramForbiddenError, match="bot is not a member"):
        await bot.send_message(-100777, "公告")
    await client.add_group(-555, "老群", type="group")
    await client.kick_bot(-555)
    with pytest.raises(TelegramForbiddenError, match="bot was kicked from the group chat"):
        await bot.send_message(-555, "公告")


async def test_migrated_group(bot: Bot, client: EmulatorClient) -> None:
    await client.add_group(-4001, "4 号楼", type="group")
    result = await client.migrate(-4001, -1004001)
    assert result["chat"]["type"] == "supergroup"
    with pytest.raises(TelegramMigrateToChat) as exc:
        await bot.send_message(-4001, "公告")
    assert exc.value.migrate_to_chat_id == -1004001
    assert "group chat was upgraded to a supergroup chat" in exc.value.message
    msg = await bot.send_message(exc.value.migrate_to_chat_id, "公告")
    assert msg.chat.id == -1004001


async def test_text_limits(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(GROUP, "长" * 4097)
    await bot.send_message(GROUP, "长" * 4096)
    # Markup does not count towards the limit; the parsed text does.
    await bot.send_message(GROUP, "<b>" + "长" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(GROUP, "   ")
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(GROUP, "<b></b>", parse_mode="HTML")


async def test_html_errors_like_telegram(bot: Bot) -> None:
    # The classic bug: a resident's name with "<" interpolated unescaped.
    with pytest.raises(TelegramBadRequest, match='Unsupported start tag "script"'):
        await bot.send_message(GROUP, "欢迎 <script>", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="Can't find end tag"):
        await bot.send_message(GROUP, "<b>未闭合", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        too_long = InlineKeyboardButton(text="x", callback_data="x" * 65)
        await bot.send_message(
            GROUP, "x", reply_markup=InlineKeyboardMarkup(inline_keyboard=[[too_long]])
        )


async def test_edits(bot: Bot, client: EmulatorClient) -> None:
    msg = await bot.send_message(GROUP, "投票：是否加装电梯", reply_markup=KEYBOARD)
    edited = await bot.edit_message_text(
        "投票：是否加装电梯（<b>已结束</b>）",
        chat_id=GROUP,
        message_id=msg.message_id,
        parse_mode="HTML",
        reply_markup=KEYBOARD,
    )
    assert not isinstance(edited, bool)
    assert edited.text == "投票：是否加装电梯（已结束）"
    assert edited.edit_date is not None
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            "投票：是否加装电梯（<b>已结束</b>）",
            chat_id=GROUP,
            message_id=msg.message_id,
            parse_mode="HTML",
            reply_markup=KEYBOARD,
        )
    # Omitting reply_markup removes the keyboard, exactly like Telegram.
    await bot.edit_message_text(
        "投票：是否加装电梯（已结束）", chat_id=GROUP, message_id=msg.message_id
    )
    assert "reply_markup" not in await client.message(GROUP, msg.message_id)
    await bot.edit_message_reply_markup(
        chat_id=GROUP, message_id=msg.message_id, reply_markup=KEYBOARD
    )
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(
            chat_id=GROUP, message_id=msg.message_id, reply_markup=KEYBOARD
        )
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=GROUP, message_id=9999)
    users = await client.say(GROUP, ALICE, "我的消息")
    with pytest.raises(TelegramBadRequest, match="message can't be edited"):
        await bot.edit_message_text("x", chat_id=GROUP, message_id=users["message_id"])
    methods = [r["method"] for r in await client.sent(GROUP)]
    assert methods == [
        "sendMessage",
        "editMessageText",
        "editMessageText",
        "editMessageReplyMarkup",
    ]


async def test_delete_and_pin_need_rights(bot: Bot, client: EmulatorClient) -> None:
    spam = await client.say(GROUP, ALICE, "广告")
    own = await bot.send_message(GROUP, "公告")
    with pytest.raises(TelegramBadRequest, match="message can't be deleted"):
        await bot.delete_message(GROUP, spam["message_id"])
    with pytest.raises(TelegramBadRequest, match="not enough rights"):
        await bot.pin_chat_message(GROUP, own.message_id)
    assert await bot.delete_message(GROUP, own.message_id)
    await client.set_bot_admin(GROUP)
    assert await bot.delete_message(GROUP, spam["message_id"])
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(GROUP, spam["message_id"])
    notice = await bot.send_message(GROUP, "置顶公告")
    assert await bot.pin_chat_message(GROUP, notice.message_id, disable_notification=True)
    chat = await bot.get_chat(GROUP)
    assert chat.pinned_message is not None
    assert chat.pinned_message.message_id == notice.message_id
    methods = [r["method"] for r in await client.sent(GROUP)]
    assert methods == [
        "sendMessage",
        "deleteMessage",
        "deleteMessage",
        "sendMessage",
        "pinChatMessage",
    ]


async def test_members_and_admins(bot: Bot, client: EmulatorClient) -> None:
    await client.set_member(GROUP, BOB, "administrator")
    await client.set_bot_admin(GROUP)
    admins = await bot.get_chat_administrators(GROUP)
    assert {(a.user.id, a.status) for a in admins} == {
        (ALICE, "creator"),
        (BOB, "administrator"),
        (BOT_ID, "administrator"),
    }
    member = await bot.get_chat_member(GROUP, ALICE)
    assert member.status == "creator"
    await client.add_user(1003, "查理")
    assert (await bot.get_chat_member(GROUP, 1003)).status == "left"
    await client.say(GROUP, 1003, "新邻居报到")
    assert (await bot.get_chat_member(GROUP, 1003)).status == "member"
    assert await bot.ban_chat_member(GROUP, 1003)
    assert (await bot.get_chat_member(GROUP, 1003)).status == "kicked"
    chat = await bot.get_chat(GROUP)
    assert chat.title == "阳光小区 3 号楼"


async def test_copy_message(bot: Bot, client: EmulatorClient) -> None:
    source = await client.say(ALICE, ALICE, "请转发到楼群")
    copied = await bot.copy_message(GROUP, ALICE, source["message_id"])
    stored = await client.message(GROUP, copied.message_id)
    assert stored["text"] == "请转发到楼群"
    [record] = await client.sent(GROUP)
    assert record["method"] == "copyMessage"
    assert record["from_chat_id"] == ALICE
    with pytest.raises(TelegramBadRequest, match="message to copy not found"):
        await bot.copy_message(GROUP, ALICE, 999)


async def test_text_mention_carries_the_user(bot: Bot) -> None:
    msg = await bot.send_message(
        GROUP, f'请 <a href="tg://user?id={ALICE}">爱丽丝</a> 处理', parse_mode="HTML"
    )
    assert msg.entities is not None
    mention = msg.entities[0]
    assert mention.type == "text_mention"
    assert mention.user is not None and mention.user.first_name == "爱丽丝"


async def test_usernames_channels_and_anonymous_admins(bot: Bot, client: EmulatorClient) -> None:
    await client.add_group(-1005550, "物业公告群", username="wuye_notice")
    msg = await bot.send_message("@wuye_notice", "公告")
    assert msg.chat.id == -1005550 and msg.chat.username == "wuye_notice"
    await client.add_chat(-1006660, "channel", "小区频道")
    with pytest.raises(TelegramBadRequest, match="need administrator rights"):
        await bot.send_message(-1006660, "频道公告")
    await client.set_bot_admin(-1006660)
    post = await bot.send_message(-1006660, "频道公告")
    assert post.from_user is None and post.sender_chat is not None
    anonymous = await client.say(GROUP, None, "匿名管理员发言", sender_chat_id=GROUP)
    assert anonymous["from"]["username"] == "GroupAnonymousBot"
    assert anonymous["sender_chat"]["id"] == GROUP
    doc = await client.say(GROUP, ALICE, caption="账单", document=True, file_name="bill.pdf")
    assert doc["document"]["file_name"] == "bill.pdf"
    # The bot can forward what residents uploaded by file_id.
    await bot.send_document(GROUP, doc["document"]["file_id"])
