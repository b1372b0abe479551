"""Read-only figures for the daily and weekly digests."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, func, select

from bot.domain.models import OPEN_STATES, SATISFIED_RATINGS, Request, State, WeekFigures
from storage.repositories.base import Repository
from storage.repositories.requests import to_request
from storage.schema import requests


def _open_states() -> list[str]:
    return [state.value for state in OPEN_STATES]


class DigestRepository(Repository):
    async def open_by_assignee(self, community_id: int) -> dict[int, list[Request]]:
        query = (
            select(requests)
            .where(
                requests.c.community_id == community_id,
                requests.c.state.in_(_open_states()),
                requests.c.assignee_id.is_not(None),
            )
            .order_by(requests.c.urgent.desc(), requests.c.id)
        )
        tasks: dict[int, list[Request]] = defaultdict(list)
        for row in await self.connection.execute(query):
            tasks[row.assignee_id].append(to_request(row))
        return dict(tasks)

    async def week(self, community_id: int, since: datetime, now: datetime) -> WeekFigures:
        c = requests.c
        mine = c.community_id == community_id
        open_ = c.state.in_(_open_states())

        async def count(*where: ColumnElement[bool]) -> int:
            query = select(func.count()).select_from(requests).where(mine, *where)
            return int((await self.connection.execute(query)).scalar_one())

        closed_states: Sequence[str] = (State.CLOSED.value, State.WITHDRAWN.value)
        return WeekFigures(
            open=await count(open_),
            overdue=await count(open_, c.due_at < now),
            closed=await count(c.state.in_(closed_states), c.closed_at >= since),
            rated=await count(c.rating.is_not(None), c.closed_at >= since),
            satisfied=await count(c.rating.in_(SATISFIED_RATINGS), c.closed_at >= since),
        )
