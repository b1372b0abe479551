"""The audit trail: rows are appended in the transaction of the change they describe."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, or_, select

from bot.domain.models import AuditEntry
from storage.repositories.base import Repository
from storage.schema import audit_log


def _load(text: str | None) -> dict[str, object] | None:
    return json.loads(text) if text is not None else None


def _dump(value: dict[str, Any] | None) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def to_entry(row: Row[Any]) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        at=row.at,
        actor_id=row.actor_id,
        action=row.action,
        subject_type=row.subject_type,
        subject_id=row.subject_id,
        before=_load(row.before),
        after=_load(row.after),
    )


_APPEND = audit_log.insert()  # built once: every filed request appends


class AuditRepository(Repository):
    """Append and read; there is deliberately no way to change or remove a row."""

    async def append(
        self,
        *,
        at: datetime,
        actor_id: int | None,
        action: str,
        subject_type: str,
        subject_id: int | None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        await self.write(
            _APPEND,
            {
                "at": at,
                "actor_id": actor_id,
                "action": action,
                "subject_type": subject_type,
                "subject_id": subject_id,
                "before": _dump(before),
                "after": _dump(after),
            },
        )

    async def since(
        self, start: datetime, *, person_id: int | None = None, limit: int | None = None
    ) -> list[AuditEntry]:
        """In order; with a person, what they did and what was done to them."""
        query = select(audit_log).where(audit_log.c.at >= start).order_by(audit_log.c.id)
        if person_id is not None:
            query = query.where(
                or_(
                    audit_log.c.actor_id == person_id,
                    (audit_log.c.subject_type == "person") & (audit_log.c.subject_id == person_id),
                )
            )
        if limit is not None:
            query = query.limit(limit)
        return [to_entry(row) for row in await self.connection.execute(query)]

    async def count(self) -> int:
        result = await self.connection.execute(select(func.count()).select_from(audit_log))
        return int(result.scalar_one())

    async def last(self) -> AuditEntry | None:
        query = select(audit_log).order_by(audit_log.c.id.desc()).limit(1)
        row = (await self.connection.execute(query)).first()
        return to_entry(row) if row else None
