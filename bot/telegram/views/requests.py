"""Requests in words: list lines, the timeline, and the messages each request notice becomes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.models import Hotlines, Request, State
from bot.domain.notices import (
    CandidateQuestion,
    Copied,
    RatingAsked,
    RequestFiled,
    StateLine,
    TaskAssigned,
)
from bot.domain.privacy import redact
from bot.i18n import Markup, Translate
from bot.services.requests import RequestService, TimelineEntry
from bot.telegram.keyboards import requests as keyboards
from bot.telegram.views.outlet import Outlet, excerpt, lane_of, place, who

LINE_EXCERPT = 40  # a list line quotes the resident this long
MENTIONED = 10  # neighbours named under a resolution; the rest are counted


def when(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%m-%d %H:%M")


def request_line(
    t: Translate, request: Request, zone: ZoneInfo, now: datetime, *, public: bool = False
) -> str:
    """`public`: for a group, which sees no phone number and no flat."""
    text = redact(request.text, request.room) if public else request.text
    return t(
        "request-line",
        number=str(request.number),
        category=t(f"category-{request.category}"),
        state=t(f"state-{request.state.value}"),
        created=when(request.created_at, zone),
        excerpt=excerpt(text, LINE_EXCERPT),
        households=request.households,
    ) + due(t, request, zone, now)


def due(t: Translate, request: Request, zone: ZoneInfo, now: datetime) -> str:
    """The deadline that matters now: acknowledging while untouched, else resolving."""
    if not request.is_open:
        return ""
    waiting = request.state in (State.NEW, State.REOPENED) and request.ack_due_at is not None
    moment = request.ack_due_at if waiting else request.due_at
    if moment is None:
        return ""
    return t(
        "request-due",
        kind="ack" if waiting else "resolve",
        due=when(moment, zone),
        overdue="yes" if moment < now else "no",
    )


async def request_lines(
    t: Translate, requests: RequestService, items: list[Request], *, public: bool = False
) -> Markup:
    """One line per request, for /my and /tasks; already escaped."""
    now = requests.clock()
    return Markup(
        "\n".join([request_line(t, r, await requests.zone(r), now, public=public) for r in items])
    )


def timeline(
    t: Translate, entries: list[TimelineEntry], zone: ZoneInfo, *, public: bool = False
) -> str:
    return "\n".join(
        t(
            "timeline-entry",
            at=when(entry.at, zone),
            action=entry.action,
            actor=entry.actor.name if entry.actor else t("system"),
            note=note_line(t, redact(entry.note) if public and entry.note else entry.note),
        )
        for entry in entries
    )


def note_line(t: Translate, note: str | None) -> Markup:
    return Markup(t("note-line", note=note)) if note else Markup("")


# --- notices ------------------------------------------------------------------------


async def filed(out: Outlet, notice: RequestFiled) -> None:
    request = notice.request
    assert request.chat_id is not None
    t = await out.group_t(request.community_id)
    text = t(
        "request-filed",
        number=str(request.number),
        category=t(f"category-{request.category}"),
        handler=who(notice.assignee) if notice.assignee else t("nobody"),
        urgent="yes" if request.urgent else "no",
    )
    if notice.hotlines is not None:
        text += "\n\n" + urgent_advice(t, request.danger, notice.hotlines)
    await out.writer.send(
        request.chat_id,
        text,
        reply_to=request.message_id,
        markup=keyboards.withdraw(t, request.id),
        lane=lane_of(request),
        request_id=request.id,
    )


def urgent_advice(t: Translate, danger: str | None, hotlines: Hotlines) -> str:
    """What to do now, by the kind of danger, with the community's numbers."""
    return t(
        "urgent-advice",
        kind=danger or "other",
        fire=hotlines.fire,
        ambulance=hotlines.ambulance,
        police=hotlines.police,
        gas=hotlines.gas or "none",
        lift=hotlines.lift or "none",
        property=hotlines.property or "none",
    )


async def task(out: Outlet, notice: TaskAssigned) -> None:
    request, owner = notice.request, notice.owner

    def card(t: Translate, public: bool = False) -> str:
        """`public`: for a group, without the flat or a phone number."""
        return t(
            "task-card",
            reason=notice.reason,
            number=str(request.number),
            category=t(f"category-{request.category}"),
            urgent="yes" if request.urgent else "no",
            place=place(t, request, public=public),
            reporter=who(notice.reporter),
            text=excerpt(redact(request.text, request.room) if public else request.text),
        ) + affected(t, request, public=public)

    def in_group(t: Translate) -> str:
        return t("task-in-group", owner=who(owner), card=Markup(card(t, public=True)))

    t = out.t(owner)
    groups = await out.in_groups(
        request, in_group, lambda t: keyboards.task(t, request.id), tell_writer=True
    )
    await out.private_or_group(
        owner, card(t), keyboards.task(t, request.id), groups, lane_of(request), request.id
    )


async def copied(out: Outlet, notice: Copied) -> None:
    request, person = notice.request, notice.person

    def card(t: Translate, public: bool = False) -> str:
        """`public`: for a group, without the flat or a phone number."""
        return t(
            "copied-card",
            why=notice.why,
            number=str(request.number),
            category=t(f"category-{request.category}"),
            urgent="yes" if request.urgent else "no",
            place=place(t, request, public=public),
            text=excerpt(redact(request.text, request.room) if public else request.text),
        )

    def in_group(t: Translate) -> str:
        return t("copied-in-group", person=who(person), card=Markup(card(t, public=True)))

    groups = await out.in_groups(request, in_group, lambda t: None)
    await out.private_or_group(
        person, card(out.t(person)), None, groups, lane_of(request), request.id
    )


async def state_line(out: Outlet, notice: StateLine) -> None:
    request = notice.request
    if request.chat_id is None:
        return
    t = await out.group_t(request.community_id)
    text = t(
        "state-line",
        number=str(request.number),
        action=notice.action,
        actor=notice.actor.name if notice.actor else t("system"),
        mode=t(f"mode-{request.mode.value}") if request.mode else "",
        note=note_line(t, redact(notice.note) if notice.note else None),
    )
    await out.writer.send(request.chat_id, text, reply_to=request.message_id, request_id=request.id)


def affected(
    t: Translate, request: Request, *, public: bool = False, households: bool = True
) -> str:
    """Lines under a card: how many households, and why the resident was not satisfied."""
    lines = ""
    if households and request.households > 1:
        lines += "\n" + t("households-line", count=request.households)
    if request.dissatisfaction:
        reason = redact(request.dissatisfaction) if public else request.dissatisfaction
        lines += "\n" + t("dissatisfaction-line", reason=excerpt(reason))
    return lines


async def rating(out: Outlet, notice: RatingAsked) -> None:
    request = notice.request
    if request.chat_id is None:
        return
    t = await out.group_t(request.community_id)
    text = t(
        "request-resolved",
        number=str(request.number),
        resolver=notice.resolver.name,
        note=note_line(t, redact(notice.note) if notice.note else None),
        reporter=who(notice.reporter),
    )
    if notice.coreporters:
        shown = notice.coreporters[:MENTIONED]
        text += "\n" + t(
            "rating-neighbours",
            neighbours=Markup(", ".join(who(p) for p in shown)),
            more=len(notice.coreporters) - len(shown),
        )
    await out.writer.send(
        request.chat_id,
        text,
        reply_to=request.message_id,
        markup=keyboards.rating(t, request.id),
        request_id=request.id,
    )


async def candidate(out: Outlet, notice: CandidateQuestion) -> None:
    t = await out.group_t_of_chat(notice.chat_id)
    await out.writer.send(
        notice.chat_id,
        t("candidate-question", reporter=who(notice.reporter)),
        reply_to=notice.message_id,
        markup=keyboards.candidate(t, notice.candidate_id),
    )
