"""Meetings and who said they would come."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, func, select, update

from bot.domain.models import Meeting, MeetingState
from storage.repositories.base import Repository
from storage.schema import meeting_posts, meeting_rsvps, meetings, outbox


def _meeting(row: Row[Any]) -> Meeting:
    return Meeting(
        id=row.id,
        community_id=row.community_id,
        scope=row.scope,
        grid_id=row.grid_id,
        chat_id=row.chat_id,
        organiser_id=row.organiser_id,
        title=row.title,
        place=row.place,
        starts_at=row.starts_at,
        rule=row.rule,
        state=row.state,
        created_at=row.created_at,
    )


class MeetingRepository(Repository):
    async def insert(self, **values: Any) -> Meeting:
        result = await self.connection.execute(
            meetings.insert().values(**values).returning(meetings)
        )
        return _meeting(result.one())

    async def get(self, meeting_id: int, *, for_update: bool = False) -> Meeting | None:
        query = select(meetings).where(meetings.c.id == meeting_id)
        if for_update and self.dialect == "postgresql":
            query = query.with_for_update()
        row = (await self.connection.execute(query)).first()
        return _meeting(row) if row else None

    async def update(self, meeting_id: int, **values: Any) -> Meeting:
        result = await self.connection.execute(
            update(meetings).where(meetings.c.id == meeting_id).values(**values).returning(meetings)
        )
        return _meeting(result.one())

    async def move_state(self, meeting_id: int, from_states: Sequence[str], to: str) -> bool:
        """Compare-and-set: a confirm pressed twice, or a cancel racing a confirm, wins once."""
        result = await self.connection.execute(
            update(meetings)
            .where(meetings.c.id == meeting_id, meetings.c.state.in_(list(from_states)))
            .values(state=to)
        )
        return bool(result.rowcount)

    async def upcoming(
        self,
        community_id: int,
        *,
        chat_id: int | None,
        grid_id: int | None,
        limit: int = 20,
    ) -> list[Meeting]:
        """Scheduled meetings a group takes part in: its own, its grid's, its community's."""
        scope = (meetings.c.scope == "community") | (
            (meetings.c.scope == "grid") & (meetings.c.grid_id == grid_id)
        )
        if chat_id is not None:
            scope = scope | ((meetings.c.scope == "chat") & (meetings.c.chat_id == chat_id))
        query = (
            select(meetings)
            .where(
                meetings.c.community_id == community_id,
                meetings.c.state == MeetingState.SCHEDULED,
                scope,
            )
            .order_by(meetings.c.starts_at, meetings.c.id)
            .limit(limit)
        )
        return [_meeting(row) for row in await self.connection.execute(query)]

    async def toggle_rsvp(
        self, meeting_id: int, starts_at: datetime, person_id: int, at: datetime
    ) -> bool:
        """True when the person now comes, False when they took it back."""
        key = (
            (meeting_rsvps.c.meeting_id == meeting_id)
            & (meeting_rsvps.c.starts_at == starts_at)
            & (meeting_rsvps.c.person_id == person_id)
        )
        removed = await self.connection.execute(delete(meeting_rsvps).where(key))
        if removed.rowcount:
            return False
        await self.connection.execute(
            self.insert_ignoring_conflicts(
                meeting_rsvps,
                meeting_id=meeting_id,
                starts_at=starts_at,
                person_id=person_id,
                at=at,
            )
        )
        return True

    async def rsvp_count(self, meeting_id: int, starts_at: datetime) -> int:
        query = select(func.count()).where(
            meeting_rsvps.c.meeting_id == meeting_id, meeting_rsvps.c.starts_at == starts_at
        )
        return int((await self.connection.execute(query)).scalar_one())

    async def add_post(self, outbox_id: int, meeting_id: int, chat_id: int) -> None:
        """An announcement or reminder queued: a reply to it, once sent, is about the meeting."""
        await self.connection.execute(
            meeting_posts.insert().values(
                outbox_id=outbox_id, meeting_id=meeting_id, chat_id=chat_id
            )
        )

    async def of_post(self, chat_id: int, message_id: int) -> Meeting | None:
        """The meeting whose announcement or reminder is this message of the group."""
        query = (
            select(meetings)
            .join(meeting_posts, meeting_posts.c.meeting_id == meetings.c.id)
            .join(outbox, outbox.c.id == meeting_posts.c.outbox_id)
            # The outbox row's chat, not the post's: it follows a group's upgrade.
            .where(outbox.c.chat_id == chat_id, outbox.c.message_id == message_id)
            .limit(1)
        )
        row = (await self.connection.execute(query)).first()
        return _meeting(row) if row else None
