"""What grid members do with their tasks, by button or by typed command."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.delivery.writer import OutboxWriter
from bot.domain.models import Mode, Person, Request
from bot.i18n import Translate
from bot.services.requests import RequestService
from bot.telegram.arguments import parse_number
from bot.telegram.callbacks import TaskAction
from bot.telegram.middlewares import ACTOR_REQUIRED
from bot.telegram.views.requests import request_lines

_COMMANDS = {"ack": "acknowledge", "done": "resolve", "escalate": "escalate"}
_BUTTONS = {"ack", "done", "esc", *(mode.value for mode in Mode)}


async def _act(
    requests: RequestService, actor: Person, action: str, request_id: int, note: str | None
) -> Request:
    if action in ("ack", "acknowledge"):
        return await requests.acknowledge(actor, request_id)
    if action in ("done", "resolve"):
        return await requests.resolve(actor, request_id, note)
    if action in ("esc", "escalate"):
        return await requests.escalate(actor, request_id, note)
    return await requests.set_mode(actor, request_id, Mode(action))


async def cmd_task_action(
    message: Message,
    command: CommandObject,
    actor: Person,
    requests: RequestService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    parsed = parse_number(command.args)
    if parsed is None:
        await writer.send(
            message.chat.id, t(f"usage-{command.command}"), reply_to=message.message_id
        )
        return
    number, note = parsed
    in_group = message.chat.type in ("group", "supergroup")
    request = await requests.find(actor, number, message.chat.id if in_group else None)
    request = await _act(requests, actor, command.command, request.id, note)
    text = t(f"done-{_COMMANDS[command.command]}", number=str(request.number))
    await writer.send(message.chat.id, text, reply_to=message.message_id)


async def cmd_tasks(
    message: Message,
    actor: Person,
    requests: RequestService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    tasks = await requests.tasks(actor)
    text = t("my-tasks", count=len(tasks), lines=await request_lines(t, requests, tasks))
    await writer.send(message.chat.id, text, reply_to=message.message_id)


async def on_task_action(
    callback: CallbackQuery,
    callback_data: TaskAction,
    actor: Person,
    requests: RequestService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    action = callback_data.action
    if action not in _BUTTONS:
        await callback.answer()
        return
    request = await _act(requests, actor, action, callback_data.request_id, None)
    key = {"ack": "acknowledge", "done": "resolve", "esc": "escalate"}.get(action, "set_mode")
    await callback.answer(t(f"done-{key}", number=str(request.number)))
    moved_on = not request.is_open or request.assignee_id != actor.id
    if moved_on and callback.message is not None:
        await writer.edit_markup(callback.message.chat.id, callback.message.message_id)


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_task_action, Command(*_COMMANDS), flags=ACTOR_REQUIRED)
    router.message.register(cmd_tasks, Command("tasks"), flags=ACTOR_REQUIRED)
    router.callback_query.register(on_task_action, TaskAction.filter(), flags=ACTOR_REQUIRED)
    return router
