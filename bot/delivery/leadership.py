"""The work only one worker does at a time (sending, the clock, long polling), run where the lease is held.

Every worker handles updates; one leads. A standby tries the lock every `every` seconds,
so it leads within about that long after the leader died (storage/lease.py says why the
lock is a PostgreSQL advisory lock). The leader checks its lock as often, and stops its
work the moment it is gone: two leaders would repeat nothing (rows are leased one by one)
but would each spend the whole sending budget.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from storage.lease import AlwaysHeld, Lock

log = logging.getLogger(__name__)

# The leader's work: runs until the event is set (the lease is lost or the worker stops).
Work = Callable[[asyncio.Event], Coroutine[Any, Any, None]]


class Leadership:
    def __init__(
        self,
        lock: Lock,
        every: float = 1.0,
        on_change: Callable[[bool], None] | None = None,
    ) -> None:
        self.lock = lock
        self.every = every
        self.on_change = on_change
        self.held = False

    @property
    def shared(self) -> bool:
        """Other workers may lead after us: what is in flight when we take over is a dead
        leader's (SQLite's one process has nobody to take over from)."""
        return not isinstance(self.lock, AlwaysHeld)

    async def run(self, stop: asyncio.Event, work: Work) -> None:
        try:
            while not stop.is_set():
                if await self.lock.try_take():
                    await self._lead(stop, work)
                else:
                    await _sleep(stop, self.every)
        finally:
            await self.lock.release()

    async def _lead(self, stop: asyncio.Event, work: Work) -> None:
        if self.shared:
            log.info("lease taken: this worker sends and runs the clock")
        ended = asyncio.Event()
        self._set(True)
        task = asyncio.create_task(work(ended), name="leader")
        try:
            while not task.done() and not stop.is_set():
                pause = asyncio.ensure_future(_sleep(stop, self.every))
                await asyncio.wait({task, pause}, return_when=asyncio.FIRST_COMPLETED)
                pause.cancel()
                if not task.done() and not stop.is_set() and not await self.lock.still_held():
                    log.error("lease lost: stopping the sender and the clock here")
                    break
        finally:
            ended.set()
            try:
                await task
            finally:
                self._set(False)

    def _set(self, held: bool) -> None:
        self.held = held
        if self.on_change is not None:
            self.on_change(held)


async def _sleep(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
