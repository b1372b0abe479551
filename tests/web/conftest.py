"""The bot serving HTTP: in webhook mode behind the emulator's pushes, or polling with its
small server on; tests talk to it with a real HTTP client."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import AsyncIterator

import aiohttp
import asyncpg
import pytest

from devtools.sandbox import Sandbox, sandbox
from tests.conftest import GRID, POSTGRES
from tests.story import Story

SECRET = "weige-test-secret_123"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def webhook_sections(port: int) -> dict[str, dict[str, object]]:
    return {
        "http": {"host": "127.0.0.1", "port": port},
        "webhook": {
            "enabled": True,
            "public_url": f"http://127.0.0.1:{port}",
            "path": "/tg/hook",
            "secret_token": SECRET,
        },
    }


@pytest.fixture
async def webhook_box(sqlite_url: str) -> AsyncIterator[Sandbox]:
    async with sandbox(sqlite_url, GRID, **webhook_sections(free_port())) as running:
        yield running


@pytest.fixture
async def webhook_story(webhook_box: Sandbox) -> AsyncIterator[Story]:
    story = Story(webhook_box)
    await story.populate()
    yield story


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def base_url(box: Sandbox) -> str:
    assert box.app.web is not None and box.app.web.bound_port is not None
    return f"http://127.0.0.1:{box.app.web.bound_port}"


async def _postgres_database() -> str:
    """A database of its own (the bot's pool cannot take a per-test schema), dropped after."""
    try:
        admin = await asyncpg.connect(POSTGRES, timeout=5)
    except (OSError, asyncpg.PostgresError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {POSTGRES} is required under CI: {exc}")
        pytest.skip(f"no PostgreSQL at {POSTGRES}: {exc}")
    name = f"weige_web_{uuid.uuid4().hex[:10]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    return name


async def _drop_database(name: str) -> None:
    admin = await asyncpg.connect(POSTGRES)
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.close()


@pytest.fixture(params=["sqlite", "postgresql"])
async def any_url(request: pytest.FixtureRequest, sqlite_url: str) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield sqlite_url
        return
    name = await _postgres_database()
    base = POSTGRES.replace("postgresql://", "postgresql+asyncpg://", 1).rsplit("/", 1)[0]
    yield f"{base}/{name}"
    await _drop_database(name)


POLLING_HTTP = {"enabled": True, "host": "127.0.0.1", "port": 0, "max_lag_seconds": 60}


@pytest.fixture
async def polling_box(any_url: str) -> AsyncIterator[Sandbox]:
    """Long polling, with the small HTTP server on for /healthz, /metrics and Open311; on
    SQLite and on PostgreSQL."""
    async with sandbox(any_url, GRID, http=POLLING_HTTP) as running:
        yield running


@pytest.fixture
async def polling_story(polling_box: Sandbox) -> AsyncIterator[Story]:
    story = Story(polling_box)
    await story.populate()
    yield story
