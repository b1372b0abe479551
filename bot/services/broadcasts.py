"""Broadcasts: an admin's announcement to every building group in a scope, once each.

The service writes rows only: one broadcast, one target per group, each linked to one
outbox row in the BULK lane. The outbox sender delivers them within Telegram's limits
(and at most once); the monitor reports progress. Nothing here knows of aiogram.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.delivery.lanes import Lane
from bot.domain.errors import ServiceError
from bot.domain.models import Building, Grid, Person
from bot.services.audit import Auditor
from bot.services.permissions import AdminOnly, require_admin
from storage.repositories import Repositories
from storage.repositories.broadcasts import CANCELLED, Broadcast, BroadcastState, Target
from storage.repositories.outbox import OutboxState

Clock = Callable[[], datetime]
SCOPES = ("community", "grid", "buildings")
FAILED_STATES = (OutboxState.FAILED, OutboxState.UNKNOWN, CANCELLED)


class BroadcastNotFound(ServiceError):
    key = "broadcast-not-found"


class BroadcastClosed(ServiceError):
    key = "broadcast-closed"


class NoTargets(ServiceError):
    key = "broadcast-no-targets"


@dataclass(frozen=True, slots=True)
class Progress:
    total: int
    sent: int
    failed: int
    unknown: int
    cancelled: int

    @property
    def remaining(self) -> int:
        return self.total - self.sent - self.failed - self.unknown - self.cancelled

    @property
    def finished(self) -> bool:
        return self.remaining == 0

    def key(self) -> str:
        return f"{self.sent}/{self.failed}/{self.unknown}/{self.cancelled}/{self.total}"


def progress_of(counts: dict[str, int]) -> Progress:
    return Progress(
        total=sum(counts.values()),
        sent=counts.get(OutboxState.SENT, 0),
        failed=counts.get(OutboxState.FAILED, 0),
        unknown=counts.get(OutboxState.UNKNOWN, 0),
        cancelled=counts.get(CANCELLED, 0),
    )


class BroadcastService:
    def __init__(self, repos: Repositories, clock: Clock, audit: Auditor) -> None:
        self.repos = repos
        self.clock = clock
        self.audit = audit

    async def check(self, actor: Person | None) -> None:
        """Only community admins broadcast."""
        await require_admin(self.repos, actor)

    async def draft(
        self, actor: Person | None, chat_id: int, method: str, payload: dict[str, Any]
    ) -> Broadcast:
        """The admin's announcement, kept as the Bot API call that repeats it (chat left out)."""
        admin = await require_admin(self.repos, actor)
        broadcast = await self.repos.broadcasts.create(
            community_id=admin.communities[0].id,
            author_id=admin.person.id,
            author_chat_id=chat_id,
            method=method,
            payload=payload,
            at=self.clock(),
        )
        after = {"state": broadcast.state, "community_id": broadcast.community_id}
        await self.audit(
            actor, "broadcast.draft", "broadcast", broadcast.id, None, after | {"method": method}
        )
        return broadcast

    async def _own(self, actor: Person | None, broadcast_id: int) -> Broadcast:
        admin = await require_admin(self.repos, actor)
        broadcast = await self.repos.broadcasts.get(broadcast_id, for_update=True)
        if broadcast is None:
            raise BroadcastNotFound(id=broadcast_id)
        if broadcast.community_id not in {c.id for c in admin.communities}:
            raise AdminOnly()
        return broadcast

    async def choices(
        self, actor: Person | None, broadcast_id: int
    ) -> tuple[list[Grid], list[Building]]:
        """Grids and bound buildings of the broadcast's community, for the scope buttons."""
        broadcast = await self._own(actor, broadcast_id)
        grids = await self.repos.directory.grids_of(broadcast.community_id)
        buildings = [
            building
            for grid in grids
            for building in await self.repos.directory.buildings_of_grid(grid.id)
            if building.chat_id is not None
        ]
        return grids, buildings

    async def scope(
        self, actor: Person | None, broadcast_id: int, scope: str, ids: Sequence[int]
    ) -> int:
        """Sets the scope; returns how many groups it reaches."""
        if scope not in SCOPES:
            raise ValueError(scope)
        broadcast = await self._own(actor, broadcast_id)
        if broadcast.state != BroadcastState.DRAFT:
            raise BroadcastClosed(id=broadcast_id)
        await self.repos.broadcasts.update(broadcast_id, scope=scope, scope_ids=list(ids))
        await self.audit(
            actor,
            "broadcast.scope",
            "broadcast",
            broadcast_id,
            {"scope": broadcast.scope, "scope_ids": list(broadcast.scope_ids)},
            {"scope": scope, "scope_ids": list(ids)},
        )
        return len(await self._targets(broadcast.community_id, scope, ids))

    async def _targets(self, community_id: int, scope: str, ids: Sequence[int]) -> list[Target]:
        return await self.repos.broadcasts.targets_in_scope(community_id, scope, ids)

    async def confirm(self, actor: Person | None, broadcast_id: int, pin: bool) -> Broadcast:
        """Queues one copy per group. Confirming twice queues nothing more."""
        broadcast = await self._own(actor, broadcast_id)
        if broadcast.state != BroadcastState.DRAFT:
            raise BroadcastClosed(id=broadcast_id)
        targets = await self._targets(broadcast.community_id, broadcast.scope, broadcast.scope_ids)
        if not targets:
            raise NoTargets()
        now = self.clock()
        await self.repos.broadcasts.add_targets(
            broadcast.id, targets, broadcast.method, broadcast.payload, Lane.BULK, now
        )
        started = await self.repos.broadcasts.update(
            broadcast.id, state=BroadcastState.RUNNING, pin=pin, started_at=now
        )
        await self.audit(
            actor,
            "broadcast.start",
            "broadcast",
            broadcast.id,
            {"state": broadcast.state},
            {"state": started.state, "pin": pin, "targets": len(targets)},
        )
        return started

    async def follow(self, broadcast_id: int, progress_outbox_id: int) -> None:
        """Which outbox row carries the progress message the monitor edits."""
        await self.repos.broadcasts.update(broadcast_id, progress_outbox_id=progress_outbox_id)

    async def discard(self, actor: Person | None, broadcast_id: int) -> None:
        broadcast = await self._own(actor, broadcast_id)
        if broadcast.state == BroadcastState.DRAFT:
            await self.repos.broadcasts.update(
                broadcast_id, state=BroadcastState.CANCELLED, finished_at=self.clock()
            )
            await self.audit(
                actor,
                "broadcast.discard",
                "broadcast",
                broadcast_id,
                {"state": broadcast.state},
                {"state": BroadcastState.CANCELLED},
            )

    async def cancel(self, actor: Person | None, broadcast_id: int) -> int:
        """Stops what was not sent yet; returns how many copies will not go."""
        broadcast = await self._own(actor, broadcast_id)
        if broadcast.state != BroadcastState.RUNNING:
            raise BroadcastClosed(id=broadcast_id)
        await self.repos.broadcasts.update(broadcast_id, state=BroadcastState.CANCELLED)
        stopped = await self.repos.broadcasts.cancel_pending(broadcast_id)
        await self.audit(
            actor,
            "broadcast.cancel",
            "broadcast",
            broadcast_id,
            {"state": broadcast.state},
            {"state": BroadcastState.CANCELLED, "not_sent": stopped},
        )
        return stopped

    async def recent(
        self, actor: Person | None, limit: int = 10
    ) -> list[tuple[Broadcast, Progress]]:
        admin = await require_admin(self.repos, actor)
        found = await self.repos.broadcasts.recent([c.id for c in admin.communities], limit)
        return [(b, progress_of(await self.repos.broadcasts.counts(b.id))) for b in found]
