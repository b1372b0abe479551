"""Counts SQL statements and handled updates for the intake benchmark (`diagnostics.sql_count_file`).

The benchmark ends a run with SIGKILL, so nothing is printed at exit: the figures are
rewritten to a small JSON file once a second instead (statements and updates from the same
moment, so their ratio holds; more often, the writing itself showed in the bot's CPU).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine


class StatementCounter:
    def __init__(self, engine: AsyncEngine, updates: Callable[[], int]) -> None:
        self.statements = 0
        self.updates = updates
        # Statements before the first update (migrations, start-up) are left out.
        self.at_first_update: int | None = None
        event.listen(engine.sync_engine, "before_cursor_execute", self._count)

    def _count(self, *_: Any) -> None:
        self.statements += 1

    def first_update(self) -> None:
        self.at_first_update = self.statements

    def snapshot(self) -> dict[str, int]:
        handled = self.updates()
        return {
            "statements": self.statements,
            "statements_at_first_update": self.at_first_update or 0,
            "updates": handled,
        }

    async def write_every(self, path: str, stop: asyncio.Event, period: float = 1.0) -> None:
        target = Path(path)
        scratch = target.with_suffix(".tmp")
        while True:
            scratch.write_text(json.dumps(self.snapshot()))
            os.replace(scratch, target)
            if stop.is_set():
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), period)
