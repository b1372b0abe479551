"""Migration 0002 and storage/schema.py describe the same tables, on both engines."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection

from storage.database import Database
from storage.schema import metadata

MINE = {"meetings", "meeting_rsvps", "scheduled_jobs", "requests"}


def _touches_mine(diff: object) -> bool:
    text = repr(diff)
    return any(f"'{name}'" in text or f"name='{name}'" in text for name in MINE) or any(
        f"Table('{name}'" in text for name in MINE
    )


async def test_schema_matches_migrations(database: Database) -> None:
    def compare(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))

    async with database.connect() as connection:
        diffs = await connection.run_sync(compare)
    assert [d for d in diffs if _touches_mine(d)] == []


async def test_downgrade_and_upgrade_again(database: Database) -> None:
    await database.downgrade("0001")
    await database.migrate()
    async with database.transaction() as repos:
        assert await repos.schedule.next_due() is None
