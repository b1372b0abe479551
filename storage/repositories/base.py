from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.sqlite_driver import SENT_WITH_NEXT, one_trip

# Statements without values, built once per dialect and table: executed with a dict of
# parameters (or a list, for many rows), they skip building and hashing a statement per call.
_IGNORING: dict[tuple[str, str], Any] = {}
_WITH_NEXT = {SENT_WITH_NEXT: True}


def _write(connection: Connection, statement: Any, parameters: Any) -> None:
    connection.execute(statement, parameters, execution_options=_WITH_NEXT)


# A parameter of a write compiled for SQLite: taken from the row by its key, or a value
# compiled into the statement; SQLAlchemy's bind processor (datetimes, booleans) or None.
_Bind = tuple[str | None, Callable[[Any], Any] | None, Any]


@dataclass(frozen=True, slots=True)
class _SqliteWrite:
    """A write compiled once for SQLite, as SQLAlchemy compiles it for these keys: its SQL,
    and how a row of values becomes its parameters, by SQLAlchemy's own bind processors.
    Queued on the connection as it is, it skips SQLAlchemy's execution of a statement."""

    statement: Any  # held, so that the id keying the cache is never another statement's
    sql: str
    binds: tuple[_Bind, ...]

    def parameters(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        return tuple(
            fixed if key is None else row[key] if process is None else process(row[key])
            for key, process, fixed in self.binds
        )


_SQLITE_WRITES: dict[tuple[int, tuple[str, ...], bool], _SqliteWrite | None] = {}
_MOST_SQLITE_WRITES = 256  # statements built once are a few dozen; beyond, something is not


def _sqlite_write(
    statement: Any, dialect: Dialect, keys: tuple[str, ...], many: bool
) -> _SqliteWrite | None:
    key = (id(statement), keys, many)
    if key in _SQLITE_WRITES:
        found = _SQLITE_WRITES[key]
        return found if found is not None and found.statement is statement else None
    prepared = _compile_sqlite_write(statement, dialect, keys, many)
    if len(_SQLITE_WRITES) < _MOST_SQLITE_WRITES:
        _SQLITE_WRITES[key] = prepared
    return prepared


def _compile_sqlite_write(
    statement: Any, dialect: Dialect, keys: tuple[str, ...], many: bool
) -> _SqliteWrite | None:
    """None for what SQLAlchemy's own execution must do: an IN list's parameters rendered
    per call ("post-compile"), a default computed per call, a parameter missing."""
    compiled: Any = statement.compile(dialect=dialect, column_keys=list(keys), for_executemany=many)
    if compiled.positiontup is None or compiled.post_compile_params:
        return None
    processors = compiled._bind_processors
    by_name = {name: bind for bind, name in compiled.bind_names.items()}
    binds: list[_Bind] = []
    for name in compiled.positiontup:
        bind, process = by_name[name], processors.get(name)
        # As SQLAlchemy's construct_params looks: the bind's key, its name, its own value.
        if bind.key in keys or name in keys:
            binds.append((bind.key if bind.key in keys else name, process, None))
        elif bind.required or bind.callable is not None:
            return None
        else:
            binds.append((None, None, bind.value if process is None else process(bind.value)))
    return _SqliteWrite(statement, compiled.string, tuple(binds))


class Repository:
    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection

    @property
    def dialect(self) -> str:
        return self.connection.dialect.name

    async def write(self, statement: Any, parameters: Any = None) -> None:
        """A write whose answer nobody reads (no rows, no count), of a statement built once.
        On SQLite it goes with the transaction's next statement or its commit, in the same
        trip (storage/sqlite_driver.py), compiled once and queued as it is."""
        if self.dialect == "sqlite" and await self._queue_on_sqlite(statement, parameters):
            return
        # run_sync, not execute: on SQLite nothing is awaited, which execute takes for a
        # driver that is not async.
        await self.connection.run_sync(_write, statement, parameters)

    async def _queue_on_sqlite(self, statement: Any, parameters: Any) -> bool:
        raw = one_trip(self.connection)
        if raw is None:
            return False  # outside a transaction no BEGIN is queued: SQLAlchemy begins one
        many = isinstance(parameters, list)
        rows = parameters if many else [parameters or {}]
        if not rows:
            return True  # no rows to write
        write = _sqlite_write(statement, self.connection.dialect, tuple(sorted(rows[0])), many)
        if write is None:
            return False
        values: Any = [write.parameters(row) for row in rows] if many else write.parameters(rows[0])
        sql = write.sql
        raw.queue(sql, values, many)
        # Counted as SQLAlchemy's statements are (the intake benchmark's figure, tests).
        sync = self.connection.sync_connection
        assert sync is not None
        if sync.dispatch.before_cursor_execute:
            sync.dispatch.before_cursor_execute(sync, None, sql, values, None, many)
        return True

    def insert_ignoring_conflicts(
        self, table: Table, conflict_on: list[str] | None = None, **values: Any
    ) -> Any:
        """INSERT that leaves an existing row with the same key alone (both dialects).

        On PostgreSQL a concurrent insert of the same key waits for the other transaction
        and then does nothing: two workers racing on one key never both insert, nor fail.
        `conflict_on`: only that key is ignored; a clash on another is still an error."""
        module = postgresql if self.dialect == "postgresql" else sqlite
        return (
            module.insert(table).values(**values).on_conflict_do_nothing(index_elements=conflict_on)
        )

    def ignoring_conflicts(self, table: Table) -> Any:
        """The same INSERT without values, to execute with parameters (built once)."""
        key = (self.dialect, table.name)
        if key not in _IGNORING:
            module = postgresql if self.dialect == "postgresql" else sqlite
            _IGNORING[key] = module.insert(table).on_conflict_do_nothing()
        return _IGNORING[key]
