"""SQLAlchemy's aiosqlite driver, its statements run in the event loop's own thread.

aiosqlite runs SQLite in a thread of its own, and SQLAlchemy's adapter walks a statement
there and back once for each step: open a cursor, execute, fetch the rows, close the
cursor. Each trip is a queue, a thread waking, and the event loop woken through its pipe:
some tens of microseconds of CPU, and more of waiting, for a statement that takes SQLite a
few. Here a statement, its rows and its cursor are one function run at once, in the event
loop's thread: this process's writers queue for SQLite's lock in `WriterQueue` (one at a
time), so SQLite never has a reason to make it wait. Another process holding the lock (an
import from the command line) is the exception: the statement fails SQLITE_BUSY at once
(busy_timeout is 0 on these connections), and it is tried again in aiosqlite's thread,
which waits there, the event loop free. The commit goes to that thread too: with
synchronous=FULL it waits for the disk.

A statement whose answer nobody reads (an audit row, a job planned, the poll mark, BEGIN
IMMEDIATE itself) may be executed with the option `SENT_WITH_NEXT`: it is queued on the
connection and runs with the next statement, or with the commit, in the order written.
Nothing reads the database in between without taking the queue along, so what a
transaction sees and commits is unchanged; only an error in a queued statement shows at the
next one (the note on it names the statement). A rollback drops the queue, and a
transaction that only queued its BEGIN costs no trip at all.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

_Outcome = tuple[Any, int, int | None, list[Any]]
_NOTHING: _Outcome = (None, -1, None, [])
# (statement, parameters, executemany) queued to go with the next trip
_Queued = list[tuple[str, Any, bool]]

SENT_WITH_NEXT = "sent_with_next"  # execution option: see the module's docstring
# How long a statement waits for another process's write lock before failing SQLITE_BUSY.
BUSY_TIMEOUT_MS = 15_000


def _run_queued(connection: sqlite3.Connection, queued: _Queued) -> None:
    """Each statement leaves the queue once it ran: a statement that must wait for the lock
    (SQLITE_BUSY, nothing of it done) is retried from there, in SQLite's thread."""
    cursor = connection.cursor()
    try:
        while queued:
            operation, parameters, many = queued[0]
            try:
                if many:
                    cursor.executemany(operation, parameters)
                elif parameters is None:
                    cursor.execute(operation)
                else:
                    cursor.execute(operation, parameters)
            except sqlite3.Error as error:
                error.add_note(f"in a statement sent with the next one: {operation[:200]}")
                raise
            del queued[0]
    finally:
        cursor.close()


def _waiting(connection: sqlite3.Connection, work: Any, *args: Any) -> Any:
    """`work` in SQLite's thread, waiting up to BUSY_TIMEOUT_MS for another writer. In the
    event loop's thread a statement never waits: the busy handler would stop the loop."""
    connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    try:
        return work(connection, *args)
    finally:
        connection.execute("PRAGMA busy_timeout=0")


def _commit(connection: sqlite3.Connection, queued: _Queued) -> None:
    _run_queued(connection, queued)
    connection.commit()


def _execute(
    connection: sqlite3.Connection, queued: _Queued, operation: str, parameters: Any
) -> _Outcome:
    """In SQLite's thread: what was queued, then the whole statement, its rows read and its
    cursor closed."""
    if queued:
        _run_queued(connection, queued)
    cursor = connection.cursor()
    try:
        if parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


def _executemany(
    connection: sqlite3.Connection, queued: _Queued, operation: str, parameters: Sequence[Any]
) -> _Outcome:
    if queued:
        _run_queued(connection, queued)
    cursor = connection.cursor()
    try:
        cursor.executemany(operation, parameters)
        return cursor.description, cursor.rowcount, cursor.lastrowid, []
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A cursor that holds no cursor in SQLite between statements."""

    __slots__ = ("_outcome",)
    _adapt_connection: OneTripConnection

    def __init__(self, adapt_connection: Any) -> None:
        # The base class opens a driver cursor here: one trip saved for every statement.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = deque()
        self._outcome: _Outcome = _NOTHING

    @property
    def description(self) -> Any:
        return self._outcome[0]

    @property
    def rowcount(self) -> int:
        return self._outcome[1]

    @property
    def lastrowid(self) -> Any:
        return self._outcome[2]

    @property
    def arraysize(self) -> int:
        return 1

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        pass

    async def _async_soft_close(self) -> None:
        pass  # nothing is open in SQLite

    def close(self) -> None:
        self._rows.clear()

    def queue(self, operation: str, parameters: Any, many: bool) -> None:
        """Sent with the next statement or the commit; nothing to read from it."""
        self._adapt_connection.queue(operation, parameters, many)
        self._outcome = _NOTHING
        self._rows = deque()

    # Coroutines that finish without waiting, unless another process holds the lock:
    # SQLAlchemy's asyncio layer insists on being handed one for each statement.
    async def _execute_async(self, operation: Any, parameters: Any) -> None:
        self._outcome = await self._adapt_connection.run(_execute, operation, parameters)
        self._rows = deque(self._outcome[3])

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> None:
        self._outcome = await self._adapt_connection.run(_executemany, operation, seq_of_parameters)
        self._rows = deque()


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ("_idle", "_queued", "_synchronous")
    _cursor_cls = OneTripCursor

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self._queued: _Queued = []
        # Nothing reached SQLite since the last commit or rollback: there is nothing to end.
        # (The pool rolls back every connection it takes back, after each commit too.)
        self._idle = True
        # The connection's own `synchronous` while one transaction goes without (commit_lazily).
        self._synchronous: int | None = None

    def commit_lazily(self) -> None:
        """The transaction about to begin commits without waiting for the disk (WAL with
        synchronous=NORMAL): it survives the process being killed, and a power loss only
        until the next commit that waits, which writes it too."""
        assert self._idle and self._synchronous is None, "before the transaction's first statement"
        connection = self._connection._conn
        # No I/O, and SQLite allows the change only outside a transaction: here, at once.
        self._synchronous = connection.execute("PRAGMA synchronous").fetchone()[0]
        connection.execute("PRAGMA synchronous=NORMAL")

    def _restore_synchronous(self) -> None:
        if self._synchronous is not None:
            self._connection._conn.execute(f"PRAGMA synchronous={self._synchronous}")
            self._synchronous = None

    def queue(self, operation: str, parameters: Any, many: bool) -> None:
        """A statement nobody reads the answer of, SQL and parameters as SQLite takes them:
        sent with the next statement or the commit."""
        self._queued.append((operation, parameters, many))

    def take_queued(self) -> _Queued:
        """What is queued, to go now; SQLite will have a transaction of ours open."""
        queued, self._queued = self._queued, []
        self._idle = False
        return queued

    async def run(self, work: Any, *args: Any) -> _Outcome:
        """A statement (and what was queued) at once, in the event loop's thread; in SQLite's
        thread only when another process holds the write lock and it must wait."""
        queued = self.take_queued()
        driver = self._connection
        try:
            return work(driver._conn, queued, *args)  # type: ignore[no-any-return]
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:
                raise
        # Nothing of the statement was done, and what ran of the queue left it (_run_queued).
        return await driver._execute(_waiting, driver._conn, work, queued, *args)  # type: ignore[no-any-return]

    def cursor(self, server_side: bool = False) -> Any:
        if server_side:
            # A server-side cursor goes to aiosqlite directly: what is queued goes first.
            queued = self.take_queued()
            if queued:
                self._send(_run_queued, queued)
        return super().cursor(server_side)

    def commit(self) -> None:
        idle = self._idle
        queued = self.take_queued()
        # Else nothing was sent since BEGIN: SQLite has no transaction to commit.
        if not idle or not all(op.startswith("BEGIN") for op, _, _ in queued):
            self._send(_commit, queued)  # failing, it leaves the rollback something to end
        self._idle = True
        self._restore_synchronous()

    def rollback(self) -> None:
        self._queued = []
        if not self._idle:  # else the transaction never reached SQLite, or was ended already
            super().rollback()
            self._idle = True
        self._restore_synchronous()

    def close(self) -> None:
        self._queued = []
        super().close()

    def _send(self, work: Any, queued: _Queued) -> None:
        """In SQLite's thread: a commit waits there for the disk, not in the event loop."""
        try:
            await_(self._connection._execute(_waiting, self._connection._conn, work, queued))
        except Exception as error:
            self._handle_exception(error)


class OneTripDriver(AsyncAdapt_aiosqlite_dbapi):
    """What `create_async_engine(..., module=...)` takes in place of aiosqlite's adapter."""

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        # Statements run in the event loop's thread, the commit in aiosqlite's: never both at
        # once, as the pool hands a connection to one transaction at a time.
        connection = self.aiosqlite.connect(*arg, **{**kw, "check_same_thread": False})
        # A daemon thread, as SQLAlchemy's own adapter makes it: never holds up an exit.
        connection._thread.daemon = True
        return OneTripConnection(self, await_(connection))


def one_trip(connection: AsyncConnection) -> OneTripConnection | None:
    """The driver's connection under a connection in a transaction; None on another engine.
    (Open while its transaction is: read without get_raw_connection's trip through a
    greenlet.)"""
    sync = connection.sync_connection
    if sync is None or not sync.in_transaction():
        return None
    raw = sync.connection.dbapi_connection
    return raw if isinstance(raw, OneTripConnection) else None


def _queuing(cursor: Any, context: Any) -> OneTripCursor | None:
    """The cursor, when the statement is to be sent with the next one."""
    if context.execution_options.get(SENT_WITH_NEXT) and isinstance(cursor, OneTripCursor):
        return cursor
    return None


def send_with_next(cursor: Any, statement: str, parameters: Any, context: Any) -> bool:
    """SQLAlchemy's `do_execute` hook: a statement executed with `SENT_WITH_NEXT` is queued."""
    if (queuing := _queuing(cursor, context)) is None:
        return False
    queuing.queue(statement, parameters, many=False)
    return True


def send_many_with_next(cursor: Any, statement: str, parameters: Any, context: Any) -> bool:
    """`do_executemany`: the same for many rows."""
    if (queuing := _queuing(cursor, context)) is None:
        return False
    queuing.queue(statement, parameters, many=True)
    return True


def send_plain_with_next(cursor: Any, statement: str, context: Any) -> bool:
    """`do_execute_no_params`: BEGIN IMMEDIATE, say."""
    if (queuing := _queuing(cursor, context)) is None:
        return False
    queuing.queue(statement, None, many=False)
    return True


def one_trip_driver() -> OneTripDriver:
    import aiosqlite

    return OneTripDriver(aiosqlite, sqlite3)
