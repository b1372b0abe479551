"""计件积分: points for acknowledged, resolved and well-rated tasks; monthly leaderboards."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.domain.models import RATINGS, Person
from bot.services.permissions import Standing, viewer
from bot.services.stats import month_start
from bot.settings import PointsSettings
from storage.repositories import Repositories
from storage.repositories.stats import Reach, Scored

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class Ranked:
    rank: int
    name: str
    points: int
    acknowledged: int
    resolved: int
    well_rated: int


@dataclass(frozen=True, slots=True)
class Leaderboard:
    month: str
    title: str  # a community's or a grid's name
    rows: list[Ranked]


class PointsService:
    def __init__(self, repos: Repositories, clock: Clock, points: PointsSettings) -> None:
        self.repos = repos
        self.clock = clock
        self.points = points

    def score(self, scored: Scored) -> int:
        return (
            scored.acknowledged * self.points.acknowledged
            + scored.resolved * self.points.resolved
            + scored.well_rated * self.points.well_rated
        )

    def rank(self, scored: list[Scored], limit: int) -> list[Ranked]:
        ordered = sorted(scored, key=lambda s: (-self.score(s), s.name))
        return [
            Ranked(i + 1, s.name, self.score(s), s.acknowledged, s.resolved, s.well_rated)
            for i, s in enumerate(ordered[:limit])
        ]

    async def leaderboards(self, actor: Person | None, limit: int = 10) -> list[Leaderboard]:
        """This month's: the community's first (admins), then each grid the viewer sees."""
        who = await viewer(self.repos, actor)
        local = self.clock().astimezone(who.zone)
        start, end = month_start(local), self.clock()
        well = [r for r in RATINGS if r >= self.points.well_rated_min]
        boards: list[Leaderboard] = []
        month = f"{local:%Y-%m}"
        grid_ids: list[int] = list(who.grid_ids or who.home_grids)
        if who.standing is Standing.ADMIN:
            for community in who.communities:
                scored = await self.repos.stats.scores(
                    Reach(community_ids=(community.id,)), start, end, well
                )
                boards.append(Leaderboard(month, community.name, self.rank(scored, limit)))
                grid_ids += [g.id for g in await self.repos.directory.grids_of(community.id)]
        for grid_id in grid_ids:
            grid = await self.repos.directory.grid(grid_id)
            scored = await self.repos.stats.scores(Reach(grid_ids=(grid_id,)), start, end, well)
            title = f"{grid.code} {grid.name}" if grid else str(grid_id)
            boards.append(Leaderboard(month, title, self.rank(scored, limit)))
        return boards
