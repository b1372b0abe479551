"""/healthz and /metrics over real HTTP against a running bot."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import AsyncIterator

import aiohttp
import asyncpg
from prometheus_client.parser import text_string_to_metric_families

from devtools.sandbox import Sandbox
from tests.story import GROUP3, MEMBER3, WANG, Story
from tests.waiting import until
from tests.web.conftest import base_url

LAMP = "3栋2单元楼道灯坏了好几天了，晚上上楼黑漆漆的"


async def scrape(
    http: aiohttp.ClientSession, box: Sandbox
) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    async with http.get(base_url(box) + "/metrics") as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        text = await response.text()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(
    samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str
) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def health(http: aiohttp.ClientSession, box: Sandbox) -> tuple[int, dict[str, object]]:
    async with http.get(base_url(box) + "/healthz") as response:
        return response.status, await response.json()


async def test_metrics_count_updates_requests_api_calls_and_the_leases(
    polling_story: Story, http: aiohttp.ClientSession
) -> None:
    box = polling_story.box
    await polling_story.say(WANG, GROUP3, "早上好各位邻居")
    await polling_story.say(WANG, GROUP3, LAMP)
    task = (await polling_story.emu.sent(MEMBER3.id))[-1]
    # Telegram slows the bot down once: the 429 is counted, the message still goes.
    await polling_story.emu.set_faults(rate_429=1.0, retry_after=1, methods=["sendMessage"])
    await polling_story.press(MEMBER3, task, "马上办", settle=False)

    async def paced() -> bool:
        return bool(value(await scrape(http, box), "weige_bot_api_429_total", method="sendMessage"))

    await until(paced, "a 429 counted")
    await polling_story.emu.set_faults(rate_429=0.0)
    await box.settle(timeout=15)

    samples = await scrape(http, box)
    assert value(samples, "weige_updates_total", type="message", outcome="handled") >= 2
    assert value(samples, "weige_updates_total", type="callback_query", outcome="handled") == 1
    assert value(samples, "weige_update_handler_seconds_count", type="message") >= 2
    assert value(samples, "weige_requests", state="acknowledged") == 1
    assert value(samples, "weige_requests", state="new") == 0
    assert value(samples, "weige_bot_api_calls_total", method="sendMessage", result="ok") >= 3
    assert (
        value(samples, "weige_bot_api_calls_total", method="sendMessage", result="retry_after") >= 1
    )
    assert value(samples, "weige_outbox_depth", lane="interactive") == 0
    assert ("weige_outbox_depth", (("lane", "bulk"),)) in samples
    assert ("weige_scheduler_lag_seconds", ()) in samples
    assert value(samples, "weige_lease_held", role="sender") == 1
    assert value(samples, "weige_lease_held", role="scheduler") == 1


async def test_healthz_is_ok_and_turns_503_when_the_sender_stopped(
    polling_story: Story, http: aiohttp.ClientSession
) -> None:
    box = polling_story.box
    status, body = await health(http, box)
    assert status == 200, body
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["sender"] == "running" and body["scheduler"] == "running"
    assert body["scheduler_lag_seconds"] == 0 and body["outbox_lag_seconds"] == 0

    await box.app.stop_sender()

    async def refused() -> tuple[int, dict[str, object]] | None:
        found = await health(http, box)
        return found if found[0] == 503 else None

    status, body = await until(refused, "healthz 503 once the sender stopped")
    assert body["status"] == "unhealthy"
    assert "sender: stopped" in body["problems"]  # type: ignore[operator]
    assert value(await scrape(http, box), "weige_lease_held", role="sender") == 0


async def test_healthz_turns_503_while_the_database_does_not_answer_and_recovers(
    polling_story: Story, http: aiohttp.ClientSession, any_url: str
) -> None:
    box = polling_story.box
    # Another process holds the database (SQLite) or the requests table (PostgreSQL): the
    # bot's reads wait, and /healthz must say so rather than wait with them.
    async with hold_database(any_url):
        status, body = await health(http, box)
        assert status == 503
        assert body["database"] == "no answer within 2 s"
        assert "database: no answer within 2 s" in body["problems"]  # type: ignore[operator]

    async def healthy() -> bool:
        return (await health(http, box))[0] == 200

    await until(healthy, "healthz 200 again once the database answers")


@contextlib.asynccontextmanager
async def hold_database(url: str) -> AsyncIterator[None]:
    if url.startswith("sqlite"):
        blocker = sqlite3.connect(
            url.removeprefix("sqlite+aiosqlite:///"), isolation_level=None, timeout=10
        )
        blocker.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        return
    connection = await asyncpg.connect(url.replace("+asyncpg", "", 1))
    try:
        async with connection.transaction():
            await connection.execute("LOCK TABLE requests IN ACCESS EXCLUSIVE MODE")
            yield
    finally:
        await connection.close()
