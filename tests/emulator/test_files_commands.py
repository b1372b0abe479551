"""Uploads and file_ids, bot commands, and the non-aiogram request encodings."""

from __future__ import annotations

import aiohttp
import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeChat,
    BufferedInputFile,
)

from devtools.emulator import EmulatorClient
from tests.emulator.conftest import ALICE, GROUP

pytestmark = pytest.mark.asyncio(loop_scope="module")

JPEG = b"\xff\xd8\xff\xe0" + b"weige-test-photo" * 64


async def test_send_photo_upload_then_file_id(bot: Bot, client: EmulatorClient) -> None:
    first = await bot.send_photo(
        GROUP,
        BufferedInputFile(JPEG, filename="notice.jpg"),
        caption="<b>停车</b>新规",
        parse_mode="HTML",
    )
    assert first.photo is not None and len(first.photo) == 2
    assert first.caption == "停车新规"
    assert first.caption_entities is not None and first.caption_entities[0].type == "bold"
    file_id = first.photo[-1].file_id
    second = await bot.send_photo(ALICE, file_id)
    assert second.photo is not None and second.photo[-1].file_id == file_id
    records = await client.sent()
    assert [(r["method"], r["file_id"]) for r in records] == [
        ("sendPhoto", file_id),
        ("sendPhoto", file_id),
    ]
    assert records[0]["caption"] == "<b>停车</b>新规"
    # Download goes through the file URL of the same server.
    downloaded = await bot.download(file_id)
    assert downloaded is not None and downloaded.read() == JPEG


async def test_send_document_and_file_errors(bot: Bot, client: EmulatorClient) -> None:
    doc = await bot.send_document(
        GROUP, BufferedInputFile(b"%PDF-1.4 minutes", filename="业主大会纪要.pdf")
    )
    assert doc.document is not None
    assert doc.document.file_name == "业主大会纪要.pdf"
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_photo(GROUP, "no-such-file-id")
    with pytest.raises(TelegramBadRequest, match="type of file mismatch"):
        await bot.send_photo(GROUP, doc.document.file_id)
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_document(GROUP, doc.document.file_id, caption="字" * 1025)
    edited = await bot.edit_message_caption(
        chat_id=GROUP, message_id=doc.message_id, caption="已更新"
    )
    assert not isinstance(edited, bool) and edited.caption == "已更新"


async def test_commands_per_scope_and_language(bot: Bot, client: EmulatorClient) -> None:
    private = [
        BotCommand(command="start", description="开始"),
        BotCommand(command="report", description="报修"),
    ]
    group = [BotCommand(command="notice", description="发布公告")]
    assert await bot.set_my_commands(private)
    assert await bot.set_my_commands(
        group, scope=BotCommandScopeAllGroupChats(), language_code="zh"
    )
    assert [c.command for c in await bot.get_my_commands()] == ["start", "report"]
    got = await bot.get_my_commands(scope=BotCommandScopeAllGroupChats(), language_code="zh")
    assert [c.command for c in got] == ["notice"]
    assert await bot.get_my_commands(scope=BotCommandScopeChat(chat_id=GROUP)) == []
    stored = await client.commands()
    assert {(s["scope"]["type"], s["language_code"]) for s in stored} == {
        ("default", ""),
        ("all_group_chats", "zh"),
    }
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == []
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Bad-Name", description="x")])


async def test_json_urlencoded_and_get_requests(emu_url: str, client: EmulatorClient) -> None:
    url = f"{emu_url}/bot42:anything/"
    markup = {"inline_keyboard": [[{"text": "好", "callback_data": "ok"}]]}
    async with aiohttp.ClientSession() as http:
        async with http.post(
            url + "sendMessage",
            json={
                "chat_id": GROUP,
                "text": "json",
                "reply_markup": markup,
            },
        ) as resp:
            body = await resp.json()
            assert body["ok"] and body["result"]["reply_markup"] == markup
        async with http.post(
            url + "SENDMESSAGE", data={"chat_id": str(GROUP), "text": "form"}
        ) as resp:
            assert (await resp.json())["result"]["text"] == "form"
        async with http.get(url + "getMe") as resp:
            assert (await resp.json())["result"]["username"] == "weige_test_bot"
        async with http.get(url + "sendMessage", params={"chat_id": "1", "text": "x"}) as resp:
            assert resp.status == 400
            assert await resp.json() == {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: chat not found",
            }
    assert [r["text"] for r in await client.sent(GROUP)] == ["json", "form"]


async def test_sent_filters(bot: Bot, client: EmulatorClient) -> None:
    a = await bot.send_message(GROUP, "a")
    await bot.send_message(ALICE, "b")
    await bot.edit_message_text("a2", chat_id=GROUP, message_id=a.message_id)
    everything = await client.sent()
    assert [r["seq"] for r in everything] == [1, 2, 3]
    assert [r["text"] for r in await client.sent(since=1)] == ["b", "a2"]
    assert [r["text"] for r in await client.sent(GROUP, since=1)] == ["a2"]
    assert [r["text"] for r in await client.sent(method="editMessageText")] == ["a2"]
