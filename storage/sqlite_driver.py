"""SQLAlchemy's aiosqlite driver with one trip to SQLite's thread per statement.

aiosqlite runs SQLite in a thread of its own, and SQLAlchemy's adapter walks a statement
there and back once for each step: open a cursor, execute, fetch the rows, close the
cursor. Each trip is a queue, a thread waking, and the event loop woken through its pipe,
some tens of microseconds of CPU and more of waiting, four times per statement and twenty
statements per filed request. Here the steps run as one function in that thread; what
SQLAlchemy reads of the cursor afterwards (description, row count, rows) comes back with it.

Only plain cursors change: transactions, commits and server-side cursors go as before.
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


def _execute(connection: sqlite3.Connection, operation: str, parameters: Any) -> _Outcome:
    """In SQLite's thread: the whole statement, its rows read and its cursor closed."""
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
    connection: sqlite3.Connection, operation: str, parameters: Sequence[Any]
) -> _Outcome:
    cursor = connection.cursor()
    try:
        cursor.executemany(operation, parameters)
        return cursor.description, cursor.rowcount, cursor.lastrowid, []
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A cursor that holds no cursor in SQLite's thread between statements."""

    __slots__ = ("_outcome",)

    def __init__(self, adapt_connection: Any) -> None:
        # The base class opens a driver cursor here: one trip saved for every statement.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = deque()
        self._outcome: _Outcome = (None, -1, None, [])

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

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        async with self._adapt_connection._execute_mutex:
            driver = self._connection
            self._outcome = await driver._execute(_execute, driver._conn, operation, parameters)
            self._rows = deque(self._outcome[3])

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        async with self._adapt_connection._execute_mutex:
            driver = self._connection
            self._outcome = await driver._execute(
                _executemany, driver._conn, operation, seq_of_parameters
            )
            self._rows = deque()


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneTripCursor


class OneTripDriver(AsyncAdapt_aiosqlite_dbapi):
    """What `create_async_engine(..., module=...)` takes in place of aiosqlite's adapter."""

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        connection = self.aiosqlite.connect(*arg, **kw)
        # A daemon thread, as SQLAlchemy's own adapter makes it: never holds up an exit.
        connection._thread.daemon = True
        return OneTripConnection(self, await_(connection))


def one_trip_driver() -> OneTripDriver:
    import aiosqlite

    return OneTripDriver(aiosqlite, sqlite3)
