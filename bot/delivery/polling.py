"""Long polling that confirms an update to Telegram only after it was handled and committed.

aiogram's own polling confirms a batch before its handlers finish and swallows handler
errors. Here the next getUpdates (which is what confirms) is asked only after the whole
batch was handled; a crash mid-batch gets the batch again, and the inbox keys make the
redelivery a no-op for what was already done. A handler that fails has its update kept
in `failed_updates`, retried later, and flagged for a person after the last try.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramNetworkError, TelegramServerError
from aiogram.types import Update

from storage.database import Database
from storage.repositories.failed_updates import FailedUpdateState

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
RETRIES = 3


class Poller:
    def __init__(
        self,
        bot: Bot,
        dispatcher: Dispatcher,
        database: Database,
        clock: Callable[[], datetime],
        *,
        timeout: int = 25,
        batch: int = 50,
    ) -> None:
        self.bot = bot
        self.dispatcher = dispatcher
        self.database = database
        self.clock = clock
        self.timeout = timeout
        self.batch = batch
        self.offset: int | None = None

    async def run(self, stop: asyncio.Event) -> None:
        backoff = 1.0
        while not stop.is_set():
            fetch = asyncio.ensure_future(
                self.bot.get_updates(
                    offset=self.offset,
                    limit=self.batch,
                    timeout=self.timeout,
                    allowed_updates=ALLOWED_UPDATES,
                    request_timeout=self.timeout + 10,
                )
            )
            stopping = asyncio.ensure_future(stop.wait())
            await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            if not fetch.done():
                fetch.cancel()
                break
            try:
                updates = fetch.result()
            except (TelegramNetworkError, TelegramServerError, OSError) as exc:
                log.warning("getUpdates failed (%s); retrying in %.0fs", exc, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            backoff = 1.0
            for update in updates:
                await self.handle(update)
                self.offset = update.update_id + 1
        await self.confirm()

    async def confirm(self) -> None:
        """Tell Telegram what was handled, so a clean restart does not see it again."""
        if self.offset is None:
            return
        try:
            await self.bot.get_updates(offset=self.offset, limit=1, timeout=0)
        except Exception as exc:  # shutting down: the inbox covers a redelivery anyway
            log.info("could not confirm updates on shutdown: %s", exc)

    async def handle(self, update: Update) -> bool:
        try:
            await self.dispatcher.feed_update(self.bot, update)
        except Exception as exc:
            log.exception("update %s: handler failed; kept for retry", update.update_id)
            async with self.database.transaction() as repos:
                await repos.failed_updates.add(
                    update.update_id,
                    # exclude_unset: the update as Telegram sent it. aiogram fills fields it
                    # was not sent with `Default` markers (a bot message's link preview
                    # options) that JSON cannot hold: a failed button press would
                    # otherwise fail again here and stop the poller.
                    update.model_dump(mode="json", exclude_unset=True, exclude_none=True),
                    f"{type(exc).__name__}: {exc}",
                    self.clock(),
                )
            return False
        return True

    async def retry_failed(self) -> int:
        """Feed kept updates again; the inbox makes one that did get through a no-op."""
        async with self.database.transaction() as repos:
            kept = await repos.failed_updates.pending(limit=50)
        recovered = 0
        for row in kept:
            update = Update.model_validate(row.payload, context={"bot": self.bot})
            try:
                await self.dispatcher.feed_update(self.bot, update)
            except Exception as exc:
                last = row.attempts + 1 >= RETRIES
                state = FailedUpdateState.FLAGGED if last else FailedUpdateState.PENDING
                if last:
                    log.error("update %s: failed %s times, flagged", row.update_id, RETRIES)
                async with self.database.transaction() as repos:
                    await repos.failed_updates.settle(row.id, state, str(exc), self.clock())
            else:
                recovered += 1
                async with self.database.transaction() as repos:
                    await repos.failed_updates.settle(
                        row.id, FailedUpdateState.DONE, None, self.clock()
                    )
        return recovered
