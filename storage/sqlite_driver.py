"""SQLAlchemy's aiosqlite driver with one trip to SQLite's thread per statement.

aiosqlite runs SQLite in a thread of its own, and SQLAlchemy's adapter walks a statement
there and back once for each step: open a cursor, execute, fetch the rows, close the
cursor. Each trip is a queue, a thread waking, and the event loop woken through its pipe,
some tens of microseconds of CPU and more of waiting, four times per statement and twenty
statements per filed request. Here the steps run as one function in that thread; what
SQLAlchemy reads of the cursor afterwards (description, row count, rows) comes back with it.

A statement whose answer nobody reads (an audit row, a job planned, the poll mark, BEGIN
IMMEDIATE itself) may be executed with the option `SENT_WITH_NEXT`: it is queued on the
connection and goes to SQLite's thread with the next statement, or with the commit, in the
same trip and in the order written. Nothing reads the database in between without taking
the queue along, so what a transaction sees and commits is unchanged; only an error in a
queued statement shows at the next one (the note on it names the statement). A rollback
drops the queue, a transaction that only queued its BEGIN costs no trip at all.
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
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

_Outcome = tuple[Any, int, int | None, list[Any]]
_NOTHING: _Outcome = (None, -1, None, [])
# (statement, parameters, executemany) queued to go with the next trip
_Queued = list[tuple[str, Any, bool]]

SENT_WITH_NEXT = "sent_with_next"  # execution option: see the module's docstring


def _run_queued(connection: sqlite3.Connection, queued: _Queued) -> None:
    cursor = connection.cursor()
    try:
        for operation, parameters, many in queued:
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
    finally:
        cursor.close()


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
    """A cursor that holds no cursor in SQLite's thread between statements."""

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
        pass  # nothing is open in SQLite's thread

    def close(self) -> None:
        self._rows.clear()

    def queue(self, operation: str, parameters: Any, many: bool) -> None:
        """Sent with the next statement or the commit; nothing to read from it."""
        self._adapt_connection._queued.append((operation, parameters, many))
        self._outcome = _NOTHING
        self._rows = deque()

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        async with self._adapt_connection._execute_mutex:
            driver = self._connection
            queued = self._adapt_connection.take_queued()
            self._outcome = await driver._execute(
                _execute, driver._conn, queued, operation, parameters
            )
            self._rows = deque(self._outcome[3])

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        async with self._adapt_connection._execute_mutex:
            driver = self._connection
            queued = self._adapt_connection.take_queued()
            self._outcome = await driver._execute(
                _executemany, driver._conn, queued, operation, seq_of_parameters
            )
            self._rows = deque()


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ("_idle", "_queued")
    _cursor_cls = OneTripCursor

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self._queued: _Queued = []
        # Nothing reached SQLite since the last commit or rollback: there is nothing to end.
        # (The pool rolls back every connection it takes back, after each commit too.)
        self._idle = True

    def take_queued(self) -> _Queued:
        """What is queued, to go now; SQLite will have a transaction of ours open."""
        queued, self._queued = self._queued, []
        self._idle = False
        return queued

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
        if idle and all(op.startswith("BEGIN") for op, _, _ in queued):
            self._idle = True
            return  # nothing was sent since BEGIN: SQLite has no transaction to commit
        self._send(_commit, queued)  # failing, it leaves the rollback something to end
        self._idle = True

    def rollback(self) -> None:
        self._queued = []
        if self._idle:
            return  # the transaction never reached SQLite, or was ended already
        super().rollback()
        self._idle = True

    def close(self) -> None:
        self._queued = []
        super().close()

    def _send(self, work: Any, queued: _Queued) -> None:
        try:
            await_(self._connection._execute(work, self._connection._conn, queued))
        except Exception as error:
            self._handle_exception(error)


class OneTripDriver(AsyncAdapt_aiosqlite_dbapi):
    """What `create_async_engine(..., module=...)` takes in place of aiosqlite's adapter."""

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        connection = self.aiosqlite.connect(*arg, **kw)
        # A daemon thread, as SQLAlchemy's own adapter makes it: never holds up an exit.
        connection._thread.daemon = True
        return OneTripConnection(self, await_(connection))


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
