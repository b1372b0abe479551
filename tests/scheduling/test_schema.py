"""Migration 0002 comes down to 0001 and up again without losing the scheduler's footing.

That the schema matches the migrations, tables of 0002 included, is checked for the
whole schema in tests/storage/test_migrations.py.
"""

from __future__ import annotations

from storage.database import Database


async def test_downgrade_and_upgrade_again(database: Database) -> None:
    await database.downgrade("0001")
    await database.migrate()
    async with database.transaction() as repos:
        assert await repos.schedule.next_due() is None
