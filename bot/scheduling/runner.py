"""The job runner: APScheduler ticks, the database decides what is due.

APScheduler 3 cannot share a job store between processes, deletes one-shot jobs before
running them and by default forgives only one second of lateness, so it holds nothing
here that matters. A tick claims due `scheduled_jobs` rows and acts on them in one
transaction together with the outbox rows they cause: either the reminder is queued and
its row closed, or neither happened and the next tick (in this process or another)
tries again. A restart therefore loses nothing and repeats nothing; whatever fell due
while the bot was down is found by the first tick, and each kind decides whether it is
still useful (a reminder after its meeting began is dropped; a deadline is acted on).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from storage.database import Database
from storage.repositories import Repositories
from storage.repositories.schedule import Job

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

BATCH = 200
MAX_ATTEMPTS = 5


class Jobs(Protocol):
    """What acts on due rows, built over the tick's transaction (the services)."""

    async def fire_job(self, job: Job, now: datetime) -> str: ...

    async def plan_jobs(self) -> None: ...


class JobRunner:
    def __init__(
        self,
        database: Database,
        build: Callable[[Repositories], Jobs],
        clock: Clock,
        after_commit: Callable[[], None],
        tick_seconds: float = 1.0,
    ) -> None:
        self.database = database
        self.build = build
        self.clock = clock
        self.after_commit = after_commit
        self.tick_seconds = tick_seconds
        self._lock = asyncio.Lock()
        self._scheduler: AsyncIOScheduler | None = None
        # When the clock last ticked (monotonic): a clock that stopped shows in /healthz.
        self.last_tick: float | None = None

    def install(self, scheduler: AsyncIOScheduler) -> None:
        self._scheduler = scheduler
        # A tick a second would log "Running job" a second; failures still log as errors.
        logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
        now = datetime.now(UTC)
        # misfire_grace_time=None: a tick that is late is still wanted, never skipped.
        scheduler.add_job(
            self.tick, "interval", seconds=self.tick_seconds, id="schedule_tick",
            next_run_time=now, coalesce=True, max_instances=1, misfire_grace_time=None,
        )  # fmt: skip
        scheduler.add_job(
            self.plan_digests, "interval", minutes=10, id="plan_digests",
            next_run_time=now, coalesce=True, max_instances=1, misfire_grace_time=None,
        )  # fmt: skip

    async def plan_digests(self) -> None:
        async with self.database.transaction() as repos:
            await self.build(repos).plan_jobs()

    async def tick(self) -> int:
        """Act on everything due; returns how many rows were closed."""
        self.last_tick = time.monotonic()
        if self._lock.locked():
            return 0  # the running tick loops until nothing is due
        async with self._lock:
            total = 0
            while True:
                closed = await self._batch()
                total += closed
                if closed == BATCH:
                    continue
                next_due = await self._next_due()
                # Already due again (rows 20 ms apart): go on rather than wait for the backstop.
                # Unless this batch got nothing: then another process holds those rows.
                if next_due is not None and next_due <= self.clock() and closed:
                    continue
                self._wake_at(next_due)
                return total

    async def _batch(self) -> int:
        now = self.clock()
        async with self.database.transaction() as repos:
            jobs = await repos.schedule.claim_due(now, BATCH)
            if not jobs:
                return 0
            acting = self.build(repos)
            for job in jobs:
                await self._act(repos, acting, job, now)
        self.after_commit()
        return len(jobs)

    async def _act(self, repos: Repositories, acting: Jobs, job: Job, now: datetime) -> None:
        try:
            # A savepoint per row: one broken row must not hold back the others.
            async with repos.connection.begin_nested():
                state = await acting.fire_job(job, now)
                await repos.schedule.close(job.id, state, self.clock())
        except Exception as exc:
            give_up = job.attempts + 1 >= MAX_ATTEMPTS
            log.exception(
                "scheduled job %s (%s) failed%s", job.id, job.kind, ", giving up" if give_up else ""
            )
            retry = now + timedelta(seconds=30 * 2**job.attempts)
            await repos.schedule.postpone(job.id, retry, repr(exc)[:500], give_up)

    async def _next_due(self) -> datetime | None:
        async with self.database.transaction() as repos:
            return await repos.schedule.next_due()

    def _wake_at(self, next_due: datetime | None) -> None:
        """Between backstop ticks, wake exactly when the next row falls due: reminders fire on time."""
        if next_due is None or self._scheduler is None or not self._scheduler.running:
            return
        wait = (next_due - self.clock()).total_seconds()
        if 0 < wait < self.tick_seconds:
            self._scheduler.add_job(
                self.tick, "date", run_date=datetime.now(UTC) + timedelta(seconds=wait),
                id="schedule_wake", replace_existing=True, misfire_grace_time=None,
                # It is re-added from inside its own run: one running plus one waiting.
                max_instances=2,
            )  # fmt: skip
