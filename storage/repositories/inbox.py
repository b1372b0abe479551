from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete

from storage.repositories.base import Repository
from storage.schema import inbox


class InboxRepository(Repository):
    async def remember(self, key: str, at: datetime) -> bool:
        """True the first time a key is seen; the row commits with the update's effects."""
        result = await self.connection.execute(
            self.ignoring_conflicts(inbox), {"key": key, "at": at}
        )
        return bool(result.rowcount)

    async def forget_before(self, cutoff: datetime) -> int:
        result = await self.connection.execute(delete(inbox).where(inbox.c.at < cutoff))
        return int(result.rowcount or 0)
