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
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from storage.repositories import Repositories

MIGRATIONS = Path(__file__).parent / "migrations"

# Waits for another writer instead of failing with SQLITE_BUSY.
SQLITE_BUSY_TIMEOUT_MS = 15_000


def create_engine(url: str, **connect_args: Any) -> AsyncEngine:
    engine = create_async_engine(url, connect_args=connect_args, pool_pre_ping=False)
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


class StorageUnavailable(Exception):
    """The database cannot be opened for a reason the operator fixes; the message says how."""


def _check_sqlite_folder(url: str) -> None:
    # Checked before connecting: a failed aiosqlite connect leaves a worker thread that
    # prints its own traceback when the loop is gone.
    name = make_url(url).database
    if name and name != ":memory:" and not name.startswith("file:"):
        folder = Path(name).resolve().parent
        if not folder.is_dir():
            raise StorageUnavailable(
                f"storage.url: folder {folder} does not exist (create it or fix the path)"
            )


class Database:
    def __init__(self, url: str, **connect_args: Any) -> None:
        self.url = url
        if make_url(url).get_backend_name() == "sqlite":
            _check_sqlite_folder(url)
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


def describe(url: str) -> str:
    """Which database, for the operator's log: engine and file, or user@host/name, no password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite {Path(parsed.database or '').resolve()}"
    user = f"{parsed.username}@" if parsed.username else ""
    port = f":{parsed.port}" if parsed.port else ""
    return f"PostgreSQL {user}{parsed.host or 'localhost'}{port}/{parsed.database or ''}"


def explain_failure(url: str, error: BaseException) -> str | None:
    """One line naming `storage.url` and the fix, for a database that cannot be opened; None
    for anything else (a bug keeps its traceback)."""
    parsed = make_url(url)
    causes = _causes(error)
    if isinstance(error, StorageUnavailable):
        return str(error)
    if parsed.get_backend_name() == "sqlite":
        if not any("unable to open database file" in str(cause) for cause in causes):
            return None
        path = Path(parsed.database or "").resolve()
        if not path.parent.is_dir():
            return f"storage.url: folder {path.parent} does not exist (create it or fix the path)"
        return f"storage.url: cannot open {path} (check the folder's permissions)"
    where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    names = {type(cause).__name__ for cause in causes}
    if "InvalidCatalogNameError" in names:
        return (
            f'storage.url: database "{parsed.database}" does not exist on {where} '
            f"(create it: createdb -h {parsed.host or 'localhost'} {parsed.database})"
        )
    if "InvalidAuthorizationSpecificationError" in names:
        return (
            f'storage.url: role "{parsed.username}" does not exist on {where} '
            f"(create it: createuser -h {parsed.host or 'localhost'} {parsed.username})"
        )
    if "InvalidPasswordError" in names:
        return f'storage.url: password authentication failed for "{parsed.username}" on {where}'
    for cause in causes:
        if isinstance(cause, OSError) and not isinstance(cause, PermissionError):
            reason = cause.strerror or str(cause)
            return (
                f"storage.url: cannot connect to PostgreSQL at {where} ({reason}); "
                "is it running there?"
            )
    return None


def _causes(error: BaseException) -> list[BaseException]:
    """The error, what SQLAlchemy wrapped (`orig`) and what it was raised from, in order."""
    found: list[BaseException] = []
    pending: list[BaseException | None] = [error]
    while pending:
        cause = pending.pop(0)
        if cause is None or any(cause is seen for seen in found):
            continue
        found.append(cause)
        orig = getattr(cause, "orig", None)
        pending += [orig if isinstance(orig, BaseException) else None]
        pending += [cause.__cause__, cause.__context__]
    return found
