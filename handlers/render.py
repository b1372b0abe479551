"""Request views shared by the handlers: one line for lists, a card with its timeline."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.domain import Request, State
from bot.i18n import Markup, Translate
from bot.services.requests import RequestService, TimelineEntry


def when(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%m-%d %H:%M")


def request_line(t: Translate, request: Request, zone: ZoneInfo) -> str:
    return t(
        "request-line",
        number=str(request.number),
        category=t(f"category-{request.category}"),
        state=t(f"state-{request.state.value}"),
        created=when(request.created_at, zone),
        excerpt=request.text[:40] + ("…" if len(request.text) > 40 else ""),
    ) + due(t, request, zone)


def due(t: Translate, request: Request, zone: ZoneInfo) -> str:
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
        overdue="yes" if moment < datetime.now(UTC) else "no",
    )


async def request_lines(t: Translate, requests: RequestService, items: list[Request]) -> Markup:
    """One line per request, for /my and /tasks; already escaped."""
    return Markup("\n".join([request_line(t, r, await requests.zone(r)) for r in items]))


def timeline(t: Translate, entries: list[TimelineEntry], zone: ZoneInfo) -> str:
    return "\n".join(
        t(
            "timeline-entry",
            at=when(entry.at, zone),
            action=entry.action,
            actor=entry.actor.name if entry.actor else t("system"),
            note=Markup(t("note-line", note=entry.note)) if entry.note else "",
        )
        for entry in entries
    )


def parse_number(args: str | None) -> tuple[int, str | None] | None:
    """'12 note', '#12 note' or '＃12' -> (12, 'note'); anything else -> None."""
    if not args:
        return None
    head, _, rest = args.strip().partition(" ")
    head = head.lstrip("#＃")
    if not head.isascii() or not head.isdigit() or len(head) > 9:
        return None
    return int(head), (rest.strip() or None)
