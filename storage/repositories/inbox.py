from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from storage.repositories.base import Repository
from storage.schema import inbox, poll_mark

_POLLED = select(poll_mark.c.update_id, poll_mark.c.at).where(poll_mark.c.id == 1)


def _mark(module: Any) -> Any:
    """The one row, made or moved on in one statement whose answer nothing needs."""
    insert = module.insert(poll_mark).values(
        id=1, update_id=bindparam("update_id"), at=bindparam("at")
    )
    return insert.on_conflict_do_update(
        index_elements=[poll_mark.c.id],
        set_={"update_id": insert.excluded.update_id, "at": insert.excluded.at},
    )


_MARK = {"postgresql": _mark(postgresql), "sqlite": _mark(sqlite)}


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
        await self.write(_MARK[self.dialect], {"update_id": update_id, "at": at})
