"""What an operator's dashboard reads: requests by state, the outbox per lane, and how far
behind the clock and the sender are. Cheap enough for every scrape (indexed counts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.delivery.lanes import Lane
from bot.domain.models import State
from storage.repositories import Repositories


@dataclass(frozen=True, slots=True)
class Snapshot:
    requests: dict[State, int]
    outbox: dict[Lane, int]
    # Seconds the oldest due scheduled row (a reminder, a deadline) has waited; 0 when none.
    scheduler_lag: float
    # Seconds the oldest message that may leave has waited in the outbox; 0 when none.
    outbox_lag: float


async def snapshot(repos: Repositories, now: datetime) -> Snapshot:
    by_state = await repos.requests.count_by_state()
    by_lane = await repos.outbox.depth_by_lane()
    next_due = await repos.schedule.next_due()
    oldest = await repos.outbox.oldest_due(now)
    return Snapshot(
        requests={state: by_state.get(state, 0) for state in State},
        outbox={lane: by_lane.get(lane.value, 0) for lane in Lane},
        scheduler_lag=_behind(next_due, now),
        outbox_lag=_behind(oldest, now),
    )


def _behind(since: datetime | None, now: datetime) -> float:
    return max(0.0, (now - since).total_seconds()) if since is not None else 0.0
