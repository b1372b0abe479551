"""Each person's commands and presses per minute, counted in Redis: across all workers.

Behind one webhook, a person's updates land on whichever worker nginx picks; counted per
process, N workers would let N times the limit through and tell the person N times.
"""

from __future__ import annotations

import logging
import time
from enum import Enum

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# KEYS: the person's recent actions, whether they were told. ARGV: limit, window (ms), member.
# 1: let through (and counted); 0: over the limit, tell them; -1: over, already told.
_HIT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit, window = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  redis.call('DEL', KEYS[2])
  return 1
end
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', window) then return 0 end
return -1
"""


class Verdict(Enum):
    PASS = 1
    TELL = 0  # over the limit: answered once, politely
    QUIET = -1  # over the limit and told already


class SharedThrottle:
    def __init__(self, redis: Redis, prefix: str, per_minute: int, window: float = 60.0) -> None:
        self.prefix = f"{prefix}:throttle"
        self.per_minute = per_minute
        self.window_ms = int(window * 1000)
        self._hit = redis.register_script(_HIT)
        self._counter = 0
        self._warned = 0.0

    async def hit(self, user_id: int) -> Verdict | None:
        """None when Redis is out of reach: the caller counts in its own process instead."""
        self._counter += 1
        member = f"{time.time_ns()}:{id(self)}:{self._counter}"
        keys = [f"{self.prefix}:{user_id}", f"{self.prefix}:{user_id}:told"]
        try:
            answer = int(await self._hit(keys=keys, args=[self.per_minute, self.window_ms, member]))
        except (RedisError, OSError) as exc:
            if time.monotonic() - self._warned > 60:
                self._warned = time.monotonic()
                log.warning("Redis out of reach (%s): commands counted per worker", exc)
            return None
        return Verdict(answer)
