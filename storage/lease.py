"""Which worker leads: a PostgreSQL advisory lock held by a connection of its own.

Why an advisory lock rather than a Redis lock with an expiry: the lock is bound to the
session that took it, so it ends exactly when its holder does. A SIGKILLed worker's socket
is closed by the kernel, PostgreSQL ends the session and the lock is free at once; a
standby takes it at its next try (a second). A Redis lock would have to outlive its
holder by a whole expiry, or be renewed so often that a paused holder loses it while still
sending. It also needs nothing beyond the database every worker already shares, so Redis
stays optional. A host that vanishes without closing its socket is found by TCP
keepalives set on the lease's session (seconds, not the kernel's two hours).

The lock is not what keeps a message from going twice: outbox rows are leased and
scheduled rows claimed one by one (bot/delivery/sender.py, storage/repositories/schedule.py),
so two leaders for a moment would still not repeat anything. The lease keeps the work in
one place, so that one process paces the sends and ticks the clock.

SQLite is one process's database: its lease is always held.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

# Both halves of the two-key form: one lock per database and schema (tests give every
# bot its own schema in one database, and the lock space is the database's).
_TAKE = text("SELECT pg_try_advisory_lock(hashtext('weige-leader'), hashtext(current_schema()))")
_RELEASE = text("SELECT pg_advisory_unlock(hashtext('weige-leader'), hashtext(current_schema()))")
# Seconds: a silent peer is dropped after idle + interval * count.
_KEEPALIVES = {
    "tcp_keepalives_idle": "3",
    "tcp_keepalives_interval": "1",
    "tcp_keepalives_count": "3",
}


class Lock(Protocol):
    async def try_take(self) -> bool:
        """True when this worker holds the lock now (taken now or before)."""
        ...

    async def still_held(self) -> bool:
        """False once the session holding the lock is gone."""
        ...

    async def release(self) -> None: ...


class AlwaysHeld:
    """SQLite: one process, nobody to share the work with."""

    async def try_take(self) -> bool:
        return True

    async def still_held(self) -> bool:
        return True

    async def release(self) -> None:
        return None


class AdvisoryLock:
    def __init__(self, url: str, connect_args: dict[str, Any]) -> None:
        # A connection outside the pool: the pool may recycle or share what it holds, and
        # the lock lives and dies with this one session. The pool's own arguments (a
        # test's search_path) with keepalives on top.
        server_settings = {**connect_args.get("server_settings", {}), **_KEEPALIVES}
        self.engine = create_async_engine(
            url,
            poolclass=NullPool,
            connect_args={**connect_args, "server_settings": server_settings},
            hide_parameters=True,
        )
        self._connection: AsyncConnection | None = None
        self._held = False

    async def try_take(self) -> bool:
        if self._held:
            return True
        try:
            if self._connection is None:
                self._connection = await self.engine.connect()
                # Autocommit: the session-level lock must not wait in an open transaction.
                await self._connection.execution_options(isolation_level="AUTOCOMMIT")
            self._held = bool((await self._connection.execute(_TAKE)).scalar())
        except Exception as exc:
            log.warning("lease: cannot reach PostgreSQL (%s); trying again", exc)
            await self._drop()
        return self._held

    async def still_held(self) -> bool:
        if not self._held or self._connection is None:
            return False
        try:
            await self._connection.execute(text("SELECT 1"))
        except Exception as exc:
            log.error("lease: the session holding the lease is gone (%s)", exc)
            await self._drop()
            return False
        return True

    async def release(self) -> None:
        if self._held and self._connection is not None:
            try:
                await self._connection.execute(_RELEASE)
            except Exception as exc:  # the session is gone: so is the lock
                log.info("lease: release failed (%s)", exc)
        await self._drop()
        await self.engine.dispose()

    async def _drop(self) -> None:
        self._held = False
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                await connection.close()
            except Exception as exc:
                log.info("lease: closing a broken session: %s", exc)


def lock_for(url: str, dialect: str, connect_args: dict[str, Any]) -> Lock:
    return AdvisoryLock(url, connect_args) if dialect == "postgresql" else AlwaysHeld()
