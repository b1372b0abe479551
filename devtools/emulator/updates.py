"""The bot's update queue with Telegram's getUpdates confirmation semantics.

* ``update_id`` grows monotonically and never resets (not even on control
  reset), so a running bot's stored offset never silently confirms new updates.
* ``offset`` confirms (drops) every update with a smaller id, delivered or not.
* Exception, for idempotency tests: a *replayed* raw update (injected with an
  id the queue already handed out) is only dropped after it was delivered at
  least once; otherwise the bot's offset would swallow it on arrival.
* A getUpdates arriving while another one waits ends the older one with 409
  Conflict, as Telegram does when two bot instances poll the same token.
* Updates whose type is not in ``allowed_updates`` are discarded, as Telegram
  never delivers them (default: all but chat_member / message_reaction*).
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass
from typing import Any

from devtools.emulator.errors import ApiError

CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot "
    "instance is running"
)
DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


@dataclass(slots=True)
class _Entry:
    update_id: int
    kind: str
    payload: dict[str, Any]
    replay: bool
    delivered: bool = False


def update_kind(update: dict[str, Any]) -> str:
    return next((k for k in update if k != "update_id"), "unknown")


class UpdateQueue:
    def __init__(self) -> None:
        self._entries: deque[_Entry] = deque()
        self._next_id = 1
        self._allowed: frozenset[str] | None = None
        self._replays = 0
        self._wakeup = asyncio.Event()
        self._closed = False
        self._poll_generation = 0
        self.delivered_total = 0
        self.filtered_total = 0

    # -- producer side -------------------------------------------------------
    def push(self, update: dict[str, Any], update_id: int | None = None) -> int:
        if update_id is None:
            update_id = self._next_id
        replay = update_id < self._next_id
        self._next_id = max(self._next_id, update_id + 1)
        payload = {"update_id": update_id}
        payload.update((k, v) for k, v in update.items() if k != "update_id")
        self._entries.append(_Entry(update_id, update_kind(payload), payload, replay))
        self._replays += replay
        self.wake()
        return update_id

    def clear(self) -> None:
        """Drop everything queued (deleteWebhook drop_pending_updates, reset)."""
        self._entries.clear()
        self._replays = 0
        self._allowed = None

    def close(self) -> None:
        self._closed = True
        self.wake()

    def wake(self) -> None:
        # A fresh Event per generation: every current waiter sees the old one set.
        self._wakeup.set()
        self._wakeup = asyncio.Event()

    # -- consumer side -------------------------------------------------------
    def set_allowed(self, allowed: list[str] | None) -> None:
        # An empty list means "Telegram's default", like the real API.
        self._allowed = frozenset(allowed) if allowed else None

    def _is_allowed(self, kind: str) -> bool:
        if self._allowed is None:
            return kind not in DEFAULT_EXCLUDED
        return kind in self._allowed

    def confirm(self, offset: int) -> None:
        entries = self._entries
        if offset < 0:
            # "Negative offset: starting from -offset update from the end".
            while len(entries) > -offset:
                self._replays -= entries.popleft().replay
            return

        def done(e: _Entry) -> bool:
            return e.update_id < offset and (e.delivered or not e.replay)

        while entries and done(entries[0]):
            self._replays -= entries.popleft().replay
        if self._replays and any(done(e) for e in entries):
            # Only replays can leave confirmed entries behind the head; rare, so O(n).
            self._entries = deque(e for e in entries if not done(e))
            self._replays = sum(e.replay for e in self._entries)

    def ack(self, update_id: int) -> None:
        """A webhook answered 2xx for this one update: it is done, whatever came before."""
        if self._entries and self._entries[0].update_id == update_id:
            self._replays -= self._entries.popleft().replay
            return
        kept = deque(e for e in self._entries if e.update_id != update_id)
        self._replays = sum(e.replay for e in kept)
        self._entries = kept

    async def wait_for_more(self, timeout: float) -> None:  # noqa: ASYNC109 - a pusher's idle wait
        waiter = asyncio.ensure_future(self._wakeup.wait())
        try:
            await asyncio.wait({waiter}, timeout=timeout)
        finally:
            waiter.cancel()

    def take(self, limit: int) -> list[dict[str, Any]]:
        batch: list[_Entry] = []
        filtered = False
        for entry in self._entries:
            if not self._is_allowed(entry.kind):
                filtered = True
                continue
            batch.append(entry)
            if len(batch) >= limit:
                break
        if filtered:
            kept = deque(e for e in self._entries if self._is_allowed(e.kind))
            self.filtered_total += len(self._entries) - len(kept)
            self._entries = kept
            self._replays = sum(e.replay for e in kept)
        for entry in batch:
            if not entry.delivered:
                entry.delivered = True
                self.delivered_total += 1
        # Sorted so that aiogram's "offset = last update_id + 1" confirms the batch.
        batch.sort(key=lambda e: e.update_id)
        return [e.payload for e in batch]

    async def poll(
        self, offset: int | None, limit: int, wait_seconds: float
    ) -> list[dict[str, Any]]:
        self._poll_generation += 1
        generation = self._poll_generation
        self.wake()  # an older poller wakes up and finds itself superseded
        if offset is not None:
            self.confirm(offset)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(wait_seconds, 0.0)
        while True:
            wakeup = self._wakeup
            if generation != self._poll_generation:
                raise ApiError(409, CONFLICT)
            batch = self.take(limit)
            remaining = deadline - loop.time()
            if batch or remaining <= 0 or self._closed:
                return batch
            try:
                await asyncio.wait_for(wakeup.wait(), remaining)
            except TimeoutError:
                return []

    # -- introspection -------------------------------------------------------
    def counts(self) -> tuple[int, int]:
        """(pending = never delivered, delivered but not yet confirmed)."""
        delivered = sum(e.delivered for e in self._entries)
        return len(self._entries) - delivered, delivered

    @property
    def next_id(self) -> int:
        return self._next_id
