"""Telegram's sending limits: ~30 messages a second in all, 1 a second per chat, 20 a minute per group."""

from __future__ import annotations

import bisect
import contextlib
import math
import time
from collections import deque
from collections.abc import Callable

# Our clock starts a send when it leaves; Telegram's when it arrives. Every window is this
# many seconds longer than the limit's, so that jitter in arrival (a few milliseconds on
# one machine, more across a network) does not cross the line. A fixed length, not a share
# of the window: 2% of a second was 20 ms lost per second, which is the whole margin of a
# broadcast's 5% budget at the emulator's scaled windows (the app uses it).
MARGIN = 0.005


class SendLimiter:
    """Sliding windows kept in this process. Several workers each take their share of the budget.

    `time_scale` shrinks every window (not the counts), as the emulator's flood limits do
    with their `factor`: benchmarks run Telegram's limits faster, production keeps 1.
    `margin` (seconds) lengthens every window after scaling.

    A send may be recorded ahead, at the moment it is to leave (`record(chat, at)`): the
    sender leases it while the window is still closing and holds it until then, so that
    the lease's commit is not added to every window.
    """

    def __init__(
        self,
        per_second: float,
        per_chat_per_second: float,
        per_group_per_minute: float,
        clock: Callable[[], float] = time.monotonic,
        time_scale: float = 1.0,
        margin: float = 0.0,
    ) -> None:
        self.per_second = per_second
        self.second = 1.0 / time_scale + margin
        self.minute = 60.0 / time_scale + margin
        self.chat_interval = 1.0 / per_chat_per_second / time_scale + margin
        # A send that leaves this much after its stamp is still inside the margin: moving
        # its stamp would make every later send in its place wait too, for nothing.
        self.late_tolerance = margin / 2
        self.per_group_per_minute = per_group_per_minute
        self.clock = clock
        self._recent: deque[float] = deque()
        self._last_in_chat: dict[int, float] = {}
        self._group_recent: dict[int, deque[float]] = {}
        self._paused_until: dict[int, float] = {}
        self._all_paused_until = 0.0

    def wait_for(self, chat_id: int) -> float:
        """Seconds until a message to `chat_id` may go; 0 means now."""
        now = self.clock()
        self._forget(now)
        self._trim_group(chat_id, now)
        waits = [self._all_paused_until - now, self._paused_until.get(chat_id, 0.0) - now]
        if (over := self._over(self._recent, self.per_second)) is not None:
            waits.append(over + self.second - now)
        if (last := self._last_in_chat.get(chat_id)) is not None:
            waits.append(last + self.chat_interval - now)
        group = self._group_recent.get(chat_id)
        over = self._over(group, self.per_group_per_minute) if chat_id < 0 and group else None
        if over is not None:
            waits.append(over + self.minute - now)
        return max(0.0, *waits)

    @staticmethod
    def _over(stamps: deque[float], limit: float) -> float | None:
        """The stamp whose leaving the window lets one more in. Sends counted ahead make
        the window hold more than `limit`: the next then waits for the one `limit` back
        from the newest, not for the oldest."""
        if len(stamps) < limit:
            return None
        return stamps[len(stamps) - math.ceil(limit)]

    def record(self, chat_id: int, at: float | None = None) -> float:
        """Counts a send leaving now, or at `at`; returns its stamp, for `restamp` and `refund`."""
        now = self.clock() if at is None else at
        bisect.insort(self._recent, now)  # oldest first, whatever order they were counted in
        self._last_in_chat[chat_id] = now
        if chat_id < 0:
            self._group_recent.setdefault(chat_id, deque()).append(now)
        return now

    def global_wait(self) -> float:
        """Seconds until any message may go at all (the overall window or a global pause)."""
        now = self.clock()
        self._forget(now)
        waits = [self._all_paused_until - now]
        if (over := self._over(self._recent, self.per_second)) is not None:
            waits.append(over + self.second - now)
        return max(0.0, *waits)

    def restamp(self, chat_id: int, stamp: float) -> float:
        """Moves a send's stamp to now, if it leaves later than it was counted for (its
        lease took longer to commit): Telegram counts it when it arrives."""
        now = self.clock()
        if now <= stamp + self.late_tolerance:
            return stamp
        with contextlib.suppress(ValueError):
            self._recent.remove(stamp)
        bisect.insort(self._recent, now)
        if self._last_in_chat.get(chat_id) == stamp:
            self._last_in_chat[chat_id] = now
        group = self._group_recent.get(chat_id)
        if group and group[-1] == stamp:
            group[-1] = now
        return now

    def refund(self, stamp: float) -> None:
        """A send Telegram refused with 429 delivered nothing: its place in the global window
        goes to the next chat. (The refused chat itself stays paused by `pause`.)"""
        with contextlib.suppress(ValueError):  # already aged out of the window
            self._recent.remove(stamp)

    def pause(self, chat_id: int | None, seconds: float) -> None:
        """Telegram said 429: nothing more to that chat (or at all) until retry_after passed."""
        until = self.clock() + seconds
        if chat_id is None:
            self._all_paused_until = max(self._all_paused_until, until)
        else:
            self._paused_until[chat_id] = max(self._paused_until.get(chat_id, 0.0), until)

    def _forget(self, now: float) -> None:
        while self._recent and self._recent[0] <= now - self.second:
            self._recent.popleft()
        # Bounded memory over weeks of running: drop what no longer limits anything.
        if len(self._last_in_chat) > 10_000:
            horizon = now - max(self.chat_interval, self.minute)
            self._last_in_chat = {c: t for c, t in self._last_in_chat.items() if t > horizon}
            self._group_recent = {
                c: q for c, q in self._group_recent.items() if q and q[-1] > now - self.minute
            }
            self._paused_until = {c: t for c, t in self._paused_until.items() if t > now}

    def _trim_group(self, chat_id: int, now: float) -> None:
        group = self._group_recent.get(chat_id)
        while group and group[0] <= now - self.minute:
            group.popleft()
