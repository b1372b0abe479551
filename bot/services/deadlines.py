"""Request deadlines (SLA): due times, the half-time reminder, escalation when time runs out.

Every deadline is a `scheduled_jobs` row stamped with the request's `sla_epoch`. Filing,
escalating and reopening bump the epoch and plan a fresh set, so older rows go stale
without anyone having to find and delete them. When a row comes due the clock locks the
request and re-checks it in the same transaction: a member who acknowledged a second
earlier has already moved it out of `new`, and the escalation is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.models import Level, Request, State, zone_of
from bot.domain.notices import AckReminder, Notify, Overdue
from bot.scheduling.quiet import release
from bot.services.config import SchedulingConfig
from bot.services.requests import DueTimes, RequestService
from storage.repositories import Repositories
from storage.repositories.schedule import Job, JobState

Clock = Callable[[], datetime]

ACK_REMINDER = "ack_reminder"
ACK_DEADLINE = "ack_deadline"
RESOLVE_DEADLINE = "resolve_deadline"
KINDS = (ACK_REMINDER, ACK_DEADLINE, RESOLVE_DEADLINE)

_WAITING = (State.NEW, State.REOPENED)  # not yet taken on by its owner
_UNRESOLVED = (State.NEW, State.ACKNOWLEDGED, State.REOPENED)


class DeadlineService:
    def __init__(
        self, repos: Repositories, notify: Notify, clock: Clock, config: SchedulingConfig
    ) -> None:
        self.repos = repos
        self.notify = notify
        self.clock = clock
        self.config = config

    async def due_times(
        self, *, urgent: bool, community_id: int, reason: str, due_at: datetime | None = None
    ) -> DueTimes:
        """When a request filed, escalated or reopened now must be acknowledged and resolved
        (`due_at`: its current resolve time, which escalating keeps)."""
        now = self.clock()
        sla = self.config.sla
        zone = zone_of(await self.repos.directory.community(community_id))
        within = sla.urgent_acknowledge_within if urgent else sla.acknowledge_within
        # Escalating does not restart the resolve clock; filing and reopening do.
        due = due_at if reason == "escalated" and due_at else now + sla.resolve_within
        return DueTimes(
            now=now,
            ack_due_at=release(self.config.quiet, now + within, zone, urgent),
            reminder_at=release(self.config.quiet, now + within / 2, zone, urgent),
            due_at=due,
            resolve_at=release(self.config.quiet, due, zone, urgent),
        )

    async def plan(self, request: Request, reason: str) -> Request:
        """New due times for a request escalated or reopened (bumps its epoch)."""
        times = await self.due_times(
            urgent=request.urgent,
            community_id=request.community_id,
            reason=reason,
            due_at=request.due_at,
        )
        planned = await self.repos.requests.update(
            request.id,
            ack_due_at=times.ack_due_at,
            due_at=times.due_at,
            sla_epoch=request.sla_epoch + 1,
        )
        await self.schedule(planned, times)
        return planned

    async def schedule(self, request: Request, times: DueTimes) -> None:
        """The rows that act on a request's due times, for its current epoch (one round trip)."""
        now, epoch = times.now, request.sla_epoch
        base = f"request:{request.id}:{epoch}"
        common: dict[str, Any] = {"at": now, "urgent": request.urgent, "community_id": request.community_id,
                  "request_id": request.id, "epoch": epoch}  # fmt: skip
        jobs: list[dict[str, Any]] = []
        if request.assignee_id is not None:
            jobs.append(
                {
                    "kind": ACK_REMINDER,
                    "key": f"{base}:{ACK_REMINDER}",
                    "due_at": times.reminder_at,
                    "fire_by": times.ack_due_at,  # once escalation is due, reminding is pointless
                    "person_id": request.assignee_id,
                    **common,
                }
            )
        if request.level is not Level.ADMIN:
            jobs.append(
                {"kind": ACK_DEADLINE, "key": f"{base}:{ACK_DEADLINE}", "due_at": times.ack_due_at}
                | common
            )
        if times.due_at > now:
            key = f"{base}:{RESOLVE_DEADLINE}"
            jobs.append({"kind": RESOLVE_DEADLINE, "key": key, "due_at": times.resolve_at} | common)
        await self.repos.schedule.plan_many(jobs)

    async def fire(self, job: Job, now: datetime, requests: RequestService) -> str:
        """Act on a due deadline; returns the state to close the row with."""
        request = await self.repos.requests.get(job.request_id or 0, for_update=True)
        if request is None or request.sla_epoch != job.epoch:
            return JobState.DROPPED  # a newer set of deadlines replaced this one
        if job.kind == ACK_REMINDER:
            return await self._remind(job, request, now)
        if job.kind == ACK_DEADLINE:
            if request.state not in _WAITING:
                return JobState.DROPPED  # acknowledged in time (perhaps just now)
            moved = await requests.escalate_overdue(request, to_admins=False)
            return JobState.DONE if moved else JobState.DROPPED
        if request.state not in _UNRESOLVED:
            return JobState.DROPPED
        if request.level is not Level.ADMIN:
            await requests.escalate_overdue(request, to_admins=True)
            return JobState.DONE
        zone = await self._zone(request)
        for admin in await self.repos.directory.admins(request.community_id):
            await self.notify(Overdue(request, admin, zone))
        return JobState.DONE

    async def _remind(self, job: Job, request: Request, now: datetime) -> str:
        if request.state not in _WAITING or request.assignee_id != job.person_id:
            return JobState.DROPPED
        if job.fire_by is not None and now > job.fire_by:
            return JobState.DROPPED  # missed while down; the escalation will speak instead
        owner = await self.repos.people.get(request.assignee_id or 0)
        if owner is None:
            return JobState.DROPPED
        await self.notify(AckReminder(request, owner, await self._zone(request)))
        return JobState.DONE

    async def _zone(self, request: Request) -> ZoneInfo:
        return zone_of(await self.repos.directory.community(request.community_id))
