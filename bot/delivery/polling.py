"""Long polling that confirms an update to Telegram only after it was handled and committed.

aiogram's own polling confirms a batch before its handlers finish and swallows handler
errors. Here the next getUpdates (which is what confirms) is asked only after the whole
batch was handled; a crash mid-batch gets the batch again. What Telegram can deliver again
is exactly what follows the last confirmed offset, in order, so one mark does what a key
per update does for the webhook: the id of the last polled update handled, written in the
transaction of its effects (`poll_mark`). A redelivered update at or below it is a no-op.
A handler that fails has its update kept in `failed_updates`, retried later, and flagged
for a person after the last try.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramNetworkError, TelegramServerError
from aiogram.types import Update

from storage.database import Batch, Database, current_batch, is_transient
from storage.repositories import Repositories
from storage.repositories.failed_updates import FailedUpdateState

log = logging.getLogger(__name__)


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
# After a week without updates Telegram numbers the next one from a random id: an older
# mark says nothing about the ids that follow it.
MARK_TRUSTED_FOR = timedelta(days=6)


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
        # The last polled update whose handling committed (the database's mark as this
        # process knows it): anything at or below it was handled before.
        self.mark: int | None = None

    async def load_mark(self) -> None:
        """What an earlier process (or leader) handled of what Telegram may deliver again."""
        async with self.database.transaction() as repos:
            found = await repos.inbox.polled()
        if found is not None and self.clock() - found[1] < MARK_TRUSTED_FOR:
            self.mark = found[0]
        else:
            self.mark = None

    async def run(self, stop: asyncio.Event) -> None:
        backoff = 1.0
        await self.load_mark()
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
        """The batch in one transaction, committed before the next getUpdates confirms it,
        the mark with it. Should an update fail, what is open rolls back and the updates
        not yet committed are handled again one by one, each in a transaction of its own:
        no savepoint per update, which cost more than most updates' own work."""
        batch = Batch(self.database, clock=self.clock)
        token = current_batch.set(batch)
        failed: tuple[Update, Exception] | None = None
        try:
            for update in updates:
                # SQLite's statements run without a wait (storage/sqlite_driver.py): without
                # this a batch would hold the event loop, and Telegram's answers to the
                # sender would go unread and unmarked, until its commit.
                await asyncio.sleep(0)
                if batch.should_commit:
                    await self._commit(batch)
                batch.handled_before = self.mark
                try:
                    await self.dispatcher.feed_update(self.bot, update)
                except Exception as exc:
                    failed = (update, exc)
                    raise
                batch.polled = update.update_id
            await self._commit(batch)
            return
        except Exception:
            if failed is None:  # the commit itself
                log.exception("a batch of %d updates failed; one by one", len(updates))
            else:
                log.warning("update %s failed in a batch; the rest one by one", failed[0].update_id)
            await batch.rollback()
        except BaseException:  # cancelled: nothing of the open part commits
            await batch.rollback()
            raise
        finally:
            current_batch.reset(token)
        for update in updates:
            if self.mark is not None and update.update_id <= self.mark:
                continue  # committed before the failure
            if failed is not None and update is failed[0] and not is_transient(failed[1]):
                await self._keep_polled(update, failed[1])  # its handler ran once: enough
            else:
                await self._alone(update)

    async def _commit(self, batch: Batch) -> None:
        polled = batch.polled
        await batch.commit()
        if polled is not None:
            self.mark = polled

    async def _alone(self, update: Update) -> None:
        """A polled update in a batch of its own, tried again after a conflict with another
        transaction, kept (with the mark) when it fails."""
        for attempt in range(1, TRANSIENT_TRIES + 1):
            batch = Batch(self.database, clock=self.clock)
            batch.handled_before = self.mark
            token = current_batch.set(batch)
            try:
                await self.dispatcher.feed_update(self.bot, update)
                batch.polled = update.update_id
                await self._commit(batch)
                return
            except Exception as exc:
                await batch.rollback()
                if is_transient(exc) and attempt < TRANSIENT_TRIES:
                    log.warning(
                        "update %s: conflict with another transaction; again", update.update_id
                    )
                    continue
                await self._keep_polled(update, exc)
                return
            except BaseException:
                await batch.rollback()
                raise
            finally:
                current_batch.reset(token)

    async def _keep_polled(self, update: Update, exc: Exception) -> None:
        batch = Batch(self.database, clock=self.clock)
        repos = await batch.repos()
        await self._keep(update, exc, repos)
        batch.polled = update.update_id
        await self._commit(batch)

    async def confirm(self) -> None:
        """Tell Telegram what was handled, so a clean restart does not see it again."""
        if self.offset is None:
            return
        try:
            await self.bot.get_updates(offset=self.offset, limit=1, timeout=0)
        except Exception as exc:  # shutting down: the inbox covers a redelivery anyway
            log.info("could not confirm updates on shutdown: %s", exc)

    async def handle(self, update: Update) -> bool:
        """One update in a transaction of its own, keyed in the inbox (the webhook's way)."""
        for attempt in range(1, TRANSIENT_TRIES + 1):
            try:
                await self.dispatcher.feed_update(self.bot, update)
            except Exception as exc:
                if not is_transient(exc) or attempt == TRANSIENT_TRIES:
                    async with self.database.transaction() as repos:
                        await self._keep(update, exc, repos)
                    return False
                # Another worker's transaction crossed this one's (PostgreSQL broke the
                # deadlock by failing this side): done again, the inbox keeping it once.
                log.warning("update %s: conflict with another transaction; again", update.update_id)
            else:
                return True
        return False

    async def _keep(self, update: Update, exc: Exception, repos: Repositories) -> None:
        log.error("update %s: handler failed; kept for retry", update.update_id, exc_info=exc)
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
