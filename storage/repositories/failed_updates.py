from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update

from storage.repositories.base import Repository
from storage.schema import failed_updates


@dataclass(frozen=True, slots=True)
class FailedUpdate:
    id: int
    update_id: int
    payload: dict[str, Any]
    attempts: int


class FailedUpdateState:
    PENDING = "pending"  # to be retried
    DONE = "done"  # a retry succeeded
    FLAGGED = "flagged"  # kept for a person to look at


class FailedUpdateRepository(Repository):
    async def add(self, update_id: int, payload: dict[str, Any], error: str, at: datetime) -> None:
        await self.connection.execute(
            failed_updates.insert().values(
                update_id=update_id,
                payload=json.dumps(payload, ensure_ascii=False),
                error=error[:2000],
                state=FailedUpdateState.PENDING,
                created_at=at,
                updated_at=at,
            )
        )

    async def pending(self, limit: int) -> list[FailedUpdate]:
        query = (
            select(failed_updates)
            .where(failed_updates.c.state == FailedUpdateState.PENDING)
            .order_by(failed_updates.c.id)
            .limit(limit)
        )
        return [
            FailedUpdate(row.id, row.update_id, json.loads(row.payload), row.attempts)
            for row in await self.connection.execute(query)
        ]

    async def settle(self, row_id: int, state: str, error: str | None, at: datetime) -> None:
        values: dict[str, Any] = {
            "state": state,
            "updated_at": at,
            "attempts": failed_updates.c.attempts + 1,
        }
        if error is not None:
            values["error"] = error[:2000]
        await self.connection.execute(
            update(failed_updates).where(failed_updates.c.id == row_id).values(**values)
        )

    async def forget_before(self, cutoff: datetime) -> int:
        """Settled updates hold residents' words; a person has had time to look at them."""
        result = await self.connection.execute(
            delete(failed_updates).where(
                failed_updates.c.state != FailedUpdateState.PENDING,
                failed_updates.c.updated_at < cutoff,
            )
        )
        return int(result.rowcount or 0)
