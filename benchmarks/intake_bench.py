"""Intake throughput: the real bot against a bare aiogram echo bot, in the same run (issue 10).

Drives the shared yardstick `../shared/perf/ratio.py`: each run gets a fresh fast Bot API
server (`feeder.py`) preloaded with N group updates from 50 groups; the real bot
(`python -m bot run` with a config and a grid directory written for the feeder's world) and
the echo bot (`echo_bot.py --no-tasks`, aiogram 3.31 confirming a batch only after handling
it) take turns A B A B for `--rounds` pairs. Telegram's limits are lifted in the bot's config
so the pace is the bot's own. Reported per database and mix: updates/s of each side, CPU ms
per update, SQL statements per update (counted in the bot with SQLAlchemy's
`before_cursor_execute`, `diagnostics.sql_count_file`) and the median of per-pair ratios.

Mixes: `requests` cycles the spec's 24 samples (~75% requests); `chat` is chit-chat only
(benchmarks/chitchat.jsonl), closed by one `/report` so the run has a last send to end on.
The number of sends that ends a bot run is calibrated first (one unmeasured run per mix).
The chat mix runs with `[board] enabled = false`: chatter changes no board, and on the
benchmark's fresh database the only sends besides the closing reply would be the first
showing of 50 new boards, which the keeper makes on its own clock (every 5 s): the run would
then end when the keeper got to them, not when the chatter was handled.

    .venv/bin/python benchmarks/intake_bench.py                        # sqlite and postgres, both mixes
    .venv/bin/python benchmarks/intake_bench.py --db sqlite --mix requests --rounds 5

`--against REV` puts the bot as it was at a git revision in the echo bot's place (checked out
in a scratch worktree, its own setup): one change against another in the same run, the pairs
alternating, where two separate runs of this benchmark would meet a machine whose speed moved.

    .venv/bin/python benchmarks/intake_bench.py --db sqlite --mix requests --against c1e19a3
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PERF = (ROOT / ".." / "shared" / "perf").resolve()
SPEC_SAMPLES = (ROOT / ".." / "shared" / "spec" / "parsing-samples.jsonl").resolve()
CHITCHAT = ROOT / "benchmarks" / "chitchat.jsonl"
CLOSING_REPORT = "/report 1栋1单元楼道灯坏了"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DB = "weige_intake_bench"
GRIDS, BUILDINGS_PER_GRID = 5, 10


# --- setup of one bot run (called by ratio.py through --setup-a) ---------------------------


def grid_toml(world: dict[str, Any]) -> str:
    """One community; each feeder group is a building with its own member (never a writer)."""
    out = [
        "[[community]]",
        'name = "基准社区"',
        'timezone = "Asia/Shanghai"',
        'admins = [{ id = 1900001, name = "王书记" }]',
    ]
    groups = world["groups"]
    per_grid = max(1, -(-len(groups) // GRIDS))
    for number, group in enumerate(groups, 1):
        if (number - 1) % per_grid == 0:
            g = (number - 1) // per_grid + 1
            out += [
                "",
                "[[community.grid]]",
                f'code = "G{g}"',
                f'name = "网格{g}"',
                f'leader = {{ id = {1910000 + g}, name = "网格长{g}" }}',
                f'health_worker = {{ id = {1920000 + g}, name = "医生{g}" }}',
                f'legal_adviser = {{ id = {1930000 + g}, name = "律师{g}" }}',
            ]
        out += [
            "",
            "[[community.grid.building]]",
            f'number = "{number}"',
            f'member = {{ id = {1940000 + number}, name = "网格员{number}" }}',
            f"chat = {group['id']}",
        ]
    return "\n".join(out) + "\n"


def config_toml(world: dict[str, Any], base: str, url: str, tmp: Path, boards: bool) -> str:
    return f"""
[telegram]
token = "{world["token"]}"
api_base = "{base}"

[storage]
url = "{url}"

[limits]
per_second = 1000000
per_group_per_minute = 100000000
per_chat_per_second = 1000000

[reminders]
quiet_hours = ""

[requests]
# The feeder cycles a couple of dozen texts through each group from different writers, so with
# look-alike detection on nearly every request would become a "same problem as #N?" question:
# an artefact of the feeder, not what a compound's groups send. Off, the workload stays the
# one the earlier figures measured (every confident request filed).
duplicate_days = 0

[board]
enabled = {"true" if boards else "false"}

[diagnostics]
sql_count_file = "{tmp / "sql.json"}"
"""


async def reset_postgres() -> None:
    import asyncpg

    admin = await asyncpg.connect(PG_ADMIN)
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        await admin.execute(f"CREATE DATABASE {PG_DB}")
    finally:
        await admin.close()


def setup(world_path: Path, tmp: Path, db: str, base: str, mix: str) -> None:
    world = json.loads(world_path.read_text("utf-8"))
    if db == "postgres":
        asyncio.run(reset_postgres())
        url = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{PG_DB}"
    else:
        url = f"sqlite+aiosqlite:///{tmp / 'weige.db'}"
    grid = grid_toml(world)
    (tmp / "grid.toml").write_text(grid, "utf-8")
    config = config_toml(world, base, url, tmp, boards=mix != "chat")
    (tmp / "config.toml").write_text(config, "utf-8")
    asyncio.run(import_grid(url, grid))


async def import_grid(url: str, grid: str) -> None:
    sys.path.insert(0, str(ROOT))
    from bot.services.directory import DirectoryService, read_directory
    from storage.database import Database

    database = Database(url)
    try:
        await database.migrate()
        async with database.transaction() as repos:
            await DirectoryService(repos).apply(read_directory(grid))
    finally:
        await database.close()


# --- the comparison --------------------------------------------------------------------------


def texts_for(mix: str, total: int, scratch: Path) -> Path:
    if mix == "requests":
        return SPEC_SAMPLES
    lines = [ln for ln in CHITCHAT.read_text("utf-8").splitlines() if ln.strip()]
    body = [lines[k % len(lines)] for k in range(total - 1)]
    body.append(json.dumps({"text": CLOSING_REPORT}, ensure_ascii=False))
    path = scratch / f"chat-{total}.jsonl"
    path.write_text("\n".join(body) + "\n", "utf-8")
    return path


def ratio_command(
    args: argparse.Namespace, db: str, mix: str, texts: Path, extra: list[str]
) -> list[str]:
    python = shlex.quote(sys.executable)
    me = shlex.quote(str(Path(__file__).resolve()))
    setup = f"setup --world {{world}} --tmp {{tmp}} --db {db} --mix {mix} --base {{base}}"
    if args.against_root is None:
        side_b = [
            "--name-b", "echo --no-tasks",
            "--b", f"exec {python} {shlex.quote(str(PERF / 'echo_bot.py'))} --no-tasks",
        ]  # fmt: skip
    else:
        other = args.against_root
        side_b = [
            "--name-b", f"weige at {args.against} ({db})",
            "--setup-b", f"{python} {shlex.quote(str(other / 'benchmarks' / 'intake_bench.py'))} {setup}",
            "--b", f"cd {shlex.quote(str(other))} && exec {python} -m bot run --config {{tmp}}/config.toml",
        ]  # fmt: skip
    return [
        sys.executable,
        str(PERF / "ratio.py"),
        "--n", str(args.n),
        "--warmup", str(args.warmup),
        "--groups", "50",
        "--texts", str(texts),
        "--name-a", f"weige ({db})",
        "--setup-a", f"{python} {me} {setup}",
        "--a", f"cd {shlex.quote(str(ROOT))} && exec {python} -m bot run --config {{tmp}}/config.toml",
        *side_b,
        "--timeout", str(args.timeout),
        "--redo-max", str(args.redo_max),
        *extra,
    ]  # fmt: skip


def calibrate(args: argparse.Namespace, db: str, mix: str, texts: Path) -> int:
    cmd = ratio_command(args, db, mix, texts, ["--calibrate"])
    out = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout
    found = re.search(r"^A .*-> --expect-sends-a (\d+)", out, re.M)
    if not found:
        sys.exit(f"calibration failed:\n{out}")
    return int(found.group(1))


def statements_per_update(tmp: str) -> float | None:
    try:
        figures = json.loads((Path(tmp) / "sql.json").read_text())
    except (OSError, ValueError):
        return None
    if not figures["updates"]:
        return None
    return (figures["statements"] - figures["statements_at_first_update"]) / figures["updates"]


def measure(args: argparse.Namespace, db: str, mix: str, scratch: Path) -> dict[str, Any]:
    texts = texts_for(mix, args.warmup + args.n, scratch)
    # A few sends of the warm-up may fall either side of the clock's start: the run ends at
    # 99% of the calibrated count, not at the exact figure it may miss by a handful.
    sends = args.sends.get(mix) or int(calibrate(args, db, mix, texts) * 0.99)
    out_json = scratch / f"{db}-{mix}.json"
    cmd = ratio_command(
        args,
        db,
        mix,
        texts,
        [
            "--rounds", str(args.rounds), "--expect-sends-a", str(sends),
            # The earlier bot does the same work: its run ends at the same count.
            "--expect-sends-b", str(args.n if args.against_root is None else sends), "--keep-tmp",
            "--json-out", str(out_json), "--tmp-root", str(scratch),
        ],
    )  # fmt: skip
    print(f"## {db}, {mix}: {sends} sends end a bot run", flush=True)
    subprocess.run(cmd, check=False)
    report = json.loads(out_json.read_text())
    runs = report["runs"]
    side: dict[str, list[dict[str, Any]]] = {"A": [], "B": []}
    for run in report.get("discarded", []):
        shutil.rmtree(run["tmp"], ignore_errors=True)
    for run in runs:
        if run.get("ok"):
            if run["side"] == "A":
                run["statements_per_update"] = statements_per_update(run["tmp"])
            side[run["side"]].append(run)
        shutil.rmtree(run["tmp"], ignore_errors=True)
    pairs: dict[int, dict[str, float]] = {}
    for run in side["A"] + side["B"]:
        pairs.setdefault(run["round"], {})[run["side"]] = run["updates_per_s"]
    ratios = [p["A"] / p["B"] for p in pairs.values() if "A" in p and "B" in p]

    def med(values: list[float | None]) -> float | None:
        present = [v for v in values if v is not None]
        return statistics.median(present) if present else None

    return {
        "db": db,
        "mix": mix,
        "sends": sends,
        "weige_upd_s": med([r["updates_per_s"] for r in side["A"]]),
        "weige_cpu_ms": med([r.get("bot_cpu_ms_per_update") for r in side["A"]]),
        "weige_statements": med([r.get("statements_per_update") for r in side["A"]]),
        "echo_upd_s": med([r["updates_per_s"] for r in side["B"]]),
        "echo_cpu_ms": med([r.get("bot_cpu_ms_per_update") for r in side["B"]]),
        "ratio": med(ratios),  # type: ignore[arg-type]
        "ratios": [round(r, 3) for r in ratios],
        "weige_runs": [round(r["updates_per_s"], 1) for r in side["A"]],
        "echo_runs": [round(r["updates_per_s"], 1) for r in side["B"]],
    }


def summary(rows: list[dict[str, Any]], baseline: str = "echo") -> str:
    def f(value: float | None, digits: int) -> str:
        return "-" if value is None else f"{value:.{digits}f}"

    lines = [
        f"| db | mix | weige upd/s | {baseline} upd/s | ratio (median of pairs) | weige CPU ms/upd "
        f"| {baseline} CPU ms/upd | SQL statements/upd |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['db']} | {r['mix']} | {f(r['weige_upd_s'], 1)} | {f(r['echo_upd_s'], 1)} "
            f"| {f(r['ratio'], 3)} {r['ratios']} | {f(r['weige_cpu_ms'], 2)} "
            f"| {f(r['echo_cpu_ms'], 2)} | {f(r['weige_statements'], 1)} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command")
    s = sub.add_parser("setup", help="(used by ratio.py) config, grid and database for one run")
    s.add_argument("--world", required=True, type=Path)
    s.add_argument("--tmp", required=True, type=Path)
    s.add_argument("--db", choices=("sqlite", "postgres"), required=True)
    s.add_argument("--base", required=True)
    s.add_argument("--mix", choices=("requests", "chat"), default="requests")
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--mix", default="requests,chat")
    parser.add_argument("--n", type=int, default=2400)
    parser.add_argument("--warmup", type=int, default=100, help="unmeasured updates first")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=400)
    parser.add_argument("--redo-max", type=int, default=0, help="ratio.py: re-measure noisy pairs")
    parser.add_argument("--sends-requests", type=int, help="skip calibrating the requests mix")
    parser.add_argument("--sends-chat", type=int, help="skip calibrating the chat mix")
    parser.add_argument("--json", type=Path, help="write the summary rows here")
    parser.add_argument("--against", metavar="REV", help="the bot at this git revision as side B")
    args = parser.parse_args()
    if args.command == "setup":
        setup(args.world, args.tmp, args.db, args.base, args.mix)
        return
    args.sends = {"requests": args.sends_requests, "chat": args.sends_chat}
    baseline = "echo" if args.against is None else f"weige at {args.against}"
    rows = []
    with tempfile.TemporaryDirectory(prefix="intake-bench-") as scratch:
        args.against_root = None
        if args.against is not None:
            args.against_root = Path(scratch) / "against"
            git = ["git", "-C", str(ROOT), "worktree"]
            subprocess.run(
                [*git, "add", "--detach", str(args.against_root), args.against], check=True
            )
        try:
            for db in args.db.split(","):
                for mix in args.mix.split(","):
                    rows.append(measure(args, db, mix, Path(scratch)))
                    print(summary(rows[-1:], baseline), flush=True)
        finally:
            if args.against_root is not None:
                subprocess.run([*git, "remove", "--force", str(args.against_root)], check=False)
    print("\n" + summary(rows, baseline))
    print(f"# cores={os.cpu_count()} load={os.getloadavg()[0]:.2f}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
