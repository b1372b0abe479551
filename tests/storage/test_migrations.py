"""Migrations build exactly the schema the code describes, and come down again."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect

from storage.database import Database
from storage.schema import metadata


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, metadata)


async def test_schema_matches_migrations(database: Database) -> None:
    async with database.connect() as connection:
        assert await connection.run_sync(_diff) == []


async def test_down_and_up_again(database: Database) -> None:
    await database.downgrade("base")
    async with database.connect() as connection:
        tables = await connection.run_sync(lambda c: inspect(c).get_table_names())
    assert set(tables) <= {"alembic_version"}
    await database.migrate()
    async with database.connect() as connection:
        tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
    assert {"requests", "outbox", "inbox", "people"} <= tables
