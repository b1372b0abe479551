"""Shared fixtures: real databases (SQLite file, PostgreSQL schema) and the bot in a sandbox."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest

from devtools.sandbox import Sandbox, sandbox
from storage.database import Database
from tests.story import Story

GRID = (Path(__file__).parent / "grid.toml").read_text("utf-8")
POSTGRES = os.environ.get("WEIGE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
# `postgresql`: every bot a test starts (the sandbox, bot processes) runs on PostgreSQL, a
# fresh database each, instead of a SQLite file: the whole suite on the second engine.
ENGINE = os.environ.get("WEIGE_TEST_ENGINE", "sqlite")


async def _postgres() -> asyncpg.Connection:
    """Under CI a missing server fails the run instead of skipping."""
    try:
        return await asyncpg.connect(POSTGRES, timeout=5)
    except (OSError, asyncpg.PostgresError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {POSTGRES} is required under CI: {exc}")
        pytest.skip(f"no PostgreSQL at {POSTGRES}: {exc}")


@asynccontextmanager
async def postgres_database() -> AsyncIterator[str]:
    """A fresh database (not a schema: other processes reach it by its URL alone); its URL."""
    connection = await _postgres()
    name = f"t_{uuid.uuid4().hex[:12]}"
    await connection.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES.replace("postgresql://", "postgresql+asyncpg://", 1)
    try:
        yield f"{base.rsplit('/', 1)[0]}/{name}"
    finally:
        await connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await connection.close()


async def _postgres_schema() -> str:
    """A fresh schema per test."""
    connection = await _postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    await connection.execute(f'CREATE SCHEMA "{schema}"')
    await connection.close()
    return schema


async def _drop_schema(schema: str) -> None:
    connection = await asyncpg.connect(POSTGRES)
    await connection.execute(f'DROP SCHEMA "{schema}" CASCADE')
    await connection.close()


@pytest.fixture(autouse=True)
def _own_redis_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    """With WEIGE_REDIS__URL set (the district run of scripts/test.sh), each test's bots keep
    their FSM state and counts under a prefix of their own: the same people and chats in the
    next test must not find them."""
    if os.environ.get("WEIGE_REDIS__URL"):
        monkeypatch.setenv("WEIGE_REDIS__PREFIX", f"weige-test-{uuid.uuid4().hex[:10]}")


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """The same storage code on both engines."""
    if request.param == "sqlite":
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'weige.db'}")
        await db.migrate()
        yield db
        await db.close()
        return
    schema = await _postgres_schema()
    url = POSTGRES.replace("postgresql://", "postgresql+asyncpg://", 1)
    db = Database(url, server_settings={"search_path": schema})
    await db.migrate()
    yield db
    await db.close()
    await _drop_schema(schema)


@pytest.fixture
async def sqlite_url(tmp_path: Path) -> AsyncIterator[str]:
    """The bot's database: a SQLite file, or PostgreSQL under WEIGE_TEST_ENGINE=postgresql."""
    if ENGINE == "postgresql":
        async with postgres_database() as url:
            yield url
    else:
        yield f"sqlite+aiosqlite:///{tmp_path / 'weige.db'}"


@pytest.fixture
async def box(sqlite_url: str) -> AsyncIterator[Sandbox]:
    async with sandbox(sqlite_url, GRID) as running:
        yield running


@pytest.fixture
async def story(box: Sandbox) -> AsyncIterator[Story]:
    story = Story(box)
    await story.populate()
    yield story
