"""The figures: received, closed, closure and satisfaction rates, times to acknowledge and
resolve (median, p90), overdue; by community and by grid; weekly series for the charts."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.errors import ServiceError
from bot.domain.models import Person
from bot.services.permissions import Viewer, viewer
from storage.repositories import Repositories
from storage.repositories.stats import Durations, Reach, Tally

Clock = Callable[[], datetime]
PERIODS = ("week", "month", "quarter", "year")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


class BadPeriod(ServiceError):
    key = "stats-bad-period"


@dataclass(frozen=True, slots=True)
class Period:
    label: str
    start: datetime
    end: datetime


def month_start(moment: datetime) -> datetime:
    return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def period_for(word: str | None, now: datetime, zone: ZoneInfo) -> Period:
    """`week`, `month` (default), `quarter`, `year` up to now, or a month `2026-05`; in the community's zone."""
    local = now.astimezone(zone)
    word = (word or "month").strip().lower()
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if word == "week":
        start = midnight - timedelta(days=local.weekday())
        return Period(f"{start:%Y-%m-%d}~", start, now)
    if word == "month":
        return Period(f"{local:%Y-%m}", month_start(local), now)
    if word == "quarter":
        start = month_start(local).replace(month=3 * ((local.month - 1) // 3) + 1)
        return Period(f"{local.year}Q{(local.month - 1) // 3 + 1}", start, now)
    if word == "year":
        return Period(str(local.year), month_start(local).replace(month=1), now)
    if match := _MONTH.match(word):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise BadPeriod(period=word)
        start = local.replace(
            year=year, month=month, day=1, hour=0, minute=0, second=0, microsecond=0
        )
        end = start.replace(year=year + month // 12, month=month % 12 + 1)
        return Period(f"{year}-{month:02d}", start, end)
    raise BadPeriod(period=word)


def percentile(values: Sequence[float], share: float) -> float | None:
    """Nearest-rank percentile: a time some request actually took."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass(frozen=True, slots=True)
class Figures:
    received: int
    closed: int
    closure_rate: float | None  # 办结率: resolved or closed, of received less withdrawn
    solved: int
    # 解决率: closed and rated 满意 / 基本满意 or undisputed in the rating window, of the same
    resolution_rate: float | None
    rated: int
    satisfaction_rate: float | None  # 满意 + 基本满意, of rated
    ack_median: float | None  # seconds
    ack_p90: float | None
    resolve_median: float | None
    resolve_p90: float | None
    overdue: int


def _ranked(ordered: Sequence[float], share: float) -> float | None:
    """`percentile` of values already sorted."""
    if not ordered:
        return None
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def figures_of(tally: Tally, acknowledge: Sequence[float], resolve: Sequence[float]) -> Figures:
    counted = tally.received - tally.withdrawn
    acknowledge, resolve = sorted(acknowledge), sorted(resolve)  # once for both percentiles
    return Figures(
        received=tally.received,
        closed=tally.done,
        closure_rate=tally.done / counted if counted else None,
        solved=tally.solved,
        resolution_rate=tally.solved / counted if counted else None,
        rated=tally.rated,
        satisfaction_rate=tally.satisfied / tally.rated if tally.rated else None,
        ack_median=_ranked(acknowledge, 0.5),
        ack_p90=_ranked(acknowledge, 0.9),
        resolve_median=_ranked(resolve, 0.5),
        resolve_p90=_ranked(resolve, 0.9),
        overdue=tally.overdue,
    )


@dataclass(frozen=True, slots=True)
class StatsReport:
    viewer: Viewer
    period: Period
    total: Figures
    by_grid: list[tuple[str, Figures]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Weekly:
    starts: list[datetime]
    by_category: dict[str, list[int]]
    closure: list[float | None]


class StatsService:
    def __init__(self, repos: Repositories, clock: Clock, overdue_after: timedelta) -> None:
        self.repos = repos
        self.clock = clock
        self.overdue_after = overdue_after

    async def report(self, actor: Person | None, word: str | None) -> StatsReport:
        who = await viewer(self.repos, actor)
        return await self.report_for(who, word)

    async def report_for(self, who: Viewer, word: str | None) -> StatsReport:
        now = self.clock()
        period = period_for(word, now, who.zone)
        reach = who.figures_reach()
        tallies, times = await self.repos.stats.figures(
            reach, period.start, period.end, (now, now - self.overdue_after)
        )
        for values in (*times.acknowledge.values(), *times.resolve.values()):
            values.sort()  # then the whole's sort merges sorted runs, and each grid's is free
        total = Tally()
        for tally in tallies.values():
            total.received += tally.received
            total.done += tally.done
            total.withdrawn += tally.withdrawn
            total.rated += tally.rated
            total.satisfied += tally.satisfied
            total.overdue += tally.overdue
            total.solved += tally.solved
        every = _flatten(times)
        report = StatsReport(who, period, figures_of(total, *every))
        if len(tallies) > 1 or reach.assignee_id is None:
            names = await self.repos.stats.grid_names([g for g in tallies if g is not None])
            for grid_id in sorted(tallies, key=lambda g: names.get(g or 0, "")):
                figures = figures_of(
                    tallies[grid_id],
                    times.acknowledge.get(grid_id, []),
                    times.resolve.get(grid_id, []),
                )
                report.by_grid.append((names.get(grid_id or 0, "—"), figures))
        return report

    async def weekly(self, who: Viewer, weeks: int = 12) -> Weekly:
        now = self.clock().astimezone(who.zone)
        this_week = now.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(
            days=now.weekday()
        )
        start = this_week - timedelta(weeks=weeks - 1)
        rows = await self.repos.stats.weekly(who.figures_reach(), start, now + timedelta(seconds=1))
        by_category: dict[str, list[int]] = {}
        received = [0] * weeks
        done = [0] * weeks
        for week, category, count, closed in rows:
            if 0 <= week < weeks:
                by_category.setdefault(category, [0] * weeks)[week] += count
                received[week] += count
                done[week] += closed
        closure = [d / r if r else None for d, r in zip(done, received, strict=True)]
        starts = [start + timedelta(weeks=i) for i in range(weeks)]
        return Weekly(starts, by_category, closure)


def _flatten(times: Durations) -> tuple[list[float], list[float]]:
    return (
        [v for values in times.acknowledge.values() for v in values],
        [v for values in times.resolve.values() for v in values],
    )


def reach_label(reach: Reach) -> str:
    return "member" if reach.assignee_id is not None else "all"
