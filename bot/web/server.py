"""One aiohttp server for everything the bot answers over HTTP."""

from __future__ import annotations

import logging

from aiohttp import web

log = logging.getLogger(__name__)


class WebServer:
    def __init__(self, app: web.Application, host: str, port: int, *, reuse_port: bool) -> None:
        self.app = app
        self.host = host
        self.port = port
        self.reuse_port = reuse_port
        self._runner: web.AppRunner | None = None
        self.bound_port: int | None = None

    async def start(self) -> None:
        # A short shutdown: an update still being handled when it ends is unanswered, so
        # Telegram sends it again; the inbox makes that harmless.
        runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=5)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port, reuse_port=self.reuse_port or None)
        await site.start()
        self._runner = runner
        self.bound_port = runner.addresses[0][1]
        log.info("HTTP server on %s:%d", self.host, self.bound_port)

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
