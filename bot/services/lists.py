"""三单: the demand list (open requests), the responsibility list (who owns what), the
progress list (every request, its state and age). Paged, filtered, within the viewer's reach."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Generic, TypeVar

from bot.domain.models import BUILDING_ROLES, Person
from bot.services.permissions import Viewer, viewer
from storage.repositories import Repositories
from storage.repositories.stats import Filters, ListedRequest, Owner

Clock = Callable[[], datetime]
Item = TypeVar("Item")


class ListKind(StrEnum):
    DEMAND = "demand"
    RESPONSIBILITY = "owners"
    PROGRESS = "progress"


@dataclass(frozen=True, slots=True)
class Wanted:
    """The filters an admin chose; `overdue` is turned into dates by the service."""

    grid_id: int | None = None
    building_id: int | None = None
    category: str | None = None
    state: str | None = None
    overdue: bool = False


@dataclass(frozen=True, slots=True)
class Page(Generic[Item]):
    kind: ListKind
    number: int  # from 0
    pages: int
    total: int
    items: list[Item]


class ListService:
    def __init__(
        self, repos: Repositories, clock: Clock, page_size: int, overdue_after: timedelta
    ) -> None:
        self.repos = repos
        self.clock = clock
        self.page_size = page_size
        self.overdue_after = overdue_after

    async def viewer(self, actor: Person | None) -> Viewer:
        return await viewer(self.repos, actor)

    async def grid_codes(self, who: Viewer) -> dict[str, int]:
        """Grid code -> id for the grids the viewer may filter by."""
        codes: dict[str, int] = {}
        for community in who.communities:
            for grid in await self.repos.directory.grids_of(community.id):
                if who.standing == "admin" or grid.id in who.grid_ids or grid.id in who.home_grids:
                    codes[grid.code.upper()] = grid.id
        return codes

    async def building_id(self, who: Viewer, grid_id: int, number: int) -> int:
        """A building typed by number (in the chosen grid, else any the viewer sees); -1 if none,
        which matches no request: a typo shows an empty list, not everything."""
        for community in who.communities:
            found = await self.repos.directory.buildings_numbered(
                str(number), community_id=community.id
            )
            for building in found:
                if not grid_id or building.grid_id == grid_id:
                    return building.id
        return -1

    def filters(self, wanted: Wanted) -> Filters:
        now = self.clock()
        return Filters(
            grid_id=wanted.grid_id,
            building_id=wanted.building_id,
            category=wanted.category,
            state=wanted.state,
            overdue=(now, now - self.overdue_after) if wanted.overdue else None,
        )

    async def requests(
        self, actor: Person | None, kind: ListKind, wanted: Wanted, page: int
    ) -> Page[ListedRequest]:
        """The demand list (open only) by priority: urgent first, then the households
        affected, then the longest waiting; or the progress list (all), newest first."""
        who = await self.viewer(actor)
        if kind is ListKind.DEMAND:
            wanted = (
                replace(wanted, state=None) if wanted.state in ("closed", "withdrawn") else wanted
            )
        page = max(page, 0)
        total, items = await self.repos.stats.page(
            who.reach(),
            self.filters(wanted),
            open_only=kind is ListKind.DEMAND,
            offset=page * self.page_size,
            limit=self.page_size,
        )
        return Page(kind, page, max(1, math.ceil(total / self.page_size)), total, items)

    async def owners(self, actor: Person | None, page: int) -> Page[Owner]:
        who = await self.viewer(actor)
        everyone = await self.repos.stats.owners(who.reach(), [r.value for r in BUILDING_ROLES])
        pages = max(1, math.ceil(len(everyone) / self.page_size))
        page = min(max(page, 0), pages - 1)
        start = page * self.page_size
        return Page(
            ListKind.RESPONSIBILITY,
            page,
            pages,
            len(everyone),
            everyone[start : start + self.page_size],
        )

    async def everything(
        self, actor: Person | None
    ) -> tuple[Viewer, list[ListedRequest], list[Owner], list[ListedRequest]]:
        """All three lists unpaged, for the export."""
        who = await self.viewer(actor)
        return await self.everything_for(who)

    async def everything_for(
        self, who: Viewer
    ) -> tuple[Viewer, list[ListedRequest], list[Owner], list[ListedRequest]]:
        none = Filters()
        demand = await self.repos.stats.all_listed(who.reach(), none, open_only=True)
        owners = await self.repos.stats.owners(who.reach(), [r.value for r in BUILDING_ROLES])
        progress = await self.repos.stats.all_listed(who.reach(), none, open_only=False)
        return who, demand, owners, progress


def age(request_created: datetime, now: datetime) -> timedelta:
    return now - request_created
