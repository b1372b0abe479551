"""What grid members do with their tasks, by button or by typed command."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.delivery.writer import OutboxWriter
from bot.domain.models import Mode, Person, Request
from bot.i18n import Translate
from bot.services.requests import RequestService
from bot.telegram.arguments import parse_number
from bot.telegram.callbacks import TaskAction, TaskStep
from bot.telegram.middlewares import ACTOR_REQUIRED
from bot.telegram.views.requests import request_lines


async def _acknowledge(
    requests: RequestService, actor: Person, request_id: int, _note: str | None
) -> Request:
    return await requests.acknowledge(actor, request_id)


async def _not_request(
    requests: RequestService, actor: Person, request_id: int, _note: str | None
) -> Request:
    return await requests.not_a_request(actor, request_id)


async def _urgent(
    requests: RequestService, actor: Person, request_id: int, _note: str | None
) -> Request:
    return await requests.set_urgent(actor, request_id, True)


async def _not_urgent(
    requests: RequestService, actor: Person, request_id: int, _note: str | None
) -> Request:
    return await requests.set_urgent(actor, request_id, False)


# A typed command, what it does, and the catalogue's "done" message.
_COMMANDS = {
    "ack": (_acknowledge, "acknowledge"),
    "done": (RequestService.resolve, "resolve"),
    "escalate": (RequestService.escalate, "escalate"),
    # Corrections: each also teaches the parser (a labelled example).
    "notrequest": (_not_request, "notrequest"),
    "category": (RequestService.recategorise, "category"),
    "urgent": (_urgent, "urgent"),
    "noturgent": (_not_urgent, "noturgent"),
}


async def cmd_task_action(
    message: Message,
    command: CommandObject,
    actor: Person,
    requests: RequestService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    parsed = parse_number(command.args)
    if parsed is None or (command.command == "category" and not parsed[1]):
        await writer.send(
            message.chat.id, t(f"usage-{command.command}"), reply_to=message.message_id
        )
        return
    number, note = parsed
    in_group = message.chat.type in ("group", "supergroup")
    request = await requests.find(actor, number, message.chat.id if in_group else None)
    act, done = _COMMANDS[command.command]
    request = await act(requests, actor, request.id, note)
    text = t(
        f"done-{done}",
        number=str(request.number),
        category=t(f"category-{request.category}"),
    )
    await writer.send(message.chat.id, text, reply_to=message.message_id)


async def cmd_tasks(
    message: Message,
    actor: Person,
    requests: RequestService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    tasks = await requests.tasks(actor)
    public = message.chat.type in ("group", "supergroup")
    lines = await request_lines(t, requests, tasks, public=public)
    text = t("my-tasks", count=len(tasks), lines=lines)
    await writer.send(message.chat.id, text, reply_to=message.message_id)


async def on_ack(
    callback: CallbackQuery,
    callback_data: TaskAction,
    actor: Person,
    requests: RequestService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    request = await requests.acknowledge(actor, callback_data.request_id)
    await _pressed(
        callback, writer, actor, request, t("done-acknowledge", number=str(request.number))
    )


async def on_done(
    callback: CallbackQuery,
    callback_data: TaskAction,
    actor: Person,
    requests: RequestService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    request = await requests.resolve(actor, callback_data.request_id, None)
    await _pressed(callback, writer, actor, request, t("done-resolve", number=str(request.number)))


async def on_escalate(
    callback: CallbackQuery,
    callback_data: TaskAction,
    actor: Person,
    requests: RequestService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    request = await requests.escalate(actor, callback_data.request_id, None)
    await _pressed(callback, writer, actor, request, t("done-escalate", number=str(request.number)))


async def on_mode(
    callback: CallbackQuery,
    callback_data: TaskAction,
    actor: Person,
    requests: RequestService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    mode = Mode(callback_data.action.value)
    request = await requests.set_mode(actor, callback_data.request_id, mode)
    await _pressed(callback, writer, actor, request, t("done-set_mode", number=str(request.number)))


async def _pressed(
    callback: CallbackQuery, writer: OutboxWriter, actor: Person, request: Request, toast: str
) -> None:
    """The toast; the buttons go once the task is no longer the presser's to act on."""
    await callback.answer(toast)
    moved_on = not request.is_open or request.assignee_id != actor.id
    if moved_on and callback.message is not None:
        await writer.edit_markup(callback.message.chat.id, callback.message.message_id)


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_task_action, Command(*_COMMANDS), flags=ACTOR_REQUIRED)
    router.message.register(cmd_tasks, Command("tasks"), flags=ACTOR_REQUIRED)
    modes = {TaskStep(mode.value) for mode in Mode}
    for handler, match in (
        (on_ack, F.action == TaskStep.ACK),
        (on_done, F.action == TaskStep.DONE),
        (on_escalate, F.action == TaskStep.ESCALATE),
        (on_mode, F.action.in_(modes)),
    ):
        router.callback_query.register(handler, TaskAction.filter(match), flags=ACTOR_REQUIRED)
    return router
