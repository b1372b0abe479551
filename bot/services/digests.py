"""Digests: each member's open tasks every morning, the admins' week every Monday.

One row per community per digest day, keyed by the local date: planning it from two
processes, or on every start, plans it once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.models import Community
from bot.domain.notices import DailyDigest, Notify, WeeklyDigest
from bot.scheduling.quiet import release
from bot.scheduling.recurrence import wall_clock
from bot.services.config import SchedulingConfig
from storage.repositories import Repositories
from storage.repositories.schedule import Job, JobState

Clock = Callable[[], datetime]

DAILY = "daily_digest"
WEEKLY = "weekly_digest"
KINDS = (DAILY, WEEKLY)
# A digest this late is stale; the next one is not far off.
_STALE = {DAILY: timedelta(hours=6), WEEKLY: timedelta(days=1)}


class DigestService:
    def __init__(
        self, repos: Repositories, notify: Notify, clock: Clock, config: SchedulingConfig
    ) -> None:
        self.repos = repos
        self.notify = notify
        self.clock = clock
        self.config = config

    async def plan_all(self) -> None:
        now = self.clock()
        for community in await self.repos.directory.all_communities():
            await self._plan_next(community, DAILY, now)
            await self._plan_next(community, WEEKLY, now)

    async def _plan_next(self, community: Community, kind: str, after: datetime) -> None:
        zone = ZoneInfo(community.timezone)
        day, at = self._next_day(kind, after, zone)
        due = release(self.config.quiet, wall_clock(day, at, zone), zone, urgent=False)
        await self.repos.schedule.plan(
            kind=kind,
            key=f"digest:{kind}:{community.id}:{day.isoformat()}",
            due_at=due,
            fire_by=due + _STALE[kind],
            at=self.clock(),
            community_id=community.id,
        )

    def _next_day(self, kind: str, after: datetime, zone: ZoneInfo) -> tuple[date, time]:
        today = after.astimezone(zone).date()
        if kind == DAILY:
            at = self.config.daily_digest
            day = today if wall_clock(today, at, zone) > after else today + timedelta(days=1)
            return day, at
        weekday, at = self.config.weekly_digest
        day = today + timedelta(days=(weekday - today.weekday()) % 7)
        if wall_clock(day, at, zone) <= after:
            day += timedelta(days=7)
        return day, at

    async def fire(self, job: Job, now: datetime) -> str:
        community = await self.repos.directory.community(job.community_id or 0)
        if community is None:
            return JobState.DROPPED
        # The next one is planned whatever happens to this one: a missed day never ends the chain.
        await self._plan_next(community, job.kind, max(now, job.due_at))
        if job.fire_by is not None and now > job.fire_by:
            return JobState.DROPPED
        zone = ZoneInfo(community.timezone)
        if job.kind == DAILY:
            tasks = await self.repos.digests.open_by_assignee(community.id)
            people = await self.repos.people.many(list(tasks))
            for person_id, open_tasks in tasks.items():
                person = people.get(person_id)
                if person is not None and person.telegram_id is not None:
                    await self.notify(DailyDigest(person, open_tasks, zone, now))
            return JobState.DONE
        figures = await self.repos.digests.week(community.id, now - timedelta(days=7), now)
        for admin in await self.repos.directory.admins(community.id):
            if admin.telegram_id is not None:
                await self.notify(WeeklyDigest(admin, community.name, figures))
        return JobState.DONE
