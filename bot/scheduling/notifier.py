"""Turns the scheduling notices into outbox rows; everything else goes to the core Notifier."""

from __future__ import annotations

from typing import Any

from bot import keyboards as task_keyboards
from bot.delivery.writer import Lane, OutboxWriter, message_payload
from bot.domain import Person, Request
from bot.i18n import Markup, Translate, Translator, mention
from bot.notifier import Notifier, place
from bot.scheduling import keyboards
from bot.scheduling.notices import (
    AckReminder,
    DailyDigest,
    MeetingAnnounced,
    MeetingCancelled,
    MeetingProposed,
    MeetingReminder,
    Overdue,
    ScheduleNotice,
    WeeklyDigest,
)
from bot.scheduling.recurrence import Rule
from bot.scheduling.render import duration, local_time, rule_text, short_time
from bot.services.notices import Notice
from storage.repositories import Repositories
from storage.repositories.meetings import Meeting

_MINE = (
    MeetingProposed, MeetingAnnounced, MeetingReminder, MeetingCancelled,
    AckReminder, Overdue, DailyDigest, WeeklyDigest,
)  # fmt: skip


class ScheduleNotifier:
    def __init__(self, repos: Repositories, writer: OutboxWriter, translator: Translator) -> None:
        self.writer = writer
        self.translator = translator
        self.core = Notifier(repos, writer, translator)

    def _t(self, person: Person | None) -> Translate:
        return self.translator.for_language(person.language_code if person else None)

    async def __call__(self, notice: ScheduleNotice | Notice) -> None:
        if not isinstance(notice, _MINE):
            await self.core(notice)
            return
        match notice:
            case MeetingProposed():
                await self._proposed(notice)
            case MeetingAnnounced() | MeetingReminder() | MeetingCancelled():
                await self._group_post(notice)
            case AckReminder():
                await self._ack_reminder(notice)
            case Overdue():
                await self._overdue(notice)
            case DailyDigest():
                await self._daily(notice)
            case WeeklyDigest():
                await self._weekly(notice)

    def _meeting_args(self, t: Translate, meeting: Meeting, zone: Any) -> dict[str, Any]:
        return {
            "id": str(meeting.id),
            "title": meeting.title,
            "when": local_time(t, meeting.starts_at, zone),
            # Pre-rendered lines (already escaped): empty when the meeting has none.
            "place": Markup(t("meeting-place", place=meeting.place)) if meeting.place else "",
            "rule": Markup(t("meeting-rule-line", rule=rule_text(t, Rule.load(meeting.rule))))
            if meeting.rule
            else "",
        }

    async def _proposed(self, notice: MeetingProposed) -> None:
        t = self._t(notice.organiser)
        text = t(
            "meeting-proposed",
            zone=notice.zone.key,
            groups=notice.groups,
            **self._meeting_args(t, notice.meeting, notice.zone),
        )
        await self.writer.send(
            notice.chat_id,
            text,
            reply_to=notice.reply_to,
            markup=keyboards.proposal(t, notice.meeting.id),
        )

    async def _group_post(
        self, notice: MeetingAnnounced | MeetingReminder | MeetingCancelled
    ) -> None:
        # Posted in the organiser's language: a group has no language of its own.
        t = self._t(notice.organiser)
        args = self._meeting_args(t, notice.meeting, notice.zone)
        markup = None
        if isinstance(notice, MeetingAnnounced):
            text = t("meeting-announced", organiser=mention_of(notice.organiser), **args)
            markup = keyboards.come(t, notice.meeting.id, 0)
        elif isinstance(notice, MeetingReminder):
            left = duration(t, notice.left) if notice.left else ""
            starting = "yes" if notice.left is None else "no"
            text = t("meeting-reminder", left=left, starting=starting, coming=notice.coming, **args)
            markup = (
                None if notice.left is None else keyboards.come(t, notice.meeting.id, notice.coming)
            )
        else:
            text = t("meeting-cancelled", **args)
        for chat_id in notice.chat_ids:
            await self.writer.send(chat_id, text, markup=markup, lane=Lane.SCHEDULED)

    async def _ack_reminder(self, notice: AckReminder) -> None:
        request, owner = notice.request, notice.owner
        t = self._t(owner)
        body = t(
            "deadline-ack-reminder",
            number=str(request.number),
            category=t(f"category-{request.category}"),
            place=place(t, request),
            due=short_time(t, request.ack_due_at or request.created_at, notice.zone),
            urgent="yes" if request.urgent else "no",
        )
        lane = Lane.URGENT if request.urgent else Lane.SCHEDULED
        markup = task_keyboards.task(t, request.id)
        fallback = (
            message_payload(
                request.chat_id,
                t("deadline-ack-reminder-in-group", owner=mention_of(owner), card=body),
                reply_to=request.message_id,
                markup=markup,
            )
            if request.chat_id is not None
            else None
        )
        if owner.telegram_id is not None:
            await self.writer.send(
                owner.telegram_id, body, markup=markup, lane=lane, fallback=fallback
            )

    async def _overdue(self, notice: Overdue) -> None:
        request, person = notice.request, notice.person
        if person.telegram_id is None:
            return
        t = self._t(person)
        text = t(
            "deadline-overdue",
            number=str(request.number),
            category=t(f"category-{request.category}"),
            place=place(t, request),
            due=short_time(t, request.due_at or request.created_at, notice.zone),
        )
        await self.writer.send(person.telegram_id, text, lane=Lane.SCHEDULED)

    async def _daily(self, notice: DailyDigest) -> None:
        person = notice.person
        assert person.telegram_id is not None
        t = self._t(person)
        lines = [digest_line(t, task, notice) for task in notice.tasks]
        text = t("digest-daily", count=len(lines), lines=Markup("\n".join(lines)))
        await self.writer.send(person.telegram_id, text, lane=Lane.BULK)

    async def _weekly(self, notice: WeeklyDigest) -> None:
        person = notice.person
        assert person.telegram_id is not None
        t = self._t(person)
        figures = notice.figures
        satisfaction = round(100 * figures.satisfied / figures.rated) if figures.rated else -1
        text = t(
            "digest-weekly",
            community=notice.community,
            open=figures.open,
            overdue=figures.overdue,
            closed=figures.closed,
            rated=figures.rated,
            satisfaction=satisfaction,
        )
        await self.writer.send(person.telegram_id, text, lane=Lane.BULK)


def mention_of(person: Person) -> Markup:
    return mention(person.name, person.telegram_id, person.username)


def digest_line(t: Translate, request: Request, notice: DailyDigest) -> str:
    due = request.due_at
    return t(
        "digest-line",
        number=str(request.number),
        category=t(f"category-{request.category}"),
        state=t(f"state-{request.state.value}"),
        due=short_time(t, due, notice.zone) if due else "",
        overdue="yes" if due is not None and due < notice.now else "no",
        excerpt=request.text[:40] + ("…" if len(request.text) > 40 else ""),
    )
