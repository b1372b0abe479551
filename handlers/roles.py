"""/assign: an admin replaces a building's member; /whoami: a person's posts."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.delivery.writer import OutboxWriter
from bot.domain.models import Person, Role
from bot.i18n import Translate, mention
from bot.services.buildings import BuildingService
from bot.services.invites import InviteService
from bot.services.roles import RoleService
from bot.telegram.callbacks import AssignAction, AssignStep
from bot.telegram.keyboards import trust as keyboards
from bot.telegram.middlewares import ACTOR_REQUIRED
from bot.telegram.views.trust import invite_text, post_text, posts_text


async def cmd_assign(
    message: Message,
    command: CommandObject,
    actor: Person,
    roles: RoleService,
    buildings: BuildingService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    words = (command.args or "").split()
    in_group = message.chat.type in ("group", "supergroup")
    if not words and in_group:
        building = await buildings.of_chat(message.chat.id)
    elif len(words) in (1, 2):
        grid_code, number = (words[0], words[1]) if len(words) == 2 else (None, words[0])
        building = await roles.administered_building(actor, number, grid_code)
    else:
        await writer.send(message.chat.id, t("assign-usage"), reply_to=message.message_id)
        return
    post, people = await roles.candidates(actor, building)
    current = await roles.current_member(building)
    text = t(
        "assign-pick",
        post=post_text(t, post),
        current=mention(current.name, current.telegram_id, current.username)
        if current
        else t("nobody-yet"),
    )
    await writer.send(
        message.chat.id,
        text,
        reply_to=message.message_id,
        markup=keyboards.candidates(t, building.id, people),
    )


async def on_pick(
    callback: CallbackQuery,
    callback_data: AssignAction,
    actor: Person,
    roles: RoleService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    done = await roles.assign(actor, callback_data.building_id, callback_data.person_id)
    text = t(
        "assign-done",
        person=done.person.name,
        post=post_text(t, done.post),
        tasks=done.tasks,
    )
    await callback.answer(text)
    if callback.message is not None:
        await writer.edit_markup(callback.message.chat.id, callback.message.message_id)
        await writer.send(callback.message.chat.id, text)


async def on_invite(
    callback: CallbackQuery,
    callback_data: AssignAction,
    actor: Person,
    invites: InviteService,
    writer: OutboxWriter,
    bot: Bot,
    t: Translate,
) -> None:
    building = await invites.building(actor, callback_data.building_id)
    issued = await invites.create(
        actor, Role.MEMBER.value, grid_id=building.grid_id, building_id=building.id
    )
    await callback.answer()
    me = await bot.me()
    assert me.username is not None
    text = invite_text(t, me.username, issued)
    # The link goes to the admin in private: in a group anyone could open it first.
    assert actor.telegram_id is not None
    await writer.send(actor.telegram_id, text, markup=keyboards.revoke(t, issued.invite.id))
    if callback.message is not None:
        await writer.edit_markup(callback.message.chat.id, callback.message.message_id)


async def cmd_whoami(
    message: Message, actor: Person, roles: RoleService, writer: OutboxWriter, t: Translate
) -> None:
    posts = await roles.whoami(actor)
    text = t("whoami", name=actor.name, count=len(posts), lines=posts_text(t, posts))
    await writer.send(message.chat.id, text, reply_to=message.message_id)


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_assign, Command("assign"), flags=ACTOR_REQUIRED)
    router.message.register(cmd_whoami, Command("whoami"), flags=ACTOR_REQUIRED)
    router.callback_query.register(
        on_pick, AssignAction.filter(F.action == AssignStep.PICK), flags=ACTOR_REQUIRED
    )
    router.callback_query.register(
        on_invite, AssignAction.filter(F.action == AssignStep.INVITE), flags=ACTOR_REQUIRED
    )
    return router
