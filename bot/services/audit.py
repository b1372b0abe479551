"""The audit trail: who changed what, when, from what to what.

Services append through `repos.audit` in the transaction of the change itself, so a change
and its audit row commit or vanish together. Personal text (a resident's message, a phone
number, a name) never goes into a row: the trail must outlive /forgetme without undoing it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain.models import AuditEntry, Person, Request
from storage.repositories import Repositories

Clock = Callable[[], datetime]


def request_fields(request: Request) -> dict[str, Any]:
    """What a change to a request can touch, without the resident's words."""
    return {
        "number": request.number,
        "state": request.state.value,
        "mode": request.mode.value if request.mode else None,
        "level": request.level.value,
        "assignee_id": request.assignee_id,
        "rating": request.rating,
    }


@dataclass(frozen=True, slots=True)
class AuditLine:
    entry: AuditEntry
    actor: Person | None


class Auditor:
    """Writes one row per change; every service that changes state holds one."""

    def __init__(self, repos: Repositories, clock: Clock) -> None:
        self.repos = repos
        self.clock = clock

    async def __call__(
        self,
        actor: Person | None,
        action: str,
        subject_type: str,
        subject_id: int | None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        await self.repos.audit.append(
            at=self.clock(),
            actor_id=actor.id if actor else None,
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            before=before,
            after=after,
        )

    async def since(self, start: datetime, telegram_id: int | None = None) -> list[AuditLine]:
        """For `python -m bot audit`: people are named by the Telegram id operators know."""
        person_id = None
        if telegram_id is not None:
            person = await self.repos.people.by_telegram_id(telegram_id)
            if person is None:
                return []
            person_id = person.id
        entries = await self.repos.audit.since(start, person_id=person_id)
        actors = await self.repos.people.many(sorted({e.actor_id for e in entries if e.actor_id}))
        return [AuditLine(e, actors.get(e.actor_id or 0)) for e in entries]
