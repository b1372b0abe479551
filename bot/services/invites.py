"""Invites: single-use links that give whoever opens them one post.

The token is random (`secrets`), travels only in the link, and is kept as its sha256: a
copy of the database holds no working link. A used, expired, revoked or made-up token is
refused and changes nothing.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.errors import ServiceError
from bot.domain.models import (
    ADMIN,
    BUILDING_ROLES,
    GRID_ROLES,
    Building,
    Community,
    Grid,
    Invite,
    Person,
    Post,
    Role,
)
from bot.domain.notices import InviteAccepted, Notify
from bot.services.audit import Auditor
from bot.services.permissions import AdminOnly
from bot.services.roles import PlaceNotFound, RoleService
from storage.repositories import Repositories

Clock = Callable[[], datetime]

# What an admin may invite to, in the order the buttons show them.
INVITABLE = (Role.MEMBER.value, Role.HEAD.value, *(r.value for r in GRID_ROLES), ADMIN)
# Telegram's deep-link parameter: up to 64 of A-Z a-z 0-9 _ -.
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class InviteInvalid(ServiceError):
    key = "invite-invalid"


class InviteUsed(ServiceError):
    key = "invite-used"


class InviteExpired(ServiceError):
    key = "invite-expired"


class InviteRevoked(ServiceError):
    key = "invite-revoked"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def needs_building(role: str) -> bool:
    return role in {r.value for r in BUILDING_ROLES}


@dataclass(frozen=True, slots=True)
class Issued:
    """A new invite and its token: the only moment the token exists outside the link."""

    invite: Invite
    token: str
    post: Post


class InviteService:
    def __init__(
        self,
        repos: Repositories,
        roles: RoleService,
        notify: Notify,
        clock: Clock,
        valid_for: timedelta,
        audit: Auditor,
    ) -> None:
        self.repos = repos
        self.roles = roles
        self.notify = notify
        self.clock = clock
        self.valid_for = valid_for
        self.audit = audit

    # --- the admin's choices, checked on every press -----------------------------------

    async def communities(self, actor: Person | None) -> list[Community]:
        if actor is None:
            raise AdminOnly()
        administered = await self.repos.directory.communities_administered(actor.id)
        if not administered:
            raise AdminOnly()
        return administered

    async def for_role(self, actor: Person | None, role: str) -> list[Community]:
        """The first press: a role that can be invited to, by an admin."""
        if role not in INVITABLE:
            raise PlaceNotFound()
        return await self.communities(actor)

    async def grids(self, actor: Person | None) -> list[Grid]:
        return [
            grid
            for community in await self.communities(actor)
            for grid in await self.repos.directory.grids_of(community.id)
        ]

    async def buildings(self, actor: Person | None, grid_id: int) -> list[Building]:
        grid = await self._grid(actor, grid_id)
        return await self.repos.directory.buildings_of_grid(grid.id)

    async def building(self, actor: Person | None, building_id: int) -> Building:
        building = await self.repos.directory.building(building_id)
        if building is None:
            raise PlaceNotFound()
        await self._grid(actor, building.grid_id)  # one of the actor's communities
        return building

    async def _grid(self, actor: Person | None, grid_id: int) -> Grid:
        grid = next((g for g in await self.grids(actor) if g.id == grid_id), None)
        if grid is None:
            raise PlaceNotFound()
        return grid

    # --- making, opening and revoking -----------------------------------------------------

    async def create(
        self,
        actor: Person | None,
        role: str,
        *,
        community_id: int | None = None,
        grid_id: int | None = None,
        building_id: int | None = None,
    ) -> Issued:
        if role not in INVITABLE:
            raise PlaceNotFound()
        communities = await self.communities(actor)
        if grid_id is not None:
            community_id = (await self._grid(actor, grid_id)).community_id
        if community_id not in {c.id for c in communities}:
            raise PlaceNotFound()
        assert community_id is not None
        post = await self.roles.post(role, community_id, grid_id, building_id)
        return await self.issue(actor, post)

    async def issue(self, creator: Person | None, post: Post) -> Issued:
        """For a checked post: the admin's /invite, or `python -m bot invite` (no creator)."""
        token = secrets.token_urlsafe(24)
        now = self.clock()
        invite = await self.repos.invites.insert(
            token_hash=token_hash(token),
            community_id=post.community.id,
            role=post.role,
            grid_id=post.grid.id if post.grid else None,
            building_id=post.building.id if post.building else None,
            created_by=creator.id if creator else None,
            created_at=now,
            expires_at=now + self.valid_for,
        )
        await self.audit(creator, "invite.created", "invite", invite.id, None, _fields(invite))
        return Issued(invite, token, post)

    async def bulk(
        self, role: str, community_name: str | None = None, grid_code: str | None = None
    ) -> list[Issued]:
        """One invite per place the role is held at: per building, per grid, or per community."""
        if role not in INVITABLE:
            raise PlaceNotFound()
        directory = self.repos.directory
        issued = []
        for community in await directory.all_communities():
            if community_name is not None and community.name != community_name:
                continue
            if role == ADMIN:
                issued.append(await self.issue(None, Post(ADMIN, community)))
                continue
            for grid in await directory.grids_of(community.id):
                if grid_code is not None and grid.code != grid_code:
                    continue
                if not needs_building(role):
                    issued.append(await self.issue(None, Post(role, community, grid)))
                    continue
                for building in await directory.buildings_of_grid(grid.id):
                    issued.append(await self.issue(None, Post(role, community, grid, building)))
        return issued

    async def redeem(self, person: Person, token: str) -> Post:
        """The link was opened: the person takes the post, the invite is spent."""
        invite = (
            await self.repos.invites.by_hash(token_hash(token))
            if _TOKEN_SHAPE.match(token)
            else None
        )
        if invite is None:
            raise InviteInvalid()
        if invite.revoked_at is not None:
            raise InviteRevoked()
        if invite.used_at is not None:
            raise InviteUsed()
        now = self.clock()
        if now >= invite.expires_at:
            raise InviteExpired()
        post = await self.roles.post(
            invite.role, invite.community_id, invite.grid_id, invite.building_id
        )
        used = await self.repos.invites.update(invite.id, used_at=now, used_by=person.id)
        await self.audit(person, "invite.used", "invite", invite.id, _fields(invite), _fields(used))
        await self.roles.appoint(person, person, post)
        if invite.created_by is not None and invite.created_by != person.id:
            creator = await self.repos.people.get(invite.created_by)
            if creator is not None:
                await self.notify(InviteAccepted(creator, person, post))
        return post

    async def revoke(self, actor: Person | None, invite_id: int) -> Post:
        invite = await self.repos.invites.get(invite_id, for_update=True)
        if invite is None:
            raise InviteInvalid()
        await self.roles.require_admin_of(actor, invite.community_id)
        if invite.used_at is not None:
            raise InviteUsed()
        if invite.revoked_at is not None:
            raise InviteRevoked()
        revoked = await self.repos.invites.update(invite.id, revoked_at=self.clock())
        await self.audit(
            actor, "invite.revoked", "invite", invite.id, _fields(invite), _fields(revoked)
        )
        return await self.roles.post(
            invite.role, invite.community_id, invite.grid_id, invite.building_id
        )

    async def pending(self, actor: Person | None, limit: int = 10) -> list[tuple[Invite, Post]]:
        communities = await self.communities(actor)
        found = await self.repos.invites.open_in([c.id for c in communities], self.clock(), limit)
        return [
            (i, await self.roles.post(i.role, i.community_id, i.grid_id, i.building_id))
            for i in found
        ]


def _fields(invite: Invite) -> dict[str, object]:
    """The invite as the audit keeps it: never the token, not even its hash."""
    return {
        "role": invite.role,
        "community_id": invite.community_id,
        "grid_id": invite.grid_id,
        "building_id": invite.building_id,
        "expires_at": invite.expires_at.isoformat(),
        "used_by": invite.used_by,
        "revoked": invite.revoked_at is not None,
    }
