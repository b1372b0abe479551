"""/mydata and /forgetme, in private: what the bot keeps about a person, and erasing it."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.delivery.writer import OutboxWriter
from bot.domain.models import Person
from bot.i18n import Markup, Translate
from bot.services.privacy import PrivacyService
from bot.services.requests import RequestService
from bot.telegram.callbacks import PrivacyAction, PrivacyStep
from bot.telegram.keyboards import trust as keyboards
from bot.telegram.middlewares import ACTOR_REQUIRED
from bot.telegram.views.requests import request_lines
from bot.telegram.views.trust import posts_text


async def cmd_mydata(
    message: Message,
    actor: Person,
    privacy: PrivacyService,
    requests: RequestService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    data = await privacy.mydata(actor)
    person = data.person
    text = t(
        "mydata",
        name=person.name,
        telegram_id=str(person.telegram_id or ""),
        username=f"@{person.username}" if person.username else t("mydata-none"),
        language=person.language_code or t("mydata-none"),
        posts=posts_text(t, data.posts) if data.posts else Markup(t("mydata-none")),
        filed=data.filed,
        lines=await request_lines(t, requests, data.requests),
    )
    await writer.send(message.chat.id, text)


async def cmd_forgetme(
    message: Message, actor: Person, privacy: PrivacyService, writer: OutboxWriter, t: Translate
) -> None:
    await privacy.check_forget(actor)
    await writer.send(message.chat.id, t("forget-confirm"), markup=keyboards.forget(t))


async def cmd_in_group(message: Message, writer: OutboxWriter, t: Translate) -> None:
    """Nobody's data is shown or erased in front of the neighbours."""
    await writer.send(message.chat.id, t("privacy-in-private"), reply_to=message.message_id)


async def on_forget(
    callback: CallbackQuery,
    actor: Person,
    privacy: PrivacyService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    # Only the presser's own data can go: the button carries no one's id, and it counts
    # only on a message in their private chat (the confirmation); anywhere else it was made up.
    if callback.message is None or callback.message.chat.id != actor.telegram_id:
        await callback.answer()
        return
    count = await privacy.forget(actor)
    await callback.answer()
    if callback.message is not None:
        chat_id, message_id = callback.message.chat.id, callback.message.message_id
        await writer.edit(chat_id, message_id, t("forget-done", requests=count))


async def on_keep(callback: CallbackQuery, writer: OutboxWriter, t: Translate) -> None:
    await callback.answer(t("forget-kept"))
    if callback.message is not None:
        await writer.edit_markup(callback.message.chat.id, callback.message.message_id)


def setup() -> Router:
    router = Router(name=__name__)
    private = F.chat.type == "private"
    router.message.register(cmd_mydata, Command("mydata"), private, flags=ACTOR_REQUIRED)
    router.message.register(cmd_forgetme, Command("forgetme"), private, flags=ACTOR_REQUIRED)
    router.message.register(cmd_in_group, Command("mydata", "forgetme"))
    router.callback_query.register(
        on_forget, PrivacyAction.filter(F.action == PrivacyStep.FORGET), flags=ACTOR_REQUIRED
    )
    router.callback_query.register(
        on_keep, PrivacyAction.filter(F.action == PrivacyStep.KEEP), flags=ACTOR_REQUIRED
    )
    return router
