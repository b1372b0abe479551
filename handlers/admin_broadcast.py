"""/broadcast in private: the announcement, its scope, a count, confirm; /broadcasts, cancel.

The conversation is aiogram FSM, stored in the database (bot.telegram.fsm_storage): a restart in
the middle keeps the admin's place.
"""

from __future__ import annotations

from dataclasses import dataclass
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
from bot.telegram.callbacks import BroadcastAction, BroadcastCancel, BroadcastStep
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


@dataclass(frozen=True, slots=True)
class Step:
    """The press, checked against the conversation it belongs to."""

    data: dict[str, Any]
    chat_id: int
    message_id: int
    broadcast_id: int


async def _step(
    callback: CallbackQuery, pressed: BroadcastStep, state: FSMContext, t: Translate
) -> Step | None:
    """This admin's current draft, or a refusal for a button of an older one."""
    data = await state.get_data()
    message = callback.message
    if data.get("broadcast_id") != pressed.broadcast_id or message is None:
        await callback.answer(t("broadcast-stale"), show_alert=True)
        return None
    await callback.answer()
    return Step(data, message.chat.id, message.message_id, pressed.broadcast_id)


async def on_drop(
    callback: CallbackQuery,
    callback_data: BroadcastStep,
    actor: Person | None,
    broadcasts: BroadcastService,
    writer: OutboxWriter,
    state: FSMContext,
    t: Translate,
) -> None:
    if (step := await _step(callback, callback_data, state, t)) is None:
        return
    await broadcasts.discard(actor, step.broadcast_id)
    await state.clear()
    await writer.edit(step.chat_id, step.message_id, t("broadcast-dropped"))


async def on_grids(
    callback: CallbackQuery,
    callback_data: BroadcastStep,
    actor: Person | None,
    broadcasts: BroadcastService,
    writer: OutboxWriter,
    state: FSMContext,
    t: Translate,
) -> None:
    if (step := await _step(callback, callback_data, state, t)) is None:
        return
    choices, _ = await broadcasts.choices(actor, step.broadcast_id)
    markup = keyboards.grids(t, step.broadcast_id, choices)
    await writer.edit(step.chat_id, step.message_id, t("broadcast-ask-grid"), markup=markup)


async def on_pick(
    callback: CallbackQuery,
    callback_data: BroadcastStep,
    actor: Person | None,
    broadcasts: BroadcastService,
    writer: OutboxWriter,
    state: FSMContext,
    t: Translate,
) -> None:
    """The buildings to pick from; a press on one picks or unpicks it."""
    if (step := await _step(callback, callback_data, state, t)) is None:
        return
    picked = set(step.data.get("picked", []))
    if callback_data.action is BroadcastAction.TOGGLE:
        picked ^= {callback_data.value}
        await state.update_data(picked=sorted(picked))
    choices, buildings = await broadcasts.choices(actor, step.broadcast_id)
    codes = {grid.id: grid.code for grid in choices}
    markup = keyboards.pick(t, step.broadcast_id, buildings, codes, picked)
    await writer.edit(step.chat_id, step.message_id, t("broadcast-ask-buildings"), markup=markup)


async def on_scope_or_pin(
    callback: CallbackQuery,
    callback_data: BroadcastStep,
    actor: Person | None,
    broadcasts: BroadcastService,
    writer: OutboxWriter,
    state: FSMContext,
    t: Translate,
) -> None:
    """The scope chosen (or the pin switched): the count, and the confirm buttons."""
    if (step := await _step(callback, callback_data, state, t)) is None:
        return
    data, broadcast_id = step.data, step.broadcast_id
    action = callback_data.action
    if action is BroadcastAction.PIN:
        data["pin"] = not data.get("pin")
    elif action is BroadcastAction.ALL:
        data["count"] = await broadcasts.scope(actor, broadcast_id, "community", [])
    elif action is BroadcastAction.GRID:
        data["count"] = await broadcasts.scope(actor, broadcast_id, "grid", [callback_data.value])
    else:
        picked = sorted(data.get("picked", []))
        data["count"] = await broadcasts.scope(actor, broadcast_id, "buildings", picked)
    await state.set_data(data)
    text = t("broadcast-confirm", count=data.get("count", 0))
    markup = keyboards.confirm(t, broadcast_id, bool(data.get("pin")))
    await writer.edit(step.chat_id, step.message_id, text, markup=markup)


async def on_go(
    callback: CallbackQuery,
    callback_data: BroadcastStep,
    actor: Person | None,
    broadcasts: BroadcastService,
    writer: OutboxWriter,
    state: FSMContext,
    t: Translate,
) -> None:
    if (step := await _step(callback, callback_data, state, t)) is None:
        return
    data = step.data
    started = await broadcasts.confirm(actor, step.broadcast_id, bool(data.get("pin")))
    await state.clear()
    await writer.edit_markup(step.chat_id, step.message_id)
    first = Progress(total=data.get("count", 0), sent=0, failed=0, unknown=0, cancelled=0)
    progress_id = await writer.send_tracked(step.chat_id, progress_text(t, started, first))
    await broadcasts.follow(step.broadcast_id, progress_id)


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
    confirming = {
        BroadcastAction.ALL, BroadcastAction.GRID, BroadcastAction.PICKED, BroadcastAction.PIN
    }  # fmt: skip
    steps = (
        (on_drop, F.action == BroadcastAction.DROP),
        (on_grids, F.action == BroadcastAction.GRIDS),
        (on_pick, F.action.in_({BroadcastAction.PICK, BroadcastAction.TOGGLE})),
        (on_scope_or_pin, F.action.in_(confirming)),
        (on_go, F.action == BroadcastAction.GO),
    )
    for handler, match in steps:
        router.callback_query.register(handler, BroadcastStep.filter(match))
    router.callback_query.register(on_cancel, BroadcastCancel.filter())
    return router
