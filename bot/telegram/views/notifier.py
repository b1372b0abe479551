"""The one notifier: each notice type has one renderer that turns it into outbox rows."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.delivery.writer import OutboxWriter
from bot.domain import notices
from bot.domain.notices import Notice
from bot.i18n import Translator
from bot.telegram.views import (
    agenda,
    deadlines,
    meetings,
    menus,
    neighbours,
    people,
    requests,
    trust,
)
from bot.telegram.views.outlet import Outlet
from storage.repositories import Repositories

Renderer = Callable[[Outlet, Any], Awaitable[None]]

RENDERERS: dict[type[Any], Renderer] = {
    notices.RequestFiled: requests.filed,
    notices.TaskAssigned: requests.task,
    notices.Copied: requests.copied,
    notices.StateLine: requests.state_line,
    notices.RatingAsked: requests.rating,
    notices.CandidateQuestion: requests.candidate,
    notices.MeetingProposed: meetings.proposed,
    notices.MeetingAnnounced: meetings.announced,
    notices.MeetingReminder: meetings.reminded,
    notices.MeetingCancelled: meetings.cancelled,
    notices.AckReminder: deadlines.ack_reminder,
    notices.Overdue: deadlines.overdue,
    notices.DailyDigest: deadlines.daily,
    notices.WeeklyDigest: deadlines.weekly,
    notices.PersonUnreachable: people.unreachable,
    notices.CommandMenu: menus.menu,
    notices.PostGained: trust.post_gained,
    notices.PostLost: trust.post_lost,
    notices.InviteAccepted: trust.invite_accepted,
    notices.FilingLimited: trust.filing_limited,
    notices.CoReported: neighbours.co_reported,
    notices.ReasonAsked: neighbours.reason_asked,
    notices.ReasonGiven: neighbours.reason_given,
    notices.DuplicateQuestion: neighbours.duplicate,
    notices.ResidentsAgenda: agenda.agenda,
}


class Notifier:
    """Renders what the services owe people, each in its reader's language, in the caller's transaction."""

    def __init__(self, repos: Repositories, writer: OutboxWriter, translator: Translator) -> None:
        self.outlet = Outlet(repos, writer, translator)

    async def __call__(self, notice: Notice) -> None:
        await RENDERERS[type(notice)](self.outlet, notice)
