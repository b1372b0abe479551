from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.sqlite_driver import SENT_WITH_NEXT

# Statements without values, built once per dialect and table: executed with a dict of
# parameters (or a list, for many rows), they skip building and hashing a statement per call.
_IGNORING: dict[tuple[str, str], Any] = {}
_WITH_NEXT = {SENT_WITH_NEXT: True}


def _write(connection: Connection, statement: Any, parameters: Any) -> None:
    connection.execute(statement, parameters, execution_options=_WITH_NEXT)


class Repository:
    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection

    @property
    def dialect(self) -> str:
        return self.connection.dialect.name

    async def write(self, statement: Any, parameters: Any = None) -> None:
        """A write whose answer nobody reads (no rows, no count). On SQLite it goes with the
        transaction's next statement or its commit, in one trip (storage/sqlite_driver.py)."""
        # run_sync, not execute: on SQLite nothing is awaited, which execute takes for a
        # driver that is not async.
        await self.connection.run_sync(_write, statement, parameters)

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
