from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.delivery.writer import OutboxWriter
from bot.domain.errors import NotAllowed
from bot.domain.models import Person
from bot.i18n import Translate
from bot.services.buildings import BuildingService


async def cmd_bind(
    message: Message,
    command: CommandObject,
    actor: Person | None,
    buildings: BuildingService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    if actor is None:
        raise NotAllowed()
    words = (command.args or "").split()
    if len(words) not in (1, 2):
        await writer.send(message.chat.id, t("bind-usage"), reply_to=message.message_id)
        return
    grid_code, number = (words[0], words[1]) if len(words) == 2 else (None, words[0])
    building = await buildings.bind(actor, message.chat.id, number, grid_code)
    await writer.send(
        message.chat.id, t("bind-done", number=building.number), reply_to=message.message_id
    )


async def cmd_bind_private(message: Message, writer: OutboxWriter, t: Translate) -> None:
    await writer.send(message.chat.id, t("bind-in-group"))


async def on_upgraded(message: Message, buildings: BuildingService) -> None:
    """Telegram's notice in the old group that it became a supergroup with a new id."""
    assert message.migrate_to_chat_id is not None
    await buildings.chat_moved(message.chat.id, message.migrate_to_chat_id)


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(on_upgraded, F.migrate_to_chat_id)
    router.message.register(cmd_bind, Command("bind"), F.chat.type.in_({"group", "supergroup"}))
    router.message.register(cmd_bind_private, Command("bind"))
    return router
