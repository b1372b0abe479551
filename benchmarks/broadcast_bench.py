"""One announcement to 6,300 groups through the local Bot API emulator, within Telegram's
limits (scaled by FACTOR, 1 by default: Telegram's own), with the emulator answering 429
to a share of sends; then the same again with the bot SIGKILLed half way and restarted.

    .venv/bin/python benchmarks/broadcast_bench.py [--groups 6300] [--factor 1]
        [--rate-429 0.03] [--json PATH] [--skip-kill] [--keep DIR]

The bot runs as its own process (`python -m bot run`, tests/process.py) against an
emulator in this process whose flood limits are on, scaled by the same factor: a send
over Telegram's limits would be answered 429 and counted. The admin's side is the real
conversation in private (/broadcast, the text, "whole community", "send now"). Figures:

- total: from the admin's press of "send now" to the last copy accepted by the emulator
  (the bot's restart included in the SIGKILL run, and also given apart: down_s, from the
  kill to the restarted bot's first accepted copy);
- floor: groups / (30 × factor) seconds, what the 30-a-second limit allows at best;
- copies_per_second: what the emulator accepted in each whole second, to see where a
  run lost time (a 429's chat waits its retry_after, so the last seconds thin out);
- lost: groups the emulator never got a copy for; duplicates: groups that got two or more;
- unknown: copies whose send got no answer (left unknown, never resent), and whether
  the emulator had in fact received them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from devtools.emulator.client import EmulatorClient, buttons  # noqa: E402
from devtools.emulator.server import Emulator  # noqa: E402
from storage.database import Database  # noqa: E402
from storage.repositories.broadcasts import BroadcastState  # noqa: E402
from storage.repositories.outbox import OutboxState  # noqa: E402
from storage.schema import broadcast_targets, buildings, outbox  # noqa: E402
from tests.process import BotProcess, bot_environment, wait_until_polling  # noqa: E402

ADMIN = 1001
TEXT = "📢 停水通知：明天 9:00–12:00 全社区停水，请提前储水。"  # 停水通知 in bold
FIRST_CHAT = -1_000_000


async def seed(database: Database, groups: int) -> None:
    """One community, 30 grids, `groups` bound buildings; the admin."""
    async with database.transaction() as repos:
        community = await repos.directory.save_community("基准社区", "Asia/Shanghai")
        admin = await repos.people.insert(name="王书记", telegram_id=ADMIN, username=None)
        await repos.directory.set_admins(community, [admin.id])
        grid_ids = [
            await repos.directory.save_grid(community, f"G{i}", f"网格{i}") for i in range(30)
        ]
        rows = [
            {"grid_id": grid_ids[i % 30], "number": str(i), "chat_id": FIRST_CHAT - i}
            for i in range(groups)
        ]
        await repos.connection.execute(buildings.insert(), rows)


async def bot_says(
    client: EmulatorClient, check: Callable[[dict[str, Any]], bool], message_id: int | None = None
) -> dict[str, Any]:
    """Waits for the bot's newest message to the admin (or message `message_id`, as edited)
    to pass `check`."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if message_id is not None:
            record = await client.message(ADMIN, message_id)
        else:
            records = await client.sent(ADMIN)
            record = records[-1] if records else {}
        if record and check(record):
            return record
        await asyncio.sleep(0.05)
    raise TimeoutError("the bot did not answer the admin as expected")


def button(record: dict[str, Any], prefix: str) -> str | None:
    return next((text for text in buttons(record) if text.startswith(prefix)), None)


async def start_broadcast(client: EmulatorClient, database: Database) -> tuple[float, int]:
    """The admin's conversation in private, as in Telegram: /broadcast, the text (bold
    kept), the whole community, send now. Returns (wall time of the press, broadcast id)."""
    await client.say(ADMIN, ADMIN, "/broadcast")
    await bot_says(client, lambda r: "通知内容" in (r.get("text") or ""))
    await client.say(ADMIN, ADMIN, TEXT, entities=[{"type": "bold", "offset": 2, "length": 4}])
    question = await bot_says(client, lambda r: button(r, "🏘") is not None)
    await client.press(ADMIN, question["message_id"], ADMIN, button_text=button(question, "🏘"))
    confirm = await bot_says(
        client, lambda r: button(r, "✅") is not None, message_id=question["message_id"]
    )
    pressed = time.time()
    await client.press(ADMIN, question["message_id"], ADMIN, button_text=button(confirm, "✅"))
    while True:
        async with database.transaction() as repos:
            if running := await repos.broadcasts.unfinished():
                return pressed, running[0].id
        await asyncio.sleep(0.02)


async def states(database: Database, broadcast_id: int) -> dict[str, int]:
    """Read through a plain read-only connection: a WAL reader never holds up the bot's
    writes, where the app's own transactions (BEGIN IMMEDIATE) would."""
    path = database.url.split("///", 1)[1]

    def read() -> dict[str, int]:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            rows = connection.execute(
                "SELECT o.state, count(*) FROM outbox o"
                " JOIN broadcast_targets t ON t.outbox_id = o.id"
                " WHERE t.broadcast_id = ? GROUP BY o.state",
                (broadcast_id,),
            ).fetchall()
        return dict(rows)

    # Off the event loop: the emulator runs on it and must timestamp requests as they come.
    return await asyncio.to_thread(read)


async def wait_done(database: Database, broadcast_id: int, timeout: float) -> None:  # noqa: ASYNC109
    """Until every copy has an outcome and the admin got the final report."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        counts = await states(database, broadcast_id)
        if not counts.get(OutboxState.PENDING) and not counts.get(OutboxState.SENDING):
            async with database.transaction() as repos:
                broadcast = await repos.broadcasts.get(broadcast_id)
            if broadcast is not None and broadcast.state == BroadcastState.DONE:
                return
        await asyncio.sleep(0.5)
    raise TimeoutError(f"broadcast not finished: {await states(database, broadcast_id)}")


async def run_once(args: argparse.Namespace, kill: bool, workdir: Path) -> dict[str, Any]:
    emulator = Emulator()
    await emulator.start()
    client = EmulatorClient(emulator.base_url)
    db_path = workdir / f"bench-{'kill' if kill else 'plain'}.db"
    url = f"sqlite+aiosqlite:///{db_path}"
    database = Database(url)
    await database.migrate()
    await seed(database, args.groups)
    await client.add_user(ADMIN, "王书记")
    await client.start_private(ADMIN)
    chats = [
        {"id": FIRST_CHAT - i, "type": "supergroup", "title": f"楼{i}"} for i in range(args.groups)
    ]
    for start in range(0, len(chats), 1000):
        await client.add_chats(chats[start : start + 1000])
    env = bot_environment(
        emulator.base_url,
        url,
        WEIGE_LIMITS__PER_SECOND="30",
        WEIGE_LIMITS__PER_GROUP_PER_MINUTE="20",
        WEIGE_LIMITS__PER_CHAT_PER_SECOND="1",
        WEIGE_LIMITS__TIME_SCALE=str(args.factor),
        WEIGE_DELIVERY__LEASE_SECONDS="5",
        WEIGE_DELIVERY__REQUEST_TIMEOUT="4",
    )
    log_path = workdir / f"bot-{'kill' if kill else 'plain'}.log"
    bot = BotProcess(env, log_path)
    await bot.start()
    await wait_until_polling(client)
    await client.set_faults(
        rate_429=args.rate_429,
        retry_after=1,
        methods=["sendMessage"],
        seed=7,
        flood_limits={"enabled": True, "factor": args.factor},
    )
    since = (await client.sent())[-1]["seq"] if await client.sent() else 0
    pressed, broadcast_id = await start_broadcast(client, database)
    killed_wall = 0.0
    killed_at: dict[str, int] = {}
    try:
        if kill:
            half = args.groups // 2
            while (await states(database, broadcast_id)).get(OutboxState.SENT, 0) < half:  # noqa: ASYNC110 - another process
                await asyncio.sleep(0.05)
            await bot.kill()
            killed_wall = time.time()
            killed_at = await states(database, broadcast_id)
            bot = BotProcess(env, log_path)
            await bot.start()
        await wait_done(database, broadcast_id, timeout=args.groups / (30 * args.factor) * 3 + 60)
    finally:
        await bot.stop()
    records = [
        r
        for r in await client.sent(since=since, method="sendMessage")
        if r["chat_id"] <= FIRST_CHAT
    ]
    stats = await client.stats()
    copies = Counter(r["chat_id"] for r in records)
    targets = {FIRST_CHAT - i for i in range(args.groups)}
    counts = await states(database, broadcast_id)
    async with database.transaction() as repos:
        unknown_chats = [
            row.chat_id
            for row in await repos.connection.execute(
                select(outbox.c.chat_id)
                .join(broadcast_targets, broadcast_targets.c.outbox_id == outbox.c.id)
                .where(outbox.c.state == OutboxState.UNKNOWN)
            )
        ]
        state = (await repos.broadcasts.get(broadcast_id)).state  # type: ignore[union-attr]
        sent_at = (
            await repos.connection.execute(
                select(func.min(outbox.c.sent_at), func.max(outbox.c.sent_at)).where(
                    outbox.c.state == OutboxState.SENT
                )
            )
        ).one()
    last_accept = max(r["time"] for r in records)
    first_accept = min(r["time"] for r in records)
    per_second = Counter(int(r["time"] - first_accept) for r in records)
    whole_seconds = [per_second[s] for s in range(int(last_accept - first_accept))]
    floor = args.groups / (30 * args.factor)
    total = last_accept - pressed
    await client.close()
    await emulator.stop()
    await database.close()
    result = {
        "run": "sigkill-half-way" if kill else "uninterrupted",
        "groups": args.groups,
        "factor": args.factor,
        "rate_429": args.rate_429,
        "floor_s": round(floor, 2),
        "first_copy_after_s": round(first_accept - pressed, 2),
        "delivery_span_s": round(last_accept - first_accept, 2),
        # Copies the emulator accepted in each whole second: where a run lost time.
        "copies_per_second": {
            "allowed": 30 * args.factor,
            "median": sorted(whole_seconds)[len(whole_seconds) // 2] if whole_seconds else 0,
            "seconds_below_95pct": sum(1 for n in whole_seconds if n < 0.95 * 30 * args.factor),
            "last_whole_second": whole_seconds[-1] if whole_seconds else 0,
        },
        "timeline": whole_seconds,  # left out of the printed line, kept in --json
        "total_s": round(total, 2),
        "total_over_floor_pct": round((total / floor - 1) * 100, 2),
        "delivered_once": sum(1 for c in targets if copies.get(c) == 1),
        "lost": sum(1 for c in targets if c not in copies),
        "duplicates": sum(1 for c in targets if copies.get(c, 0) > 1),
        "states": counts,
        "unknown": len(unknown_chats),
        "unknown_that_arrived": sum(1 for c in unknown_chats if c in copies),
        "injected_429": stats.get("injected_429"),
        "flood_429": stats.get("flood_429"),
        "broadcast_state": state,
        "sent_at_span_s": round((sent_at[1] - sent_at[0]).total_seconds(), 2)
        if sent_at[0]
        else None,
    }
    if kill:
        result["sent_before_kill"] = killed_at.get(OutboxState.SENT, 0)
        # From the SIGKILL to the first copy the restarted bot got accepted: the process's
        # own start (Python, aiogram's types, migrations), not the sender's pace.
        down = min(r["time"] for r in records if r["time"] > killed_wall) - killed_wall
        result["down_s"] = round(down, 2)
        result["total_without_down_over_floor_pct"] = round(((total - down) / floor - 1) * 100, 2)
    return result


async def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--groups", type=int, default=6300)
    parser.add_argument(
        "--factor", type=float, default=1.0, help="limits run this much faster (1: Telegram's own)"
    )
    parser.add_argument("--rate-429", type=float, default=0.03)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--skip-kill", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the databases and the bot's logs here")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for kill in (False, True) if not args.skip_kill else (False,):
            result = await run_once(args, kill, workdir)
            results.append(result)
            shown = {k: v for k, v in result.items() if k != "timeline"}
            print(json.dumps(shown, ensure_ascii=False), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
