from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import Executable, Row, and_, delete, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.models import Building, Community, Contact, Grid, Person, Role
from storage.repositories.base import Repository
from storage.repositories.people import to_person
from storage.schema import (
    buildings,
    communities,
    community_admins,
    directory_version,
    grids,
    people,
    roles,
)

_building_columns = (
    buildings.c.id,
    buildings.c.grid_id,
    grids.c.community_id,
    buildings.c.number,
    buildings.c.chat_id,
)


def _building(row: Row[Any]) -> Building:
    return Building(
        id=row.id,
        grid_id=row.grid_id,
        community_id=row.community_id,
        number=row.number,
        chat_id=row.chat_id,
    )


def _community(row: Row[Any]) -> Community:
    return Community(id=row.id, name=row.name, timezone=row.timezone, locale=row.locale)


def _grid(row: Row[Any]) -> Grid:
    return Grid(id=row.id, community_id=row.community_id, code=row.code, name=row.name)


# Built once: read by every transaction, and by every filed request.
_VERSION = select(directory_version.c.version).where(directory_version.c.id == 1)
P = ParamSpec("P")
T = TypeVar("T")

# Remembered reads that carry people's rows.
_WITH_PEOPLE = frozenset({"admins", "holders"})


def remembered(
    method: Callable[Concatenate[DirectoryRepository, P], Awaitable[T]],
) -> Callable[Concatenate[DirectoryRepository, P], Awaitable[T]]:
    """A read answered once per transaction (see DirectoryRepository)."""
    name = method.__name__

    async def read(self: DirectoryRepository, /, *args: P.args, **kwargs: P.kwargs) -> T:
        if self._writes or (self._people_writes and name in _WITH_PEOPLE):
            return await method(self, *args, **kwargs)
        memo = await self._current_memo()
        key = (name, args, tuple(sorted(kwargs.items())))
        if key in memo:
            value = memo[key]
        else:
            value = memo[key] = await method(self, *args, **kwargs)
        return list(value) if isinstance(value, list) else value  # type: ignore[return-value]

    read.__name__ = read.__qualname__ = name
    return read


class DirectoryCache:
    """What one process read of the directory, valid while the version row is unchanged."""

    def __init__(self) -> None:
        self.version: int | None = None
        self.memo: dict[tuple[Any, ...], Any] = {}

    def at(self, version: int) -> dict[tuple[Any, ...], Any]:
        if version != self.version:
            self.version, self.memo = version, {}
        return self.memo


class DirectoryRepository(Repository):
    """Remembered reads (buildings, communities, locales, holders, admins) are shared by the
    process's transactions while the directory's version row stays the same: one SELECT of
    the version per transaction (a polled batch) instead of several lookups per update.

    A transaction that writes the directory or changes a person bumps the version in the
    same transaction (other processes and later transactions then read afresh) and from then
    on remembers nothing itself: a savepoint rolled back never leaves a stale value behind.
    """

    def __init__(self, connection: AsyncConnection, cache: DirectoryCache | None = None) -> None:
        super().__init__(connection)
        self._cache = cache
        self._memo: dict[tuple[Any, ...], Any] | None = None  # this transaction's view
        self._writes = False  # the directory was written in this transaction
        self._people_writes = False  # a person's row changed: holders are read afresh
        self._bumped = False

    async def _current_memo(self) -> dict[tuple[Any, ...], Any]:
        if self._memo is None:
            if self._cache is None:
                self._memo = {}
            else:
                version = (await self.connection.execute(_VERSION)).scalar_one_or_none()
                # No version row (a schema not made by the migrations): nothing is shared.
                self._memo = {} if version is None else self._cache.at(version)
        return self._memo

    async def _bump(self) -> None:
        if not self._bumped:
            self._bumped = True
            await self.connection.execute(
                update(directory_version)
                .where(directory_version.c.id == 1)
                .values(version=directory_version.c.version + 1)
            )

    async def people_changed(self) -> None:
        self._people_writes = True
        await self._bump()

    async def _execute(self, statement: Executable) -> CursorResult[Any]:
        if getattr(statement, "is_dml", False):
            self._writes = True
            await self._bump()
        return await self.connection.execute(statement)

    # --- communities -------------------------------------------------------------

    @remembered
    async def community(self, community_id: int) -> Community | None:
        query = select(communities).where(communities.c.id == community_id)
        row = (await self._execute(query)).first()
        return _community(row) if row else None

    async def community_by_name(self, name: str) -> Community | None:
        query = select(communities).where(communities.c.name == name)
        row = (await self._execute(query)).first()
        return _community(row) if row else None

    async def all_communities(self) -> list[Community]:
        rows = await self._execute(select(communities).order_by(communities.c.id))
        return [_community(row) for row in rows]

    async def save_community(self, name: str, timezone: str, locale: str | None = None) -> int:
        existing = await self.community_by_name(name)
        if existing is None:
            result = await self._execute(
                communities.insert()
                .values(name=name, timezone=timezone, locale=locale)
                .returning(communities.c.id)
            )
            return int(result.scalar_one())
        if (existing.timezone, existing.locale) != (timezone, locale):
            await self._execute(
                update(communities)
                .where(communities.c.id == existing.id)
                .values(timezone=timezone, locale=locale)
            )
        return existing.id

    @remembered
    async def locale_of_chat(self, chat_id: int) -> str | None:
        """The language a bound group is spoken to in, when its community names one."""
        result = await self._execute(
            select(communities.c.locale)
            .join(grids, grids.c.community_id == communities.c.id)
            .join(buildings, buildings.c.grid_id == grids.c.id)
            .where(buildings.c.chat_id == chat_id)
        )
        return result.scalar_one_or_none()

    @remembered
    async def admins(self, community_id: int) -> list[Person]:
        rows = await self._execute(
            select(people)
            .join(community_admins, community_admins.c.person_id == people.c.id)
            .where(community_admins.c.community_id == community_id)
            .order_by(people.c.id)
        )
        return [to_person(row) for row in rows]

    async def communities_of(self, person_id: int) -> list[int]:
        """Every community the person holds a post in or administers."""
        posts = (
            select(grids.c.community_id)
            .join(roles, roles.c.grid_id == grids.c.id)
            .where(roles.c.person_id == person_id)
        )
        administered = select(community_admins.c.community_id).where(
            community_admins.c.person_id == person_id
        )
        rows = await self._execute(posts.union(administered))
        return sorted(row[0] for row in rows)

    async def set_admins(
        self, community_id: int, person_ids: list[int]
    ) -> tuple[list[int], list[int]]:
        """Make the admins exactly `person_ids`; returns who was added and who removed."""
        current = {person.id for person in await self.admins(community_id)}
        wanted = set(person_ids)
        if gone := current - wanted:
            await self._execute(
                delete(community_admins).where(
                    community_admins.c.community_id == community_id,
                    community_admins.c.person_id.in_(gone),
                )
            )
        for person_id in sorted(wanted - current):
            await self._execute(
                community_admins.insert().values(community_id=community_id, person_id=person_id)
            )
        return sorted(wanted - current), sorted(gone)

    async def communities_administered(self, person_id: int) -> list[Community]:
        rows = await self._execute(
            select(communities)
            .join(community_admins, community_admins.c.community_id == communities.c.id)
            .where(community_admins.c.person_id == person_id)
            .order_by(communities.c.id)
        )
        return [_community(row) for row in rows]

    # --- grids and buildings -----------------------------------------------------

    @remembered
    async def grid(self, grid_id: int) -> Grid | None:
        row = (await self._execute(select(grids).where(grids.c.id == grid_id))).first()
        return _grid(row) if row else None

    async def grids_of(self, community_id: int) -> list[Grid]:
        rows = await self._execute(
            select(grids).where(grids.c.community_id == community_id).order_by(grids.c.code)
        )
        return [_grid(row) for row in rows]

    async def save_grid(self, community_id: int, code: str, name: str) -> int:
        query = select(grids).where(grids.c.community_id == community_id, grids.c.code == code)
        row = (await self._execute(query)).first()
        if row is None:
            result = await self._execute(
                grids.insert()
                .values(community_id=community_id, code=code, name=name)
                .returning(grids.c.id)
            )
            return int(result.scalar_one())
        if row.name != name:
            await self._execute(update(grids).where(grids.c.id == row.id).values(name=name))
        return int(row.id)

    def _buildings(self) -> Any:
        return select(*_building_columns).join(grids, grids.c.id == buildings.c.grid_id)

    @remembered
    async def building(self, building_id: int) -> Building | None:
        query = self._buildings().where(buildings.c.id == building_id)
        row = (await self._execute(query)).first()
        return _building(row) if row else None

    @remembered
    async def building_by_chat(self, chat_id: int) -> Building | None:
        query = self._buildings().where(buildings.c.chat_id == chat_id)
        row = (await self._execute(query)).first()
        return _building(row) if row else None

    @remembered
    async def buildings_numbered(
        self, number: str, *, community_id: int | None = None, grid_code: str | None = None
    ) -> list[Building]:
        query = self._buildings().where(buildings.c.number == number)
        if community_id is not None:
            query = query.where(grids.c.community_id == community_id)
        if grid_code is not None:
            query = query.where(grids.c.code == grid_code)
        rows = await self._execute(query.order_by(buildings.c.id))
        return [_building(row) for row in rows]

    async def buildings_of_grid(self, grid_id: int) -> list[Building]:
        query = self._buildings().where(buildings.c.grid_id == grid_id).order_by(buildings.c.id)
        return [_building(row) for row in await self._execute(query)]

    async def save_building(self, grid_id: int, number: str) -> int:
        query = select(buildings.c.id).where(
            buildings.c.grid_id == grid_id, buildings.c.number == number
        )
        existing = (await self._execute(query)).scalar()
        if existing is not None:
            return int(existing)
        result = await self._execute(
            buildings.insert().values(grid_id=grid_id, number=number).returning(buildings.c.id)
        )
        return int(result.scalar_one())

    async def bind_chat(self, building_id: int, chat_id: int | None) -> None:
        """One chat belongs to one building: binding it here unbinds it elsewhere."""
        current = (
            await self._execute(select(buildings.c.chat_id).where(buildings.c.id == building_id))
        ).scalar()
        if current == chat_id:
            return
        if chat_id is not None:
            await self._execute(
                update(buildings)
                .where(buildings.c.chat_id == chat_id, buildings.c.id != building_id)
                .values(chat_id=None)
            )
        await self._execute(
            update(buildings).where(buildings.c.id == building_id).values(chat_id=chat_id)
        )

    async def move_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        await self._execute(
            update(buildings).where(buildings.c.chat_id == old_chat_id).values(chat_id=new_chat_id)
        )

    # --- posts (三长三员一民警 and members) ------------------------------------------

    @remembered
    async def holders(self, grid_id: int, building_id: int | None, role: Role) -> list[Person]:
        place = (
            roles.c.building_id.is_(None)
            if building_id is None
            else roles.c.building_id == building_id
        )
        rows = await self._execute(
            select(people)
            .join(roles, roles.c.person_id == people.c.id)
            .where(roles.c.grid_id == grid_id, place, roles.c.role == role.value)
            .order_by(roles.c.id)
        )
        return [to_person(row) for row in rows]

    async def contacts(self, grid_id: int, building_id: int) -> list[Contact]:
        rows = await self._execute(
            select(roles.c.role, people)
            .join(people, roles.c.person_id == people.c.id)
            .where(
                roles.c.grid_id == grid_id,
                (roles.c.building_id == building_id) | roles.c.building_id.is_(None),
            )
            .order_by(roles.c.id)
        )
        return [Contact(role=Role(row.role), person=to_person(row)) for row in rows]

    async def set_posts(
        self, grid_id: int, building_id: int | None, posts: list[tuple[Role, int]]
    ) -> tuple[list[tuple[Role, int]], list[tuple[Role, int]]]:
        """Make the posts of one place exactly `posts`, touching only what differs.

        Returns the (role, person id) pairs added and removed.
        """
        place = (
            roles.c.building_id.is_(None)
            if building_id is None
            else roles.c.building_id == building_id
        )
        rows = await self._execute(
            select(roles.c.id, roles.c.role, roles.c.person_id).where(
                roles.c.grid_id == grid_id, place
            )
        )
        current = {(Role(row.role), row.person_id): row.id for row in rows}
        wanted = set(posts)
        removed = [key for key in current if key not in wanted]
        if removed:
            gone = [current[key] for key in removed]
            await self._execute(delete(roles).where(roles.c.id.in_(gone)))
        added: list[tuple[Role, int]] = []
        for role, person_id in posts:
            if (role, person_id) not in current and (role, person_id) not in added:
                added.append((role, person_id))
                await self._execute(
                    roles.insert().values(
                        grid_id=grid_id,
                        building_id=building_id,
                        role=role.value,
                        person_id=person_id,
                    )
                )
        return added, removed

    async def replace_holders(
        self, grid_id: int, building_id: int | None, role: Role, person_id: int
    ) -> list[int]:
        """`person_id` becomes the one holder of `role` at the place; returns who held it."""
        place = (
            roles.c.building_id.is_(None)
            if building_id is None
            else roles.c.building_id == building_id
        )
        rows = await self._execute(
            select(roles.c.id, roles.c.person_id)
            .where(roles.c.grid_id == grid_id, place, roles.c.role == role.value)
            .order_by(roles.c.id)
        )
        current = {row.person_id: row.id for row in rows}
        gone = [holder for holder in current if holder != person_id]
        if gone:
            await self._execute(
                delete(roles).where(roles.c.id.in_([current[holder] for holder in gone]))
            )
        if person_id not in current:
            await self.add_post(grid_id, building_id, role, person_id)
        return gone

    async def add_post(
        self, grid_id: int, building_id: int | None, role: Role, person_id: int
    ) -> None:
        await self._execute(
            roles.insert().values(
                grid_id=grid_id, building_id=building_id, role=role.value, person_id=person_id
            )
        )

    async def holds(
        self, person_id: int, grid_id: int, building_id: int | None, role: Role
    ) -> bool:
        place = (
            roles.c.building_id.is_(None)
            if building_id is None
            else roles.c.building_id == building_id
        )
        query = select(roles.c.id).where(
            roles.c.person_id == person_id,
            roles.c.grid_id == grid_id,
            place,
            roles.c.role == role.value,
        )
        return (await self._execute(query)).first() is not None

    async def add_admin(self, community_id: int, person_id: int) -> bool:
        """False when they were an admin already."""
        if await self.is_admin(person_id, community_id):
            return False
        await self._execute(
            community_admins.insert().values(community_id=community_id, person_id=person_id)
        )
        return True

    async def grid_by_code(self, community_id: int, code: str) -> Grid | None:
        query = select(grids).where(grids.c.community_id == community_id, grids.c.code == code)
        row = (await self._execute(query)).first()
        return _grid(row) if row else None

    async def people_of_grid(self, grid_id: int) -> list[Person]:
        """Everyone holding any post in the grid, each once, in the order they were listed."""
        rows = await self._execute(
            select(people, roles.c.id.label("post_id"))
            .join(roles, roles.c.person_id == people.c.id)
            .where(roles.c.grid_id == grid_id)
            .order_by(roles.c.id)
        )
        found: dict[int, Person] = {}
        for row in rows:
            found.setdefault(row.id, to_person(row))
        return list(found.values())

    async def posts_in_grid(self, grid_id: int) -> list[tuple[Role, int | None, Person]]:
        """(role, building id or None for the grid's own posts, holder) in the grid, in the
        order they were given."""
        rows = await self._execute(
            select(roles.c.role, roles.c.building_id.label("post_building"), people)
            .join(people, roles.c.person_id == people.c.id)
            .where(roles.c.grid_id == grid_id)
            .order_by(roles.c.id)
        )
        return [(Role(row.role), row.post_building, to_person(row)) for row in rows]

    async def posts_of(self, person_id: int) -> list[tuple[Role, int, int | None]]:
        """(role, grid id, building id or None) for every post a person holds."""
        rows = await self._execute(
            select(roles.c.role, roles.c.grid_id, roles.c.building_id).where(
                roles.c.person_id == person_id
            )
        )
        return [(Role(row.role), row.grid_id, row.building_id) for row in rows]

    async def is_admin(self, person_id: int, community_id: int) -> bool:
        query = select(community_admins.c.person_id).where(
            and_(
                community_admins.c.person_id == person_id,
                community_admins.c.community_id == community_id,
            )
        )
        return (await self._execute(query)).first() is not None
