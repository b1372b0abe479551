"""Webhook workers on PostgreSQL: one and two workers against the echo baseline, in one run.

Several workers share intake only behind a webhook (Telegram allows one poller), so this
pushes the updates itself. Each round runs, in turn:

  A  the baseline of `intake_bench.py`: the bare aiogram echo bot (`echo_bot.py --no-tasks`)
     long-polling `../shared/perf/feeder.py`; updates/s is the feeder's own figure (N over the
     time from the first measured update handed out to the N-th reply).
  B  one Weige worker, `python -m bot run --webhook`, on a fresh PostgreSQL database and Redis
     prefix;
  C  two workers on one port (`[http] reuse_port = true`, SO_REUSEPORT) on the same kind of
     fresh database and prefix; the kernel spreads the connections over them.

For B and C the script plays Telegram: it POSTs the same updates the feeder would serve (built
by the feeder's own code: same texts, 50 groups, 1,000 users) to the webhook with the secret
header on at most `--max-connections` connections at once (Telegram's `max_connections`,
default 40). The bot's `api_base` points at a stub Bot API server (the feeder's answers, run in
a process of its own, counting successful sendMessage calls and the time of the last one).
Updates/s = N over the time from the first measured POST to the last reply sent. Warm-up
updates go first, unmeasured, until the replies fall quiet. CPU ms per update: utime+stime from
/proc of the bot processes (summed over the workers) over the measured window, which for B
and C runs until the replies have been quiet for `--quiet` seconds (a little idle time).
Also per run: PostgreSQL's CPU ms per update (every `postgres` process on the machine, so
another user of the server would count too, and a backend that exits within the window is
missed) and how many cores the whole machine kept busy
while the updates arrived (from /proc/stat): on a small machine, whether there was a core left
for a second worker.

World, grid directory and config come from `intake_bench.py` (the request-heavy mix: the
spec's 24 samples cycled, ~75 % requests), with Telegram's limits lifted so the pace is the
bot's own.

    .venv/bin/python benchmarks/workers_bench.py --n 1200 --rounds 3
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import intake_bench  # the world, grid and config of the intake benchmark

ROOT = intake_bench.ROOT
PERF = intake_bench.PERF
CLK_TCK = os.sysconf("SC_CLK_TCK")
GROUPS, USERS = 50, 1000
PG_ADMIN = intake_bench.PG_ADMIN
REDIS = "redis://127.0.0.1:6379/0"
SECRET = "weige-workers-bench"
HOOK_PATH = "/tg/hook"
STARTUP_S = 90.0


def feeder_module() -> ModuleType:
    sys.path.insert(0, str(PERF))
    return importlib.import_module("feeder")


def feeder_args(token: str, n: int, warmup: int) -> list[str]:
    return [
        "--token", token, "--n", str(n), "--warmup", str(warmup), "--groups", str(GROUPS),
        "--users", str(USERS), "--texts", str(intake_bench.SPEC_SAMPLES),
    ]  # fmt: skip


def cpu_s(pids: list[int]) -> float:
    """utime+stime of the given processes (those of them still alive)."""
    total = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_bytes()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        total += int(fields[11]) + int(fields[12])
    return total / CLK_TCK


def postgres_cpu() -> dict[int, float]:
    """utime+stime of each PostgreSQL process (backends of other users of the server too)."""
    found = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            with contextlib.suppress(OSError):
                if Path(f"/proc/{pid}/comm").read_text().strip() == "postgres":
                    found[int(pid)] = cpu_s([int(pid)])
    return found


def machine_busy_s() -> float:
    """CPU seconds the whole machine has been busy, all cores (user nice system irq softirq steal)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    return (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / CLK_TCK


class Window:
    """PostgreSQL's CPU and the machine's busy cores over one measured window."""

    def __init__(self) -> None:
        self.pg0, self.busy0, self.t0 = postgres_cpu(), machine_busy_s(), time.monotonic()

    def figures(self, n: int) -> dict[str, float]:
        elapsed = time.monotonic() - self.t0
        # Per process: a backend that exits in the window takes its time with it, and must
        # not take the others' too; one that starts in it counts from nothing.
        pg = sum(cpu - self.pg0.get(pid, 0.0) for pid, cpu in postgres_cpu().items())
        return {
            "pg_cpu_ms_per_update": round(pg * 1000 / n, 2),
            "machine_cores_busy": round((machine_busy_s() - self.busy0) / elapsed, 2),
        }


def spawn(
    command: list[str], log: Path, env: dict[str, str] | None = None, *, stdout_pipe: bool = False
) -> subprocess.Popen[bytes]:
    """In a session of its own, so that `stop` ends exactly this process and its children."""
    with log.open("wb") as out:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE if stdout_pipe else out,
            stderr=out if stdout_pipe else subprocess.STDOUT,
            start_new_session=True,
        )


def stop(proc: subprocess.Popen[bytes]) -> None:
    """The process was started in a session of its own: end that group only."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


# --- the stub Bot API server for B and C (a subprocess: `workers_bench.py stub`) -------------


def run_stub(token: str, n: int, warmup: int) -> None:
    from aiohttp import web

    feeder = feeder_module()
    state = feeder.Feeder(
        feeder.build_parser().parse_args([*feeder_args(token, n, warmup), "--serve"])
    )
    counted = {"sends": 0, "last": 0.0}

    async def handle(request: web.BaseRequest) -> web.StreamResponse:
        if request.path == "/_count":
            return web.json_response(counted)
        response: web.StreamResponse = await state.handle(request)
        if request.path.lower().endswith("/sendmessage") and response.status == 200:
            counted["sends"] += 1
            counted["last"] = time.monotonic()  # CLOCK_MONOTONIC: the same clock as the bench's
        return response

    async def serve() -> None:
        runner = web.ServerRunner(web.Server(handle, access_log=None), shutdown_timeout=0.2)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        print(json.dumps({"port": port, "world": state.world()}), flush=True)
        await asyncio.Event().wait()

    asyncio.run(serve())


# --- one run of each side ------------------------------------------------------------------


@dataclass
class Run:
    side: str
    round: int
    updates_per_s: float | None = None
    cpu_ms_per_update: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


async def echo_run(args: argparse.Namespace, round_no: int, scratch: Path) -> Run:
    token = f"7000000001:PERF-{secrets.token_hex(8)}"
    feeder = await asyncio.create_subprocess_exec(
        sys.executable, str(PERF / "feeder.py"), "--port", "0", "--expect", str(args.n),
        "--idle-timeout", "60", *feeder_args(token, args.n, args.warmup),
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    assert feeder.stdout is not None
    run = Run("A", round_no)
    bot: subprocess.Popen[bytes] | None = None
    cpu0, window = 0.0, Window()
    try:
        while line := await asyncio.wait_for(feeder.stdout.readline(), args.timeout):
            event = json.loads(line)
            if event["event"] == "ready":
                env = {**os.environ, "BOT_TOKEN": token, "TELEGRAM_API_BASE": event["base"]}
                echo = [sys.executable, str(PERF / "echo_bot.py"), "--no-tasks"]
                bot = spawn(echo, scratch / f"echo-{round_no}.log", env)
            elif event["event"] == "first_update" and bot is not None:
                cpu0, window = cpu_s([bot.pid]), Window()
            elif event["event"] == "result" and bot is not None:
                if event["complete"]:
                    run.updates_per_s = event["updates_per_s"]
                    run.cpu_ms_per_update = (cpu_s([bot.pid]) - cpu0) * 1000 / args.n
                    run.extra = window.figures(args.n)
                break
    finally:
        if bot is not None:
            stop(bot)
        with contextlib.suppress(ProcessLookupError):
            feeder.kill()
        await feeder.wait()
    return run


async def create_database() -> str:
    import asyncpg

    name = f"weige_wbench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(PG_ADMIN)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return name


async def drop_database(name: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(PG_ADMIN)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def counted(http: aiohttp.ClientSession, stub: str) -> dict[str, Any]:
    async with http.get(f"{stub}/_count") as answer:
        figures: dict[str, Any] = await answer.json()
        return figures


async def until_quiet(
    http: aiohttp.ClientSession, stub: str, quiet: float, limit: float
) -> dict[str, Any]:
    """Sends counted once they have not grown for `quiet` seconds."""
    deadline = time.monotonic() + limit
    last = await counted(http, stub)
    still_since = time.monotonic()
    while time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        now = await counted(http, stub)
        if now["sends"] != last["sends"]:
            last, still_since = now, time.monotonic()
        elif time.monotonic() - still_since >= quiet:
            return now
    raise TimeoutError(f"replies still coming after {limit} s")


async def push(
    http: aiohttp.ClientSession, hook: str, updates: list[bytes]
) -> tuple[int, dict[int, int]]:
    """POST each update as Telegram does; the connector bounds the connections in use."""
    statuses: dict[int, int] = {}
    headers = {
        "Content-Type": "application/json",
        "X-Telegram-Bot-Api-Secret-Token": SECRET,
    }

    async def one(body: bytes) -> None:
        for _ in range(5):  # Telegram retries what is not answered with 200
            try:
                async with http.post(hook, data=body, headers=headers) as answer:
                    await answer.read()
                    statuses[answer.status] = statuses.get(answer.status, 0) + 1
                    if answer.status == 200:
                        return
            except aiohttp.ClientError:
                statuses[-1] = statuses.get(-1, 0) + 1
            await asyncio.sleep(0.2)

    await asyncio.gather(*(one(body) for body in updates))
    return len(updates), statuses


async def workers_run(
    args: argparse.Namespace, side: str, workers: int, round_no: int, scratch: Path
) -> Run:
    run = Run(side, round_no)
    tmp = Path(tempfile.mkdtemp(prefix=f"wbench-{round_no}{side}-", dir=scratch))
    token = f"7000000001:PERF-{secrets.token_hex(8)}"
    stub_command = [sys.executable, __file__, "stub", "--token", token]
    stub_command += ["--n", str(args.n), "--warmup", str(args.warmup)]
    stub = spawn(stub_command, tmp / "stub.err", stdout_pipe=True)
    assert stub.stdout is not None
    ready = json.loads(await asyncio.to_thread(stub.stdout.readline))
    stub_base = f"http://127.0.0.1:{ready['port']}"
    world = ready["world"]
    updates = feeder_module()
    built = updates.Feeder(
        updates.build_parser().parse_args(feeder_args(token, args.n, args.warmup))
    )
    warm, measured = built.updates[: args.warmup], built.updates[args.warmup :]
    database = await create_database()
    url = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{database}"
    grid = intake_bench.grid_toml(world)
    (tmp / "config.toml").write_text(intake_bench.config_toml(world, stub_base, url, tmp), "utf-8")
    await intake_bench.import_grid(url, grid)
    port = free_port()
    env = {
        **os.environ,
        "WEIGE_HTTP__HOST": "127.0.0.1",
        "WEIGE_HTTP__PORT": str(port),
        "WEIGE_HTTP__REUSE_PORT": "true",
        "WEIGE_WEBHOOK__ENABLED": "true",
        "WEIGE_WEBHOOK__PUBLIC_URL": f"http://127.0.0.1:{port}",
        "WEIGE_WEBHOOK__PATH": HOOK_PATH,
        "WEIGE_WEBHOOK__SECRET_TOKEN": SECRET,
        "WEIGE_REDIS__URL": REDIS,
        "WEIGE_REDIS__PREFIX": f"wbench-{uuid.uuid4().hex[:10]}",
    }
    procs: list[subprocess.Popen[bytes]] = []
    logs = [tmp / f"worker{k}.log" for k in range(workers)]
    try:
        for k in range(workers):
            own = {**env, "WEIGE_DIAGNOSTICS__SQL_COUNT_FILE": str(tmp / f"sql{k}.json")}
            command = [sys.executable, "-m", "bot", "run", "--webhook"]
            procs.append(spawn([*command, "--config", str(tmp / "config.toml")], logs[k], own))
        deadline = time.monotonic() + STARTUP_S
        while not all(
            "running as @" in text and "HTTP server on" in text
            for text in (log.read_text("utf-8", "replace") for log in logs)
        ):
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                tails = "\n".join(log.read_text("utf-8", "replace")[-2000:] for log in logs)
                raise RuntimeError(f"{side}: workers did not start:\n{tails}")
            await asyncio.sleep(0.1)
        hook = f"http://127.0.0.1:{port}{HOOK_PATH}"
        connector = aiohttp.TCPConnector(limit=args.max_connections)
        async with aiohttp.ClientSession(connector=connector) as http:
            await push(http, hook, warm)
            before = await until_quiet(http, stub_base, args.quiet, args.timeout)
            sql0 = sql_statements(tmp, workers)
            pids = [p.pid for p in procs]
            cpu0, t0, window = cpu_s(pids), time.monotonic(), Window()
            _, statuses = await push(http, hook, measured)
            t_answered = time.monotonic()
            # The machine's load while the updates arrive, before the tail of replies and quiet.
            busy = window.figures(args.n)["machine_cores_busy"]
            after = await until_quiet(http, stub_base, args.quiet, args.timeout)
            cpu1 = cpu_s(pids)
            pg = window.figures(args.n)["pg_cpu_ms_per_update"]
        sql1 = sql_statements(tmp, workers)
        handled = [log.read_text("utf-8", "replace").count("is handled") for log in logs]
        run.updates_per_s = args.n / (after["last"] - t0)
        run.cpu_ms_per_update = (cpu1 - cpu0) * 1000 / args.n
        run.extra = {
            "pg_cpu_ms_per_update": pg,
            "machine_cores_busy": busy,
            "sends": after["sends"] - before["sends"],
            "answered_all_s": round(t_answered - t0, 3),
            "statuses": statuses,
            "statements_per_update": None
            if sql0 is None or sql1 is None
            else round((sql1 - sql0) / args.n, 1),
            "handled_lines_per_worker": handled,
        }
    finally:
        for proc in procs:
            stop(proc)
        stop(stub)
        await drop_database(database)
    return run


def sql_statements(tmp: Path, workers: int) -> int | None:
    total = 0
    for k in range(workers):
        try:
            total += json.loads((tmp / f"sql{k}.json").read_text())["statements"]
        except (OSError, ValueError, KeyError):
            return None
    return total


# --- the report ---------------------------------------------------------------------------


def med(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def report(runs: list[Run]) -> str:
    def f(value: float | None, digits: int = 1) -> str:
        return "-" if value is None else f"{value:.{digits}f}"

    by_side = {s: [r for r in runs if r.side == s] for s in "ABC"}
    rates = {s: med([r.updates_per_s for r in by_side[s]]) for s in "ABC"}
    per_round: dict[int, dict[str, float]] = {}
    for r in runs:
        if r.updates_per_s is not None:
            per_round.setdefault(r.round, {})[r.side] = r.updates_per_s

    def ratio(top: str, bottom: str) -> tuple[float | None, list[float]]:
        values = [p[top] / p[bottom] for p in per_round.values() if top in p and bottom in p]
        return (statistics.median(values) if values else None), [round(v, 3) for v in values]

    names = {
        "A": "echo baseline (polling)",
        "B": "1 Weige worker (webhook, PG+Redis)",
        "C": "2 workers, one port",
    }
    lines = [
        "| side | upd/s per round | median upd/s | CPU ms/upd (median, all workers) "
        "| PostgreSQL CPU ms/upd | machine cores busy | SQL statements/upd |"
    ]
    lines.append("|---|---|---|---|---|---|---|")
    for s in "ABC":
        statements = med([r.extra.get("statements_per_update") for r in by_side[s]])
        lines.append(
            f"| {s} {names[s]} | {[round(r.updates_per_s or 0, 1) for r in by_side[s]]} | {f(rates[s])} "
            f"| {f(med([r.cpu_ms_per_update for r in by_side[s]]), 2)} "
            f"| {f(med([r.extra.get('pg_cpu_ms_per_update') for r in by_side[s]]), 2)} "
            f"| {f(med([r.extra.get('machine_cores_busy') for r in by_side[s]]), 2)} | {f(statements)} |"
        )
    lines.append("")
    for top, bottom in (("B", "A"), ("C", "A"), ("C", "B")):
        value, values = ratio(top, bottom)
        lines.append(f"{top}/{bottom} (median of per-round ratios): {f(value, 3)} {values}")
    return "\n".join(lines)


async def bench(args: argparse.Namespace) -> None:
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="workers-bench-") as scratch:
        for round_no in range(1, args.rounds + 1):
            for side in "ABC":
                if side == "A":
                    run = await echo_run(args, round_no, Path(scratch))
                else:
                    workers = 1 if side == "B" else 2
                    run = await workers_run(args, side, workers, round_no, Path(scratch))
                runs.append(run)
                print(
                    f"round {round_no} {side}: {run.updates_per_s and round(run.updates_per_s, 1)} upd/s, "
                    f"{run.cpu_ms_per_update and round(run.cpu_ms_per_update, 2)} CPU ms/upd {run.extra}",
                    flush=True,
                )
    print("\n" + report(runs))
    print(f"# n={args.n} warmup={args.warmup} max_connections={args.max_connections} "
          f"cores={os.cpu_count()} load={os.getloadavg()[0]:.2f}")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in runs], indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    sub = parser.add_subparsers(dest="command")
    s = sub.add_parser("stub", help="(used by the bench) the Bot API stub for the webhook runs")
    s.add_argument("--token", required=True)
    s.add_argument("--n", type=int, required=True)
    s.add_argument("--warmup", type=int, required=True)
    parser.add_argument("--n", type=int, default=1200)
    parser.add_argument("--warmup", type=int, default=100, help="unmeasured updates first")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--max-connections", type=int, default=40, help="as Telegram's setWebhook")
    parser.add_argument(
        "--quiet", type=float, default=1.5, help="seconds without a reply that end a run"
    )
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--json", type=Path, help="write every run here")
    args = parser.parse_args()
    if args.command == "stub":
        run_stub(args.token, args.n, args.warmup)
        return
    asyncio.run(bench(args))


if __name__ == "__main__":
    main()
