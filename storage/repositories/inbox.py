from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from storage.repositories.base import Repository
from storage.schema import inbox, poll_mark

_POLLED = select(poll_mark.c.update_id, poll_mark.c.at).where(poll_mark.c.id == 1)
_MARK = update(poll_mark).where(poll_mark.c.id == 1)


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

    async def polled(self) -> tuple[int, datetime] | None:
        """The last polled update handled, and when."""
        row = (await self.connection.execute(_POLLED)).first()
        return (int(row.update_id), row.at) if row else None

    async def mark_polled(self, update_id: int, at: datetime) -> None:
        values = {"update_id": update_id, "at": at}
        result = await self.connection.execute(_MARK, values)
        if not result.rowcount:
            await self.connection.execute(self.ignoring_conflicts(poll_mark), {"id": 1, **values})
