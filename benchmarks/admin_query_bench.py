"""/stats and /lists response times with 200,000 requests in SQLite.

    .venv/bin/python benchmarks/admin_query_bench.py [--requests 200000] [--repeat 50] [--json PATH]

Data: 200,000 requests evenly over two years, 600 buildings in 30 grids; requests older
than 30 days are settled but for 0.5% stragglers still open (the overdue ones).

Times the services the handlers call (figures, the three lists' first pages, a filtered
page, a deep page), as the community admin and as a grid leader, on a file database
with the app's own settings (WAL, synchronous=FULL). Target: p95 under 50 ms.
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
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.domain.models import Role  # noqa: E402
from bot.services.lists import ListKind, ListService, Wanted  # noqa: E402
from bot.services.stats import StatsService  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.schema import buildings, requests  # noqa: E402

NOW = datetime(2026, 5, 20, 4, 0, tzinfo=UTC)
CATEGORIES = [
    "facilities",
    "sanitation",
    "safety",
    "parking",
    "dispute",
    "care",
    "property",
    "other",
]
# Older requests are settled; a few stragglers stay open (and overdue) for months.
SETTLED = ["closed"] * 8 + ["resolved", "withdrawn"]
RECENT = ["closed"] * 3 + [
    "resolved",
    "acknowledged",
    "acknowledged",
    "new",
    "withdrawn",
    "reopened",
]


async def seed(database: Database, total: int) -> None:
    rng = random.Random(5)
    async with database.transaction() as repos:
        d = repos.directory
        community = await d.save_community("基准社区", "Asia/Shanghai")
        admin = await repos.people.insert(name="书记", telegram_id=1, username=None)
        leader = await repos.people.insert(name="网格长", telegram_id=2, username=None)
        resident = await repos.people.insert(name="居民", telegram_id=3, username=None)
        await d.set_admins(community, [admin.id])
        grid_ids = [await d.save_grid(community, f"G{i}", f"网格{i}") for i in range(30)]
        await d.set_posts(grid_ids[0], None, [(Role.LEADER, leader.id)])
        await repos.connection.execute(
            buildings.insert(),
            [
                {"grid_id": grid_ids[i % 30], "number": str(i), "chat_id": -10_000 - i}
                for i in range(600)
            ],
        )
        members = [
            await repos.people.insert(name=f"网格员{i}", telegram_id=100 + i, username=None)
            for i in range(60)
        ]
        for i, member in enumerate(members):
            await d.set_posts(grid_ids[i % 30], i % 600 + 1, [(Role.MEMBER, member.id)])
    span = timedelta(days=730).total_seconds()
    for start in range(0, total, 10_000):
        rows: list[dict[str, Any]] = []
        for n in range(start, min(total, start + 10_000)):
            created = NOW - timedelta(seconds=span * (1 - n / total))  # evenly over two years
            if created > NOW - timedelta(days=30):
                state = rng.choice(RECENT)
            elif rng.random() < 0.005:
                state = rng.choice(["new", "acknowledged"])  # a straggler
            else:
                state = rng.choice(SETTLED)
            ack = (
                created + timedelta(hours=rng.expovariate(1 / 3))
                if state not in ("new", "withdrawn")
                else None
            )
            resolved = (
                ack + timedelta(hours=rng.expovariate(1 / 20))
                if ack and state in ("resolved", "closed")
                else None
            )
            building = n % 600 + 1
            rows.append(
                {
                    "community_id": 1,
                    "number": n + 1,
                    "grid_id": (building - 1) % 30 + 1,
                    "building_id": building,
                    "reporter_id": resident.id,
                    "text": f"诉求 {n}",
                    "category": rng.choice(CATEGORIES),
                    "urgent": False,
                    "state": state,
                    "level": "member",
                    "assignee_id": members[building % 60].id,
                    "created_at": created,
                    "acknowledged_at": ack,
                    "resolved_at": resolved,
                    "closed_at": resolved + timedelta(days=1)
                    if resolved and state == "closed"
                    else None,
                    "rating": rng.choice([3, 3, 3, 2, 1]) if state == "closed" else None,
                }
            )
        async with database.transaction() as repos:
            await repos.connection.execute(requests.insert(), rows)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def timed(call: Callable[[], Awaitable[Any]], repeat: int) -> dict[str, float]:
    await call()  # warm the caches once, as a running bot has them
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
        "max_ms": round(max(samples), 2),
    }


async def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--db", type=Path, help="keep the database here (reused when present)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "admin.db"
        fresh = not path.exists()
        database = Database(f"sqlite+aiosqlite:///{path}")
        await database.migrate()
        started = time.perf_counter()
        if fresh:
            await seed(database, args.requests)
        seeded = time.perf_counter() - started
        results: dict[str, Any] = {"requests": args.requests, "seed_s": round(seeded, 1)}
        async with database.transaction() as repos:
            admin = await repos.people.by_telegram_id(1)
            leader = await repos.people.by_telegram_id(2)
        overdue = timedelta(hours=48)

        def with_repos(make: Callable[[Any], Awaitable[Any]]) -> Callable[[], Awaitable[Any]]:
            async def call() -> Any:
                # One transaction per call, as one update gets in the bot.
                async with database.transaction() as repos:
                    return await make(repos)

            return call

        def lists(repos: Any) -> ListService:
            return ListService(repos, lambda: NOW, 8, overdue)

        def stats(repos: Any) -> StatsService:
            return StatsService(repos, lambda: NOW, overdue)

        cases: dict[str, Callable[[Any], Awaitable[Any]]] = {
            "/stats month (admin)": lambda r: stats(r).report(admin, "month"),
            "/stats quarter (admin)": lambda r: stats(r).report(admin, "quarter"),
            "/stats month (leader)": lambda r: stats(r).report(leader, "month"),
            "/lists demand p1 (admin)": lambda r: lists(r).requests(
                admin, ListKind.DEMAND, Wanted(), 0
            ),
            "/lists demand overdue (admin)": lambda r: lists(r).requests(
                admin, ListKind.DEMAND, Wanted(overdue=True), 0
            ),
            "/lists progress p1 (admin)": lambda r: lists(r).requests(
                admin, ListKind.PROGRESS, Wanted(), 0
            ),
            "/lists progress p50 category (admin)": lambda r: lists(r).requests(
                admin, ListKind.PROGRESS, Wanted(category="safety"), 49
            ),
            "/lists owners (admin)": lambda r: lists(r).owners(admin, 0),
            "/lists demand p1 (leader)": lambda r: lists(r).requests(
                leader, ListKind.DEMAND, Wanted(), 0
            ),
        }
        for name, make in cases.items():
            results[name] = await timed(with_repos(make), args.repeat)
            print(f"{name:40s} {results[name]}", flush=True)
        await database.close()
    worst = max(v["p95_ms"] for k, v in results.items() if isinstance(v, dict))
    results["worst_p95_ms"] = worst
    print(f"worst p95: {worst} ms (target < 50 ms)")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
