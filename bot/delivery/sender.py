"""Drains the outbox into Telegram within its limits, surviving restarts and crashes.

Each message is leased (state `sending`) in its own committed transaction before the
HTTP call, and marked after it. A lease that outlives `lease` seconds means its sender
died mid-call: Telegram may or may not have the message. It is sent once more (logged),
and after a second such loss it is left `unknown` rather than retried blindly.

Broadcast rows (the BULK lane, linked to a broadcast target) are at most once: a group
must never get an announcement twice, so a send without an answer, or a lease lost in a
crash, leaves the row `unknown` at once and the admin's report says so. A group that
removed the bot (403) is marked removed; later broadcasts skip it until it is back.
"""

from __future__ import annotations

import asyncio
import base64
import logging
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import (
    CopyMessage,
    DeleteMessage,
    EditMessageReplyMarkup,
    EditMessageText,
    PinChatMessage,
    SendDocument,
    SendMessage,
    SendPhoto,
    SendPoll,
    SetMyCommands,
    TelegramMethod,
    UnpinChatMessage,
)
from aiogram.types import BufferedInputFile

from bot.delivery.budget import SharedBudget
from bot.delivery.direct import DirectSender
from bot.delivery.lanes import Lane
from bot.delivery.limiter import SendLimiter
from storage.database import Database
from storage.repositories import Repositories
from storage.repositories.broadcasts import TargetLink
from storage.repositories.outbox import OutboxState, OutgoingMessage

log = logging.getLogger(__name__)

METHODS: dict[str, type[TelegramMethod[Any]]] = {
    "sendMessage": SendMessage,
    "sendPhoto": SendPhoto,
    "sendDocument": SendDocument,
    "copyMessage": CopyMessage,
    "editMessageText": EditMessageText,
    "editMessageReplyMarkup": EditMessageReplyMarkup,
    "pinChatMessage": PinChatMessage,
    "unpinChatMessage": UnpinChatMessage,
    "sendPoll": SendPoll,
    "deleteMessage": DeleteMessage,
    "setMyCommands": SetMyCommands,
}

MAX_ATTEMPTS = 5  # for answers that say "try later" (5xx); network losses get two
AMBIGUOUS_ATTEMPTS = 2
DUE_PAGE = 200  # due rows looked at together
MAX_LEAD = 0.05  # seconds a leased send may wait for its turn
RETRY_SLACK = 0.01  # seconds: the row's `not_before` is on the wall clock, the wake-up is not
# Hosts' clocks differ a little: a dead leader's lease may carry a time just ahead of ours.
ORPHAN_SLACK = timedelta(seconds=1)
NOT_RESENT = "no answer; not sent again so that no group gets it twice"


# Told, in the same transaction as the refusal, that a person cannot be written to in private.
Unreachable = Callable[[Repositories, int, str], Awaitable[None]]

# Telegram's 400s that mean the private chat cannot be written to at all (a mistyped id,
# a deleted account); 403 (blocked, never started) is the other way it says so.
_PERSON_REFUSALS = ("chat not found", "user not found", "user is deactivated", "PEER_ID_INVALID")


def refuses_person(error: str) -> bool:
    return any(refusal in error for refusal in _PERSON_REFUSALS)


def with_uploads(payload: dict[str, Any]) -> dict[str, Any]:
    """Files made by the bot (a chart, an export) wait in the outbox as base64 under
    {"upload": …, "filename": …}; they leave as multipart uploads."""
    found = {
        key: BufferedInputFile(base64.b64decode(value["upload"]), value["filename"])
        for key, value in payload.items()
        if isinstance(value, dict) and "upload" in value
    }
    return {**payload, **found} if found else payload


class _Chosen(NamedTuple):
    """A send chosen to leave: its place in the limits' windows (`stamp`) is counted."""

    message_id: int
    chat_id: int
    stamp: float
    bulk: bool  # the BULK lane, where a broadcast's copies go: those at most once


class OutboxSender:
    def __init__(
        self,
        database: Database,
        bot: Bot,
        limiter: SendLimiter,
        clock: Callable[[], datetime],
        unreachable: Unreachable,
        *,
        lease: timedelta = timedelta(seconds=60),
        concurrency: int = 32,
        idle_poll: float = 0.5,
        budget: SharedBudget | None = None,
    ) -> None:
        self.database = database
        self.bot = bot
        self.direct = DirectSender(bot)
        self.limiter = limiter
        self.clock = clock
        self.unreachable = unreachable
        self.lease = lease
        self.idle_poll = idle_poll
        # Several workers: the limits counted in Redis too (what an earlier leader sent).
        self.budget = budget
        self._places: dict[int, str | None] = {}
        self._slots = asyncio.Semaphore(concurrency)
        self._next_recovery = 0.0
        self._busy_chats: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        # Chosen to leave, waiting for the lease under way to end (_lease_chosen).
        self._to_lease: list[_Chosen] = []
        self._leasing = False
        self._wake = asyncio.Event()
        # A 429 gave its place in the window back: the send loop, asleep until the window
        # reopens, may use it now instead of losing it.
        self._freed = asyncio.Event()
        # Due rows from the last look, oldest first within each lane. A finished send only
        # frees a slot (no new look at the table); new rows from a handler (`wake`) or the
        # passing of `idle_poll` make the next pass look again.
        self._due: list[tuple[int, int, int]] = []
        self._due_stale = True
        self._due_more = False
        self._due_at = 0.0
        # Answers received, marked sent in batches: one commit for many sends.
        self._sent: list[tuple[OutgoingMessage, int | None]] = []
        self._sent_ready = asyncio.Event()
        # How long leasing a batch takes (the commit, and the wait for the lock): sends are
        # chosen that much before the limits let them leave, leased, then held until then.
        # Else every window would start that much late, and the lateness adds up.
        self._lead = 0.0

    def wake(self) -> None:
        """Something new was queued: look at the table again."""
        self._due_stale = True
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        log.info("outbox sender started")
        self._due_stale = True  # it may have stopped and started again (the lead moved)
        marker = asyncio.create_task(self._mark_sent_batches(stop), name="outbox-marker")
        try:
            loop = asyncio.get_running_loop()
            while not stop.is_set():
                # Cleared before the look, not after it: a send that finishes while the
                # look waits for the database wakes the wait below at once (else it slept
                # `idle_poll` with its chat's next message due).
                self._wake.clear()
                if loop.time() >= self._next_recovery:
                    # A lease outlives seconds, not milliseconds: no need to look every loop.
                    self._next_recovery = loop.time() + 1.0
                    await self.recover_expired_leases()
                progressed, next_in = await self.send_due()
                if not progressed and (full := self.limiter.global_wait() - self._lead) > 0:
                    # Nothing may go before then but into a place a 429 gave back.
                    self._freed.clear()
                    waiters = {
                        asyncio.ensure_future(self._freed.wait()),
                        asyncio.ensure_future(stop.wait()),
                    }
                    _, pending = await asyncio.wait(
                        waiters,
                        timeout=min(full, self.idle_poll),
                        return_when=asyncio.FIRST_COMPLETED,
                    )
                    for waiter in pending:
                        waiter.cancel()
                elif not progressed:
                    timeout = min(self.idle_poll, next_in) if next_in else self.idle_poll
                    waiters = {
                        asyncio.ensure_future(self._wake.wait()),
                        asyncio.ensure_future(stop.wait()),
                    }
                    _, pending = await asyncio.wait(
                        waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
                    )
                    for waiter in pending:
                        waiter.cancel()
        finally:
            await self.drain_in_flight()
            self._sent_ready.set()
            await marker

    async def drain_in_flight(self) -> None:
        while self._tasks:  # a lease's task starts its sends' tasks
            await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._flush_sent()

    async def _mark_sent_batches(self, stop: asyncio.Event) -> None:
        """Marks answered sends at once, as urgent writers: a crash before the mark commits
        leaves the row leased, and the restarted bot sends it again though it arrived. So
        the mark never waits for a pause or behind other writers queued for SQLite; the
        answers that come in while one batch commits make the next batch."""
        while not stop.is_set() or self._sent:
            await self._sent_ready.wait()
            self._sent_ready.clear()
            try:
                await self._flush_sent()
            except Exception:
                log.exception("outbox: marking sent messages failed; their leases will expire")

    async def _flush_sent(self) -> None:
        batch, self._sent = self._sent, []
        if not batch:
            return
        async with self.database.transaction(urgent=True) as repos:
            await repos.outbox.mark_sent_many(
                [(message.id, sent_id) for message, sent_id in batch], self.clock()
            )
            # Announcements asked to be pinned get their pin queued with the mark. One
            # look for the batch: most BULK sends (board edits) are no announcement.
            bulk = [
                (m, sent_id)
                for m, sent_id in batch
                if m.priority == Lane.BULK and sent_id is not None
            ]
            pinned = False
            if bulk:
                links = await repos.broadcasts.announcements([m.id for m, _ in bulk])
                for message, sent_id in bulk:
                    link = links.get(message.id)
                    if link is not None and link.pin and link.pin_outbox_id is None:
                        await self._pin(repos, message, sent_id, link)
                        pinned = True
        if pinned:
            self.wake()

    async def send_due(self) -> tuple[bool, float | None]:
        """Start every send the limits allow now. Returns (started any, seconds until the next may).

        The sends chosen are leased together, in one transaction committed before any of
        them leaves: a crash after it finds them leased, never sent twice unknowingly.
        """
        if self._slots.locked():
            return False, None  # every slot busy: a finishing send wakes us
        loop = asyncio.get_running_loop()
        if (
            self._due_stale
            or not self._due
            or loop.time() - self._due_at > self.idle_poll
            # Rows past the last page may be due: looked for before the page runs low, so
            # that their chats need not wait behind the last busy chats of this one.
            or (self._due_more and len(self._due) < DUE_PAGE // 2)
        ):
            self._due_stale = False
            self._due_at = loop.time()
            async with self.database.transaction() as repos:
                self._due = await repos.outbox.due(self.clock(), limit=DUE_PAGE)
            self._due_more = len(self._due) == DUE_PAGE
        next_in: float | None = None
        held: set[int] = set()  # chats whose oldest message must wait: later ones wait too
        chosen: list[_Chosen] = []
        lead = self._lead
        for message_id, chat_id, lane in self._due:
            if chat_id in held or chat_id in self._busy_chats:
                held.add(chat_id)
                continue
            wait = self.limiter.wait_for(chat_id)
            if wait > lead:
                held.add(chat_id)
                next_in = wait - lead if next_in is None else min(next_in, wait - lead)
                continue
            if self._slots.locked():
                break
            await self._slots.acquire()
            self._busy_chats.add(chat_id)
            # Counted for the moment it may leave: the next chat's wait sees it.
            at = self.limiter.clock() + wait
            stamp = self.limiter.record(chat_id, at)
            chosen.append(_Chosen(message_id, chat_id, stamp, lane == Lane.BULK))
        if not chosen:
            return False, next_in
        taken = {c.message_id for c in chosen}
        self._due = [row for row in self._due if row[0] not in taken]
        # Leased in a task of its own: while it waits for the database, this loop goes on
        # counting the next sends for the moments the limits allow, not for when it is free.
        self._to_lease.extend(chosen)
        if not self._leasing:
            self._leasing = True
            self._spawn(self._lease_chosen())
        return True, next_in

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _lease_chosen(self) -> None:
        """One lease at a time: the sends chosen while one waits for SQLite's writer, or for
        its commit, go together in the next, one transaction instead of one each."""
        try:
            while self._to_lease:
                chosen, self._to_lease = self._to_lease, []
                await self._lease_and_deliver(chosen)
        finally:
            self._leasing = False

    async def _lease_and_deliver(self, chosen: list[_Chosen]) -> None:
        """Leases the chosen sends in one transaction, committed before any of them
        leaves: a crash after it finds them leased, never sent twice unknowingly."""
        loop = asyncio.get_running_loop()
        leasing = loop.time()
        # A lease lost to a power loss (not to a crash: the commit then only skips waiting
        # for the disk) makes its sends go again, as one lost in flight would. A broadcast's
        # copy is never sent twice: a lease with a BULK send waits for the disk.
        durable = any(c.bulk for c in chosen)
        try:
            async with self.database.transaction(durable=durable) as repos:
                ids = [c.message_id for c in chosen]
                leased = await repos.outbox.claim_many(ids, self.clock())
        except Exception:
            log.exception("outbox: leasing %d sends failed; they stay queued", len(chosen))
            leased = {}
            self._due_stale = True
        self._learn_lead(loop.time() - leasing)
        for message_id, chat_id, stamp, _ in chosen:
            message = leased.get(message_id)
            if message is None:  # another sender got it first, or the lease failed
                self.limiter.refund(stamp)
                self._busy_chats.discard(chat_id)
                self._slots.release()
                continue
            self._spawn(self._deliver(message, stamp))

    def _learn_lead(self, took: float) -> None:
        """Leads by about what leasing took lately: a lease committed early waits (a
        crash then leaves it `unknown`, so the wait is kept short), one committed late
        leaves late. Capped: a stalled disk must not hold leased rows for long."""
        self._lead = min(MAX_LEAD, 0.8 * self._lead + 0.2 * took)

    async def _deliver(self, message: OutgoingMessage, stamp: float) -> None:
        answered = False
        try:
            if (early := stamp - self.limiter.clock()) > 0:
                await asyncio.sleep(early)  # leased ahead: leaves when the limits allow
            if self.budget is not None and not await self._shared_place(message, stamp):
                return
            # Counted from when it really leaves: a burst's tasks start one after another.
            stamp = self.limiter.restamp(message.chat_id, stamp)
            answered = await self._attempt(message, stamp)
        except Exception:
            # The row keeps its lease and is recovered later: one broken message must not stop the rest.
            log.exception("outbox %s: unexpected failure", message.id)
        finally:
            self._places.pop(message.id, None)
            self._busy_chats.discard(message.chat_id)
            self._slots.release()
            if not answered and message.priority != Lane.BULK:
                # It may have queued a follow-up (a fallback, a retry) for its chat. A send
                # Telegram took queued nothing: the rows seen last are still what is due,
                # the chat's next one among them (no new look at the table for each send).
                self._due_stale = True
            self._wake.set()

    async def _shared_place(self, message: OutgoingMessage, stamp: float) -> bool:
        """Its place in the windows every worker counts (Redis). Those say wait when an
        earlier leader's sends still fill them: the message goes back to the queue until
        then, and this worker's own windows hold the chat as long (never a lease held
        for the wait: it would outlive `lease` and be sent twice)."""
        assert self.budget is not None
        place, wait = await self.budget.take(message.chat_id)
        if wait <= 0:
            self._places[message.id] = place
            return True
        self.limiter.pause(message.chat_id, wait)
        self.limiter.refund(stamp)
        await self._retry(message, wait, "waiting for the shared sending budget", count=False)
        return False

    async def _attempt(self, message: OutgoingMessage, stamp: float) -> bool:
        """True when Telegram took it (marked sent with the next batch)."""
        kind = METHODS[message.method]
        payload = with_uploads(message.payload)
        # A payload without files leaves as the JSON it is stored as (direct.py); one with
        # files as aiogram's multipart upload.
        method = None if payload is message.payload and self.direct.enabled else kind(**payload)
        try:
            if method is None:
                sent_id = await self.direct.send(kind, payload, message.stored)
            else:
                result = await self.bot(method)
                # copyMessage answers a MessageId, the send methods a Message: both carry the id.
                sent_id = getattr(result, "message_id", None) if result is not True else None
        except TelegramRetryAfter as exc:
            self.limiter.pause(message.chat_id, exc.retry_after)
            self.limiter.refund(stamp)
            if self.budget is not None:
                await self.budget.pause(message.chat_id, exc.retry_after)
                await self.budget.refund(self._places.get(message.id))
            self._freed.set()
            log.info("outbox %s: 429, retry after %ss", message.id, exc.retry_after)
            await self._retry(
                message, exc.retry_after, f"429 retry after {exc.retry_after}", count=False
            )
        except TelegramMigrateToChat as exc:
            await self._migrated(message, exc.migrate_to_chat_id)
        except TelegramForbiddenError as exc:
            await self._forbidden(message, exc.message)
        except TelegramBadRequest as exc:
            if message.chat_id > 0 and refuses_person(exc.message):
                await self._forbidden(message, exc.message)
            elif "message is not modified" in exc.message:
                await self._finish(message, OutboxState.SENT, None)
            else:
                log.warning("outbox %s: refused: %s", message.id, exc.message)
                await self._finish(message, OutboxState.FAILED, exc.message)
        except TelegramServerError as exc:
            if message.attempts >= MAX_ATTEMPTS:
                await self._finish(message, OutboxState.FAILED, exc.message)
            else:
                await self._retry(message, 2.0**message.attempts, exc.message)
        except (TelegramNetworkError, TimeoutError, OSError) as exc:
            # No answer: Telegram may have the message. One more try at most.
            if await self._at_most_once(message):
                log.warning("outbox %s: no answer (%s); broadcast, left unknown", message.id, exc)
                await self._finish(message, OutboxState.UNKNOWN, f"{NOT_RESENT}: {exc}")
            elif message.attempts >= AMBIGUOUS_ATTEMPTS:
                log.error("outbox %s: no answer twice, left unknown: %s", message.id, exc)
                await self._finish(message, OutboxState.UNKNOWN, f"no answer: {exc}")
            else:
                log.warning(
                    "outbox %s: no answer (%s); sending once more, may repeat", message.id, exc
                )
                await self._retry(message, 1.0, f"no answer: {exc}")
        else:
            self._sent.append((message, sent_id))
            self._sent_ready.set()
            return True
        return False

    async def _at_most_once(self, message: OutgoingMessage) -> bool:
        if message.priority != Lane.BULK:
            return False
        async with self.database.transaction() as repos:
            return await repos.broadcasts.link(message.id) is not None

    async def _pin(
        self, repos: Repositories, message: OutgoingMessage, sent_id: int, link: TargetLink
    ) -> None:
        pin_id = await repos.outbox.add(
            chat_id=message.chat_id,
            method="pinChatMessage",
            payload={
                "chat_id": message.chat_id,
                "message_id": sent_id,
                "disable_notification": True,
            },
            priority=Lane.BULK,
            at=self.clock(),
        )
        await repos.broadcasts.set_pin_outbox(link.target_id, pin_id)

    async def _retry(
        self, message: OutgoingMessage, delay: float, error: str, count: bool = True
    ) -> None:
        not_before = self.clock() + timedelta(seconds=delay)
        async with self.database.transaction() as repos:
            if count:
                await repos.outbox.release(message.id, not_before, error)
            else:
                await repos.outbox.retry_without_count(message.id, not_before, error)
        # Look again the moment it is due, not up to `idle_poll` later: at the end of a
        # broadcast the last retries are all that is left.
        asyncio.get_running_loop().call_later(delay + RETRY_SLACK, self.wake)

    async def _finish(self, message: OutgoingMessage, state: str, error: str | None) -> None:
        async with self.database.transaction() as repos:
            if state == OutboxState.SENT:
                await repos.outbox.mark_sent(message.id, self.clock(), None)
            else:
                await repos.outbox.finish(message.id, state, error)

    async def _forbidden(self, message: OutgoingMessage, error: str) -> None:
        async with self.database.transaction() as repos:
            await repos.outbox.finish(message.id, OutboxState.FAILED, error)
            if message.chat_id < 0:
                # Kicked from the group: not retried, and later broadcasts skip it.
                await repos.broadcasts.mark_removed(message.chat_id, self.clock(), error)
            else:
                await self.unreachable(repos, message.chat_id, error)
            for payload in message.fallback:
                await repos.outbox.add(
                    chat_id=payload["chat_id"],
                    method="sendMessage",
                    payload=payload,
                    priority=message.priority,
                    at=self.clock(),
                    request_id=message.request_id,
                )
        log.info(
            "outbox %s: %s%s",
            message.id,
            error,
            "; posted in the group instead" if message.fallback else "",
        )

    async def _migrated(self, message: OutgoingMessage, new_chat_id: int) -> None:
        payload = dict(message.payload, chat_id=new_chat_id)
        async with self.database.transaction() as repos:
            await repos.outbox.readdress(message.id, new_chat_id, payload)
            await repos.directory.move_chat(message.chat_id, new_chat_id)
            await repos.outbox.retry_without_count(
                message.id, self.clock(), "group upgraded to supergroup"
            )
        log.info("chat %s became %s", message.chat_id, new_chat_id)

    async def recover_expired_leases(self, orphaned: bool = False) -> None:
        """`orphaned`: this worker just took the lead from one that died, so whatever is
        leased is that one's, lost in flight now rather than when its lease runs out."""
        cutoff = self.clock() + ORPHAN_SLACK if orphaned else self.clock() - self.lease
        async with self.database.transaction() as repos:
            for message in await repos.outbox.expired_leases(cutoff):
                broadcast = message.priority == Lane.BULK and (
                    await repos.broadcasts.link(message.id) is not None
                )
                if broadcast:
                    log.warning("outbox %s: broadcast lost in flight, left unknown", message.id)
                    await repos.outbox.finish(
                        message.id, OutboxState.UNKNOWN, f"{NOT_RESENT}: lost in flight"
                    )
                elif message.attempts >= AMBIGUOUS_ATTEMPTS:
                    log.error("outbox %s: lost in flight twice, left unknown", message.id)
                    await repos.outbox.finish(
                        message.id, OutboxState.UNKNOWN, "lost in flight twice"
                    )
                else:
                    log.warning(
                        "outbox %s: lost in flight (crash?); sending once more, may repeat",
                        message.id,
                    )
                    await repos.outbox.release(message.id, self.clock(), "lost in flight")
