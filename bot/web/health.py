"""/healthz and /metrics: one read of the database serves both.

The read runs in a task of its own and is waited for a short while only: a database that
does not answer makes /healthz say so at once (503) instead of hanging the load balancer's
check, and the next check waits for the same read rather than piling up another.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from datetime import datetime

from aiohttp import web

from bot.services.monitoring import Snapshot, snapshot
from bot.web.metrics import CONTENT_TYPE, Metrics
from storage.database import Database

log = logging.getLogger(__name__)

# What a role reports: "running" here, "standby" (another worker runs it), or why it is not.
RoleState = Callable[[], str]
FINE = ("running", "standby")


class Health:
    def __init__(
        self,
        database: Database,
        clock: Callable[[], datetime],
        roles: dict[str, RoleState],
        metrics: Metrics,
        *,
        max_lag: float,
        timeout: float = 2.0,
    ) -> None:
        self.database = database
        self.clock = clock
        self.roles = roles
        self.metrics = metrics
        self.max_lag = max_lag
        self.timeout = timeout
        self._read: asyncio.Task[Snapshot] | None = None

    async def _snapshot(self) -> Snapshot:
        async with self.database.transaction() as repos:
            return await snapshot(repos, self.clock())

    async def read(self) -> tuple[Snapshot | None, str]:
        """The snapshot, or None and what is wrong with the database."""
        if self._read is None or self._read.done():
            self._read = asyncio.create_task(self._snapshot(), name="health-read")
        read = self._read
        done, _ = await asyncio.wait({read}, timeout=self.timeout)
        if not done:
            return None, f"no answer within {self.timeout:g} s"
        if (error := read.exception()) is not None:
            # The type only: a driver's message may quote a statement's parameters.
            log.warning("health: the database read failed (%s)", type(error).__name__)
            return None, f"unreachable ({type(error).__name__})"
        return read.result(), "ok"

    async def report(self) -> tuple[bool, dict[str, object]]:
        found, database = await self.read()
        problems = [] if found is not None else [f"database: {database}"]
        body: dict[str, object] = {"database": database}
        for role, state in self.roles.items():
            body[role] = now = state()
            if now not in FINE:
                problems.append(f"{role}: {now}")
        if found is not None:
            body["scheduler_lag_seconds"] = round(found.scheduler_lag, 3)
            body["outbox_lag_seconds"] = round(found.outbox_lag, 3)
            for what, lag in (("scheduler", found.scheduler_lag), ("outbox", found.outbox_lag)):
                if lag > self.max_lag:
                    problems.append(f"{what}: {lag:.0f} s behind (limit {self.max_lag:g} s)")
        body = {"status": "ok" if not problems else "unhealthy", "problems": problems, **body}
        return not problems, body

    async def healthz(self, request: web.Request) -> web.Response:
        healthy, body = await self.report()
        return web.json_response(
            body, status=200 if healthy else 503, dumps=lambda v: json.dumps(v, ensure_ascii=False)
        )

    async def metrics_page(self, request: web.Request) -> web.Response:
        found, _ = await self.read()
        body = self.metrics.render(found)
        response = web.Response(body=body)
        response.headers["Content-Type"] = CONTENT_TYPE
        return response

    async def close(self, _app: web.Application) -> None:
        """A read still waiting on the database when the server stops is dropped."""
        if self._read is not None and not self._read.done():
            self._read.cancel()
            await asyncio.gather(self._read, return_exceptions=True)

    def register(self, app: web.Application) -> None:
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/metrics", self.metrics_page)
        app.on_shutdown.append(self.close)
