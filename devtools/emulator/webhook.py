"""Pushing updates to a webhook, as Telegram does once setWebhook was called.

Each update is POSTed as JSON to the URL with the secret in
``X-Telegram-Bot-Api-Secret-Token``, up to ``max_connections`` at once. Only a 2xx answer
confirms it; anything else (an error status, a refused connection, a timeout) keeps it
queued and it is sent again after a growing pause, like Telegram's own retries (shortened
here so tests do not wait minutes). While a webhook is set, getUpdates answers 409.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from typing import Any

import aiohttp

from devtools.emulator.updates import UpdateQueue

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
FIRST_RETRY = 0.05
LAST_RETRY = 1.0


class WebhookPusher:
    def __init__(self, queue: UpdateQueue, timeout: float = 60.0) -> None:
        self.queue = queue
        self.timeout = timeout
        self.url = ""
        self.secret: str | None = None
        self.max_connections = 40
        self.delivered = 0
        self.failed = 0
        self.last_error: str | None = None
        self.last_error_date: int | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def active(self) -> bool:
        return bool(self.url)

    def set(self, url: str, secret: str | None, max_connections: int) -> None:
        self.url, self.secret, self.max_connections = url, secret, max_connections
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run(), name="webhook")
        self.queue.wake()

    async def delete(self) -> None:
        self.url, self.secret = "", None
        await self._stop_task()

    async def close(self) -> None:
        await self._stop_task()

    async def _stop_task(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def info(self) -> dict[str, Any]:
        info: dict[str, Any] = {"url": self.url, "max_connections": self.max_connections}
        if self.last_error is not None:
            info["last_error_message"] = self.last_error
            info["last_error_date"] = self.last_error_date
        return info

    async def _run(self) -> None:
        pause = FIRST_RETRY
        timeout = aiohttp.ClientTimeout(total=self.timeout)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            while self.active:
                batch = self.queue.take(self.max_connections)
                if not batch:
                    await self.queue.wait_for_more(1.0)
                    continue
                answers = await asyncio.gather(*(self._post(session, u) for u in batch))
                for update, ok in zip(batch, answers, strict=True):
                    if ok:
                        self.queue.ack(update["update_id"])
                if all(answers):
                    pause = FIRST_RETRY
                    continue
                await asyncio.sleep(pause)
                pause = min(pause * 2, LAST_RETRY)

    async def _post(self, session: aiohttp.ClientSession, update: dict[str, Any]) -> bool:
        headers = {"Content-Type": "application/json"}
        if self.secret:
            headers[SECRET_HEADER] = self.secret
        url = self.url
        try:
            async with session.post(url, data=json.dumps(update), headers=headers) as response:
                await response.read()
                if 200 <= response.status < 300:
                    self.delivered += 1
                    return True
                error = f"Wrong response from the webhook: {response.status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            error = f"Connection failed: {type(exc).__name__}"
        self.failed += 1
        self.last_error = error
        self.last_error_date = int(time.time())
        return False
