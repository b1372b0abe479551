"""The bot serving HTTP: in webhook mode behind the emulator's pushes, or polling with its
small server on; tests talk to it with a real HTTP client."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest

from devtools.sandbox import Sandbox, sandbox
from tests.conftest import GRID
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
