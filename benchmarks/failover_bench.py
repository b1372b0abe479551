"""Fail-over: SIGKILL the worker that leads while reminders and a broadcast are due.

    .venv/bin/python benchmarks/failover_bench.py [--workers 2] [--groups 300] [--runs 2]
        [--postgres URL] [--redis URL] [--json PATH]

Each run: a fresh PostgreSQL database with one community of `--groups` building groups,
`--workers` real workers (`python -m bot run`) sharing it and Redis, Telegram's own
limits (30 a second, 20 a minute per group) in the workers and in the emulator. Every
group has a meeting whose reminder falls due at one moment, and the admin's broadcast to
every group is under way by then: ~2 × groups sends on top of the meetings' own notices,
seconds of sending at 30 a second. Two seconds after the reminders fall due the leader is
SIGKILLed.

Figures: the gap in sending (the last message before the kill to the first after it,
read from the emulator's clock; target under 10 s), the time from the kill to the next
leader's first send, duplicates (the same text twice in one group; target 0), broadcast
copies left unknown (in flight at the kill: reported to the admin, never sent again),
anything lost, and the emulator's 429s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import asyncpg  # noqa: E402

from bot.domain.models import MeetingState  # noqa: E402
from bot.services.config import SchedulingConfig, ServiceConfig  # noqa: E402
from bot.services.directory import DirectoryService, read_directory  # noqa: E402
from devtools.emulator.client import EmulatorClient, plain  # noqa: E402
from devtools.emulator.server import Emulator  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.repositories.outbox import OutboxState  # noqa: E402
from tests.process import BotProcess, bot_environment  # noqa: E402
from tests.wiring import services_over  # noqa: E402

ADMIN, MEMBER = 1001, 3001
FIRST_CHAT = -2_000_000_000
HOUR = timedelta(hours=1)
ANNOUNCEMENT = "停水通知：明天上午9点至12点停水"


def directory(groups: int) -> str:
    lines = [
        '[[community]]\nname = "城华社区"\ntimezone = "Asia/Shanghai"',
        f'admins = [{{ id = {ADMIN}, name = "王书记" }}]',
        '[[community.grid]]\ncode = "A"\nname = "城华一区"',
    ]
    for b in range(groups):
        lines.append(
            f'[[community.grid.building]]\nnumber = "{b + 1}"\n'
            f'member = {{ id = {MEMBER}, name = "李网格员" }}\nchat = {FIRST_CHAT - b}'
        )
    return "\n".join(lines)


async def plan(database: Database, groups: int, lead: float) -> datetime:
    """Every group's meeting, its reminder due `lead` seconds from now (planning one takes
    a while: a reminder already past when planned would be dropped as late); the broadcast
    to all, started once they are planned. Returns when the reminders fall due."""
    now = datetime.now(UTC)
    due = now + timedelta(seconds=lead)
    config = ServiceConfig(scheduling=SchedulingConfig(meeting_offsets=(HOUR,), quiet=None))
    async with database.transaction() as repos:
        services = services_over(repos, lambda: datetime.now(UTC), config=config)
        member = await repos.people.by_telegram_id(MEMBER)
        admin = await repos.people.by_telegram_id(ADMIN)
        assert member is not None and admin is not None
        for b in range(groups):
            draft = await repos.meetings.insert(
                community_id=1, scope="chat", chat_id=FIRST_CHAT - b, organiser_id=member.id,
                title=f"{b + 1}栋坝坝会", starts_at=due + HOUR, state=MeetingState.DRAFT,
                created_at=now,
            )  # fmt: skip
            await services.meetings.confirm(member, draft.id)
        broadcast = await services.broadcasts.draft(
            admin, ADMIN, "sendMessage", {"text": ANNOUNCEMENT}
        )
        await services.broadcasts.scope(admin, broadcast.id, "community", [])
        await services.broadcasts.confirm(admin, broadcast.id, pin=False)
    return due


async def leader_of(workers: list[BotProcess], timeout: float = 120) -> BotProcess:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all("running as @" in w.log() for w in workers):
            leading = [w for w in workers if "lease taken" in w.log()]
            if len(leading) == 1:
                return leading[0]
        await asyncio.sleep(0.1)
    raise TimeoutError("no worker took the lead")


def is_reminder(text: str) -> bool:
    return "开始" in text and "还有" in text


async def delivered(
    client: EmulatorClient,
    database: Database,
    since: int,
    groups: int,
    timeout: float,  # noqa: ASYNC109
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Until every group has its reminder and the broadcast (or it is left unknown) and
    nothing is queued or in flight."""
    deadline = time.monotonic() + timeout
    while True:
        records = [
            r for r in await client.sent(since=since)
            if r["method"] == "sendMessage" and r["chat_id"] < 0
        ]  # fmt: skip
        async with database.transaction() as repos:
            counts = await repos.outbox.counts()
        busy = counts.get(OutboxState.PENDING, 0) + counts.get(OutboxState.SENDING, 0)
        texts = [plain(str(r["text"])) for r in records]
        reminders = len(
            {r["chat_id"] for r, t in zip(records, texts, strict=True) if is_reminder(t)}
        )
        announced = len(
            {r["chat_id"] for r, t in zip(records, texts, strict=True) if ANNOUNCEMENT in t}
        )
        done = reminders >= groups and announced + counts.get(OutboxState.UNKNOWN, 0) >= groups
        if (done and not busy) or time.monotonic() > deadline:
            return records, counts
        await asyncio.sleep(0.2)


async def run_once(args: argparse.Namespace, workdir: Path, n: int) -> dict[str, Any]:
    admin = await asyncpg.connect(args.postgres)
    name = f"weige_failover_{uuid.uuid4().hex[:8]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = args.postgres.replace("postgresql://", "postgresql+asyncpg://", 1).rsplit("/", 1)[0]
    url = f"{url}/{name}"
    emulator = Emulator()
    await emulator.start()
    client = EmulatorClient(emulator.base_url)
    database = Database(url)
    workers: list[BotProcess] = []
    try:
        await database.migrate()
        async with database.transaction() as repos:
            await DirectoryService(repos).apply(read_directory(directory(args.groups)))
        await client.add_chats(
            [
                {"id": FIRST_CHAT - b, "type": "supergroup", "title": f"{b + 1}栋"}
                for b in range(args.groups)
            ]
        )
        for user, who in ((ADMIN, "王书记"), (MEMBER, "李网格员")):
            await client.add_user(user, who)
            await client.start_private(user)
        await client.set_faults(flood_limits={"enabled": True, "factor": 1})
        env = bot_environment(
            emulator.base_url,
            url,
            WEIGE_LIMITS__PER_SECOND="30",
            WEIGE_LIMITS__PER_GROUP_PER_MINUTE="20",
            WEIGE_LIMITS__PER_CHAT_PER_SECOND="1",
            WEIGE_DELIVERY__LEASE_SECONDS="60",
            WEIGE_DELIVERY__REQUEST_TIMEOUT="10",
            WEIGE_REMINDERS__QUIET_HOURS="",
            WEIGE_REDIS__URL=args.redis,
            WEIGE_REDIS__PREFIX=f"weige-failover-{name}",
        )
        workers = [BotProcess(env, workdir / f"run{n}-w{w}.log") for w in range(args.workers)]
        for worker in workers:
            await worker.start()
        leader = await leader_of(workers)
        since = max([r["seq"] for r in await client.sent()] or [0])
        due = await plan(database, args.groups, lead=5 + args.groups / 50)
        # The crash comes `kill_after` seconds after the reminders fall due, while they
        # and the broadcast are going out.
        wait = (due - datetime.now(UTC)).total_seconds() + args.kill_after
        await asyncio.sleep(max(0.0, wait))
        await leader.kill()
        killed = time.time()
        records, counts = await delivered(
            client, database, since, args.groups, args.groups / 5 + 120
        )
        before = [r["time"] for r in records if r["time"] <= killed]
        after = [r["time"] for r in records if r["time"] > killed]
        texts = Counter((r["chat_id"], plain(str(r["text"]))) for r in records)
        reminders = sum(1 for (_, t) in texts if is_reminder(t))
        broadcasts = sum(1 for (_, t) in texts if ANNOUNCEMENT in t)
        stats = await client.stats()
        return {
            "sent_before_kill": len(before),
            "gap_s": round(min(after) - max(before), 2) if before and after else None,
            "kill_to_first_send_s": round(min(after) - killed, 2) if after else None,
            "duplicates": sum(c - 1 for c in texts.values() if c > 1),
            "reminders_delivered": reminders,
            "broadcast_delivered": broadcasts,
            "broadcast_unknown": counts.get(OutboxState.UNKNOWN, 0),
            "lost": 2 * args.groups - reminders - broadcasts - counts.get(OutboxState.UNKNOWN, 0),
            "flood_429": stats.get("flood_429", 0),
        }
    finally:
        for worker in workers:
            await worker.stop()
        await database.close()
        await client.close()
        await emulator.stop()
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()


async def main(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="weige-failover-"))
    runs = [await run_once(args, workdir, n) for n in range(args.runs)]
    gaps = [r["gap_s"] for r in runs if r["gap_s"] is not None]
    return {
        "workers": args.workers,
        "groups": args.groups,
        "runs": runs,
        "gap_s_median": statistics.median(gaps) if gaps else None,
        "gap_s_max": max(gaps) if gaps else None,
        "duplicates_total": sum(r["duplicates"] for r in runs),
        "logs": str(workdir),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--groups", type=int, default=300)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument(
        "--kill-after", type=float, default=2.0, help="seconds after the reminders fall due"
    )
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--json", type=Path)
    arguments = parser.parse_args()
    figures = asyncio.run(main(arguments))
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if arguments.json:
        arguments.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), "utf-8")
