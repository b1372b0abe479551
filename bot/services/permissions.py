"""Who may see which requests: admins their communities, leaders their grid, members their buildings."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.errors import BuildingAmbiguous, BuildingNotFound, ServiceError
from bot.domain.models import BUILDING_ROLES, Building, Community, Person, Role, zone_of
from storage.repositories import Repositories
from storage.repositories.stats import Reach


class AdminOnly(ServiceError):
    """Residents and strangers see none of the admin views."""

    key = "admin-not-allowed"


class Standing(StrEnum):
    ADMIN = "admin"
    LEADER = "leader"
    MEMBER = "member"


@dataclass(frozen=True, slots=True)
class Viewer:
    person: Person
    standing: Standing
    communities: tuple[Community, ...]  # every community they see some of
    grid_ids: tuple[int, ...]
    building_ids: tuple[int, ...]
    # Grids of the buildings a member serves: whose leaderboard they see.
    home_grids: tuple[int, ...] = ()

    @property
    def zone(self) -> ZoneInfo:
        return zone_of(self.communities[0] if self.communities else None)

    def reach(self) -> Reach:
        """What the lists show."""
        if self.standing is Standing.ADMIN:
            return Reach(community_ids=tuple(c.id for c in self.communities))
        return Reach(grid_ids=self.grid_ids, building_ids=self.building_ids)

    def figures_reach(self) -> Reach:
        """What the figures count: a member's own figures are the tasks they own."""
        if self.standing is Standing.MEMBER:
            return Reach(assignee_id=self.person.id)
        return self.reach()


async def viewer(repos: Repositories, person: Person | None) -> Viewer:
    """The actor's widest standing; residents and strangers are refused."""
    if person is None:
        raise AdminOnly()
    directory = repos.directory
    administered = await directory.communities_administered(person.id)
    if administered:
        return Viewer(person, Standing.ADMIN, tuple(administered), (), ())
    posts = await directory.posts_of(person.id)
    grid_ids = tuple(sorted({grid for role, grid, _ in posts if role is Role.LEADER}))
    building_ids = tuple(
        sorted({b for role, _, b in posts if role in BUILDING_ROLES and b is not None})
    )
    if not grid_ids and not building_ids:
        raise AdminOnly()
    seen: dict[int, Community] = {}
    for grid_id in {grid for _, grid, _ in posts}:
        grid = await directory.grid(grid_id)
        if grid and (community := await directory.community(grid.community_id)):
            seen[community.id] = community
    standing = Standing.LEADER if grid_ids else Standing.MEMBER
    communities = tuple(seen[key] for key in sorted(seen))
    home = tuple(sorted({grid for role, grid, b in posts if b is not None or role is Role.LEADER}))
    return Viewer(person, standing, communities, grid_ids, building_ids, home)


async def administered_building(
    repos: Repositories,
    actor: Person,
    number: str,
    grid_code: str | None,
    refusal: type[ServiceError] = AdminOnly,
) -> Building:
    """`3` or `A 3` typed by an admin: the one building so numbered in their communities."""
    administered = await repos.directory.communities_administered(actor.id)
    if not administered:
        raise refusal()
    number = number.strip().upper()
    matches: list[Building] = []
    for community in administered:
        matches += await repos.directory.buildings_numbered(
            number, community_id=community.id, grid_code=grid_code
        )
    if not matches:
        raise BuildingNotFound(number=number)
    if len(matches) > 1:
        raise BuildingAmbiguous(number=number)
    return matches[0]


async def require_admin(repos: Repositories, person: Person | None) -> Viewer:
    found = await viewer(repos, person)
    if found.standing is not Standing.ADMIN:
        raise AdminOnly()
    return found
