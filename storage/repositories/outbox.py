from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.repositories.base import Repository
from storage.schema import outbox


class OutboxState:
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    # Sent, but Telegram's answer never came: it may or may not have arrived.
    UNKNOWN = "unknown"


# States a message does not leave again from: its words are no longer needed to send it.
_SETTLED = (OutboxState.SENT, OutboxState.FAILED, OutboxState.UNKNOWN)
_REDACTED = "{}"


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    id: int
    priority: int
    chat_id: int
    method: str
    payload: dict[str, Any]
    # What to post instead when the private chat refuses (sendMessage payloads, in order).
    fallback: list[dict[str, Any]]
    attempts: int
    request_id: int | None = None  # what a message about a request is about (its fallback too)
    # The payload as stored (JSON text): it leaves as it is, not serialised again.
    stored: str = field(default="", repr=False, compare=False)


def _message(row: Row[Any]) -> OutgoingMessage:
    return OutgoingMessage(
        id=row.id,
        priority=row.priority,
        chat_id=row.chat_id,
        method=row.method,
        payload=json.loads(row.payload),
        fallback=_fallback(row.fallback),
        attempts=row.attempts,
        request_id=row.request_id,
        stored=row.payload,
    )


def _row(
    chat_id: int,
    method: str,
    payload: dict[str, Any],
    priority: int,
    at: datetime,
    fallback: list[dict[str, Any]] | None,
    request_id: int | None,
) -> dict[str, Any]:
    return {
        "request_id": request_id,
        "created_at": at,
        "priority": priority,
        "chat_id": chat_id,
        "method": method,
        "payload": json.dumps(payload, ensure_ascii=False),
        "fallback": json.dumps(fallback, ensure_ascii=False) if fallback else None,
        "state": OutboxState.PENDING,
        "not_before": at,
    }


def _fallback(stored: str | None) -> list[dict[str, Any]]:
    if not stored:
        return []
    loaded = json.loads(stored)
    # Rows queued by earlier versions hold one payload rather than a list.
    return loaded if isinstance(loaded, list) else [loaded]


# Built once, executed with parameters: nearly every update queues a message, and nearly
# every message is marked sent.
_ADD = outbox.insert().returning(outbox.c.id)
_ADD_MANY = outbox.insert()
_MARK_SENT = (
    update(outbox)
    .where(outbox.c.id == bindparam("row_id"))
    .values(
        state=OutboxState.SENT,
        sent_at=bindparam("at"),
        message_id=bindparam("telegram_message_id"),
        error=None,
    )
)
# The sender looks for due rows and leases them many times a second.
_DUE = (
    select(outbox.c.id, outbox.c.chat_id, outbox.c.priority)
    .where(outbox.c.state == OutboxState.PENDING, outbox.c.not_before <= bindparam("now"))
    .order_by(outbox.c.priority, outbox.c.id)
    .limit(bindparam("limit"))
)
_CLAIM = (
    update(outbox)
    .where(
        outbox.c.id.in_(bindparam("ids", expanding=True)),
        outbox.c.state == OutboxState.PENDING,
    )
    .values(state=OutboxState.SENDING, claimed_at=bindparam("now"), attempts=outbox.c.attempts + 1)
    .returning(outbox)
)


class OutboxRepository(Repository):
    """Messages held (`hold`) are written together, in one statement, by `flush`: before
    the transaction commits (storage/database.py) and before any row is added on its own,
    so the order of a transaction's messages is the order they were queued in."""

    def __init__(self, connection: AsyncConnection) -> None:
        super().__init__(connection)
        self._held: list[dict[str, Any]] = []

    def hold(
        self,
        *,
        chat_id: int,
        method: str,
        payload: dict[str, Any],
        priority: int,
        at: datetime,
        fallback: list[dict[str, Any]] | None = None,
        request_id: int | None = None,
    ) -> None:
        self._held.append(_row(chat_id, method, payload, priority, at, fallback, request_id))

    async def flush(self) -> None:
        if self._held:
            rows, self._held = self._held, []
            await self.write(_ADD_MANY, rows)

    async def add(
        self,
        *,
        chat_id: int,
        method: str,
        payload: dict[str, Any],
        priority: int,
        at: datetime,
        fallback: list[dict[str, Any]] | None = None,
        request_id: int | None = None,
    ) -> int:
        """One message now, for its id (after those held before it)."""
        await self.flush()
        row = _row(chat_id, method, payload, priority, at, fallback, request_id)
        result = await self.connection.execute(_ADD, row)
        return int(result.scalar_one())

    async def due(self, now: datetime, limit: int) -> list[tuple[int, int, int]]:
        """(id, chat id, lane) of what may be sent now: most urgent lane first, oldest first
        within it."""
        rows = await self.connection.execute(_DUE, {"now": now, "limit": limit})
        return [(row.id, row.chat_id, row.priority) for row in rows]

    async def claim(self, message_id: int, now: datetime) -> OutgoingMessage | None:
        """Lease one message; None when another sender got it first."""
        result = await self.connection.execute(
            update(outbox)
            .where(outbox.c.id == message_id, outbox.c.state == OutboxState.PENDING)
            .values(state=OutboxState.SENDING, claimed_at=now, attempts=outbox.c.attempts + 1)
            .returning(outbox)
        )
        row = result.first()
        return _message(row) if row else None

    async def claim_many(self, message_ids: list[int], now: datetime) -> dict[int, OutgoingMessage]:
        """Lease several in one statement; those another sender got first are absent."""
        if not message_ids:
            return {}
        result = await self.connection.execute(_CLAIM, {"ids": message_ids, "now": now})
        return {row.id: _message(row) for row in result}

    async def readdress(self, message_id: int, chat_id: int, payload: dict[str, Any]) -> None:
        await self.connection.execute(
            update(outbox)
            .where(outbox.c.id == message_id)
            .values(chat_id=chat_id, payload=json.dumps(payload, ensure_ascii=False))
        )

    async def mark_sent(
        self, message_id: int, at: datetime, telegram_message_id: int | None
    ) -> None:
        await self.mark_sent_many([(message_id, telegram_message_id)], at)

    async def mark_sent_many(self, sent: Sequence[tuple[int, int | None]], at: datetime) -> None:
        """(outbox id, Telegram's message id) for several sends, in one round trip."""
        if sent:
            await self.write(
                _MARK_SENT,
                [
                    {"row_id": row_id, "at": at, "telegram_message_id": telegram_id}
                    for row_id, telegram_id in sent
                ],
            )

    async def release(self, message_id: int, not_before: datetime, error: str | None) -> None:
        """Back to the queue, to be tried again no earlier than `not_before`."""
        await self.connection.execute(
            update(outbox)
            .where(outbox.c.id == message_id)
            .values(state=OutboxState.PENDING, not_before=not_before, claimed_at=None, error=error)
        )

    async def retry_without_count(self, message_id: int, not_before: datetime, error: str) -> None:
        """A 429 is Telegram pacing us, not a failure of the message: it costs no attempt."""
        await self.connection.execute(
            update(outbox)
            .where(outbox.c.id == message_id)
            .values(
                state=OutboxState.PENDING,
                not_before=not_before,
                claimed_at=None,
                error=error,
                attempts=outbox.c.attempts - 1,
            )
        )

    async def finish(self, message_id: int, state: str, error: str | None) -> None:
        await self.connection.execute(
            update(outbox).where(outbox.c.id == message_id).values(state=state, error=error)
        )

    async def expired_leases(self, cutoff: datetime) -> list[OutgoingMessage]:
        query = select(outbox).where(
            outbox.c.state == OutboxState.SENDING, outbox.c.claimed_at < cutoff
        )
        if self.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return [_message(row) for row in await self.connection.execute(query)]

    async def counts(self) -> dict[str, int]:
        rows = await self.connection.execute(
            select(outbox.c.state, func.count()).group_by(outbox.c.state)
        )
        return {row[0]: int(row[1]) for row in rows}

    async def depth_by_lane(self) -> dict[int, int]:
        """Messages not yet sent (waiting or in flight), per lane."""
        query = (
            select(outbox.c.priority, func.count())
            .where(outbox.c.state.in_((OutboxState.PENDING, OutboxState.SENDING)))
            .group_by(outbox.c.priority)
        )
        return {int(row[0]): int(row[1]) for row in await self.connection.execute(query)}

    async def oldest_due(self, now: datetime) -> datetime | None:
        """Since when the longest-waiting message that may leave has been waiting."""
        query = select(func.min(outbox.c.not_before)).where(
            outbox.c.state == OutboxState.PENDING, outbox.c.not_before <= now
        )
        value: datetime | None = (await self.connection.execute(query)).scalar()
        return value

    async def sent_message_id(self, message_id: int) -> int | None:
        query = select(outbox.c.message_id).where(outbox.c.id == message_id)
        value = (await self.connection.execute(query)).scalar()
        return int(value) if value is not None else None

    async def redact_before(self, cutoff: datetime) -> int:
        """Forget the words of messages that left (or never will) before `cutoff`.

        The row stays: its Telegram message id is what later edits of a task card address.
        """
        result = await self.connection.execute(
            update(outbox)
            .where(
                outbox.c.state.in_(_SETTLED),
                outbox.c.created_at < cutoff,
                outbox.c.payload != _REDACTED,
            )
            .values(payload=_REDACTED, fallback=None)
        )
        return int(result.rowcount or 0)

    async def redact_chat(self, chat_id: int) -> int:
        """A person who asked to be forgotten: nothing sent to them keeps its words, and
        nothing still queued for them leaves."""
        await self.connection.execute(
            update(outbox)
            .where(outbox.c.chat_id == chat_id, outbox.c.state == OutboxState.PENDING)
            .values(state=OutboxState.FAILED, error="forgotten")
        )
        result = await self.connection.execute(
            update(outbox)
            .where(
                outbox.c.chat_id == chat_id,
                outbox.c.state.in_(_SETTLED),
                outbox.c.payload != _REDACTED,
            )
            .values(payload=_REDACTED, fallback=None)
        )
        return int(result.rowcount or 0)
