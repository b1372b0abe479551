"""Who holds which post: appointing someone (by invite or an admin's pick), handing over
their predecessor's open tasks, and telling a person what they hold (/whoami).

Removing someone from a post never touches requests beyond handing the open ones on: the
history of who did what stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.errors import ServiceError
from bot.domain.models import (
    ADMIN,
    BUILDING_ROLES,
    OPEN_STATES,
    Building,
    Level,
    Person,
    Post,
    Request,
    Role,
)
from bot.domain.notices import Notify, PostGained, PostLost
from bot.services.audit import Auditor
from bot.services.permissions import AdminOnly, administered_building
from bot.services.requests import RequestService
from storage.repositories import Repositories

# Posts with one holder per place: a newcomer replaces whoever held it. A building has
# several floor heads, so theirs is added alongside.
SHARED_ROLES = (Role.FLOOR_HEAD,)
# The level of the requests each post owns (routing: member first, then leader).
OWNED_LEVEL = {Role.MEMBER: Level.MEMBER, Role.LEADER: Level.LEADER}


class PlaceNotFound(ServiceError):
    key = "post-place-not-found"


class AlreadyHolds(ServiceError):
    key = "post-already-held"


class NotACandidate(ServiceError):
    key = "assign-not-candidate"


@dataclass(frozen=True, slots=True)
class Appointment:
    post: Post
    person: Person
    replaced: tuple[Person, ...]
    tasks: int


class RoleService:
    def __init__(
        self, repos: Repositories, notify: Notify, requests: RequestService, audit: Auditor
    ) -> None:
        self.repos = repos
        self.notify = notify
        self.requests = requests
        self.audit = audit

    # --- places ----------------------------------------------------------------------

    async def post(
        self, role: str, community_id: int, grid_id: int | None, building_id: int | None
    ) -> Post:
        """The post as plain data, checked: the grid and building belong to the community."""
        directory = self.repos.directory
        community = await directory.community(community_id)
        if community is None:
            raise PlaceNotFound()
        if role == ADMIN:
            return Post(ADMIN, community)
        try:
            kind = Role(role)
        except ValueError:
            raise PlaceNotFound() from None
        grid = await directory.grid(grid_id) if grid_id is not None else None
        if grid is None or grid.community_id != community.id:
            raise PlaceNotFound()
        if kind not in BUILDING_ROLES:
            return Post(kind.value, community, grid)
        building = await directory.building(building_id) if building_id is not None else None
        if building is None or building.grid_id != grid.id:
            raise PlaceNotFound()
        return Post(kind.value, community, grid, building)

    async def administered_building(
        self, actor: Person, number: str, grid_code: str | None = None
    ) -> Building:
        """`/assign 3` or `/assign A 3`: a building in a community the actor administers."""
        return await administered_building(self.repos, actor, number, grid_code)

    async def require_admin_of(self, actor: Person | None, community_id: int) -> None:
        if actor is None or not await self.repos.directory.is_admin(actor.id, community_id):
            raise AdminOnly()

    # --- appointing ---------------------------------------------------------------------

    async def appoint(self, actor: Person | None, person: Person, post: Post) -> Appointment:
        """`person` takes the post; the one before hands over their open tasks and is told."""
        directory = self.repos.directory
        if post.role == ADMIN:
            if not await directory.add_admin(post.community.id, person.id):
                raise AlreadyHolds()
            await self._audit_post(actor, "role.assigned", person, post)
            appointment = Appointment(post, person, (), 0)
            await self.notify(PostGained(person, post, 0))
            return appointment
        role = Role(post.role)
        assert post.grid is not None
        building_id = post.building.id if post.building else None
        if await directory.holds(person.id, post.grid.id, building_id, role):
            raise AlreadyHolds()
        if role in SHARED_ROLES:
            await directory.add_post(post.grid.id, building_id, role, person.id)
            gone_ids: list[int] = []
        else:
            gone_ids = await directory.replace_holders(post.grid.id, building_id, role, person.id)
        replaced = await self.repos.people.many(gone_ids)
        for old in replaced.values():
            await self._audit_post(actor, "role.removed", old, post)
        await self._audit_post(actor, "role.assigned", person, post)
        # Everyone is told first, then the handed-over task cards follow the news.
        owned = {old.id: await self._owned(old, post, role) for old in replaced.values()}
        moved = sum(len(tasks) for tasks in owned.values())
        for old in replaced.values():
            await self.notify(PostLost(old, post, person, len(owned[old.id])))
        await self.notify(PostGained(person, post, moved))
        for tasks in owned.values():
            for request in tasks:
                await self.requests.hand_over(actor, request, person)
        return Appointment(post, person, tuple(replaced.values()), moved)

    async def _owned(self, old: Person, post: Post, role: Role) -> list[Request]:
        level = OWNED_LEVEL.get(role)
        if level is None or post.grid is None:
            return []
        return await self.repos.requests.open_owned(
            old.id,
            OPEN_STATES,
            level=level,
            grid_id=post.grid.id,
            building_id=post.building.id if post.building else None,
        )

    async def _audit_post(
        self, actor: Person | None, action: str, person: Person, post: Post
    ) -> None:
        held = {
            "role": post.role,
            "community_id": post.community.id,
            "grid_id": post.grid.id if post.grid else None,
            "building_id": post.building.id if post.building else None,
        }
        before, after = (None, held) if action == "role.assigned" else (held, None)
        await self.audit(actor, action, "person", person.id, before, after)

    # --- /assign and /whoami ------------------------------------------------------------

    async def candidates(self, actor: Person, building: Building) -> tuple[Post, list[Person]]:
        """Whom an admin may pick as the building's member: people with posts in its grid."""
        await self.require_admin_of(actor, building.community_id)
        post = await self.post(
            Role.MEMBER.value, building.community_id, building.grid_id, building.id
        )
        current = {
            p.id
            for p in await self.repos.directory.holders(building.grid_id, building.id, Role.MEMBER)
        }
        people = await self.repos.directory.people_of_grid(building.grid_id)
        return post, [p for p in people if p.id not in current]

    async def current_member(self, building: Building) -> Person | None:
        holders = await self.repos.directory.holders(building.grid_id, building.id, Role.MEMBER)
        return holders[0] if holders else None

    async def assign(self, actor: Person, building_id: int, person_id: int) -> Appointment:
        """An admin's pick from the /assign buttons, checked again on every press."""
        building = await self.repos.directory.building(building_id)
        if building is None:
            raise PlaceNotFound()
        post, allowed = await self.candidates(actor, building)
        chosen = next((p for p in allowed if p.id == person_id), None)
        if chosen is None:
            raise NotACandidate()
        return await self.appoint(actor, chosen, post)

    async def whoami(self, person: Person) -> list[Post]:
        directory = self.repos.directory
        posts = [Post(ADMIN, c) for c in await directory.communities_administered(person.id)]
        for role, grid_id, building_id in await directory.posts_of(person.id):
            grid = await directory.grid(grid_id)
            assert grid is not None
            community = await directory.community(grid.community_id)
            assert community is not None
            building = await directory.building(building_id) if building_id else None
            posts.append(Post(role.value, community, grid, building))
        return posts
