"""/broadcast in private: the announcement, its scope, a count, confirm; /broadcasts, cancel.

The conversation is aiogram FSM, stored in the database (bot.telegram.fsm_storage): a restart in
the middle keeps the admin's place.
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.delivery.writer import OutboxWriter
from bot.domain.models import Person
from bot.i18n import Translate
from bot.services.broadcasts import BroadcastService, Progress
from bot.telegram.callbacks import BroadcastCancel, BroadcastStep
from bot.telegram.keyboards import admin as keyboards
from bot.telegram.views.broadcasts import progress_text


class Compose(StatesGroup):
    content = State()
    scope = State()


def content_of(message: Message) -> tuple[str, dict[str, Any]] | None:
    """The Bot API call that repeats the admin's message in a group, formatting kept."""
    if message.photo:
        payload = {"photo": message.photo[-1].file_id}
        method = "sendPhoto"
    elif message.document:
        payload = {"document": message.document.file_id}
        method = "sendDocument"
    elif message.text:
        return "sendMessage", {
            "text": message.html_text,
            "parse_mode": "HTML",
            "link_preview_options": {"is_disabled": True},
        }
    else:
        return None
    if message.caption:
        payload |= {"caption": message.html_text, "parse_mode": "HTML"}
    return method, payload


async def cmd_broadcast(
    message: Message,
    actor: Person | None,
    broadcasts: BroadcastService,
    writer: OutboxWriter,
    state: FSMContext,
    t: Translate,
) -> None:
    await broadcasts.check(actor)
    await state.set_state(Compose.content)
    await writer.send(message.chat.id, t("broadcast-ask-content"))


async def on_content(
    message: Message,
    actor: Person | None,
    broadcasts: BroadcastService,
    writer: OutboxWriter,
    state: FSMContext,
    t: Translate,
) -> None:
    content = content_of(message)
    if content is None:
        await writer.send(message.chat.id, t("broadcast-unsupported"))
        return
    draft = await broadcasts.draft(actor, message.chat.id, *content)
    await state.set_state(Compose.scope)
    await state.set_data({"broadcast_id": draft.id, "picked": [], "pin": False})
    await writer.send(
        message.chat.id, t("broadcast-ask-scope"), markup=keyboards.scope(t, draft.id)
    )


async def on_step(
    callback: CallbackQuery,
    callback_data: BroadcastStep,
    actor: Person | None,
    broadcasts: BroadcastService,
    writer: OutboxWriter,
    state: FSMContext,
    t: Translate,
) -> None:
    data = await state.get_data()
    message = callback.message
    if data.get("broadcast_id") != callback_data.broadcast_id or message is None:
        await callback.answer(t("broadcast-stale"), show_alert=True)
        return
    chat_id, message_id = message.chat.id, message.message_id
    broadcast_id, action = callback_data.broadcast_id, callback_data.action
    picked = set(data.get("picked", []))
    await callback.answer()
    if action == "drop":
        await broadcasts.discard(actor, broadcast_id)
        await state.clear()
        await writer.edit(chat_id, message_id, t("broadcast-dropped"))
        return
    if action == "grids":
        choices, _ = await broadcasts.choices(actor, broadcast_id)
        markup = keyboards.grids(t, broadcast_id, choices)
        await writer.edit(chat_id, message_id, t("broadcast-ask-grid"), markup=markup)
        return
    if action in ("pick", "toggle"):
        if action == "toggle":
            picked ^= {callback_data.value}
            await state.update_data(picked=sorted(picked))
        choices, buildings = await broadcasts.choices(actor, broadcast_id)
        codes = {grid.id: grid.code for grid in choices}
        markup = keyboards.pick(t, broadcast_id, buildings, codes, picked)
        await writer.edit(chat_id, message_id, t("broadcast-ask-buildings"), markup=markup)
        return
    if action == "go":
        started = await broadcasts.confirm(actor, broadcast_id, bool(data.get("pin")))
        await state.clear()
        await writer.edit_markup(chat_id, message_id)
        first = Progress(total=data.get("count", 0), sent=0, failed=0, unknown=0, cancelled=0)
        progress_id = await writer.send(chat_id, progress_text(t, started, first))
        await broadcasts.follow(broadcast_id, progress_id)
        return
    if action == "pin":
        data["pin"] = not data.get("pin")
    elif action == "all":
        data["count"] = await broadcasts.scope(actor, broadcast_id, "community", [])
    elif action == "grid":
        data["count"] = await broadcasts.scope(actor, broadcast_id, "grid", [callback_data.value])
    elif action == "picked":
        data["count"] = await broadcasts.scope(actor, broadcast_id, "buildings", sorted(picked))
    await state.set_data(data)
    text = t("broadcast-confirm", count=data.get("count", 0))
    await writer.edit(
        chat_id, message_id, text, markup=keyboards.confirm(t, broadcast_id, bool(data.get("pin")))
    )


async def cmd_broadcasts(
    message: Message,
    actor: Person | None,
    broadcasts: BroadcastService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    recent = await broadcasts.recent(actor)
    lines = [progress_text(t, broadcast, progress) for broadcast, progress in recent]
    running = [b.id for b, _ in recent if b.state == "running"]
    await writer.send(
        message.chat.id,
        t("broadcast-list", count=len(lines), lines="\n\n".join(lines)),
        markup=keyboards.cancel_running(t, running),
    )


async def on_cancel(
    callback: CallbackQuery,
    callback_data: BroadcastCancel,
    actor: Person | None,
    broadcasts: BroadcastService,
    t: Translate,
) -> None:
    stopped = await broadcasts.cancel(actor, callback_data.broadcast_id)
    await callback.answer(t("broadcast-cancelled", id=callback_data.broadcast_id, count=stopped))


def setup() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == "private")
    router.message.register(cmd_broadcast, Command("broadcast"))
    router.message.register(cmd_broadcasts, Command("broadcasts"))
    # A command typed mid-conversation is a command, not the announcement.
    router.message.register(on_content, StateFilter(Compose.content), ~F.text.startswith("/"))
    router.callback_query.register(on_step, BroadcastStep.filter())
    router.callback_query.register(on_cancel, BroadcastCancel.filter())
    return router
