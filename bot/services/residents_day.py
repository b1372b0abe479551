"""居民说事日: three days before each community's residents' day, every building's group gets
an agenda made from its own lists, escalated items first, and a poll of its topics.

One `scheduled_jobs` row per building per month, keyed by the building and the day: planning
it on every start, or from two processes, plans it once, and the row is closed in the
transaction that queues the agenda, so a restart neither loses nor repeats it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from bot.domain.models import Building, Community, Level, Request, State, zone_of
from bot.domain.notices import AgendaTopic, Notify, ResidentsAgenda
from bot.scheduling.quiet import QuietHours, release
from bot.scheduling.recurrence import wall_clock
from bot.services.config import ResidentsDayConfig
from storage.repositories import Repositories
from storage.repositories.schedule import Job, JobState
from storage.repositories.stats import Filters, Reach

Clock = Callable[[], datetime]

AGENDA = "residents_agenda"
KINDS = (AGENDA,)
# Telegram's poll allows ten options; the agenda lists as many topics.
TOPICS = 10


def _month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


class ResidentsDayService:
    def __init__(
        self,
        repos: Repositories,
        notify: Notify,
        clock: Clock,
        config: ResidentsDayConfig,
        quiet: QuietHours | None,
    ) -> None:
        self.repos = repos
        self.notify = notify
        self.clock = clock
        self.config = config
        self.quiet = quiet

    def _times(self, community: Community, month: date) -> tuple[date, datetime, datetime]:
        """The residents' day of `month`, when its agenda is due, and after when it is useless."""
        zone = zone_of(community)
        day = month.replace(day=self.config.day_of(community.name))
        agenda = day - timedelta(days=self.config.days_before)
        due = release(self.quiet, wall_clock(agenda, self.config.at, zone), zone, urgent=False)
        return day, due, wall_clock(day, time(0, 0), zone)

    async def plan(self) -> None:
        """The next agenda of every bound building whose day has not begun."""
        now = self.clock()
        for community in await self.repos.directory.all_communities():
            month = now.astimezone(zone_of(community)).date().replace(day=1)
            day, due, fire_by = self._times(community, month)
            if fire_by <= now:
                day, due, fire_by = self._times(community, _month_after(month))
            for grid in await self.repos.directory.grids_of(community.id):
                for building in await self.repos.directory.buildings_of_grid(grid.id):
                    if building.chat_id is not None:
                        await self._plan(building, day, due, fire_by)

    async def _plan(self, building: Building, day: date, due: datetime, fire_by: datetime) -> None:
        await self.repos.schedule.plan(
            kind=AGENDA,
            key=f"agenda:{building.id}:{day.isoformat()}",
            due_at=due,
            fire_by=fire_by,
            at=self.clock(),
            community_id=building.community_id,
            payload={"building_id": building.id, "day": day.isoformat()},
        )

    async def fire(self, job: Job, now: datetime) -> str:
        building = await self.repos.directory.building(int(job.payload["building_id"]))
        community = await self.repos.directory.community(job.community_id or 0)
        if building is None or community is None:
            return JobState.DROPPED
        # The next month's is planned whatever becomes of this one.
        day = date.fromisoformat(job.payload["day"])
        following, due, fire_by = self._times(community, _month_after(day))
        await self._plan(building, following, due, fire_by)
        if building.chat_id is None or (job.fire_by is not None and now > job.fire_by):
            return JobState.DROPPED
        topics = await self.topics(building, now)
        await self.notify(
            ResidentsAgenda(building.chat_id, community.id, building.number, day, topics)
        )
        return JobState.DONE

    async def topics(self, building: Building, now: datetime) -> list[AgendaTopic]:
        """Escalated first (they need the meeting most), then the rest still open, oldest
        first, then what was closed lately (to hear whether it holds)."""
        reach = Reach(building_ids=(building.id,))
        open_ = [
            r.request for r in await self.repos.stats.all_listed(reach, Filters(), open_only=True)
        ]
        open_.sort(key=lambda r: (not _escalated(r), not r.urgent, r.created_at))
        since = now - self.config.recent
        done = await self.repos.requests.done_since(building.id, since, TOPICS)
        chosen = [AgendaTopic(r, _escalated(r), closed=False) for r in open_]
        chosen += [AgendaTopic(r, False, closed=True) for r in done]
        return chosen[:TOPICS]


def _escalated(request: Request) -> bool:
    return request.level != Level.MEMBER or request.state is State.REOPENED
