"""Fault injection: random 429s, latency, "sent but the answer never came"
timeouts, and optional emulation of Telegram's flood limits.

Everything random goes through one seeded RNG so a benchmark run with the same
seed and the same call order sees the same faults.
"""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

# Methods that create a message; "timeout_next" and flood limits count these.
SEND_METHODS = frozenset(
    {
        "sendmessage",
        "sendphoto",
        "senddocument",
        "sendvideo",
        "sendaudio",
        "sendvoice",
        "sendanimation",
        "sendsticker",
        "sendmediagroup",
        "sendlocation",
        "sendpoll",
        "copymessage",
        "forwardmessage",
    }
)
# getUpdates is never faulted (the dispatcher bypasses faults for it); listed so a
# methods=None filter reads as "every method the bot uses to act".
_EXEMPT = frozenset({"getupdates"})


class _Window:
    """Sliding-window log: at most ``limit`` hits per ``span`` seconds."""

    __slots__ = ("limit", "span", "stamps")

    def __init__(self, limit: int, span: float) -> None:
        self.limit = limit
        self.span = span
        self.stamps: deque[float] = deque()

    def wait(self, now: float) -> float:
        stamps = self.stamps
        while stamps and stamps[0] <= now - self.span:
            stamps.popleft()
        if len(stamps) >= self.limit:
            return stamps[0] + self.span - now
        return 0.0


@dataclass
class FloodLimits:
    """Telegram's documented bot limits; ``factor`` multiplies every rate."""

    enabled: bool = False
    factor: float = 1.0
    per_chat_per_second: int = 1
    per_group_per_minute: int = 20
    global_per_second: int = 30
    _chats: dict[int, _Window] = field(default_factory=dict, repr=False)
    _groups: dict[int, _Window] = field(default_factory=dict, repr=False)
    _global: _Window | None = field(default=None, repr=False)

    def reset_windows(self) -> None:
        self._chats.clear()
        self._groups.clear()
        self._global = None

    def check(self, chat_id: int, is_group: bool, now: float) -> int | None:
        """retry_after seconds if this send would exceed a limit, else None (and count it)."""
        if not self.enabled:
            return None
        scale = 1.0 / self.factor
        if self._global is None:
            self._global = _Window(self.global_per_second, scale)
        windows = [self._global]
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = _Window(self.per_chat_per_second, scale)
        windows.append(chat)
        if is_group:
            group = self._groups.get(chat_id)
            if group is None:
                group = self._groups[chat_id] = _Window(self.per_group_per_minute, 60 * scale)
            windows.append(group)
        wait = max(w.wait(now) for w in windows)
        if wait > 0:
            return max(1, math.ceil(wait))
        for w in windows:
            w.stamps.append(now)
        return None

    def as_dict(self) -> dict[str, Any]:
        return {
            "enabled": self.enabled,
            "factor": self.factor,
            "per_chat_per_second": self.per_chat_per_second,
            "per_group_per_minute": self.per_group_per_minute,
            "global_per_second": self.global_per_second,
        }


class Faults:
    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self.rate_429 = 0.0
        self.retry_after = 1
        self.methods: frozenset[str] | None = None  # lower-case; None = all but getUpdates
        self.seed: int | None = 0
        self.latency_ms = 0.0
        self.timeout_next = 0
        self.timeout_seconds = 5.0
        # method (lower-case) -> ms: the call is performed at once, its answer comes this late.
        self.slow_answers: dict[str, float] = {}
        self.flood = FloodLimits()
        self._rng = random.Random(0)

    def configure(self, cfg: dict[str, Any]) -> dict[str, Any]:
        """Partial update: only the keys present change."""
        if "rate_429" in cfg:
            self.rate_429 = float(cfg["rate_429"])
        if "retry_after" in cfg:
            self.retry_after = int(cfg["retry_after"])
        if "methods" in cfg:
            methods: Iterable[str] | None = cfg["methods"]
            self.methods = frozenset(m.lower() for m in methods) if methods else None
        if "seed" in cfg:
            self.seed = cfg["seed"]
            self._rng = random.Random(self.seed)
        if "latency_ms" in cfg:
            self.latency_ms = float(cfg["latency_ms"])
        if "timeout_next" in cfg:
            self.timeout_next = int(cfg["timeout_next"])
        if "timeout_seconds" in cfg:
            self.timeout_seconds = float(cfg["timeout_seconds"])
        if "slow_answers" in cfg:
            slow = cfg["slow_answers"] or {}
            self.slow_answers = {m.lower(): float(ms) for m, ms in slow.items()}
        flood = cfg.get("flood_limits")
        if flood is not None:
            for key in (
                "enabled",
                "factor",
                "per_chat_per_second",
                "per_group_per_minute",
                "global_per_second",
            ):
                if key in flood:
                    setattr(self.flood, key, type(getattr(self.flood, key))(flood[key]))
            self.flood.reset_windows()
        return self.as_dict()

    def as_dict(self) -> dict[str, Any]:
        return {
            "rate_429": self.rate_429,
            "retry_after": self.retry_after,
            "methods": sorted(self.methods) if self.methods is not None else None,
            "seed": self.seed,
            "latency_ms": self.latency_ms,
            "timeout_next": self.timeout_next,
            "timeout_seconds": self.timeout_seconds,
            "slow_answers": dict(self.slow_answers),
            "flood_limits": self.flood.as_dict(),
        }

    def _applies(self, method: str) -> bool:
        if self.methods is None:
            return method not in _EXEMPT
        return method in self.methods

    def injected_429(self, method: str) -> int | None:
        """retry_after for a randomly injected 429, or None."""
        if self.rate_429 <= 0 or not self._applies(method):
            return None
        if self._rng.random() < self.rate_429:
            return self.retry_after
        return None

    def take_timeout(self, method: str) -> float | None:
        """Seconds to hold the answer of this (already performed) send, or None."""
        if self.timeout_next > 0 and method in SEND_METHODS:
            self.timeout_next -= 1
            return self.timeout_seconds
        return None

    def answer_delay(self, method: str) -> float:
        """Seconds the answer of this (already performed) call is held back."""
        return self.slow_answers.get(method, 0.0) / 1000

    def flood_check(self, chat_id: int, is_group: bool) -> int | None:
        return self.flood.check(chat_id, is_group, self._clock())
