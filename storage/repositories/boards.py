"""Each bound group's board: whether it is on, its message, what is owed to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, and_, bindparam, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.models import Meeting, MeetingState
from storage.repositories.base import Repository
from storage.repositories.meetings import _meeting
from storage.schema import boards, buildings, grids, meetings, outbox


@dataclass(frozen=True, slots=True)
class BoardRow:
    building_id: int
    chat_id: int
    community_id: int
    enabled: bool
    message_id: int | None
    message_chat_id: int | None
    dirty_since: datetime | None
    shown_at: datetime | None
    shown: str | None
    send_outbox_id: int | None
    edit_outbox_id: int | None
    pin_outbox_id: int | None
    pin_refused_at: datetime | None

    @property
    def current_message(self) -> int | None:
        """The board's message in the building's group as it is now (not an old group's)."""
        return self.message_id if self.message_chat_id == self.chat_id else None

    @property
    def in_flight(self) -> bool:
        return any((self.send_outbox_id, self.edit_outbox_id, self.pin_outbox_id))


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of an outbox row: its state, the Telegram message id, the refusal."""

    state: str
    chat_id: int  # where it went in the end (a group upgraded meanwhile: the new one)
    message_id: int | None
    error: str | None


def _row(row: Row[Any]) -> BoardRow:
    return BoardRow(
        building_id=row.building_id,
        chat_id=row.chat_id,
        community_id=row.community_id,
        enabled=row.enabled,
        message_id=row.message_id,
        message_chat_id=row.message_chat_id,
        dirty_since=row.dirty_since,
        shown_at=row.shown_at,
        shown=row.shown,
        send_outbox_id=row.send_outbox_id,
        edit_outbox_id=row.edit_outbox_id,
        pin_outbox_id=row.pin_outbox_id,
        pin_refused_at=row.pin_refused_at,
    )


_OPEN_OUTBOX = ("pending", "sending")
# Built once: every change to a request marks its building's board.
_TOUCH = (
    update(boards)
    .where(
        boards.c.building_id.in_(bindparam("building_ids", expanding=True)),
        boards.c.enabled.is_(True),
        boards.c.dirty_since.is_(None),
    )
    .values(dirty_since=bindparam("at"))
)

# The scheduled meetings of the communities of a batch of boards, soonest first: each board
# picks the first its group takes part in (as MeetingRepository.upcoming with limit=1).
_SCHEDULED = (
    select(meetings)
    .where(
        meetings.c.community_id.in_(bindparam("community_ids", expanding=True)),
        meetings.c.state == MeetingState.SCHEDULED,
    )
    .order_by(meetings.c.starts_at, meetings.c.id)
)


class BoardRepository(Repository):
    def __init__(self, connection: AsyncConnection) -> None:
        super().__init__(connection)
        # Boards a change in this transaction touched, marked together by `flush`.
        self._touched: set[int] = set()
        self._touched_at: datetime | None = None

    def _select(self) -> Any:
        return (
            select(boards, buildings.c.chat_id, grids.c.community_id)
            .join(buildings, buildings.c.id == boards.c.building_id)
            .join(grids, grids.c.id == buildings.c.grid_id)
            .where(buildings.c.chat_id.is_not(None))
        )

    async def get(self, building_id: int) -> BoardRow | None:
        query = self._select().where(boards.c.building_id == building_id)
        row = (await self.connection.execute(query)).first()
        return _row(row) if row else None

    async def ensure(self, building_id: int, at: datetime) -> None:
        """A board for the building, owed a first showing, unless it has one."""
        await self.connection.execute(
            self.insert_ignoring_conflicts(boards, building_id=building_id, dirty_since=at)
        )

    async def plan_missing(self, at: datetime) -> int:
        """Boards for every bound building that has none yet (bound by the directory file)."""
        missing = select(buildings.c.id).where(
            buildings.c.chat_id.is_not(None),
            ~select(boards.c.building_id).where(boards.c.building_id == buildings.c.id).exists(),
        )
        ids = [row[0] for row in await self.connection.execute(missing)]
        for building_id in ids:
            await self.ensure(building_id, at)
        return len(ids)

    async def touch(self, building_ids: list[int], at: datetime) -> None:
        """Something on these boards changed: a refresh is owed (the first mark stays).
        Marked when the transaction commits, once for all its changes (`flush`)."""
        if building_ids:
            self._touched.update(building_ids)
            self._touched_at = self._touched_at or at

    async def flush(self) -> None:
        if self._touched:
            ids, self._touched = sorted(self._touched), set()
            await self.write(_TOUCH, {"building_ids": ids, "at": self._touched_at})
            self._touched_at = None

    async def touch_shown_before(self, community_id: int, before: datetime, at: datetime) -> None:
        """Boards last shown before `before` (last month's figures): refreshed."""
        in_community = select(buildings.c.id).join(grids, grids.c.id == buildings.c.grid_id)
        in_community = in_community.where(grids.c.community_id == community_id)
        await self.connection.execute(
            update(boards)
            .where(
                boards.c.building_id.in_(in_community),
                boards.c.enabled.is_(True),
                boards.c.dirty_since.is_(None),
                boards.c.shown_at < before,
            )
            .values(dirty_since=at)
        )

    async def set(self, building_id: int, **values: Any) -> None:
        await self.connection.execute(
            update(boards).where(boards.c.building_id == building_id).values(**values)
        )

    async def due(self, now: datetime, not_since: datetime, limit: int) -> list[BoardRow]:
        """Boards owed a refresh and not refreshed since `not_since` (the debounce), with
        nothing in flight; and boards whose send, edit or pin Telegram has answered."""
        followed = [boards.c.send_outbox_id, boards.c.edit_outbox_id, boards.c.pin_outbox_id]
        answered = or_(
            *(
                and_(
                    column.is_not(None),
                    ~select(outbox.c.id)
                    .where(outbox.c.id == column, outbox.c.state.in_(_OPEN_OUTBOX))
                    .exists(),
                )
                for column in followed
            )
        )
        owed = and_(
            boards.c.enabled.is_(True),
            boards.c.dirty_since <= now,
            or_(boards.c.shown_at.is_(None), boards.c.shown_at <= not_since),
            *(column.is_(None) for column in followed),
        )
        query = self._select().where(or_(answered, owed)).order_by(boards.c.building_id)
        query = query.limit(limit)
        if self.dialect == "postgresql":
            query = query.with_for_update(of=boards, skip_locked=True)
        return [_row(row) for row in await self.connection.execute(query)]

    async def outcome(self, outbox_id: int) -> Outcome | None:
        query = select(outbox.c.state, outbox.c.chat_id, outbox.c.message_id, outbox.c.error).where(
            outbox.c.id == outbox_id
        )
        row = (await self.connection.execute(query)).first()
        if row is None:
            return None
        return Outcome(row.state, row.chat_id, row.message_id, row.error)

    async def of_chat(self, chat_id: int) -> BoardRow | None:
        query = self._select().where(buildings.c.chat_id == chat_id)
        row = (await self.connection.execute(query)).first()
        return _row(row) if row else None

    async def scheduled(self, community_ids: list[int]) -> list[Meeting]:
        """Scheduled meetings of these communities, soonest first (see `takes_part`)."""
        if not community_ids:
            return []
        rows = await self.connection.execute(_SCHEDULED, {"community_ids": community_ids})
        return [_meeting(row) for row in rows]


def takes_part(
    meeting: Meeting, community_id: int, grid_id: int | None, chat_id: int | None
) -> bool:
    """Whether a building's group is in the meeting: its community's, its grid's, its own chat's."""
    if meeting.community_id != community_id:
        return False
    if meeting.scope == "community":
        return True
    if meeting.scope == "grid":
        return grid_id is not None and meeting.grid_id == grid_id
    return meeting.scope == "chat" and chat_id is not None and meeting.chat_id == chat_id
