from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.delivery.writer import OutboxWriter
from bot.i18n import Markup, Translate, mention
from bot.services.buildings import BuildingService


async def cmd_contacts(
    message: Message, buildings: BuildingService, writer: OutboxWriter, t: Translate
) -> None:
    building, contacts = await buildings.contacts(message.chat.id)
    lines = [
        t(
            "contact-line",
            role=t(f"role-{contact.role.value}"),
            person=mention(
                contact.person.name, contact.person.telegram_id, contact.person.username
            ),
        )
        for contact in contacts
    ]
    text = t("contacts", number=building.number, count=len(lines), lines=Markup("\n".join(lines)))
    await writer.send(message.chat.id, text, reply_to=message.message_id)


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(
        cmd_contacts, Command("contacts"), F.chat.type.in_({"group", "supergroup"})
    )
    return router
