"""The three lists, the figures and the points, computed in SQL over the requests table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    false,
    func,
    literal_column,
    or_,
    select,
    union_all,
)

from bot.domain.models import OPEN_STATES, SATISFIED_RATINGS, Request, State
from storage.repositories.base import Repository
from storage.repositories.requests import to_request
from storage.schema import (
    SQLITE_ACK_SECONDS,
    SQLITE_RESOLVE_SECONDS,
    buildings,
    communities,
    grids,
    people,
    request_events,
    requests,
    roles,
)

_OPEN = [state.value for state in OPEN_STATES]
_DONE = [State.RESOLVED.value, State.CLOSED.value]


@dataclass(frozen=True, slots=True)
class Reach:
    """Which requests a viewer may see: any that matches one of these."""

    community_ids: tuple[int, ...] = ()
    grid_ids: tuple[int, ...] = ()
    building_ids: tuple[int, ...] = ()
    assignee_id: int | None = None

    @property
    def empty(self) -> bool:
        return not (self.community_ids or self.grid_ids or self.building_ids or self.assignee_id)


@dataclass(frozen=True, slots=True)
class Filters:
    grid_id: int | None = None
    building_id: int | None = None
    category: str | None = None
    state: str | None = None
    overdue: tuple[datetime, datetime] | None = None  # (now, filed-before cutoff)


@dataclass(frozen=True, slots=True)
class ListedRequest:
    request: Request
    grid_code: str | None
    building_number: str | None
    assignee_name: str | None


@dataclass(frozen=True, slots=True)
class Owner:
    person_id: int
    name: str
    buildings: list[str]
    open_tasks: int


@dataclass(slots=True)
class Tally:
    received: int = 0
    done: int = 0
    withdrawn: int = 0
    rated: int = 0
    satisfied: int = 0
    overdue: int = 0
    # Closed and rated 满意 / 基本满意, or closed unrated when the rating window ran out.
    solved: int = 0


@dataclass(slots=True)
class Durations:
    """Seconds from filing to acknowledgement and to resolution, per grid (None: no grid)."""

    acknowledge: dict[int | None, list[float]] = field(default_factory=dict)
    resolve: dict[int | None, list[float]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Scored:
    person_id: int
    name: str
    acknowledged: int
    resolved: int
    well_rated: int


def _reach(reach: Reach) -> ColumnElement[bool]:
    clauses: list[ColumnElement[bool]] = []
    if reach.community_ids:
        clauses.append(requests.c.community_id.in_(reach.community_ids))
    if reach.grid_ids:
        clauses.append(requests.c.grid_id.in_(reach.grid_ids))
    if reach.building_ids:
        clauses.append(requests.c.building_id.in_(reach.building_ids))
    if reach.assignee_id is not None:
        clauses.append(requests.c.assignee_id == reach.assignee_id)
    return or_(*clauses) if clauses else false()


def _filters(filters: Filters) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if filters.grid_id is not None:
        where.append(requests.c.grid_id == filters.grid_id)
    if filters.building_id is not None:
        where.append(requests.c.building_id == filters.building_id)
    if filters.category:
        where.append(requests.c.category == filters.category)
    if filters.state:
        where.append(requests.c.state == filters.state)
    if filters.overdue is not None:
        where.append(overdue(*filters.overdue))
    return where


def overdue(now: datetime, cutoff: datetime) -> ColumnElement[bool]:
    """Open past its deadline; one without a deadline, open since before `cutoff`."""
    return and_(
        requests.c.state.in_(_OPEN),
        or_(
            requests.c.due_at < now,
            and_(requests.c.due_at.is_(None), requests.c.created_at < cutoff),
        ),
    )


def solved() -> ColumnElement[bool]:
    """解决: closed, and rated 满意 or 基本满意 or never disputed (closed unrated when the
    rating window ran out). 不满意 reopens a request, so it is not closed while disputed."""
    return and_(
        requests.c.state == State.CLOSED.value,
        or_(requests.c.rating.is_(None), requests.c.rating.in_(SATISFIED_RATINGS)),
    )


# The boards' reads, built once: the keeper shows every changed board of a batch with these two
# statements, instead of a listing, a count and a month's figures per board built anew.
_BOARD_OWNER = people.alias("assignee")
_ON_BOARDS = (
    select(requests, _BOARD_OWNER.c.name.label("who"))
    .outerjoin(_BOARD_OWNER, _BOARD_OWNER.c.id == requests.c.assignee_id)
    .where(
        requests.c.building_id.in_(bindparam("building_ids", expanding=True)),
        requests.c.state.in_(_OPEN),
    )
    # The demand list's order (page() with open_only), which the board's own sort keeps on ties.
    .order_by(
        requests.c.urgent.desc(),
        requests.c.households.desc(),
        requests.c.created_at,
        requests.c.id,
    )
)
# A Tally's counts, in its order: received, done, withdrawn, rated, satisfied (`_tally`).
_TALLIED = (
    func.count(),
    func.sum(case((requests.c.state.in_(_DONE), 1), else_=0)),
    func.sum(case((requests.c.state == State.WITHDRAWN.value, 1), else_=0)),
    func.sum(case((requests.c.rating.is_not(None), 1), else_=0)),
    func.sum(case((requests.c.rating.in_(SATISFIED_RATINGS), 1), else_=0)),
)


def _tally(received: Any, done: Any, withdrawn: Any, rated: Any, satisfied: Any) -> Tally:
    """A Tally from the `_TALLIED` columns (a sum over no rows is NULL)."""
    return Tally(
        int(received), int(done or 0), int(withdrawn or 0), int(rated or 0), int(satisfied or 0)
    )


_BOARD_MONTH = (
    select(requests.c.building_id, *_TALLIED)
    .where(
        requests.c.building_id.in_(bindparam("building_ids", expanding=True)),
        requests.c.created_at >= bindparam("start"),
        requests.c.created_at < bindparam("end"),
    )
    .group_by(requests.c.building_id)
)


class StatsRepository(Repository):
    def _seconds(self, later: Any, earlier: Any) -> ColumnElement[float]:
        if self.dialect == "postgresql":
            return cast(func.extract("epoch", later - earlier), Float)
        return cast((func.julianday(later) - func.julianday(earlier)) * 86400.0, Float)

    def _epoch(self, column: Any) -> ColumnElement[float]:
        if self.dialect == "postgresql":
            return cast(func.extract("epoch", column), Float)
        return cast((func.julianday(column) - 2440587.5) * 86400.0, Float)

    # --- demand and progress lists -----------------------------------------------------

    def _listing(self, reach: Reach, filters: Filters, open_only: bool) -> Select[Any]:
        where = [_reach(reach), *_filters(filters)]
        if open_only:
            where.append(requests.c.state.in_(_OPEN))
        return select(requests).where(and_(*where))

    async def page(
        self, reach: Reach, filters: Filters, *, open_only: bool, offset: int, limit: int
    ) -> tuple[int, list[ListedRequest]]:
        base = self._listing(reach, filters, open_only)
        total = await self._total(base, reach, filters, open_only)
        # The progress list: newest first by filing time, walking the (…, created_at) indexes
        # backwards, no sort. The demand list: by priority (urgent, then households
        # affected, then the longest waiting), a sort of the open requests only.
        newest = (
            (
                requests.c.urgent.desc(),
                requests.c.households.desc(),
                requests.c.created_at,
                requests.c.id,
            )
            if open_only
            else (requests.c.created_at.desc(), requests.c.id.desc())
        )
        ids = (
            base.with_only_columns(requests.c.id, requests.c.created_at)
            .order_by(*newest)
            .offset(offset)
            .limit(limit)
            .subquery()
        )
        assignee = people.alias("assignee")
        query = (
            # Labelled: `requests` has its own `number`, and an unlabelled building number
            # would leave `row.number` to whichever of the two the driver names last.
            select(
                requests,
                grids.c.code.label("grid_code"),
                buildings.c.number.label("building_number"),
                assignee.c.name.label("who"),
            )
            .join(ids, ids.c.id == requests.c.id)
            .outerjoin(grids, grids.c.id == requests.c.grid_id)
            .outerjoin(buildings, buildings.c.id == requests.c.building_id)
            .outerjoin(assignee, assignee.c.id == requests.c.assignee_id)
            .order_by(*newest)
        )
        rows = await self.connection.execute(query)
        return int(total), [
            ListedRequest(to_request(row), row.grid_code, row.building_number, row.who)
            for row in rows
        ]

    async def _total(
        self, base: Select[Any], reach: Reach, filters: Filters, open_only: bool
    ) -> int:
        """How many rows `base` lists, counted from an index, never over a subquery of rows.

        The one count that is large whatever the indexes (a whole community's history, the
        progress list unfiltered) is answered on SQLite from the table's b-tree size when the
        viewer's communities are all there are: the same number, without visiting 200k
        index entries."""
        unfiltered = not open_only and filters == Filters()
        if (
            self.dialect == "sqlite"
            and unfiltered
            and reach.community_ids
            and await self._covers_every_community(reach.community_ids)
        ):
            return int(
                (
                    await self.connection.execute(select(func.count()).select_from(requests))
                ).scalar_one()
            )
        return int(
            (await self.connection.execute(base.with_only_columns(func.count()))).scalar_one()
        )

    async def _covers_every_community(self, community_ids: tuple[int, ...]) -> bool:
        others = await self.connection.execute(
            select(communities.c.id).where(communities.c.id.not_in(community_ids)).limit(1)
        )
        return others.first() is None

    async def all_listed(
        self, reach: Reach, filters: Filters, *, open_only: bool
    ) -> list[ListedRequest]:
        _, rows = await self.page(reach, filters, open_only=open_only, offset=0, limit=10**9)
        return rows

    async def on_boards(self, building_ids: Sequence[int]) -> dict[int, list[ListedRequest]]:
        """The open requests of these buildings, each building's in the demand list's order."""
        found: dict[int, list[ListedRequest]] = {building_id: [] for building_id in building_ids}
        if not building_ids:
            return found
        rows = await self.connection.execute(_ON_BOARDS, {"building_ids": list(building_ids)})
        for row in rows:
            found[row.building_id].append(ListedRequest(to_request(row), None, None, row.who))
        return found

    async def board_months(
        self, building_ids: Sequence[int], start: datetime, end: datetime
    ) -> dict[int, Tally]:
        """Per building: received in [start, end), and of those done, withdrawn, rated, satisfied."""
        found = {building_id: Tally() for building_id in building_ids}
        if not building_ids:
            return found
        rows = await self.connection.execute(
            _BOARD_MONTH, {"building_ids": list(building_ids), "start": start, "end": end}
        )
        for building_id, *counts in rows:
            found[building_id] = _tally(*counts)
        return found

    # --- responsibility list ----------------------------------------------------------

    async def owners(self, reach: Reach, building_roles: Sequence[str]) -> list[Owner]:
        """Members who own buildings in reach, with their buildings and open tasks."""
        place = or_(
            grids.c.community_id.in_(reach.community_ids) if reach.community_ids else false(),
            buildings.c.grid_id.in_(reach.grid_ids) if reach.grid_ids else false(),
            buildings.c.id.in_(reach.building_ids) if reach.building_ids else false(),
        )
        posts = await self.connection.execute(
            select(people.c.id, people.c.name, grids.c.code, buildings.c.number)
            .join(roles, roles.c.person_id == people.c.id)
            .join(buildings, buildings.c.id == roles.c.building_id)
            .join(grids, grids.c.id == buildings.c.grid_id)
            .where(place, roles.c.role.in_(building_roles))
            .order_by(people.c.id, grids.c.code, buildings.c.id)
        )
        found: dict[int, tuple[str, list[str]]] = {}
        for row in posts:
            found.setdefault(row.id, (row.name, []))[1].append(f"{row.code}-{row.number}")
        if not found:
            return []
        counts = await self.connection.execute(
            select(requests.c.assignee_id, func.count())
            .where(requests.c.assignee_id.in_(found), requests.c.state.in_(_OPEN))
            .group_by(requests.c.assignee_id)
        )
        open_tasks = {row[0]: int(row[1]) for row in counts}
        owners = [
            Owner(pid, name, places, open_tasks.get(pid, 0))
            for pid, (name, places) in found.items()
        ]
        return sorted(owners, key=lambda o: (-o.open_tasks, o.name))

    # --- figures --------------------------------------------------------------------

    async def figures(
        self, reach: Reach, start: datetime, end: datetime, late: tuple[datetime, datetime]
    ) -> tuple[dict[int | None, Tally], Durations]:
        """Per grid (None: no grid): received in [start, end), of those done, withdrawn, rated,
        satisfied, and the seconds each took to be acknowledged and resolved; in one pass over
        the period. Overdue counts every open request in reach, filed whenever."""
        rows = await self.connection.execute(self._period_query(reach, start, end))
        tallies: dict[int | None, Tally] = {}
        found = Durations()
        for row in rows:
            grid_id, received, done, withdrawn, rated, satisfied, solved, to_ack, to_resolve = row
            tallies[grid_id] = tally = _tally(received, done, withdrawn, rated, satisfied)
            tally.solved = int(solved or 0)
            found.acknowledge[grid_id] = _seconds_list(to_ack)
            found.resolve[grid_id] = _seconds_list(to_resolve)
        # Grouped by `grid_id + 0`, not the column: else SQLite would rather walk the
        # grid-ordered period index through every request of the community (to spare a
        # sort of the few thousand open ones) than read (community_id, state, grid_id, …).
        grid = (requests.c.grid_id + 0).label("grid")
        late_rows = await self.connection.execute(
            select(grid, func.count()).where(_reach(reach), overdue(*late)).group_by(grid)
        )
        for grid_id, count in late_rows:
            tallies.setdefault(grid_id, Tally()).overdue = int(count)
        return tallies, found

    def _period_query(self, reach: Reach, start: datetime, end: datetime) -> Any:
        """One row per grid. A community's requests are read grid by grid along
        (community_id, grid_id, created_at, …), already in grid order: no sort of the
        period's rows to group them; those without a grid are a second part."""
        if self.dialect == "sqlite":
            # The same expressions as the SQLite-only index of migration 0005, which keeps
            # them computed: no date parsing per row. Literal 86400.0 so that they match.
            to_ack: ColumnElement[Any] = literal_column(SQLITE_ACK_SECONDS)
            to_resolve: ColumnElement[Any] = literal_column(SQLITE_RESOLVE_SECONDS)
        else:
            to_ack = func.round(self._seconds(requests.c.acknowledged_at, requests.c.created_at))
            to_resolve = func.round(self._seconds(requests.c.resolved_at, requests.c.created_at))
        columns = (
            requests.c.grid_id,
            *_TALLIED,
            func.sum(case((solved(), 1), else_=0)),
            # Times only of acknowledged requests (NULL otherwise, which the join skips).
            self._joined(to_ack),
            self._joined(case((to_ack.is_not(None), to_resolve))),
        )
        in_period = and_(_reach(reach), requests.c.created_at >= start, requests.c.created_at < end)
        if not reach.community_ids:
            return select(*columns).where(in_period).group_by(requests.c.grid_id)
        # Every grid id is a grid's (a foreign key): these two parts are all the rows.
        by_grid = (
            select(*columns)
            .where(requests.c.grid_id.in_(select(grids.c.id)), in_period)
            .group_by(requests.c.grid_id)
        )
        no_grid = (
            select(*columns)
            .where(requests.c.grid_id.is_(None), in_period)
            .group_by(requests.c.grid_id)
        )
        return union_all(by_grid, no_grid)

    def _joined(self, seconds: ColumnElement[Any]) -> ColumnElement[str]:
        """Whole seconds, comma-joined per group: one row per grid instead of one per
        request keeps thousands of rows off the driver."""
        whole = cast(seconds, Integer)
        if self.dialect == "postgresql":
            return func.string_agg(cast(whole, String), ",")
        return func.group_concat(whole, ",")

    async def weekly(
        self, reach: Reach, start: datetime, end: datetime
    ) -> list[tuple[int, str, int, int]]:
        """(week index from `start`, category, received, done) for the charts."""
        week = func.floor((self._epoch(requests.c.created_at) - start.timestamp()) / 604800.0)
        done = func.sum(case((requests.c.state.in_(_DONE), 1), else_=0))
        rows = await self.connection.execute(
            select(week.label("week"), requests.c.category, func.count(), done)
            .where(_reach(reach), requests.c.created_at >= start, requests.c.created_at < end)
            .group_by("week", requests.c.category)
        )
        return [(int(w), category, int(n), int(d or 0)) for w, category, n, d in rows]

    async def grid_names(self, grid_ids: Sequence[int]) -> dict[int, str]:
        rows = await self.connection.execute(
            select(grids.c.id, grids.c.code, grids.c.name).where(grids.c.id.in_(grid_ids))
        )
        return {row.id: f"{row.code} {row.name}" for row in rows}

    # --- points -----------------------------------------------------------------------

    async def scores(
        self, reach: Reach, start: datetime, end: datetime, well_rated: Sequence[int]
    ) -> list[Scored]:
        """Acknowledgements and resolutions people did in [start, end), and their good ratings."""
        moved = await self.connection.execute(
            select(request_events.c.actor_id, request_events.c.state_to, func.count())
            .join(requests, requests.c.id == request_events.c.request_id)
            .where(
                _reach(reach),
                request_events.c.at >= start,
                request_events.c.at < end,
                request_events.c.actor_id.is_not(None),
                request_events.c.state_to.in_([State.ACKNOWLEDGED.value, State.RESOLVED.value]),
                or_(
                    request_events.c.state_from.is_(None),
                    request_events.c.state_from != request_events.c.state_to,
                ),
            )
            .group_by(request_events.c.actor_id, request_events.c.state_to)
        )
        tally: dict[int, list[int]] = {}
        for actor_id, state_to, count in moved:
            slot = 0 if state_to == State.ACKNOWLEDGED.value else 1
            tally.setdefault(actor_id, [0, 0, 0])[slot] += int(count)
        rated = await self.connection.execute(
            select(requests.c.assignee_id, func.count())
            .where(
                _reach(reach),
                requests.c.closed_at >= start,
                requests.c.closed_at < end,
                requests.c.rating.in_(well_rated),
                requests.c.assignee_id.is_not(None),
            )
            .group_by(requests.c.assignee_id)
        )
        for person_id, count in rated:
            tally.setdefault(person_id, [0, 0, 0])[2] += int(count)
        if not tally:
            return []
        names = await self.connection.execute(
            select(people.c.id, people.c.name).where(people.c.id.in_(tally))
        )
        return [Scored(pid, name, *tally[pid]) for pid, name in names]


def _seconds_list(joined: str | None) -> list[float]:
    return list(map(float, joined.split(","))) if joined else []
