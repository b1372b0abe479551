"""The building's board: admins turn it on and off; a pin over it, or the bot made an admin,
pins it again."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import ChatMemberUpdated, Message

from bot.delivery.writer import OutboxWriter
from bot.domain.models import Person
from bot.i18n import Translate
from bot.services.boards import BoardService

_GROUPS = {"group", "supergroup"}
_ON = {"on", "开", "開", "开启", "開啟", "打开", "打開"}
_OFF = {"off", "关", "關", "关闭", "關閉"}


async def cmd_board(
    message: Message,
    command: CommandObject,
    actor: Person | None,
    boards: BoardService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    word = (command.args or "").strip().lower()
    if word not in _ON | _OFF:
        await writer.send(message.chat.id, t("board-usage"), reply_to=message.message_id)
        return
    on = word in _ON
    building, before = await boards.switch(actor, message.chat.id, on)
    if (shown := before.current_message) is not None:
        if on:
            pin = await writer.pin(message.chat.id, shown)
            await boards.pin_queued(building.id, pin)
        else:
            await writer.unpin(message.chat.id, shown)
    key = ("board-on" if boards.enabled else "board-on-off-in-settings") if on else "board-off"
    await writer.send(message.chat.id, t(key), reply_to=message.message_id)


async def cmd_board_private(message: Message, writer: OutboxWriter, t: Translate) -> None:
    await writer.send(message.chat.id, t("board-in-group"))


async def on_pinned(message: Message, boards: BoardService, writer: OutboxWriter) -> None:
    """Someone pinned another message: the board goes back on top (Telegram tells bots of
    pins, not of unpins)."""
    pinned = message.pinned_message
    if pinned is None or (message.from_user is not None and message.from_user.is_bot):
        return  # the bot's own pins (a broadcast an admin asked to pin) stay on top
    board = await boards.pinned_elsewhere(message.chat.id, pinned.message_id)
    if board is not None and (shown := board.current_message) is not None:
        pin = await writer.pin(message.chat.id, shown)
        await boards.pin_queued(board.building_id, pin)


async def on_bot_status(
    event: ChatMemberUpdated, boards: BoardService, writer: OutboxWriter
) -> None:
    """Made an admin: a board whose pin was refused is pinned now."""
    if event.new_chat_member.status not in ("administrator", "creator"):
        return
    board = await boards.admin_gained(event.chat.id)
    if board is not None and (shown := board.current_message) is not None:
        pin = await writer.pin(event.chat.id, shown)
        await boards.pin_queued(board.building_id, pin)


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(on_pinned, F.pinned_message, F.chat.type.in_(_GROUPS))
    router.message.register(cmd_board, Command("board"), F.chat.type.in_(_GROUPS))
    router.message.register(cmd_board_private, Command("board"))
    router.my_chat_member.register(on_bot_status)
    return router
