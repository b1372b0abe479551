"""Telegram's sending limits counted in Redis, so that all workers of one bot share them.

Telegram counts per bot token, not per process: 30 messages a second in all, one a second
per chat, 20 a minute per group. One worker leads and sends at a time, pacing itself with
its own `SendLimiter`; but when the lead moves (a crash, a restart) the new leader's
windows start empty while the old leader's last minute still counts at Telegram. Here
every send takes its place in windows kept in Redis before it leaves, so whoever sends
next sees what was sent before, in any process.

One Lua script checks and records in one step (Redis runs a script alone), on Redis's
own clock (`TIME`), so workers on hosts whose clocks differ still agree on the windows.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
import uuid
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.delivery.limiter import SendLimiter

log = logging.getLogger(__name__)

# KEYS: all sends, this group's sends, this chat's last send, the global pause, the chat's pause.
# ARGV: per second, second (ms), per group, minute (ms), chat interval (ms), member, is a group.
# Returns 0 with the send recorded, or the milliseconds to wait before asking again.
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local per_second, second = tonumber(ARGV[1]), tonumber(ARGV[2])
local per_group, minute = tonumber(ARGV[3]), tonumber(ARGV[4])
local interval = tonumber(ARGV[5])
local wait = 0
for _, key in ipairs({KEYS[4], KEYS[5]}) do
  local paused = tonumber(redis.call('GET', key) or '0')
  if paused > now then wait = math.max(wait, paused - now) end
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - second)
local n = redis.call('ZCARD', KEYS[1])
if n >= per_second then
  local edge = redis.call('ZRANGE', KEYS[1], n - per_second, n - per_second, 'WITHSCORES')
  wait = math.max(wait, tonumber(edge[2]) + second - now)
end
local last = tonumber(redis.call('GET', KEYS[3]) or '-1')
if last >= 0 and last + interval > now then wait = math.max(wait, last + interval - now) end
if ARGV[7] == '1' then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - minute)
  local m = redis.call('ZCARD', KEYS[2])
  if m >= per_group then
    local edge = redis.call('ZRANGE', KEYS[2], m - per_group, m - per_group, 'WITHSCORES')
    wait = math.max(wait, tonumber(edge[2]) + minute - now)
  end
end
if wait > 0 then return wait end
redis.call('ZADD', KEYS[1], now, ARGV[6])
redis.call('PEXPIRE', KEYS[1], second * 2)
redis.call('SET', KEYS[3], now, 'PX', interval * 2)
if ARGV[7] == '1' then
  redis.call('ZADD', KEYS[2], now, ARGV[6])
  redis.call('PEXPIRE', KEYS[2], minute * 2)
end
return 0
"""

# A send refused with 429 delivered nothing: its place in the overall window is free again.
_REFUND = "redis.call('ZREM', KEYS[1], ARGV[1]) return 0"

# A send waits this long at most for its place while leased; longer, and it is put back.
MAX_NAP = 0.25


def _ms(seconds: float) -> int:
    return max(1, math.ceil(seconds * 1000))


class SharedBudget:
    def __init__(self, redis: Redis, prefix: str, limiter: SendLimiter) -> None:
        self.redis = redis
        self.prefix = f"{prefix}:budget"
        # The same windows as the local limiter's (scaled, with its margin).
        self.args = (
            math.floor(limiter.per_second),
            _ms(limiter.second),
            math.floor(limiter.per_group_per_minute),
            _ms(limiter.minute),
            _ms(limiter.chat_interval),
        )
        self._take = redis.register_script(_TAKE)
        self._refund = redis.register_script(_REFUND)
        self._warned = 0.0

    def _keys(self, chat_id: int) -> list[str]:
        p = self.prefix
        return [
            f"{p}:all",
            f"{p}:group:{chat_id}",
            f"{p}:chat:{chat_id}",
            f"{p}:pause",
            f"{p}:pause:{chat_id}",
        ]

    async def take(self, chat_id: int, patience: float = MAX_NAP) -> tuple[str | None, float]:
        """Counts a send to `chat_id` now if every worker's count allows it, waiting up to
        `patience` seconds for that. Returns (its place, for `refund`; 0), or (None, seconds
        still to wait) when longer than that: the caller puts the message back rather than
        hold its lease. Redis out of reach: (None, 0), the local limiter alone paces (right
        while one worker sends), and the operator is told."""
        member = uuid.uuid4().hex
        args: list[Any] = [*self.args, member, 1 if chat_id < 0 else 0]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + patience
        while True:
            try:
                wait_ms = int(await self._take(keys=self._keys(chat_id), args=args))
            except (RedisError, OSError) as exc:
                self._warn(exc)
                return None, 0.0
            if wait_ms <= 0:
                return member, 0.0
            wait = wait_ms / 1000
            if loop.time() + wait > deadline:
                return None, wait
            await asyncio.sleep(wait)

    async def refund(self, member: str | None) -> None:
        if member is None:
            return
        try:
            await self._refund(keys=[f"{self.prefix}:all"], args=[member])
        except (RedisError, OSError) as exc:
            self._warn(exc)

    async def pause(self, chat_id: int | None, seconds: float) -> None:
        """Telegram said 429: every worker holds back from that chat (or at all) until then."""
        key = f"{self.prefix}:pause" if chat_id is None else f"{self.prefix}:pause:{chat_id}"
        try:
            now_s, now_us = await self.redis.time()
            until = now_s * 1000 + now_us // 1000 + _ms(seconds)
            await self.redis.set(key, until, px=_ms(seconds) + 1000)
        except (RedisError, OSError) as exc:
            self._warn(exc)

    def _warn(self, exc: BaseException) -> None:
        now = time.monotonic()
        if now - self._warned > 60:
            self._warned = now
            log.warning("Redis out of reach (%s): sends paced by this worker alone", exc)
