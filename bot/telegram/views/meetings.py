"""Meetings in words: the proposal to confirm, the announcement, reminders, cancellation."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from bot.delivery.lanes import Lane
from bot.domain.models import Meeting
from bot.domain.notices import (
    MeetingAnnounced,
    MeetingCancelled,
    MeetingProposed,
    MeetingReminder,
)
from bot.i18n import Markup, Translate
from bot.scheduling.recurrence import Rule
from bot.telegram.keyboards import meetings as keyboards
from bot.telegram.views.outlet import Outlet, who
from bot.telegram.views.time import duration, local_time, rule_text


def meeting_args(t: Translate, meeting: Meeting, zone: ZoneInfo) -> dict[str, Any]:
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


async def proposed(out: Outlet, notice: MeetingProposed) -> None:
    in_group = notice.chat_id < 0  # groups and supergroups have negative ids
    t = await out.group_t(notice.meeting.community_id) if in_group else out.t(notice.organiser)
    text = t(
        "meeting-proposed",
        zone=notice.zone.key,
        groups=notice.groups,
        **meeting_args(t, notice.meeting, notice.zone),
    )
    await out.writer.send(
        notice.chat_id,
        text,
        reply_to=notice.reply_to,
        markup=keyboards.proposal(t, notice.meeting.id),
    )


async def announced(out: Outlet, notice: MeetingAnnounced) -> None:
    t = await out.group_t(notice.meeting.community_id)
    text = t(
        "meeting-announced",
        organiser=who(notice.organiser),
        **meeting_args(t, notice.meeting, notice.zone),
    )
    markup = keyboards.come(t, notice.meeting.id, 0)
    for chat_id in notice.chat_ids:
        sent = await out.writer.send_tracked(chat_id, text, markup=markup, lane=Lane.SCHEDULED)
        await out.repos.meetings.add_post(sent, notice.meeting.id, chat_id)


async def reminded(out: Outlet, notice: MeetingReminder) -> None:
    t = await out.group_t(notice.meeting.community_id)
    text = t(
        "meeting-reminder",
        left=duration(t, notice.left) if notice.left else "",
        starting="yes" if notice.left is None else "no",
        coming=notice.coming,
        **meeting_args(t, notice.meeting, notice.zone),
    )
    # At the start there is nothing left to sign up for.
    markup = None if notice.left is None else keyboards.come(t, notice.meeting.id, notice.coming)
    for chat_id in notice.chat_ids:
        sent = await out.writer.send_tracked(chat_id, text, markup=markup, lane=Lane.SCHEDULED)
        # The organiser replies to it with the minutes (handlers/minutes.py).
        await out.repos.meetings.add_post(sent, notice.meeting.id, chat_id)


async def cancelled(out: Outlet, notice: MeetingCancelled) -> None:
    t = await out.group_t(notice.meeting.community_id)
    text = t("meeting-cancelled", **meeting_args(t, notice.meeting, notice.zone))
    for chat_id in notice.chat_ids:
        await out.writer.send(chat_id, text, lane=Lane.SCHEDULED)
