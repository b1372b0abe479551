"""Prometheus metrics, counted where the updates and Bot API calls pass (the middlewares in
bot/web/instrument.py) and read from the database at scrape time for what the database
knows better than any one process (requests by state, the outbox, the clock's lag)."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST as CONTENT_TYPE
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from bot.services.monitoring import Snapshot

__all__ = ["CONTENT_TYPE", "ROLES", "Metrics"]

# What one worker of several may or may not run, as it holds the lease for it or not.
ROLES = ("sender", "scheduler")


class Metrics:
    """A registry of its own per app: tests run several bots in one process."""

    def __init__(self) -> None:
        self.registry = registry = CollectorRegistry()
        self.updates = Counter(
            "weige_updates",
            "Updates handled, by type (message, callback_query, ...) and outcome "
            "(handled, ignored, duplicate, failed)",
            ["type", "outcome"],
            registry=registry,
        )
        self.handler_seconds = Histogram(
            "weige_update_handler_seconds",
            "Time to handle one update, transaction included, by type",
            ["type"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=registry,
        )
        self.api_calls = Counter(
            "weige_bot_api_calls",
            "Bot API calls by method and result (ok, retry_after, error, network)",
            ["method", "result"],
            registry=registry,
        )
        self.api_429 = Counter(
            "weige_bot_api_429",
            "Bot API calls Telegram answered 429 Too Many Requests, by method",
            ["method"],
            registry=registry,
        )
        self.requests = Gauge(
            "weige_requests", "Requests by state (read at scrape)", ["state"], registry=registry
        )
        self.outbox = Gauge(
            "weige_outbox_depth",
            "Messages waiting or in flight, by lane (read at scrape)",
            ["lane"],
            registry=registry,
        )
        self.scheduler_lag = Gauge(
            "weige_scheduler_lag_seconds",
            "How long the oldest due reminder or deadline has waited (read at scrape)",
            registry=registry,
        )
        self.outbox_lag = Gauge(
            "weige_outbox_lag_seconds",
            "How long the oldest message that may leave has waited (read at scrape)",
            registry=registry,
        )
        self.lease_held = Gauge(
            "weige_lease_held",
            "1 while this process runs the role (sender, scheduler), 0 while another does",
            ["role"],
            registry=registry,
        )
        for role in ROLES:
            self.lease_held.labels(role).set(0)

    def set_lease(self, role: str, held: bool) -> None:
        """Whoever decides that this process runs a role says so here (at start, or as a
        lease is won and lost)."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
        self.lease_held.labels(role).set(1 if held else 0)

    def render(self, snapshot: Snapshot | None) -> bytes:
        """The text format; without a snapshot (the database did not answer) the gauges read
        from it keep their last values and the counters still show."""
        if snapshot is not None:
            for state, count in snapshot.requests.items():
                self.requests.labels(state.value).set(count)
            for lane, depth in snapshot.outbox.items():
                self.outbox.labels(lane.name.lower()).set(depth)
            self.scheduler_lag.set(snapshot.scheduler_lag)
            self.outbox_lag.set(snapshot.outbox_lag)
        return generate_latest(self.registry)
