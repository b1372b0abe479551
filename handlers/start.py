from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandStart
from aiogram.types import Message

from bot.delivery.writer import OutboxWriter
from bot.domain.models import Person
from bot.i18n import Translate
from bot.services.people import PeopleService
from bot.services.requests import RequestService


async def cmd_start(
    message: Message,
    actor: Person | None,
    people: PeopleService,
    requests: RequestService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    if actor is None:
        return
    actor = await people.started(actor)
    open_tasks = await requests.tasks(actor)
    await writer.send(message.chat.id, t("start", name=actor.name, tasks=len(open_tasks)))


async def cmd_help(message: Message, writer: OutboxWriter, t: Translate) -> None:
    await writer.send(message.chat.id, t("help"))


def setup() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == "private")
    router.message.register(cmd_start, CommandStart())
    router.message.register(cmd_help, Command("help"))
    return router
