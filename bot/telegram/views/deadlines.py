"""Deadlines and digests in words: the reminder to acknowledge, overdue alerts, daily and weekly digests."""

from __future__ import annotations

from bot.delivery.lanes import Lane
from bot.domain.models import Request
from bot.domain.notices import AckReminder, DailyDigest, Overdue, WeeklyDigest
from bot.i18n import Markup, Translate
from bot.telegram.keyboards import requests as keyboards
from bot.telegram.views.outlet import Outlet, excerpt, place, who
from bot.telegram.views.requests import LINE_EXCERPT
from bot.telegram.views.time import short_time


async def ack_reminder(out: Outlet, notice: AckReminder) -> None:
    request, owner = notice.request, notice.owner
    if owner.telegram_id is None:
        return

    def card(t: Translate, public: bool = False) -> str:
        return t(
            "deadline-ack-reminder",
            number=str(request.number),
            category=t(f"category-{request.category}"),
            place=place(t, request, public=public),
            due=short_time(t, request.ack_due_at or request.created_at, notice.zone),
            urgent="yes" if request.urgent else "no",
        )

    lane = Lane.URGENT if request.urgent else Lane.SCHEDULED
    markup = keyboards.task(out.t(owner), request.id)

    def in_group(t: Translate) -> str:
        return t("deadline-ack-reminder-in-group", owner=who(owner), card=card(t, public=True))

    groups = await out.in_groups(request, in_group, lambda t: keyboards.task(t, request.id))
    await out.private_or_group(owner, card(out.t(owner)), markup, groups, lane)


async def overdue(out: Outlet, notice: Overdue) -> None:
    request, person = notice.request, notice.person
    if person.telegram_id is None:
        return
    t = out.t(person)
    text = t(
        "deadline-overdue",
        number=str(request.number),
        category=t(f"category-{request.category}"),
        place=place(t, request),
        due=short_time(t, request.due_at or request.created_at, notice.zone),
    )
    await out.writer.send(person.telegram_id, text, lane=Lane.SCHEDULED)


async def daily(out: Outlet, notice: DailyDigest) -> None:
    person = notice.person
    assert person.telegram_id is not None
    t = out.t(person)
    lines = [digest_line(t, task, notice) for task in notice.tasks]
    text = t("digest-daily", count=len(lines), lines=Markup("\n".join(lines)))
    await out.writer.send(person.telegram_id, text, lane=Lane.BULK)


async def weekly(out: Outlet, notice: WeeklyDigest) -> None:
    person = notice.person
    assert person.telegram_id is not None
    t = out.t(person)
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
    await out.writer.send(person.telegram_id, text, lane=Lane.BULK)


def digest_line(t: Translate, request: Request, notice: DailyDigest) -> str:
    due = request.due_at
    return t(
        "digest-line",
        number=str(request.number),
        category=t(f"category-{request.category}"),
        state=t(f"state-{request.state.value}"),
        due=short_time(t, due, notice.zone) if due else "",
        overdue="yes" if due is not None and due < notice.now else "no",
        excerpt=excerpt(request.text, LINE_EXCERPT),
    )
