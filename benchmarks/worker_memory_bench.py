"""Resident memory of one worker (`python -m bot run`) on a district's data.

    .venv/bin/python benchmarks/worker_memory_bench.py [--url URL] [--groups 6300]
        [--members 10000] [--requests 200000] [--traffic 600] [--json PATH]

Seeds one community with 63 grids, `--groups` buildings each with its group chat and
member, `--members` people in all (the rest residents) and `--requests` requests over two
years; then starts a real worker against the Telegram emulator, lets residents of
`--traffic` different groups each file a request (so the worker looks up that many groups,
people and members, and sends their replies and tasks), and reads the worker's resident
set (VmRSS) and its peak (VmHWM) from /proc once it is idle. The same worker on an empty
database, in the same run, is the baseline: what the code costs before any data.
Target: under 150 MB with the data.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devtools.emulator.client import EmulatorClient  # noqa: E402
from devtools.emulator.server import Emulator  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.schema import (  # noqa: E402
    buildings,
    communities,
    community_admins,
    grids,
    people,
    requests,
    roles,
)
from tests.process import BotProcess, bot_environment, wait_settled, wait_until_polling  # noqa: E402

GRIDS = 63
FIRST_CHAT = -1_000_000_000
RESIDENT = 50_000_000  # telegram ids of residents start here
MEMBER = 10_000_000


async def seed(database: Database, groups: int, members: int, total: int) -> None:
    rng = random.Random(12)
    now = datetime.now(UTC)
    async with database.transaction() as repos:
        c = repos.connection
        await c.execute(
            communities.insert().values(id=1, name="城华街道", timezone="Asia/Shanghai")
        )
        await c.execute(people.insert().values(id=1, name="书记", telegram_id=1, started_bot=True))
        await c.execute(community_admins.insert().values(community_id=1, person_id=1))
        await c.execute(
            grids.insert(),
            [
                {"id": g + 1, "community_id": 1, "code": f"G{g}", "name": f"网格{g}"}
                for g in range(GRIDS)
            ],
        )
        await c.execute(
            buildings.insert(),
            [
                {
                    "id": b + 1,
                    "grid_id": b % GRIDS + 1,
                    "number": str(b + 1),
                    "chat_id": FIRST_CHAT - b,
                }
                for b in range(groups)
            ],
        )
        staff = [
            {"id": 2 + b, "name": f"网格员{b}", "telegram_id": MEMBER + b, "started_bot": True}
            for b in range(groups)
        ]
        residents = [
            {"id": 2 + groups + r, "name": f"居民{r}", "telegram_id": RESIDENT + r}
            for r in range(max(0, members - groups))
        ]
        for rows in (staff, residents):
            for start in range(0, len(rows), 2000):
                await c.execute(people.insert(), rows[start : start + 2000])
        posts = [
            {"grid_id": b % GRIDS + 1, "building_id": b + 1, "role": "member", "person_id": 2 + b}
            for b in range(groups)
        ]
        for start in range(0, len(posts), 2000):
            await c.execute(roles.insert(), posts[start : start + 2000])
        await c.execute(
            communities.update().where(communities.c.id == 1).values(next_number=total + 1)
        )
    span = timedelta(days=730).total_seconds()
    reporters = max(1, members - groups)
    for start in range(0, total, 10_000):
        rows: list[dict[str, Any]] = []
        for n in range(start, min(total, start + 10_000)):
            created = now - timedelta(seconds=span * (1 - n / total))
            building = n % groups
            rows.append(
                {
                    "community_id": 1,
                    "number": n + 1,
                    "grid_id": building % GRIDS + 1,
                    "building_id": building + 1,
                    "reporter_id": 2 + groups + n % reporters,
                    "text": f"{building + 1}栋楼道灯坏了 {n}",
                    "category": "facilities",
                    "urgent": False,
                    "state": "closed"
                    if created < now - timedelta(days=30)
                    else rng.choice(["new", "acknowledged"]),
                    "level": "member",
                    "assignee_id": 2 + building,
                    "created_at": created,
                }
            )
        async with database.transaction() as repos:
            await repos.connection.execute(requests.insert(), rows)


def memory_of(pid: int) -> dict[str, float]:
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = round(int(value.split()[0]) / 1024, 1)
    return found


async def measure(
    url: str, args: argparse.Namespace, workdir: Path, traffic: int
) -> dict[str, Any]:
    emulator = Emulator()
    await emulator.start()
    client = EmulatorClient(emulator.base_url)
    database = Database(url)
    bot: BotProcess | None = None
    try:
        await database.migrate()
        groups = min(traffic, args.groups)
        await client.add_chats(
            [
                {"id": FIRST_CHAT - b, "type": "supergroup", "title": f"{b + 1}栋"}
                for b in range(groups)
            ]
        )
        await client.add_users(
            [{"id": RESIDENT + r, "first_name": f"居民{r}"} for r in range(groups)]
            + [{"id": MEMBER + b, "first_name": f"网格员{b}"} for b in range(groups)]
        )
        for b in range(groups):
            await client.start_private(MEMBER + b)
        env = bot_environment(client.base_url, url)
        bot = BotProcess(env, workdir / f"worker-{traffic}.log")
        await bot.start()
        await wait_until_polling(client)
        for b in range(groups):
            await client.say(FIRST_CHAT - b, RESIDENT + b, f"/report {b + 1}栋门口的路灯不亮了")
        await wait_settled(client, database, timeout=600)
        assert bot.process is not None
        figures = memory_of(bot.process.pid)
        filed = len([r for r in await client.sent() if "#" in str(r.get("text"))])
        return {**figures, "groups_talking": groups, "messages_with_a_number": filed}
    finally:
        if bot is not None:
            await bot.stop()
        await database.close()
        await client.close()
        await emulator.stop()


async def run(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="weige-memory-"))
    empty_url = f"sqlite+aiosqlite:///{workdir / 'empty.db'}"
    # Empty: no grid, so nobody's message is filed; the code and its imports alone.
    baseline = await measure(empty_url, args, workdir, traffic=0)
    url = args.url or f"sqlite+aiosqlite:///{workdir / 'district.db'}"
    database = Database(url)
    await database.migrate()
    await seed(database, args.groups, args.members, args.requests)
    await database.close()
    loaded = await measure(url, args, workdir, traffic=args.traffic)
    return {
        "database": "PostgreSQL" if url.startswith("postgresql") else "SQLite",
        "groups": args.groups,
        "members": args.members,
        "requests": args.requests,
        "rss_mb_empty": baseline["VmRSS"],
        "rss_mb_district": loaded["VmRSS"],
        "peak_rss_mb_district": loaded["VmHWM"],
        "groups_that_filed": loaded["groups_talking"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="an empty database URL (default: a fresh SQLite file)")
    parser.add_argument("--groups", type=int, default=6_300)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200_000)
    parser.add_argument(
        "--traffic", type=int, default=600, help="groups whose resident files one request"
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    figures = asyncio.run(run(args))
    for key, value in figures.items():
        print(f"{key:>22}: {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
