"""The one place services are built: per update, per scheduled job, in the CLI and in tests.

Every dependency is required, so a service cannot be wired without the parts its rules
need (a RequestService without deadlines would silently skip SLA planning).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from bot.domain.notices import Notify
from bot.services import deadlines, digests, meetings, privacy, residents_day
from bot.services.audit import Auditor
from bot.services.boards import BoardService
from bot.services.broadcasts import BroadcastService
from bot.services.buildings import BuildingService
from bot.services.config import ServiceConfig
from bot.services.deadlines import DeadlineService
from bot.services.digests import DigestService
from bot.services.directory import DirectoryService
from bot.services.invites import InviteService
from bot.services.lists import ListService
from bot.services.meetings import MeetingService
from bot.services.menus import MenuService
from bot.services.minutes import MinutesService
from bot.services.people import PeopleService
from bot.services.points import PointsService
from bot.services.privacy import PrivacyService
from bot.services.requests import DUPLICATE_UNANSWERED, ParserBook, RequestService
from bot.services.residents_day import ResidentsDayService
from bot.services.roles import RoleService
from bot.services.stats import StatsService
from storage.repositories import Repositories
from storage.repositories.schedule import Job

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class Services:
    requests: RequestService
    meetings: MeetingService
    deadlines: DeadlineService
    digests: DigestService
    people: PeopleService
    buildings: BuildingService
    directory: DirectoryService
    broadcasts: BroadcastService
    lists: ListService
    stats: StatsService
    points: PointsService
    menus: MenuService
    audit: Auditor
    roles: RoleService
    invites: InviteService
    privacy: PrivacyService
    boards: BoardService
    residents_day: ResidentsDayService
    minutes: MinutesService

    async def fire_job(self, job: Job, now: datetime) -> str:
        """Act on one due row of `scheduled_jobs`; returns the state it closes with."""
        if job.kind in (meetings.REMINDER, meetings.START):
            return await self.meetings.fire(job, now)
        if job.kind in deadlines.KINDS:
            return await self.deadlines.fire(job, now, self.requests)
        if job.kind in digests.KINDS:
            return await self.digests.fire(job, now)
        if job.kind in privacy.KINDS:
            return await self.privacy.fire(job, now)
        if job.kind == DUPLICATE_UNANSWERED:
            return await self.requests.duplicate_unanswered(job)
        if job.kind in residents_day.KINDS:
            return await self.residents_day.fire(job, now)
        raise ValueError(f"unknown job kind {job.kind!r}")

    async def plan_jobs(self) -> None:
        await self.digests.plan_all()
        await self.privacy.plan()
        await self.boards.plan()
        await self.residents_day.plan()

    def as_dict(self) -> dict[str, Any]:
        """By name, as handlers ask for them (`requests: RequestService`)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def build_services(
    repos: Repositories,
    notify: Notify,
    config: ServiceConfig,
    parsers: ParserBook,
    clock: Clock,
) -> Services:
    """Services over one transaction's repositories; cheap enough to build per update."""
    deadlines = DeadlineService(repos, notify, clock, config.scheduling)
    menus = MenuService(repos, notify)
    audit = Auditor(repos, clock)
    requests = RequestService(
        repos,
        notify,
        parsers,
        config.thresholds,
        clock,
        deadlines,
        config.hotlines,
        audit,
        per_hour=config.trust.requests_per_hour,
        reason_within=config.reason_within,
        duplicates=config.duplicates,
        boards=config.board.enabled,
    )
    roles = RoleService(repos, notify, requests, audit)
    boards = BoardService(repos, clock, audit, config.board.enabled)
    return Services(
        requests=requests,
        meetings=MeetingService(repos, notify, clock, config.scheduling),
        deadlines=deadlines,
        digests=DigestService(repos, notify, clock, config.scheduling),
        people=PeopleService(repos, notify, clock, menus),
        buildings=BuildingService(repos, menus, audit, boards),
        directory=DirectoryService(repos, audit),
        broadcasts=BroadcastService(repos, clock, audit),
        lists=ListService(repos, clock, config.page_size, config.overdue_after),
        stats=StatsService(repos, clock, config.overdue_after),
        points=PointsService(repos, clock, config.points),
        menus=menus,
        audit=audit,
        roles=roles,
        invites=InviteService(repos, roles, notify, clock, config.trust.invite_valid_for, audit),
        privacy=PrivacyService(repos, roles, clock, audit, config.trust),
        boards=boards,
        residents_day=ResidentsDayService(
            repos, notify, clock, config.residents_day, config.scheduling.quiet
        ),
        minutes=MinutesService(repos, requests, clock),
    )
