"""Scheduling at scale: 10,000 meetings with reminders across 6,300 groups.

Reports the time to "load" on start (the database is the job store, so this is the
start-up scan and first tick, not an in-memory rebuild), memory, and the lateness of
reminders that fire while the bot is otherwise idle (p50 / p99 / max).

    .venv/bin/python benchmarks/scheduling_bench.py [--url URL] [--json PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import select

from bot.delivery.writer import OutboxWriter
from bot.i18n import Translator
from bot.scheduling.runner import JobRunner
from bot.services.config import SchedulingConfig, ServiceConfig
from bot.services.container import build_services
from bot.services.requests import ParserBook
from bot.telegram.views.notifier import Notifier
from storage.database import Database
from storage.schema import (
    buildings,
    communities,
    grids,
    meetings,
    people,
    scheduled_jobs,
)

GRIDS = 63


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def populate(
    db: Database, n_meetings: int, n_groups: int, firing: int, window: float
) -> datetime:
    """Meetings far ahead, except `firing` whose one-hour reminder falls due in `window` s."""
    now = datetime.now(UTC)
    rng = random.Random(4)
    async with db.transaction() as repos:
        c = repos.connection
        await c.execute(communities.insert().values(id=1, name="bench", timezone="Asia/Shanghai"))
        await c.execute(people.insert().values(id=1, name="organiser", telegram_id=1))
        await c.execute(
            grids.insert(),
            [
                {"id": g + 1, "community_id": 1, "code": f"G{g}", "name": f"grid {g}"}
                for g in range(GRIDS)
            ],
        )
        await c.execute(
            buildings.insert(),
            [
                {"id": b + 1, "grid_id": b % GRIDS + 1, "number": str(b), "chat_id": -10_000 - b}
                for b in range(n_groups)
            ],
        )
        meeting_rows, job_rows = [], []
        for m in range(n_meetings):
            soon = m < firing
            due_1h = now + timedelta(seconds=5 + window * m / max(1, firing)) if soon else None
            start = (
                due_1h + timedelta(hours=1)
                if due_1h
                else now + timedelta(days=2, seconds=rng.uniform(0, 60 * 86400))
            )
            meeting_rows.append(
                {
                    "id": m + 1,
                    "community_id": 1,
                    "scope": "chat",
                    "chat_id": -10_000 - m % n_groups,
                    "organiser_id": 1,
                    "title": f"坝坝会 {m}",
                    "starts_at": start,
                    "state": "scheduled",
                    "created_at": now,
                }
            )
            payload = {"start": start.isoformat()}
            for offset in (86400, 3600):
                job_rows.append(
                    {
                        "kind": "meeting_reminder",
                        "key": f"meeting:{m + 1}:{start.isoformat()}:{offset}",
                        "due_at": start - timedelta(seconds=offset),
                        "fire_by": start,
                        "state": "pending" if not soon or offset == 3600 else "done",
                        "meeting_id": m + 1,
                        "community_id": 1,
                        "payload": json.dumps({**payload, "offset": offset}),
                        "created_at": now,
                    }
                )
            job_rows.append(
                {
                    "kind": "meeting_start",
                    "key": f"meeting:{m + 1}:{start.isoformat()}:start",
                    "due_at": start,
                    "fire_by": start + timedelta(minutes=10),
                    "state": "pending",
                    "meeting_id": m + 1,
                    "community_id": 1,
                    "payload": json.dumps(payload),
                    "created_at": now,
                }
            )
        for chunk in range(0, len(meeting_rows), 2000):
            await c.execute(meetings.insert(), meeting_rows[chunk : chunk + 2000])
        for chunk in range(0, len(job_rows), 2000):
            await c.execute(scheduled_jobs.insert(), job_rows[chunk : chunk + 2000])
    return now


def _no_parsers() -> ParserBook:
    # Reminders never parse text; skip loading the parser model (seconds of start-up).
    book = ParserBook.__new__(ParserBook)
    book._default = None  # type: ignore[assignment]
    book._by_community = {}
    return book


async def run(args: argparse.Namespace) -> dict[str, Any]:
    url = args.url or f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    db = Database(url)
    await db.migrate()
    t0 = time.perf_counter()
    await populate(db, args.meetings, args.groups, args.firing, args.window)
    populate_s = time.perf_counter() - t0
    rss_before = rss_mb()

    config = ServiceConfig(scheduling=SchedulingConfig(quiet=None))
    translator, parsers = Translator(), _no_parsers()

    def now() -> datetime:
        return datetime.now(UTC)

    def services(repos: Any) -> Any:
        notify = Notifier(repos, OutboxWriter(repos.outbox, now), translator)
        return build_services(repos, notify, config, parsers, now)

    clock = JobRunner(db, services, now, lambda: None, args.tick)
    # "Load on start": what a restart does before it can fire anything: the first tick
    # (claims whatever is overdue, then looks up the next due row).
    t1 = time.perf_counter()
    scheduler = AsyncIOScheduler(timezone=UTC)
    clock.install(scheduler)
    scheduler.start()
    await clock.tick()
    async with db.transaction() as repos:
        pending = await repos.schedule.pending_count()
    load_s = time.perf_counter() - t1

    await asyncio.sleep(args.window + 5 + 2)
    scheduler.shutdown(wait=False)
    rss_after = rss_mb()
    async with db.transaction() as repos:
        rows = (
            await repos.connection.execute(
                select(scheduled_jobs.c.due_at, scheduled_jobs.c.done_at).where(
                    scheduled_jobs.c.state == "done",
                    scheduled_jobs.c.kind == "meeting_reminder",
                    scheduled_jobs.c.done_at.is_not(None),
                )
            )
        ).all()
        outbox_rows = await repos.outbox.counts()
    await db.close()
    late = sorted((r.done_at - r.due_at).total_seconds() for r in rows)
    quantile = statistics.quantiles(late, n=100) if len(late) >= 2 else late * 99
    return {
        "database": db.dialect,
        "meetings": args.meetings,
        "groups": args.groups,
        "pending_jobs": pending,
        "populate_s": round(populate_s, 2),
        "load_on_start_s": round(load_s, 3),
        "rss_mb_before_start": round(rss_before, 1),
        "rss_mb_after_run": round(rss_after, 1),
        "fired_reminders": len(late),
        "outbox": outbox_rows,
        "lateness_p50_ms": round(1000 * statistics.median(late), 1) if late else None,
        "lateness_p99_ms": round(1000 * quantile[98], 1) if late else None,
        "lateness_max_ms": round(1000 * late[-1], 1) if late else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--meetings", type=int, default=10_000)
    parser.add_argument("--groups", type=int, default=6_300)
    parser.add_argument(
        "--firing", type=int, default=1_000, help="reminders that fall due during the run"
    )
    parser.add_argument(
        "--window", type=float, default=20.0, help="seconds over which they fall due"
    )
    parser.add_argument("--tick", type=float, default=1.0, help="the clock's backstop interval")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    figures = asyncio.run(run(args))
    for key, value in figures.items():
        print(f"{key:>22}: {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
