"""Reading the audit trail in end-to-end tests: what a step appended, and nothing else."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.models import AuditEntry
from devtools.sandbox import Sandbox

_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


class Trail:
    def __init__(self, box: Sandbox) -> None:
        self.box = box
        self._seen = 0

    async def rows(self) -> list[AuditEntry]:
        async with self.box.app.database.transaction() as repos:
            return await repos.audit.since(_EPOCH)

    async def new(self) -> list[AuditEntry]:
        rows = await self.rows()
        fresh = [row for row in rows if row.id > self._seen]
        if rows:
            self._seen = rows[-1].id
        return fresh

    async def skip(self) -> None:
        await self.new()

    async def one(self, action: str) -> AuditEntry:
        """The step appended exactly one row, and it is `action`."""
        fresh = await self.new()
        assert [row.action for row in fresh] == [action], fresh
        return fresh[0]
