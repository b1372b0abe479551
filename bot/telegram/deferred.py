"""Work an update leaves for after its commit: files that take long to draw.

A chart takes about a third of a second and a workbook more; inside the update's
transaction they would hold the writer lock (SQLite's is process-wide) and the event loop.
The data is read in the transaction; the file is drawn in a thread after the commit and
queued in a short transaction of its own. A crash in that instant loses the file, never
data: the admin asks again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.delivery.writer import OutboxWriter
from storage.database import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _File:
    chat_id: int
    kind: str  # photo | document
    draw: Callable[[], bytes]
    filename: str
    caption: str | None


class Deferred:
    def __init__(self, database: Database, clock: Callable[[], datetime]) -> None:
        self.database = database
        self.clock = clock
        self._files: list[_File] = []

    def send_file(
        self,
        chat_id: int,
        kind: str,
        draw: Callable[[], bytes],
        filename: str,
        *,
        caption: str | None = None,
    ) -> None:
        self._files.append(_File(chat_id, kind, draw, filename, caption))

    @property
    def pending(self) -> bool:
        return bool(self._files)

    async def run(self) -> bool:
        """Draws and queues what was left; True when anything was queued."""
        queued = False
        for file in self._files:
            try:
                content = await asyncio.to_thread(file.draw)
            except Exception:
                log.exception("drawing %s for chat %s failed", file.filename, file.chat_id)
                continue
            async with self.database.transaction() as repos:
                await OutboxWriter(repos.outbox, self.clock).send_file(
                    file.chat_id, file.kind, content, file.filename, caption=file.caption
                )
            queued = True
        self._files.clear()
        return queued
