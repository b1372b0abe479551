"""Neighbours who said "me too" to a request: each counts once, and the request keeps the sum."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from storage.repositories.base import Repository
from storage.schema import request_coreporters, requests


class CoReporterRepository(Repository):
    async def add(self, request_id: int, person_id: int, via: str, at: datetime) -> int | None:
        """The households affected now; None when the person was counted already."""
        inserted = await self.connection.execute(
            self.insert_ignoring_conflicts(
                request_coreporters, request_id=request_id, person_id=person_id, via=via, at=at
            ).returning(request_coreporters.c.person_id)
        )
        if inserted.scalar() is None:
            return None
        return await self._count(request_id, +1)

    async def remove(self, request_id: int, person_id: int, via: str) -> int | None:
        """Only a co-report made that way goes (a 👍 taken back leaves a "+1" reply standing)."""
        removed = await self.connection.execute(
            request_coreporters.delete()
            .where(
                request_coreporters.c.request_id == request_id,
                request_coreporters.c.person_id == person_id,
                request_coreporters.c.via == via,
            )
            .returning(request_coreporters.c.person_id)
        )
        if removed.scalar() is None:
            return None
        return await self._count(request_id, -1)

    async def _count(self, request_id: int, change: int) -> int:
        result = await self.connection.execute(
            update(requests)
            .where(requests.c.id == request_id)
            .values(households=requests.c.households + change)
            .returning(requests.c.households)
        )
        return int(result.scalar_one())

    async def of_request(self, request_id: int) -> list[int]:
        """Person ids, in the order they joined."""
        rows = await self.connection.execute(
            select(request_coreporters.c.person_id)
            .where(request_coreporters.c.request_id == request_id)
            .order_by(request_coreporters.c.at, request_coreporters.c.person_id)
        )
        return [int(value) for value in rows.scalars()]

    async def rate(self, request_id: int, person_id: int, rating: int) -> bool:
        """A co-reporter's own rating; False when they are not one."""
        result = await self.connection.execute(
            update(request_coreporters)
            .where(
                request_coreporters.c.request_id == request_id,
                request_coreporters.c.person_id == person_id,
            )
            .values(rating=rating)
        )
        return bool(result.rowcount)

    async def forget(self, person_id: int) -> None:
        """/forgetme: who they were and why they were not satisfied go; the households
        counted stay, so figures stay true."""
        await self.connection.execute(
            request_coreporters.delete().where(request_coreporters.c.person_id == person_id)
        )
        await self.connection.execute(
            update(requests)
            .where(requests.c.dissatisfied_by == person_id)
            .values(dissatisfied_by=None, dissatisfaction=None)
        )
