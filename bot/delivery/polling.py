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
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramNetworkError, TelegramServerError
from aiogram.types import Update

from storage.database import Batch, Database, current_batch, is_transient
from storage.repositories import Repositories
from storage.repositories.failed_updates import FailedUpdateState

log = logging.getLogger(__name__)


@asynccontextmanager
async def _joined(batch: Batch) -> AsyncIterator[Repositories]:
    """The batch's transaction (its updates' savepoints are closed by now)."""
    yield await batch.repos()


# message_reaction: a 👍 on a request's message counts as "me too" (Telegram sends it only
# when the bot is an admin of the group).
ALLOWED_UPDATES = [
    "message",
    "edited_message",
    "callback_query",
    "my_chat_member",
    "message_reaction",
]
RETRIES = 3
TRANSIENT_TRIES = 3


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
        self.handled = 0  # updates fed, for diagnostics
        self.on_first_batch: Callable[[], None] | None = None

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
            if updates and self.on_first_batch is not None:
                self.on_first_batch()
                self.on_first_batch = None
            if updates:
                await self.handle_batch(updates)
                self.offset = updates[-1].update_id + 1
                self.handled += len(updates)
        await self.confirm()

    async def handle_batch(self, updates: list[Update]) -> None:
        """The batch in one transaction, a savepoint per update, committed before the next
        getUpdates confirms it. Should the transaction itself fail, the updates are handled
        again one by one (the inbox makes what did commit a no-op)."""
        batch = Batch(self.database)
        token = current_batch.set(batch)
        try:
            for update in updates:
                if batch.should_commit:
                    await batch.commit()
                await self.handle(update, batch)
            await batch.commit()
            return
        except Exception:
            log.exception("a batch of %d updates failed; handling them one by one", len(updates))
            await batch.rollback()
        except BaseException:  # cancelled: nothing of the open part commits
            await batch.rollback()
            raise
        finally:
            current_batch.reset(token)
        for update in updates:
            await self.handle(update)

    async def confirm(self) -> None:
        """Tell Telegram what was handled, so a clean restart does not see it again."""
        if self.offset is None:
            return
        try:
            await self.bot.get_updates(offset=self.offset, limit=1, timeout=0)
        except Exception as exc:  # shutting down: the inbox covers a redelivery anyway
            log.info("could not confirm updates on shutdown: %s", exc)

    async def handle(self, update: Update, batch: Batch | None = None) -> bool:
        for attempt in range(1, TRANSIENT_TRIES + 1):
            try:
                await self.dispatcher.feed_update(self.bot, update)
            except Exception as exc:
                if not is_transient(exc):
                    await self._keep(update, exc, batch)
                    return False
                # Another worker's transaction crossed this one's (PostgreSQL broke the
                # deadlock by failing this side): done again, on its own, the inbox keeping
                # it once. In a batch, after the batch commits what it holds.
                log.warning("update %s: conflict with another transaction; again", update.update_id)
                if batch is not None:
                    batch.after_commit(lambda: self.handle(update))
                    return False
                if attempt == TRANSIENT_TRIES:
                    await self._keep(update, exc, batch)
                    return False
            else:
                return True
        return False

    async def _keep(self, update: Update, exc: Exception, batch: Batch | None) -> None:
        log.error("update %s: handler failed; kept for retry", update.update_id, exc_info=exc)
        own = self.database.transaction() if batch is None else _joined(batch)
        async with own as repos:
            await repos.failed_updates.add(
                update.update_id,
                # As Telegram sent it (exclude_unset): aiogram fills fields it was not sent
                # with `Default` markers JSON cannot hold, and whatever else pydantic
                # cannot write must not stop a failed update from being kept either.
                update.model_dump(
                    mode="json", exclude_unset=True, exclude_none=True, fallback=lambda _: None
                ),
                f"{type(exc).__name__}: {exc}",
                self.clock(),
            )

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
