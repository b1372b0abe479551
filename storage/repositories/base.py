from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

# Statements without values, built once per dialect and table: executed with a dict of
# parameters (or a list, for many rows), they skip building and hashing a statement per call.
_IGNORING: dict[tuple[str, str], Any] = {}


class Repository:
    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection

    @property
    def dialect(self) -> str:
        return self.connection.dialect.name

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
