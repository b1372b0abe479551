"""/invite and /invites in private (admins), and opening an invite link (/start TOKEN)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.delivery.writer import OutboxWriter
from bot.domain.models import ADMIN, Person
from bot.i18n import Translate
from bot.services.invites import INVITABLE, InviteService, Issued, needs_building
from bot.services.people import PeopleService
from bot.telegram.callbacks import InviteAction, InviteStep
from bot.telegram.keyboards import trust as keyboards
from bot.telegram.middlewares import ACTOR_REQUIRED
from bot.telegram.views.trust import expiry, invite_text, post_text


async def cmd_invite(
    message: Message, actor: Person, invites: InviteService, writer: OutboxWriter, t: Translate
) -> None:
    await invites.communities(actor)
    await writer.send(message.chat.id, t("invite-pick-role"), markup=keyboards.roles(t, INVITABLE))


async def cmd_invites(
    message: Message, actor: Person, invites: InviteService, writer: OutboxWriter, t: Translate
) -> None:
    pending = await invites.pending(actor)
    if not pending:
        await writer.send(message.chat.id, t("invites-none"))
        return
    for invite, post in pending:
        text = t("invites-line", post=post_text(t, post), expires=expiry(post, invite.expires_at))
        await writer.send(message.chat.id, text, markup=keyboards.revoke(t, invite.id))


async def on_role(
    callback: CallbackQuery,
    callback_data: InviteAction,
    actor: Person,
    invites: InviteService,
    writer: OutboxWriter,
    bot: Bot,
    t: Translate,
) -> None:
    role = callback_data.role
    communities = await invites.for_role(actor, role)
    if role == ADMIN:
        if len(communities) == 1:
            issued = await invites.create(actor, role, community_id=communities[0].id)
            await _issued(callback, writer, bot, t, issued)
            return
        await _next(
            callback,
            writer,
            t("invite-pick-community"),
            keyboards.communities(t, role, communities),
        )
        return
    grids = await invites.grids(actor)
    await _next(callback, writer, t("invite-pick-grid"), keyboards.grids(t, role, grids))


async def on_community(
    callback: CallbackQuery,
    callback_data: InviteAction,
    actor: Person,
    invites: InviteService,
    writer: OutboxWriter,
    bot: Bot,
    t: Translate,
) -> None:
    issued = await invites.create(actor, callback_data.role, community_id=callback_data.target)
    await _issued(callback, writer, bot, t, issued)


async def on_grid(
    callback: CallbackQuery,
    callback_data: InviteAction,
    actor: Person,
    invites: InviteService,
    writer: OutboxWriter,
    bot: Bot,
    t: Translate,
) -> None:
    role, grid_id = callback_data.role, callback_data.target
    if needs_building(role):
        found = await invites.buildings(actor, grid_id)
        await _next(
            callback, writer, t("invite-pick-building"), keyboards.buildings(t, role, found)
        )
        return
    issued = await invites.create(actor, role, grid_id=grid_id)
    await _issued(callback, writer, bot, t, issued)


async def on_building(
    callback: CallbackQuery,
    callback_data: InviteAction,
    actor: Person,
    invites: InviteService,
    writer: OutboxWriter,
    bot: Bot,
    t: Translate,
) -> None:
    building = await invites.building(actor, callback_data.target)
    issued = await invites.create(
        actor, callback_data.role, grid_id=building.grid_id, building_id=building.id
    )
    await _issued(callback, writer, bot, t, issued)


async def on_revoke(
    callback: CallbackQuery,
    callback_data: InviteAction,
    actor: Person,
    invites: InviteService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    post = await invites.revoke(actor, callback_data.target)
    await callback.answer(t("invite-revoked-done", post=post_text(t, post)))
    if callback.message is not None:
        await writer.edit_markup(callback.message.chat.id, callback.message.message_id)


async def _next(
    callback: CallbackQuery, writer: OutboxWriter, text: str, markup: InlineKeyboardMarkup
) -> None:
    """The conversation's next question, in place of the last one."""
    await callback.answer()
    if callback.message is not None:
        chat_id, message_id = callback.message.chat.id, callback.message.message_id
        await writer.edit(chat_id, message_id, text, markup=markup)


async def _issued(
    callback: CallbackQuery, writer: OutboxWriter, bot: Bot, t: Translate, issued: Issued
) -> None:
    await callback.answer()
    if callback.message is None:
        return
    me = await bot.me()
    assert me.username is not None
    text = invite_text(t, me.username, issued)
    chat_id = callback.message.chat.id
    await writer.edit_markup(chat_id, callback.message.message_id)
    await writer.send(chat_id, text, markup=keyboards.revoke(t, issued.invite.id))


async def cmd_start_invite(
    message: Message,
    command: CommandObject,
    actor: Person,
    people: PeopleService,
    invites: InviteService,
) -> None:
    """The person hears of the post from the notice; a refusal is the middleware's reply."""
    actor = await people.started(actor)
    await invites.redeem(actor, command.args or "")


def setup() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == "private")
    router.message.register(cmd_start_invite, CommandStart(deep_link=True), flags=ACTOR_REQUIRED)
    router.message.register(cmd_invite, Command("invite"), flags=ACTOR_REQUIRED)
    router.message.register(cmd_invites, Command("invites"), flags=ACTOR_REQUIRED)
    for handler, step in (
        (on_role, InviteStep.ROLE),
        (on_community, InviteStep.COMMUNITY),
        (on_grid, InviteStep.GRID),
        (on_building, InviteStep.BUILDING),
        (on_revoke, InviteStep.REVOKE),
    ):
        router.callback_query.register(
            handler, InviteAction.filter(F.action == step), flags=ACTOR_REQUIRED
        )
    return router
