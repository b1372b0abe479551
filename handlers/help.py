"""/help, in groups and in private: what the asker may do here, by what they hold."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.delivery.writer import OutboxWriter
from bot.domain.models import Person
from bot.i18n import Translate
from bot.services.menus import MenuService
from bot.telegram.views.menus import help_text


async def cmd_help(
    message: Message,
    actor: Person | None,
    menus: MenuService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    in_group = message.chat.type in ("group", "supergroup")
    commands = await menus.commands(actor, in_group)
    reply_to = message.message_id if in_group else None
    await writer.send(message.chat.id, help_text(t, commands, in_group), reply_to=reply_to)


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_help, Command("help"))
    return router
