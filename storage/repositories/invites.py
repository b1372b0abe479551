from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, select, update

from bot.domain.models import Invite
from storage.repositories.base import Repository
from storage.schema import invites


def to_invite(row: Row[Any]) -> Invite:
    return Invite(
        id=row.id,
        community_id=row.community_id,
        role=row.role,
        grid_id=row.grid_id,
        building_id=row.building_id,
        created_by=row.created_by,
        created_at=row.created_at,
        expires_at=row.expires_at,
        used_at=row.used_at,
        used_by=row.used_by,
        revoked_at=row.revoked_at,
    )


class InviteRepository(Repository):
    async def insert(self, **values: Any) -> Invite:
        result = await self.connection.execute(invites.insert().values(**values).returning(invites))
        return to_invite(result.one())

    async def get(self, invite_id: int, *, for_update: bool = False) -> Invite | None:
        query = select(invites).where(invites.c.id == invite_id)
        if for_update and self.dialect == "postgresql":
            query = query.with_for_update()
        row = (await self.connection.execute(query)).first()
        return to_invite(row) if row else None

    async def by_hash(self, token_hash: str) -> Invite | None:
        query = select(invites).where(invites.c.token_hash == token_hash)
        if self.dialect == "postgresql":
            # Two people opening one link at once: the second waits, then finds it used.
            query = query.with_for_update()
        row = (await self.connection.execute(query)).first()
        return to_invite(row) if row else None

    async def update(self, invite_id: int, **values: Any) -> Invite:
        result = await self.connection.execute(
            update(invites).where(invites.c.id == invite_id).values(**values).returning(invites)
        )
        return to_invite(result.one())

    async def open_in(self, community_ids: list[int], now: datetime, limit: int) -> list[Invite]:
        query = (
            select(invites)
            .where(
                invites.c.community_id.in_(community_ids),
                invites.c.used_at.is_(None),
                invites.c.revoked_at.is_(None),
                invites.c.expires_at > now,
            )
            .order_by(invites.c.id.desc())
            .limit(limit)
        )
        return [to_invite(row) for row in await self.connection.execute(query)]
