"""Several workers: real PostgreSQL databases and a real Redis, each test under its own key prefix."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis
from redis.exceptions import RedisError

from tests.conftest import postgres_database

REDIS = os.environ.get("WEIGE_TEST_REDIS", "redis://127.0.0.1:6379/0")


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    async with postgres_database() as url:
        yield url


@pytest.fixture
async def redis_prefix() -> AsyncIterator[str]:
    """A key prefix of this test's own; its keys are gone afterwards. Under CI a missing
    Redis fails the run instead of skipping."""
    client = Redis.from_url(REDIS)
    try:
        await client.ping()
    except (RedisError, OSError) as exc:
        await client.aclose()
        if os.environ.get("CI"):
            pytest.fail(f"Redis at {REDIS} is required under CI: {exc}")
        pytest.skip(f"no Redis at {REDIS}: {exc}")
    prefix = f"weige-test-{uuid.uuid4().hex[:10]}"
    try:
        yield prefix
    finally:
        keys = [key async for key in client.scan_iter(match=f"{prefix}:*")]
        if keys:
            await client.delete(*keys)
        await client.aclose()
