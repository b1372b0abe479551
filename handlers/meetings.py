"""Meetings in a group: /meeting to schedule (with a confirmation), /meetings, /cancel_meeting, buttons."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.delivery.writer import OutboxWriter
from bot.domain.models import Person
from bot.i18n import Markup, Translate
from bot.scheduling.recurrence import Rule
from bot.services.meetings import MeetingService
from bot.telegram.arguments import parse_number
from bot.telegram.callbacks import MeetingAction, MeetingStep
from bot.telegram.keyboards import meetings as keyboards
from bot.telegram.middlewares import ACTOR_REQUIRED
from bot.telegram.views.time import local_time, rule_text

_GROUPS = ("group", "supergroup")


async def cmd_meeting(
    message: Message,
    command: CommandObject,
    actor: Person,
    meetings: MeetingService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    args = (command.args or "").strip()
    in_group = message.chat.type in _GROUPS
    if not args:
        usage = "meeting-usage" if in_group else "meeting-private-usage"
        await writer.send(message.chat.id, t(usage), reply_to=message.message_id)
        return
    if in_group:
        scope, text = await meetings.scope_of_group(actor, message.chat.id), args
    else:
        scope, text = await meetings.scope_in_private(actor, args)
    await meetings.propose(actor, scope, text, message.chat.id, message.message_id)


async def cmd_meetings(
    message: Message, meetings: MeetingService, writer: OutboxWriter, t: Translate
) -> None:
    if message.chat.type not in _GROUPS:
        await writer.send(message.chat.id, t("meetings-in-group"))
        return
    upcoming = await meetings.upcoming_for_group(message.chat.id)
    lines = []
    for item in upcoming:
        meeting = item.meeting
        zone = await meetings.zone(meeting.community_id)
        lines.append(
            t(
                "meeting-line",
                id=str(meeting.id),
                title=meeting.title,
                when=local_time(t, meeting.starts_at, zone),
                rule=Markup(rule_text(t, Rule.load(meeting.rule))) if meeting.rule else "",
                coming=item.coming,
            )
        )
    text = t("meetings-list", count=len(lines), lines=Markup("\n".join(lines)))
    markup = keyboards.cancellable(t, [item.meeting.id for item in upcoming])
    await writer.send(message.chat.id, text, reply_to=message.message_id, markup=markup)


async def cmd_cancel_meeting(
    message: Message,
    command: CommandObject,
    actor: Person,
    meetings: MeetingService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    parsed = parse_number(command.args)
    if parsed is None:
        await writer.send(message.chat.id, t("meeting-cancel-usage"), reply_to=message.message_id)
        return
    meeting = await meetings.cancel(actor, parsed[0])
    await writer.send(
        message.chat.id, t("meeting-cancel-done", id=str(meeting.id)), reply_to=message.message_id
    )


async def on_come(
    callback: CallbackQuery,
    callback_data: MeetingAction,
    actor: Person,
    meetings: MeetingService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    coming, count = await meetings.rsvp(actor, callback_data.meeting_id)
    await callback.answer(t("meeting-rsvp-done" if coming else "meeting-rsvp-undone", count=count))
    if callback.message is not None:
        markup = keyboards.come(t, callback_data.meeting_id, count)
        await writer.edit_markup(callback.message.chat.id, callback.message.message_id, markup)


async def on_confirm(
    callback: CallbackQuery,
    callback_data: MeetingAction,
    actor: Person,
    meetings: MeetingService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    await meetings.confirm(actor, callback_data.meeting_id)
    await callback.answer(t("meeting-saved", id=str(callback_data.meeting_id)))
    if callback.message is not None:
        await writer.edit_markup(callback.message.chat.id, callback.message.message_id)


async def on_discard(
    callback: CallbackQuery,
    callback_data: MeetingAction,
    actor: Person,
    meetings: MeetingService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    await meetings.discard(actor, callback_data.meeting_id)
    await callback.answer(t("meeting-discarded"))
    if callback.message is not None:
        await writer.edit_markup(callback.message.chat.id, callback.message.message_id)


async def on_cancel(
    callback: CallbackQuery,
    callback_data: MeetingAction,
    actor: Person,
    meetings: MeetingService,
    t: Translate,
) -> None:
    await meetings.cancel(actor, callback_data.meeting_id)
    await callback.answer(t("meeting-cancel-done", id=str(callback_data.meeting_id)))


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_meeting, Command("meeting"), flags=ACTOR_REQUIRED)
    router.message.register(cmd_meetings, Command("meetings"))
    router.message.register(cmd_cancel_meeting, Command("cancel_meeting"), flags=ACTOR_REQUIRED)
    for handler, step in (
        (on_come, MeetingStep.COME),
        (on_confirm, MeetingStep.CONFIRM),
        (on_discard, MeetingStep.DISCARD),
        (on_cancel, MeetingStep.CANCEL),
    ):
        router.callback_query.register(
            handler, MeetingAction.filter(F.action == step), flags=ACTOR_REQUIRED
        )
    return router
