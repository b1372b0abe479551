"""The emulator's HTTP server: Bot API + control API on one aiohttp app."""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType

from aiohttp import web

from devtools.emulator.botapi import download_file, handle_method
from devtools.emulator.control import add_routes
from devtools.emulator.registry import STATE_KEY
from devtools.emulator.state import EmulatorState

# Telegram accepts uploads up to 50 MB; aiohttp's default body limit is 1 MB.
MAX_BODY = 50 * 1024 * 1024


def build_app(state: EmulatorState) -> web.Application:
    app = web.Application(client_max_size=MAX_BODY)
    app[STATE_KEY] = state
    add_routes(app)
    app.router.add_route("*", "/bot{token}/{method}", handle_method)
    app.router.add_get("/file/bot{token}/{path:.+}", download_file)
    return app


class Emulator:
    """A local Telegram Bot API server.

    >>> emu = Emulator()
    >>> await emu.start()          # port 0: the OS picks a free port
    >>> emu.base_url               # 'http://127.0.0.1:PORT' for TelegramAPIServer.from_base
    >>> await emu.stop()
    """

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.state = EmulatorState(clock)
        self.app = build_app(self.state)
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("Emulator is not started")
        return self._base_url

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        # Short shutdown_timeout: held "timeout fault" answers must not stall stop().
        runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=0.2)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        self._runner = runner
        bound = runner.addresses[0]
        self._base_url = f"http://{host}:{bound[1]}"

    async def stop(self) -> None:
        self.state.updates.close()  # release long-polling getUpdates at once
        await self.state.webhook.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Emulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()
