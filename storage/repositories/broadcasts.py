"""Broadcasts, their targets (each linked to one outbox row), removed chats."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, func, insert, select, update

from storage.repositories.base import Repository
from storage.repositories.outbox import OutboxState
from storage.schema import (
    broadcast_targets,
    broadcasts,
    buildings,
    grids,
    outbox,
    removed_chats,
)

CANCELLED = "cancelled"  # an outbox state only broadcasts use: never sent, on purpose


class BroadcastState:
    DRAFT = "draft"
    RUNNING = "running"
    DONE = "done"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class Broadcast:
    id: int
    community_id: int
    author_id: int
    author_chat_id: int
    scope: str
    scope_ids: list[int]
    method: str
    payload: dict[str, Any]
    pin: bool
    state: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    progress_outbox_id: int | None
    progress_shown: str | None


@dataclass(frozen=True, slots=True)
class Target:
    """A group in scope: the building it belongs to and its chat."""

    building_id: int
    chat_id: int
    grid_code: str
    number: str


@dataclass(frozen=True, slots=True)
class TargetOutcome:
    building_id: int
    grid_code: str
    number: str
    chat_id: int  # as it was when the broadcast started
    current_chat_id: int  # after a migration to a supergroup
    state: str
    error: str | None


@dataclass(frozen=True, slots=True)
class TargetLink:
    """What the sender needs to know of an outbox row that carries a broadcast."""

    target_id: int
    broadcast_id: int
    pin: bool
    pin_outbox_id: int | None


def _broadcast(row: Row[Any]) -> Broadcast:
    return Broadcast(
        id=row.id,
        community_id=row.community_id,
        author_id=row.author_id,
        author_chat_id=row.author_chat_id,
        scope=row.scope,
        scope_ids=json.loads(row.scope_ids),
        method=row.method,
        payload=json.loads(row.payload),
        pin=row.pin,
        state=row.state,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        progress_outbox_id=row.progress_outbox_id,
        progress_shown=row.progress_shown,
    )


class BroadcastRepository(Repository):
    async def create(
        self,
        *,
        community_id: int,
        author_id: int,
        author_chat_id: int,
        method: str,
        payload: dict[str, Any],
        at: datetime,
    ) -> Broadcast:
        result = await self.connection.execute(
            broadcasts.insert()
            .values(
                community_id=community_id,
                author_id=author_id,
                author_chat_id=author_chat_id,
                scope="community",
                method=method,
                payload=json.dumps(payload, ensure_ascii=False),
                state=BroadcastState.DRAFT,
                created_at=at,
            )
            .returning(broadcasts)
        )
        return _broadcast(result.one())

    async def get(self, broadcast_id: int, *, for_update: bool = False) -> Broadcast | None:
        query = select(broadcasts).where(broadcasts.c.id == broadcast_id)
        if for_update and self.dialect == "postgresql":
            query = query.with_for_update()
        row = (await self.connection.execute(query)).first()
        return _broadcast(row) if row else None

    async def update(self, broadcast_id: int, **values: Any) -> Broadcast:
        if "scope_ids" in values:
            values["scope_ids"] = json.dumps(values["scope_ids"])
        result = await self.connection.execute(
            update(broadcasts)
            .where(broadcasts.c.id == broadcast_id)
            .values(**values)
            .returning(broadcasts)
        )
        return _broadcast(result.one())

    async def recent(self, community_ids: Sequence[int], limit: int) -> list[Broadcast]:
        query = (
            select(broadcasts)
            .where(
                broadcasts.c.community_id.in_(community_ids),
                broadcasts.c.state != BroadcastState.DRAFT,
            )
            .order_by(broadcasts.c.id.desc())
            .limit(limit)
        )
        return [_broadcast(row) for row in await self.connection.execute(query)]

    async def unfinished(self) -> list[Broadcast]:
        """Running, or cancelled with sends still in flight: the monitor reports on these."""
        query = select(broadcasts).where(
            broadcasts.c.state.in_([BroadcastState.RUNNING, BroadcastState.CANCELLED]),
            broadcasts.c.finished_at.is_(None),
        )
        return [_broadcast(row) for row in await self.connection.execute(query.order_by("id"))]

    # --- scope ----------------------------------------------------------------------

    async def targets_in_scope(
        self, community_id: int, scope: str, ids: Sequence[int]
    ) -> list[Target]:
        """Bound groups in scope, less those that removed the bot."""
        query = (
            select(buildings.c.id, buildings.c.chat_id, grids.c.code, buildings.c.number)
            .join(grids, grids.c.id == buildings.c.grid_id)
            .outerjoin(removed_chats, removed_chats.c.chat_id == buildings.c.chat_id)
            .where(
                grids.c.community_id == community_id,
                buildings.c.chat_id.is_not(None),
                removed_chats.c.chat_id.is_(None),
            )
            .order_by(buildings.c.id)
        )
        if scope == "grid":
            query = query.where(buildings.c.grid_id.in_(ids))
        elif scope == "buildings":
            query = query.where(buildings.c.id.in_(ids))
        return [
            Target(r.id, r.chat_id, r.code, r.number) for r in await self.connection.execute(query)
        ]

    # --- targets --------------------------------------------------------------------

    async def add_targets(
        self,
        broadcast_id: int,
        targets: Sequence[Target],
        method: str,
        payload: dict[str, Any],
        priority: int,
        at: datetime,
    ) -> int:
        """One outbox row per target, linked, in the caller's transaction."""
        if not targets:
            return 0
        rows = [
            {
                "created_at": at,
                "priority": priority,
                "chat_id": target.chat_id,
                "method": method,
                "payload": json.dumps({**payload, "chat_id": target.chat_id}, ensure_ascii=False),
                "state": OutboxState.PENDING,
                "not_before": at,
            }
            for target in targets
        ]
        # Matched back by chat (a group is bound to one building): asking SQLAlchemy to
        # return ids in parameter order makes it insert row by row on SQLite, seconds for
        # a community's 6,000 groups while the admin waits.
        result = await self.connection.execute(
            insert(outbox).returning(outbox.c.id, outbox.c.chat_id), rows
        )
        outbox_ids = {int(chat_id): int(id_) for id_, chat_id in result}
        await self.connection.execute(
            broadcast_targets.insert(),
            [
                {
                    "broadcast_id": broadcast_id,
                    "building_id": target.building_id,
                    "chat_id": target.chat_id,
                    "outbox_id": outbox_ids[target.chat_id],
                }
                for target in targets
            ],
        )
        return len(targets)

    async def link(self, outbox_id: int) -> TargetLink | None:
        query = (
            select(
                broadcast_targets.c.id,
                broadcast_targets.c.broadcast_id,
                broadcast_targets.c.pin_outbox_id,
                broadcasts.c.pin,
            )
            .join(broadcasts, broadcasts.c.id == broadcast_targets.c.broadcast_id)
            .where(
                (broadcast_targets.c.outbox_id == outbox_id)
                | (broadcast_targets.c.pin_outbox_id == outbox_id)
            )
        )
        row = (await self.connection.execute(query)).first()
        if row is None:
            return None
        return TargetLink(row.id, row.broadcast_id, row.pin, row.pin_outbox_id)

    async def announcements(self, outbox_ids: Sequence[int]) -> dict[int, TargetLink]:
        """The links of those outbox rows that carry an announcement (not a pin), by row:
        one query for a batch of sends, most of which (board edits) carry none."""
        if not outbox_ids:
            return {}
        query = (
            select(
                broadcast_targets.c.outbox_id,
                broadcast_targets.c.id,
                broadcast_targets.c.broadcast_id,
                broadcast_targets.c.pin_outbox_id,
                broadcasts.c.pin,
            )
            .join(broadcasts, broadcasts.c.id == broadcast_targets.c.broadcast_id)
            .where(broadcast_targets.c.outbox_id.in_(outbox_ids))
        )
        return {
            int(row.outbox_id): TargetLink(row.id, row.broadcast_id, row.pin, row.pin_outbox_id)
            for row in await self.connection.execute(query)
        }

    async def set_pin_outbox(self, target_id: int, outbox_id: int) -> None:
        await self.connection.execute(
            update(broadcast_targets)
            .where(broadcast_targets.c.id == target_id)
            .values(pin_outbox_id=outbox_id)
        )

    async def counts(self, broadcast_id: int) -> dict[str, int]:
        """Delivery states of the announcement itself (pins are not counted)."""
        query = (
            select(outbox.c.state, func.count())
            .join(broadcast_targets, broadcast_targets.c.outbox_id == outbox.c.id)
            .where(broadcast_targets.c.broadcast_id == broadcast_id)
            .group_by(outbox.c.state)
        )
        return {row[0]: int(row[1]) for row in await self.connection.execute(query)}

    async def pinned(self, broadcast_id: int) -> int:
        return await self._pins(broadcast_id, OutboxState.SENT)

    async def pins_in_flight(self, broadcast_id: int) -> int:
        return await self._pins(broadcast_id, OutboxState.PENDING, OutboxState.SENDING)

    async def _pins(self, broadcast_id: int, *states: str) -> int:
        """Pin messages of the broadcast whose outbox row is in one of ``states``."""
        query = (
            select(func.count())
            .select_from(broadcast_targets)
            .join(outbox, outbox.c.id == broadcast_targets.c.pin_outbox_id)
            .where(
                broadcast_targets.c.broadcast_id == broadcast_id,
                outbox.c.state.in_(states),
            )
        )
        return int((await self.connection.execute(query)).scalar_one())

    async def outcomes(
        self, broadcast_id: int, states: Sequence[str], *, moved_only: bool = False
    ) -> list[TargetOutcome]:
        query = (
            select(
                broadcast_targets.c.building_id,
                grids.c.code,
                buildings.c.number,
                broadcast_targets.c.chat_id,
                outbox.c.chat_id.label("current_chat_id"),
                outbox.c.state,
                outbox.c.error,
            )
            .join(outbox, outbox.c.id == broadcast_targets.c.outbox_id)
            .join(buildings, buildings.c.id == broadcast_targets.c.building_id)
            .join(grids, grids.c.id == buildings.c.grid_id)
            .where(broadcast_targets.c.broadcast_id == broadcast_id, outbox.c.state.in_(states))
            .order_by(grids.c.code, buildings.c.id)
        )
        if moved_only:
            query = query.where(outbox.c.chat_id != broadcast_targets.c.chat_id)
        return [
            TargetOutcome(
                r.building_id, r.code, r.number, r.chat_id, r.current_chat_id, r.state, r.error
            )
            for r in await self.connection.execute(query)
        ]

    async def cancel_pending(self, broadcast_id: int) -> int:
        """Rows not yet leased are never sent; rows in flight finish as they will."""
        ids = select(broadcast_targets.c.outbox_id).where(
            broadcast_targets.c.broadcast_id == broadcast_id
        )
        pin_ids = select(broadcast_targets.c.pin_outbox_id).where(
            broadcast_targets.c.broadcast_id == broadcast_id,
            broadcast_targets.c.pin_outbox_id.is_not(None),
        )
        result = await self.connection.execute(
            update(outbox)
            .where(
                outbox.c.state == OutboxState.PENDING,
                outbox.c.id.in_(ids) | outbox.c.id.in_(pin_ids),
            )
            .values(state=CANCELLED, error="cancelled by an admin")
        )
        return int(result.rowcount or 0)

    # --- groups that removed the bot ------------------------------------------------

    async def mark_removed(self, chat_id: int, at: datetime, error: str) -> None:
        await self.connection.execute(
            self.insert_ignoring_conflicts(removed_chats, chat_id=chat_id, at=at, error=error)
        )

    async def unmark_removed(self, chat_id: int) -> None:
        await self.connection.execute(
            delete(removed_chats).where(removed_chats.c.chat_id == chat_id)
        )

    async def removed(self, community_id: int) -> list[Target]:
        query = (
            select(buildings.c.id, buildings.c.chat_id, grids.c.code, buildings.c.number)
            .join(grids, grids.c.id == buildings.c.grid_id)
            .join(removed_chats, removed_chats.c.chat_id == buildings.c.chat_id)
            .where(grids.c.community_id == community_id)
            .order_by(buildings.c.id)
        )
        return [
            Target(r.id, r.chat_id, r.code, r.number) for r in await self.connection.execute(query)
        ]
