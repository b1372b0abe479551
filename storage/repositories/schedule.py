"""Due rows: planning them once, claiming them once, closing them."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, select, update

from storage.repositories.base import Repository
from storage.schema import scheduled_jobs


class JobState:
    PENDING = "pending"
    DONE = "done"
    DROPPED = "dropped"  # too late to be useful (missed during an outage) or no longer valid
    CANCELLED = "cancelled"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Job:
    id: int
    kind: str
    key: str
    due_at: datetime
    fire_by: datetime | None
    urgent: bool
    community_id: int | None
    meeting_id: int | None
    request_id: int | None
    person_id: int | None
    epoch: int | None
    payload: dict[str, Any]
    attempts: int


def _job(row: Row[Any]) -> Job:
    return Job(
        id=row.id,
        kind=row.kind,
        key=row.key,
        due_at=row.due_at,
        fire_by=row.fire_by,
        urgent=row.urgent,
        community_id=row.community_id,
        meeting_id=row.meeting_id,
        request_id=row.request_id,
        person_id=row.person_id,
        epoch=row.epoch,
        payload=json.loads(row.payload) if row.payload else {},
        attempts=row.attempts,
    )


def _row(
    *,
    kind: str,
    key: str,
    due_at: datetime,
    at: datetime,
    fire_by: datetime | None = None,
    urgent: bool = False,
    community_id: int | None = None,
    meeting_id: int | None = None,
    request_id: int | None = None,
    person_id: int | None = None,
    epoch: int | None = None,
    payload: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "kind": kind,
        "key": key,
        "due_at": due_at,
        "fire_by": fire_by,
        "urgent": urgent,
        "state": JobState.PENDING,
        "community_id": community_id,
        "meeting_id": meeting_id,
        "request_id": request_id,
        "person_id": person_id,
        "epoch": epoch,
        "payload": json.dumps(payload, ensure_ascii=False) if payload else None,
        "created_at": at,
    }


class ScheduleRepository(Repository):
    async def plan(
        self,
        *,
        kind: str,
        key: str,
        due_at: datetime,
        at: datetime,
        fire_by: datetime | None = None,
        urgent: bool = False,
        community_id: int | None = None,
        meeting_id: int | None = None,
        request_id: int | None = None,
        person_id: int | None = None,
        epoch: int | None = None,
        payload: dict[str, Any] | None = None,
    ) -> int | None:
        """Insert a due row unless one with the same key exists; its id, or None if it did."""
        row = _row(
            kind=kind, key=key, due_at=due_at, at=at, fire_by=fire_by, urgent=urgent,
            community_id=community_id, meeting_id=meeting_id, request_id=request_id,
            person_id=person_id, epoch=epoch, payload=payload,
        )  # fmt: skip
        result = await self.connection.execute(
            self.ignoring_conflicts(scheduled_jobs).returning(scheduled_jobs.c.id), row
        )
        value = result.scalar()
        return int(value) if value is not None else None

    async def plan_many(self, jobs: Sequence[Mapping[str, Any]]) -> None:
        """Several due rows (each with `plan`'s arguments) in one round trip; a key that
        exists already is left alone."""
        if jobs:
            await self.write(self.ignoring_conflicts(scheduled_jobs), [_row(**job) for job in jobs])

    async def claim_due(self, now: datetime, limit: int) -> list[Job]:
        """Due pending rows, locked for this transaction.

        PostgreSQL: FOR UPDATE SKIP LOCKED, so a second process takes other rows or none.
        SQLite: the transaction began with BEGIN IMMEDIATE, so it is the only writer anyway.
        Either way a row is closed in the same transaction that acts on it.
        """
        query = (
            select(scheduled_jobs)
            .where(scheduled_jobs.c.state == JobState.PENDING, scheduled_jobs.c.due_at <= now)
            .order_by(scheduled_jobs.c.due_at, scheduled_jobs.c.id)
            .limit(limit)
        )
        if self.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return [_job(row) for row in await self.connection.execute(query)]

    async def close(self, job_id: int, state: str, at: datetime, error: str | None = None) -> None:
        await self.connection.execute(
            update(scheduled_jobs)
            .where(scheduled_jobs.c.id == job_id)
            .values(state=state, done_at=at, error=error, attempts=scheduled_jobs.c.attempts + 1)
        )

    async def postpone(self, job_id: int, due_at: datetime, error: str, give_up: bool) -> None:
        """A job whose action failed: tried again later, or given up on after too many tries."""
        values: dict[str, Any] = {"error": error, "attempts": scheduled_jobs.c.attempts + 1}
        values.update(state=JobState.FAILED) if give_up else values.update(due_at=due_at)
        await self.connection.execute(
            update(scheduled_jobs).where(scheduled_jobs.c.id == job_id).values(**values)
        )

    async def cancel_meeting(self, meeting_id: int, at: datetime) -> int:
        result = await self.connection.execute(
            update(scheduled_jobs)
            .where(
                scheduled_jobs.c.meeting_id == meeting_id,
                scheduled_jobs.c.state == JobState.PENDING,
            )
            .values(state=JobState.CANCELLED, done_at=at)
        )
        return int(result.rowcount or 0)

    async def next_due(self) -> datetime | None:
        query = select(func.min(scheduled_jobs.c.due_at)).where(
            scheduled_jobs.c.state == JobState.PENDING
        )
        # func.min keeps the column's type, so UtcDateTime hands back an aware UTC value.
        value: datetime | None = (await self.connection.execute(query)).scalar()
        return value

    async def pending_count(self) -> int:
        query = select(func.count()).where(scheduled_jobs.c.state == JobState.PENDING)
        return int((await self.connection.execute(query)).scalar_one())

    async def of_meeting(self, meeting_id: int) -> list[tuple[Job, str]]:
        """Every row of a meeting with its state, oldest first (for tests and /meetings)."""
        query = (
            select(scheduled_jobs)
            .where(scheduled_jobs.c.meeting_id == meeting_id)
            .order_by(scheduled_jobs.c.due_at, scheduled_jobs.c.id)
        )
        return [(_job(row), row.state) for row in await self.connection.execute(query)]

    async def of_request(self, request_id: int) -> list[tuple[Job, str]]:
        query = (
            select(scheduled_jobs)
            .where(scheduled_jobs.c.request_id == request_id)
            .order_by(scheduled_jobs.c.due_at, scheduled_jobs.c.id)
        )
        return [(_job(row), row.state) for row in await self.connection.execute(query)]
