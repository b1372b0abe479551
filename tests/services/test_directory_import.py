"""Importing the directory: idempotent, updates what changed, nothing half-imported."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.domain.models import Role
from bot.services.directory import DirectoryService, read_directory
from storage.database import Database
from storage.schema import buildings, community_admins, grids, people, roles
from tests.conftest import GRID


async def _snapshot(database: Database) -> dict[str, list[tuple[object, ...]]]:
    async with database.transaction() as repos:
        result = {}
        for table in (people, grids, buildings, roles, community_admins):
            rows = await repos.connection.execute(
                select(table).order_by(*table.primary_key.columns)
            )
            result[table.name] = [tuple(row) for row in rows]
        return result


async def test_importing_twice_changes_nothing(database: Database) -> None:
    plans = read_directory(GRID)
    async with database.transaction() as repos:
        summary = await DirectoryService(repos).apply(plans)
    assert (summary.communities, summary.grids, summary.buildings) == (1, 2, 4)
    first = await _snapshot(database)
    async with database.transaction() as repos:
        await DirectoryService(repos).apply(read_directory(GRID))
    assert await _snapshot(database) == first


async def test_a_changed_file_updates_people_posts_and_bindings(database: Database) -> None:
    async with database.transaction() as repos:
        await DirectoryService(repos).apply(read_directory(GRID))
    changed = (
        GRID.replace(
            'member = { id = 3001, name = "李长明" }', 'member = { id = 3009, name = "新网格员" }'
        )
        .replace("chat = -1003", "chat = -2003")
        .replace('name = "张网格长"', 'name = "张伟"')
    )
    async with database.transaction() as repos:
        await DirectoryService(repos).apply(read_directory(changed))
        building = await repos.directory.building_by_chat(-2003)
        assert building is not None and building.number == "3"
        assert await repos.directory.building_by_chat(-1003) is None
        members = await repos.directory.holders(building.grid_id, building.id, Role.MEMBER)
        assert [(m.telegram_id, m.name) for m in members] == [(3009, "新网格员")]
        leader = await repos.people.by_telegram_id(2001)
        assert leader is not None and leader.name == "张伟"
        count = (await repos.connection.execute(select(func.count()).select_from(roles))).scalar()
    assert count == 8  # the replaced member took the old post; nothing was added twice


async def test_a_failed_import_leaves_nothing_behind(database: Database) -> None:
    plans = read_directory(GRID)
    plans[0].grids[1].buildings[0].chat = -1003  # collides with building 3 of grid A
    try:
        async with database.transaction() as repos:
            await DirectoryService(repos).apply(plans)
            raise RuntimeError("simulated failure after the writes")
    except RuntimeError:
        pass
    snapshot = await _snapshot(database)
    assert all(rows == [] for rows in snapshot.values())
