"""Engine, migrations and the unit of work: one transaction, every repository bound to it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from storage.repositories import Repositories

MIGRATIONS = Path(__file__).parent / "migrations"

# Waits for another writer instead of failing with SQLITE_BUSY.
SQLITE_BUSY_TIMEOUT_MS = 15_000


def create_engine(url: str, **connect_args: Any) -> AsyncEngine:
    # hide_parameters: a failed statement's error (logged with the traceback) would
    # otherwise quote residents' words, phone numbers and invite hashes.
    engine = create_async_engine(
        url, connect_args=connect_args, pool_pre_ping=False, hide_parameters=True
    )
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine)
    return engine


def _tune_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own implicit BEGIN is deferred: two writers would both read,
        # then one would fail to upgrade its lock. We issue BEGIN IMMEDIATE instead.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: a request the resident was told about survives power loss, not only a crash.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


class Database:
    def __init__(self, url: str, **connect_args: Any) -> None:
        self.url = url
        self.engine = create_engine(url, **connect_args)
        # SQLite takes one writer at a time, and a writer that finds the lock taken
        # sleeps in SQLite's busy handler in growing steps (up to 100 ms) however soon
        # the lock is free. This process's transactions queue here instead and start the
        # moment the one before commits. (Other processes still meet the busy handler.)
        self._writers = asyncio.Lock() if self.dialect == "sqlite" else None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def migrate(self, revision: str = "heads") -> None:
        def upgrade(connection: Connection) -> None:
            command.upgrade(alembic_config(connection), revision)

        async with self.engine.begin() as connection:
            await connection.run_sync(upgrade)

    async def downgrade(self, revision: str = "base") -> None:
        def downgrade(connection: Connection) -> None:
            command.downgrade(alembic_config(connection), revision)

        async with self.engine.begin() as connection:
            await connection.run_sync(downgrade)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Repositories]:
        """Commits when the block ends normally, rolls back when it raises. Not nested."""
        async with self._writers or contextlib.nullcontext(), self.engine.begin() as connection:
            yield Repositories(connection)

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[AsyncConnection]:
        async with self.engine.connect() as connection:
            yield connection

    async def close(self) -> None:
        await self.engine.dispose()
