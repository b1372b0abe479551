"""Requests as the public may see them (the Open311 GeoReport v2 read API): categories are
the services, a request is open or closed, and nothing about a person ever leaves."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.domain.models import PublicRequest, State
from bot.parsing import CATEGORIES
from storage.repositories import Repositories

# A resolved request waits for the resident's rating, but the work is done: closed.
OPEN = (State.NEW, State.ACKNOWLEDGED, State.REOPENED)
CLOSED = (State.RESOLVED, State.CLOSED)
# Withdrawn ones were never requests (a chat message filed by mistake, taken back).
PUBLISHED = (*OPEN, *CLOSED)
# GeoReport v2: without dates, the last 90 days; a query may span no more than that.
WINDOW = timedelta(days=90)
MOST = 1000


class BadQuery(ValueError):
    """A parameter the API cannot answer; the message says which and why."""


@dataclass(frozen=True, slots=True)
class PublicQuery:
    statuses: tuple[str, ...] = ("open", "closed")
    start: datetime | None = None
    end: datetime | None = None
    services: tuple[str, ...] | None = None
    ids: tuple[int, ...] | None = None


def status_of(state: State) -> str:
    return "open" if state in OPEN else "closed"


def services() -> Sequence[str]:
    return CATEGORIES


async def find(repos: Repositories, query: PublicQuery, now: datetime) -> list[PublicRequest]:
    states = [s for s in PUBLISHED if status_of(s) in query.statuses]
    if query.services is not None and (unknown := set(query.services) - set(CATEGORIES)):
        raise BadQuery(f"service_code: no such service {', '.join(sorted(unknown))}")
    end = query.end or (query.start + WINDOW if query.start else now)
    start = query.start or end - WINDOW
    if start >= end:
        raise BadQuery("start_date must be before end_date")
    if end - start > WINDOW:
        raise BadQuery("start_date to end_date may span at most 90 days")
    return await repos.requests.public(
        states=states,
        since=start,
        until=end,
        categories=query.services,
        ids=query.ids,
        limit=MOST,
    )


async def one(repos: Repositories, request_id: int) -> PublicRequest | None:
    found = await repos.requests.public(
        states=PUBLISHED,
        since=_EPOCH,
        until=_FAR,
        categories=None,
        ids=[request_id],
        limit=1,
    )
    return found[0] if found else None


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_FAR = datetime(9999, 1, 1, tzinfo=UTC)
