"""Telegram's budget and each person's command limit, shared by workers through a real Redis.

Each "worker" here is its own Redis client and its own local limiter, as in separate
processes; what keeps them together is only what they count in Redis.
"""

from __future__ import annotations

import asyncio
import time

from redis.asyncio import Redis

from bot.delivery.budget import SharedBudget
from bot.delivery.limiter import MARGIN, SendLimiter
from bot.telegram.throttle import SharedThrottle, Verdict
from tests.scale.conftest import REDIS

# The windows' margin, and a little for the hop from Redis's clock back to ours.
TOLERANCE = 0.02


def _budget(prefix: str, **limits: float) -> tuple[SharedBudget, Redis]:
    values = {"per_second": 1000.0, "per_chat_per_second": 1000.0, "per_group_per_minute": 1e6}
    values.update(limits)
    scale = values.pop("time_scale", 1.0)
    limiter = SendLimiter(**values, time_scale=scale, margin=MARGIN)
    client = Redis.from_url(REDIS)
    return SharedBudget(client, prefix, limiter), client


async def _burst(budget: SharedBudget, chats: list[int], granted: list[float]) -> None:
    for chat in chats:
        while (await budget.take(chat))[0] is None:
            pass  # told to wait longer than its patience: ask again, as the requeued row would
        granted.append(time.monotonic())


def _tightest(granted: list[float], limit: int) -> float:
    """The shortest time in which `limit + 1` sends were let through."""
    stamps = sorted(granted)
    return min(stamps[i + limit] - stamps[i] for i in range(len(stamps) - limit))


async def test_two_workers_bursting_together_stay_within_the_overall_limit(
    redis_prefix: str,
) -> None:
    # 20 a second, windows four times faster: 20 per 0.25 s between the two of them.
    workers = [_budget(redis_prefix, per_second=20, time_scale=4) for _ in range(2)]
    granted: list[float] = []
    try:
        await asyncio.gather(
            *(
                _burst(budget, [n * 1000 + i for i in range(40)], granted)
                for n, (budget, _) in enumerate(workers)
            )
        )
    finally:
        for _, client in workers:
            await client.aclose()
    assert len(granted) == 80
    # Never 21 in one window, though each worker alone would have let 20 through at once.
    assert _tightest(granted, 20) >= 0.25 - TOLERANCE


async def test_a_group_gets_at_most_its_minutes_worth_from_all_workers(
    redis_prefix: str,
) -> None:
    # 4 a minute per group, a minute lasting one second here.
    workers = [_budget(redis_prefix, per_group_per_minute=4, time_scale=60) for _ in range(2)]
    granted: list[float] = []
    try:
        await asyncio.gather(*(_burst(b, [-100] * 6, granted) for b, _ in workers))
    finally:
        for _, client in workers:
            await client.aclose()
    assert len(granted) == 12
    assert _tightest(granted, 4) >= 1.0 - TOLERANCE


async def test_a_429_seen_by_one_worker_holds_back_the_others(redis_prefix: str) -> None:
    (first, a), (second, b) = _budget(redis_prefix), _budget(redis_prefix)
    try:
        await first.pause(-7, 3)
        place, wait = await second.take(-7)
        assert place is None and 2.5 < wait <= 3
        # Other chats are not held back.
        place, wait = await second.take(-8)
        assert place is not None and wait == 0
    finally:
        await a.aclose()
        await b.aclose()


async def test_a_place_refunded_by_one_worker_is_free_for_another(redis_prefix: str) -> None:
    # 3 a second, a second lasting ten here: without the refund the fourth waits 10 s.
    (first, a), (second, b) = (_budget(redis_prefix, per_second=3, time_scale=0.1) for _ in "ab")
    try:
        places = [(await first.take(chat))[0] for chat in (1, 2, 3)]
        assert (await second.take(4))[0] is None
        await first.refund(places[0])
        assert (await second.take(4))[0] is not None
    finally:
        await a.aclose()
        await b.aclose()


async def test_a_persons_commands_are_counted_across_workers_and_refused_once(
    redis_prefix: str,
) -> None:
    clients = [Redis.from_url(REDIS) for _ in "ab"]
    one, two = (SharedThrottle(client, redis_prefix, per_minute=3) for client in clients)
    try:
        verdicts = [await one.hit(42), await two.hit(42), await one.hit(42)]
        assert verdicts == [Verdict.PASS] * 3
        # The fourth, on either worker: told once, then quiet.
        assert await two.hit(42) is Verdict.TELL
        assert await one.hit(42) is Verdict.QUIET
        assert await two.hit(42) is Verdict.QUIET
        # Someone else is not held back.
        assert await two.hit(43) is Verdict.PASS
    finally:
        for client in clients:
            await client.aclose()


async def test_redis_out_of_reach_leaves_each_worker_to_its_own_counts() -> None:
    client = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    try:
        limiter = SendLimiter(30, 1, 20)
        assert await SharedBudget(client, "gone", limiter).take(-1) == (None, 0.0)
        assert await SharedThrottle(client, "gone", per_minute=3).hit(42) is None
    finally:
        await client.aclose()
