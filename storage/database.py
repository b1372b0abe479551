"""Engine, migrations and the unit of work: one transaction, every repository bound to it."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from contextvars import ContextVar
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from storage.lease import Lock, lock_for
from storage.repositories import Repositories
from storage.repositories.directory import DirectoryCache
from storage.sqlite_driver import (
    SENT_WITH_NEXT,
    one_trip,
    one_trip_driver,
    send_many_with_next,
    send_plain_with_next,
    send_with_next,
)

MIGRATIONS = Path(__file__).parent / "migrations"


def create_engine(url: str, **connect_args: Any) -> AsyncEngine:
    # hide_parameters: a failed statement's error (logged with the traceback) would
    # otherwise quote residents' words, phone numbers and invite hashes.
    options: dict[str, Any] = {}
    if make_url(url).get_backend_name() == "sqlite":
        options["module"] = one_trip_driver()  # storage/sqlite_driver.py
    engine = create_async_engine(
        url, connect_args=connect_args, pool_pre_ping=False, hide_parameters=True, **options
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
        # No waiting in the event loop's thread: the driver waits for another process's
        # write lock in SQLite's thread instead (storage/sqlite_driver.py).
        cursor.execute("PRAGMA busy_timeout=0")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # Goes to SQLite with the transaction's first statement, not in a trip of its own.
        connection.exec_driver_sql("BEGIN IMMEDIATE", execution_options={SENT_WITH_NEXT: True})

    event.listen(engine.sync_engine, "do_execute", send_with_next)
    event.listen(engine.sync_engine, "do_executemany", send_many_with_next)
    event.listen(engine.sync_engine, "do_execute_no_params", send_plain_with_next)


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


class WriterQueue:
    """One SQLite writer at a time in this process, first come first served, except that an
    urgent writer (the outbox marking what Telegram answered) goes before every waiting one:
    the time between Telegram's answer and the durable mark must stay a few milliseconds,
    whatever else is queued."""

    def __init__(self) -> None:
        self._held = False
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._normal: deque[asyncio.Future[None]] = deque()

    @property
    def urgent_waiting(self) -> bool:
        return any(not f.done() for f in self._urgent)

    async def acquire(self, urgent: bool = False) -> None:
        if not self._held and not self._urgent and not self._normal:
            self._held = True
            return
        waiter = asyncio.get_running_loop().create_future()
        (self._urgent if urgent else self._normal).append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # handed over just as we were cancelled: pass it on
            else:
                with contextlib.suppress(ValueError):
                    (self._urgent if urgent else self._normal).remove(waiter)
            raise

    def release(self) -> None:
        for queue in (self._urgent, self._normal):
            while queue:
                waiter = queue.popleft()
                if not waiter.done():
                    waiter.set_result(None)  # handed over: still held
                    return
        self._held = False

    @asynccontextmanager
    async def hold(self, urgent: bool = False) -> AsyncIterator[None]:
        await self.acquire(urgent)
        try:
            yield
        finally:
            self.release()


class Database:
    def __init__(self, url: str, **connect_args: Any) -> None:
        self.url = url
        self.connect_args = connect_args
        if make_url(url).get_backend_name() == "sqlite":
            _check_sqlite_folder(url)
        self.engine = create_engine(url, **connect_args)
        # SQLite takes one writer at a time, and a writer that finds the lock taken
        # sleeps in SQLite's busy handler in growing steps (up to 100 ms) however soon
        # the lock is free. This process's transactions queue here instead and start the
        # moment the one before commits. (Other processes still meet the busy handler.)
        self.writers = WriterQueue() if self.dialect == "sqlite" else None
        self.directory = DirectoryCache()  # shared by this process's transactions

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def migrate(self, revision: str = "heads") -> None:
        def upgrade(connection: Connection) -> None:
            command.upgrade(alembic_config(connection), revision)

        async with self.engine.begin() as connection:
            if self.dialect == "postgresql":
                # Workers starting together migrate one after another, not side by side
                # (the second would fail creating what the first just created).
                await connection.execute(
                    text("SELECT pg_advisory_xact_lock(hashtext('weige-migrate'))")
                )
            await connection.run_sync(upgrade)

    async def downgrade(self, revision: str = "base") -> None:
        def downgrade(connection: Connection) -> None:
            command.downgrade(alembic_config(connection), revision)

        async with self.engine.begin() as connection:
            await connection.run_sync(downgrade)

    @asynccontextmanager
    async def transaction(
        self, urgent: bool = False, durable: bool = True
    ) -> AsyncIterator[Repositories]:
        """Commits when the block ends normally, rolls back when it raises. Not nested.
        `urgent`: on SQLite, goes before the transactions waiting for their turn.
        `durable=False`: on SQLite, the commit does not wait for the disk: it survives the
        process being killed, a power loss only once a later durable commit is done. For
        writes a power loss may undo at no cost (a send's lease: the message goes again,
        as one lost in flight would)."""
        queue = self.writers.hold(urgent) if self.writers else contextlib.nullcontext()
        async with queue, self.engine.begin() as connection:
            if not durable and (raw := one_trip(connection)) is not None:
                raw.commit_lazily()
            repos = Repositories(connection, self.directory)
            yield repos
            await repos.flush()

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[AsyncConnection]:
        async with self.engine.connect() as connection:
            yield connection

    def leader_lock(self) -> Lock:
        """Who among the workers on this database sends and ticks the clock (storage/lease.py)."""
        return lock_for(self.url, self.dialect, self.connect_args)

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


# PostgreSQL's "try again": a deadlock broken by failing one side, a serialization failure,
# and a unique key taken by another worker's transaction that committed meanwhile (two
# workers filing the same message: done again, the work finds the row and files nothing).
# A clash that is no race fails each try the same way and is kept after the last.
_TRANSIENT = {"40P01", "40001", "23505"}


def is_transient(error: BaseException) -> bool:
    """A conflict with another worker's transaction, gone if the work is simply done again."""
    return any(getattr(cause, "sqlstate", None) in _TRANSIENT for cause in _causes(error))


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


class Batch:
    """One transaction for a polled batch of updates.

    One commit (one fsync) for many updates instead of one each. It commits early when
    an urgent writer waits (the outbox marking what Telegram answered) or when it has been
    open for `hold` seconds, so other writers never wait long. What must follow the commit
    (waking the sender, answering buttons) is registered with `after_commit`.
    """

    def __init__(
        self,
        database: Database,
        hold: float = 0.1,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.database = database
        self.hold = hold
        self.clock = clock
        # The last polled update handled in the open transaction: its mark commits with it.
        self.polled: int | None = None
        # Polled updates up to this id were handled before (a redelivery after a crash).
        self.handled_before: int | None = None
        self._stack: AsyncExitStack | None = None
        self._repos: Repositories | None = None
        self._opened = 0.0
        self._after: list[Callable[[], Awaitable[object] | object]] = []

    async def repos(self) -> Repositories:
        if self._repos is None:
            stack = AsyncExitStack()
            self._repos = await stack.enter_async_context(self.database.transaction())
            self._stack = stack
            self._opened = asyncio.get_running_loop().time()
        return self._repos

    def after_commit(self, action: Callable[[], Awaitable[object] | object]) -> None:
        self._after.append(action)

    @property
    def should_commit(self) -> bool:
        if self._stack is None:
            return False
        writers = self.database.writers
        if writers is not None and writers.urgent_waiting:
            return True
        return asyncio.get_running_loop().time() - self._opened > self.hold

    async def commit(self) -> None:
        if self.polled is not None and self._repos is not None:
            assert self.clock is not None, "a batch of polled updates needs a clock"
            await self._repos.inbox.mark_polled(self.polled, self.clock())
        self.polled = None
        stack, self._stack, self._repos = self._stack, None, None
        if stack is not None:
            await stack.aclose()
        actions, self._after = self._after, []
        for action in actions:
            result = action()
            if inspect.isawaitable(result):
                await result

    async def rollback(self) -> None:
        self.polled = None
        stack, self._stack, self._repos = self._stack, None, None
        self._after = []
        if stack is not None:
            error = RuntimeError("batch rolled back")
            with contextlib.suppress(RuntimeError):
                await stack.__aexit__(RuntimeError, error, None)


# The batch the poller is handling, if any: an update's work joins its transaction.
current_batch: ContextVar[Batch | None] = ContextVar("current_batch", default=None)
