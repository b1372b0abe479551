"""What residents do: file a request on purpose, look up their requests, withdraw, rate, reopen."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.delivery.writer import OutboxWriter
from bot.domain.models import Person, State
from bot.domain.privacy import redact
from bot.i18n import Markup, Translate
from bot.services.requests import GroupMessage, Intake, RequestService
from bot.telegram.arguments import parse_number
from bot.telegram.callbacks import (
    CandidateAnswer,
    DuplicateAnswer,
    ResidentAction,
    ResidentStep,
)
from bot.telegram.middlewares import ACTOR_REQUIRED
from bot.telegram.views.requests import affected, request_line, request_lines, timeline


async def cmd_report(
    message: Message,
    command: CommandObject,
    actor: Person,
    requests: RequestService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    text = (command.args or "").strip()
    if not text:
        await writer.send(message.chat.id, t("report-usage"), reply_to=message.message_id)
        return
    await requests.intake(
        actor, GroupMessage(message.chat.id, message.message_id, text), forced=True
    )


async def cmd_report_private(message: Message, writer: OutboxWriter, t: Translate) -> None:
    await writer.send(message.chat.id, t("report-in-group"))


async def cmd_my(
    message: Message,
    actor: Person,
    requests: RequestService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    mine = await requests.mine(actor)
    public = message.chat.type in ("group", "supergroup")
    lines = await request_lines(t, requests, mine, public=public)
    text = t("my-requests", count=len(mine), lines=lines)
    await writer.send(message.chat.id, text, reply_to=message.message_id)


async def cmd_status(
    message: Message,
    command: CommandObject,
    actor: Person,
    requests: RequestService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    parsed = parse_number(command.args)
    if parsed is None:
        await writer.send(message.chat.id, t("status-usage"), reply_to=message.message_id)
        return
    in_group = message.chat.type in ("group", "supergroup")
    request = await requests.find(actor, parsed[0], message.chat.id if in_group else None)
    zone = await requests.zone(request)
    people = await requests.people([p for p in (request.assignee_id,) if p])
    assignee = people.get(request.assignee_id or 0)
    text = t(
        "status-card",
        line=Markup(request_line(t, request, zone, requests.clock(), public=in_group)),
        assignee=assignee.name if assignee else t("nobody"),
        mode=t(f"mode-{request.mode.value}") if request.mode else "",
        text=(redact(request.text, request.room) if in_group else request.text)[:500],
        timeline=Markup(timeline(t, await requests.timeline(request), zone, public=in_group)),
    ) + affected(t, request, public=in_group, households=False)
    await writer.send(message.chat.id, text, reply_to=message.message_id)


async def on_withdraw(
    callback: CallbackQuery,
    callback_data: ResidentAction,
    actor: Person,
    requests: RequestService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    request = await requests.withdraw(actor, callback_data.request_id)
    await _answered(callback, writer, t("withdrawn", number=str(request.number)))


async def on_rate(
    callback: CallbackQuery,
    callback_data: ResidentAction,
    actor: Person,
    requests: RequestService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    request = await requests.rate(actor, callback_data.request_id, callback_data.rating)
    if request.state is State.REOPENED:
        toast = t("rated-dissatisfied", number=str(request.number))
    elif request.reporter_id == actor.id:
        toast = t("rated", number=str(request.number))
    else:
        toast = t("co-rated", number=str(request.number))
    if request.households > 1 and request.state is not State.REOPENED:
        # Neighbours who said "me too" may still rate: the buttons stay.
        await callback.answer(toast)
        return
    await _answered(callback, writer, toast)


async def on_reopen(
    callback: CallbackQuery,
    callback_data: ResidentAction,
    actor: Person,
    requests: RequestService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    request = await requests.reopen(actor, callback_data.request_id)
    await _answered(callback, writer, t("reopened", number=str(request.number)))


async def _answered(callback: CallbackQuery, writer: OutboxWriter, toast: str) -> None:
    """The toast, and the buttons go: each of them is pressed once."""
    await callback.answer(toast)
    if callback.message is not None:
        await writer.edit_markup(callback.message.chat.id, callback.message.message_id)


async def on_candidate_answer(
    callback: CallbackQuery,
    callback_data: CandidateAnswer,
    actor: Person,
    requests: RequestService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    outcome = await requests.confirm_candidate(
        actor, callback_data.candidate_id, callback_data.accept
    )
    toast = {Intake.FILED: "candidate-filed", Intake.LIMITED: "filing-limited-short"}
    await _answered(callback, writer, t(toast.get(outcome, "candidate-dropped")))


async def on_duplicate_answer(
    callback: CallbackQuery,
    callback_data: DuplicateAnswer,
    actor: Person,
    requests: RequestService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    outcome = await requests.answer_duplicate(actor, callback_data.candidate_id, callback_data.join)
    toast = {
        Intake.CO_REPORTED: "duplicate-joined",
        Intake.FILED: "duplicate-filed",
        Intake.LIMITED: "filing-limited-short",
    }
    await _answered(callback, writer, t(toast.get(outcome, "candidate-dropped")))


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(
        cmd_report,
        Command("report", "bx"),
        F.chat.type.in_({"group", "supergroup"}),
        flags=ACTOR_REQUIRED,
    )
    router.message.register(cmd_report_private, Command("report", "bx"))
    router.message.register(cmd_my, Command("my"), flags=ACTOR_REQUIRED)
    router.message.register(cmd_status, Command("status"), flags=ACTOR_REQUIRED)
    for handler, step in (
        (on_withdraw, ResidentStep.WITHDRAW),
        (on_rate, ResidentStep.RATE),
        (on_reopen, ResidentStep.REOPEN),
    ):
        router.callback_query.register(
            handler, ResidentAction.filter(F.action == step), flags=ACTOR_REQUIRED
        )
    router.callback_query.register(
        on_candidate_answer, CandidateAnswer.filter(), flags=ACTOR_REQUIRED
    )
    router.callback_query.register(
        on_duplicate_answer, DuplicateAnswer.filter(), flags=ACTOR_REQUIRED
    )
    return router
