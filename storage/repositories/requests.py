from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, and_, bindparam, func, or_, select, update

from bot.domain.models import OPEN_STATES, Level, Mode, PublicRequest, Request, RequestEvent, State
from bot.domain.privacy import ANONYMISED
from storage.repositories.base import Repository
from storage.schema import (
    buildings,
    candidates,
    communities,
    grids,
    outbox,
    people,
    request_events,
    requests,
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A message the parser was unsure of, waiting for its writer's yes or no."""

    id: int
    chat_id: int
    message_id: int
    reporter_id: int
    text: str
    duplicate_of: int | None = None  # the open request it looks like, when that is the question


def to_request(row: Row[Any]) -> Request:
    return Request(
        id=row.id,
        community_id=row.community_id,
        number=row.number,
        grid_id=row.grid_id,
        building_id=row.building_id,
        chat_id=row.chat_id,
        message_id=row.message_id,
        reporter_id=row.reporter_id,
        text=row.text,
        category=row.category,
        building_label=row.building_label,
        unit=row.unit,
        room=row.room,
        urgent=row.urgent,
        state=State(row.state),
        mode=Mode(row.mode) if row.mode else None,
        level=Level(row.level),
        assignee_id=row.assignee_id,
        created_at=row.created_at,
        acknowledged_at=row.acknowledged_at,
        resolved_at=row.resolved_at,
        closed_at=row.closed_at,
        rating=row.rating,
        ack_due_at=row.ack_due_at,
        due_at=row.due_at,
        sla_epoch=row.sla_epoch,
        danger=row.danger,
        households=row.households,
        dissatisfied_by=row.dissatisfied_by,
        dissatisfied_at=row.dissatisfied_at,
        dissatisfaction=row.dissatisfaction,
    )


def _public(row: Any) -> PublicRequest:
    steps = (row.created_at, row.acknowledged_at, row.resolved_at, row.closed_at)
    return PublicRequest(
        id=row.id,
        number=row.number,
        community=row.community_name,
        grid=row.grid_name,
        building_id=row.building_id,
        building=row.building_number,
        category=row.category,
        state=State(row.state),
        urgent=bool(row.urgent),
        created_at=row.created_at,
        updated_at=max(step for step in steps if step is not None),
        due_at=row.due_at,
    )


# The intake's statements, built once and executed with parameters.
_INSERT = requests.insert().returning(requests)
# Filing: the community's counter moves on, and the request takes the number it passed, in
# two statements that go to SQLite in one trip (the first is sent with the second). On
# PostgreSQL the counter's row stays locked until the commit: no two workers share a number.
_COUNT_ON = (
    update(communities)
    .where(communities.c.id == bindparam("community_id"))
    .values(next_number=communities.c.next_number + 1)
)
_INSERT_NUMBERED = (
    requests.insert()
    .values(
        number=select(communities.c.next_number - 1)
        .where(communities.c.id == bindparam("numbered_in"))
        .scalar_subquery()
    )
    .returning(requests)
)
_BY_MESSAGE = select(requests).where(
    requests.c.chat_id == bindparam("chat_id"), requests.c.message_id == bindparam("message_id")
)
_FILED_SINCE = select(func.count()).where(
    requests.c.reporter_id == bindparam("reporter_id"), requests.c.created_at >= bindparam("since")
)
# The intake's two questions before filing, in one statement: is this message filed
# already, and how many has its writer filed lately.
_FILED_AND_SINCE = select(
    select(requests.c.id)
    .where(
        requests.c.chat_id == bindparam("chat_id"),
        requests.c.message_id == bindparam("message_id"),
    )
    .scalar_subquery(),
    select(func.count())
    .where(
        requests.c.reporter_id == bindparam("reporter_id"),
        requests.c.created_at >= bindparam("since"),
    )
    .scalar_subquery(),
)
_ADD_EVENT = request_events.insert()


class RequestRepository(Repository):
    async def count_by_state(self) -> dict[State, int]:
        rows = await self.connection.execute(
            select(requests.c.state, func.count()).group_by(requests.c.state)
        )
        return {State(row[0]): int(row[1]) for row in rows}

    async def insert(self, **values: Any) -> Request:
        result = await self.connection.execute(_INSERT, values)
        return to_request(result.one())

    async def file(self, **values: Any) -> Request:
        """Inserted with the next number of its community (no `number` given)."""
        community_id = values["community_id"]
        await self.write(_COUNT_ON, {"community_id": community_id})
        result = await self.connection.execute(
            _INSERT_NUMBERED, {**values, "numbered_in": community_id}
        )
        return to_request(result.one())

    async def get(self, request_id: int, *, for_update: bool = False) -> Request | None:
        query = select(requests).where(requests.c.id == request_id)
        if for_update and self.dialect == "postgresql":
            # SQLite's BEGIN IMMEDIATE already serialises writers.
            query = query.with_for_update()
        row = (await self.connection.execute(query)).first()
        return to_request(row) if row else None

    async def by_number(self, community_ids: Sequence[int], number: int) -> list[Request]:
        query = select(requests).where(
            requests.c.community_id.in_(community_ids), requests.c.number == number
        )
        return [to_request(row) for row in await self.connection.execute(query)]

    async def by_message(self, chat_id: int, message_id: int) -> Request | None:
        parameters = {"chat_id": chat_id, "message_id": message_id}
        row = (await self.connection.execute(_BY_MESSAGE, parameters)).first()
        return to_request(row) if row else None

    async def about_message(self, chat_id: int, message_id: int) -> Request | None:
        """The request a group message is about: the resident's own message, or one the bot
        posted about it (its confirmation, a progress line, the rating question)."""
        posted = (
            select(outbox.c.request_id)
            .where(
                outbox.c.chat_id == chat_id,
                outbox.c.message_id == message_id,
                outbox.c.request_id.is_not(None),
            )
            .limit(1)
            .scalar_subquery()
        )
        query = select(requests).where(
            or_(
                and_(requests.c.chat_id == chat_id, requests.c.message_id == message_id),
                requests.c.id == posted,
            )
        )
        row = (await self.connection.execute(query)).first()
        return to_request(row) if row else None

    async def look_alikes(
        self, building_id: int, category: str, since: datetime, writer_id: int, limit: int = 5
    ) -> list[Request]:
        """Open requests of a building and category filed since by someone else: what a
        neighbour's new message may repeat. One statement along (building_id, state)."""
        query = (
            select(requests)
            .where(
                requests.c.building_id == building_id,
                requests.c.state.in_([state.value for state in OPEN_STATES]),
                requests.c.category == category,
                requests.c.created_at >= since,
                requests.c.reporter_id != writer_id,
            )
            .order_by(requests.c.id.desc())
            .limit(limit)
        )
        return [to_request(row) for row in await self.connection.execute(query)]

    async def update(self, request_id: int, **values: Any) -> Request:
        result = await self.connection.execute(
            update(requests).where(requests.c.id == request_id).values(**values).returning(requests)
        )
        return to_request(result.one())

    async def add_event(
        self,
        request_id: int,
        *,
        at: datetime,
        actor_id: int | None,
        action: str,
        state_from: State | None,
        state_to: State | None,
        note: str | None = None,
    ) -> None:
        await self.write(
            _ADD_EVENT,
            {
                "request_id": request_id,
                "at": at,
                "actor_id": actor_id,
                "action": action,
                "state_from": state_from.value if state_from else None,
                "state_to": state_to.value if state_to else None,
                "note": note,
            },
        )

    async def events(self, request_id: int) -> list[RequestEvent]:
        rows = await self.connection.execute(
            select(request_events)
            .where(request_events.c.request_id == request_id)
            .order_by(request_events.c.id)
        )
        return [
            RequestEvent(
                request_id=row.request_id,
                at=row.at,
                actor_id=row.actor_id,
                action=row.action,
                state_from=State(row.state_from) if row.state_from else None,
                state_to=State(row.state_to) if row.state_to else None,
                note=row.note,
            )
            for row in rows
        ]

    async def of_reporter(self, reporter_id: int, limit: int) -> list[Request]:
        query = (
            select(requests)
            .where(requests.c.reporter_id == reporter_id)
            .order_by(requests.c.id.desc())
            .limit(limit)
        )
        return [to_request(row) for row in await self.connection.execute(query)]

    async def before_filing(
        self, chat_id: int, message_id: int, reporter_id: int, since: datetime
    ) -> tuple[bool, int]:
        """(the message is filed already, requests the reporter filed since `since`)."""
        parameters = {
            "chat_id": chat_id,
            "message_id": message_id,
            "reporter_id": reporter_id,
            "since": since,
        }
        row = (await self.connection.execute(_FILED_AND_SINCE, parameters)).one()
        return row[0] is not None, int(row[1])

    async def filed_since(self, reporter_id: int, since: datetime) -> int:
        parameters = {"reporter_id": reporter_id, "since": since}
        return int((await self.connection.execute(_FILED_SINCE, parameters)).scalar_one())

    async def assigned_to(self, person_id: int, states: Sequence[State]) -> list[Request]:
        query = (
            select(requests)
            .where(
                requests.c.assignee_id == person_id,
                requests.c.state.in_([state.value for state in states]),
            )
            .order_by(requests.c.urgent.desc(), requests.c.id)
        )
        return [to_request(row) for row in await self.connection.execute(query)]

    async def open_owned(
        self,
        assignee_id: int,
        states: Sequence[State],
        *,
        level: Level,
        grid_id: int,
        building_id: int | None,
    ) -> list[Request]:
        """Open requests someone owns at one place and level: what a successor takes over."""
        query = select(requests).where(
            requests.c.assignee_id == assignee_id,
            requests.c.state.in_([state.value for state in states]),
            requests.c.level == level.value,
            requests.c.grid_id == grid_id,
        )
        if building_id is not None:
            query = query.where(requests.c.building_id == building_id)
        return [
            to_request(row) for row in await self.connection.execute(query.order_by(requests.c.id))
        ]

    async def anonymise_of_reporter(self, reporter_id: int, at: datetime) -> int:
        """The resident's words, flat and message link go; the request and its figures stay."""
        result = await self.connection.execute(
            update(requests)
            .where(requests.c.reporter_id == reporter_id)
            .values(text=ANONYMISED, room=None, message_id=None, anonymised_at=at)
        )
        await self.connection.execute(
            update(request_events).where(request_events.c.actor_id == reporter_id).values(note=None)
        )
        await self.connection.execute(
            candidates.delete().where(candidates.c.reporter_id == reporter_id)
        )
        return int(result.rowcount)

    async def anonymise_closed_before(self, cutoff: datetime, at: datetime, limit: int) -> int:
        """Retention: closed long enough ago, not yet anonymised; a batch at a time."""
        ids = (
            select(requests.c.id)
            .where(
                requests.c.anonymised_at.is_(None),
                requests.c.closed_at < cutoff,
                requests.c.state.in_([State.CLOSED.value, State.WITHDRAWN.value]),
            )
            .order_by(requests.c.id)
            .limit(limit)
        )
        found = [int(v) for v in (await self.connection.execute(ids)).scalars()]
        if not found:
            return 0
        await self.connection.execute(
            update(requests)
            .where(requests.c.id.in_(found))
            .values(text=ANONYMISED, room=None, dissatisfaction=None, anonymised_at=at)
        )
        await self.connection.execute(
            update(request_events).where(request_events.c.request_id.in_(found)).values(note=None)
        )
        return len(found)

    async def resolved_before(self, cutoff: datetime, limit: int) -> list[int]:
        query = (
            select(requests.c.id)
            .where(requests.c.state == State.RESOLVED.value, requests.c.resolved_at < cutoff)
            .order_by(requests.c.id)
            .limit(limit)
        )
        return [int(value) for value in (await self.connection.execute(query)).scalars()]

    async def public(
        self,
        *,
        states: Sequence[State],
        since: datetime,
        until: datetime,
        categories: Sequence[str] | None,
        ids: Sequence[int] | None = None,
        limit: int = 1000,
    ) -> list[PublicRequest]:
        """Requests filed in [since, until), newest first, as they may be published."""
        query = (
            select(
                requests.c.id,
                requests.c.number,
                requests.c.building_id,
                requests.c.category,
                requests.c.state,
                requests.c.urgent,
                requests.c.created_at,
                requests.c.acknowledged_at,
                requests.c.resolved_at,
                requests.c.closed_at,
                requests.c.due_at,
                communities.c.name.label("community_name"),
                grids.c.name.label("grid_name"),
                buildings.c.number.label("building_number"),
            )
            .join(communities, communities.c.id == requests.c.community_id)
            .outerjoin(grids, grids.c.id == requests.c.grid_id)
            .outerjoin(buildings, buildings.c.id == requests.c.building_id)
            .where(
                requests.c.state.in_([s.value for s in states]),
                requests.c.created_at >= since,
                requests.c.created_at < until,
            )
            .order_by(requests.c.created_at.desc(), requests.c.id.desc())
            .limit(limit)
        )
        if categories is not None:
            query = query.where(requests.c.category.in_(categories))
        if ids is not None:
            query = query.where(requests.c.id.in_(ids))
        return [_public(row) for row in await self.connection.execute(query)]

    async def done_since(self, building_id: int, since: datetime, limit: int) -> list[Request]:
        """The building's requests resolved or closed since `since`, newest first."""
        query = (
            select(requests)
            .where(
                requests.c.building_id == building_id,
                requests.c.state.in_((State.RESOLVED.value, State.CLOSED.value)),
                requests.c.resolved_at >= since,
            )
            .order_by(requests.c.resolved_at.desc(), requests.c.id.desc())
            .limit(limit)
        )
        return [to_request(row) for row in await self.connection.execute(query)]

    async def of_meeting(self, meeting_id: int) -> list[Request]:
        """Requests filed from a meeting's minutes, oldest first."""
        query = select(requests).where(requests.c.meeting_id == meeting_id).order_by(requests.c.id)
        return [to_request(row) for row in await self.connection.execute(query)]

    async def export_rows(self, community_name: str | None) -> list[dict[str, Any]]:
        reporter = people.alias("reporter")
        assignee = people.alias("assignee")
        query = (
            select(
                requests,
                communities.c.name.label("community_name"),
                buildings.c.number.label("building_number"),
                reporter.c.telegram_id.label("reporter_telegram_id"),
                assignee.c.telegram_id.label("assignee_telegram_id"),
            )
            .join(communities, communities.c.id == requests.c.community_id)
            .outerjoin(buildings, buildings.c.id == requests.c.building_id)
            .join(reporter, reporter.c.id == requests.c.reporter_id)
            .outerjoin(assignee, assignee.c.id == requests.c.assignee_id)
            .order_by(requests.c.id)
        )
        if community_name is not None:
            query = query.where(communities.c.name == community_name)
        return [dict(row._mapping) for row in await self.connection.execute(query)]

    # --- candidates: messages waiting for the writer's confirmation -------------------

    async def add_candidate(
        self,
        *,
        chat_id: int,
        message_id: int,
        reporter_id: int,
        text: str,
        at: datetime,
        duplicate_of: int | None = None,
    ) -> int | None:
        result = await self.connection.execute(
            self.insert_ignoring_conflicts(
                candidates,
                chat_id=chat_id,
                message_id=message_id,
                reporter_id=reporter_id,
                text=text,
                created_at=at,
                duplicate_of=duplicate_of,
            ).returning(candidates.c.id)
        )
        value = result.scalar()
        return int(value) if value is not None else None

    async def take_candidate(self, candidate_id: int) -> Candidate | None:
        """Removes and returns it: of a yes and a no pressed together, only one decides."""
        result = await self.connection.execute(
            candidates.delete().where(candidates.c.id == candidate_id).returning(candidates)
        )
        row = result.first()
        if row is None:
            return None
        return Candidate(
            row.id, row.chat_id, row.message_id, row.reporter_id, row.text, row.duplicate_of
        )
