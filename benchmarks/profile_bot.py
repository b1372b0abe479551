"""`python -m bot run` under cProfile, for the intake benchmark's profile runs.

The benchmark ends a bot with SIGKILL, so the profile is written to `--out` every second
while the bot runs (read it with `python -m pstats FILE` or `pstats.Stats`).

    .venv/bin/python benchmarks/profile_bot.py --out /tmp/bot.prof -- run --config config.toml
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def log_statements(path: Path) -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    out = path.open("w", encoding="utf-8", buffering=1)

    def write(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        out.write(" ".join(statement.split()) + "\n")

    event.listen(Engine, "before_cursor_execute", write)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--sql-log", type=Path, help="also write every SQL statement here")
    parser.add_argument(
        "--cpu", action="store_true", help="time the main thread's CPU, not the wall clock"
    )
    parser.add_argument("argv", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bot.app import App
    from bot.cli import main as bot_main

    if args.sql_log:
        log_statements(args.sql_log)
    profile = cProfile.Profile(time.thread_time) if args.cpu else cProfile.Profile()
    original = App.run

    def save() -> None:
        # Killed at any moment: never leave a half-written file where the last whole one was.
        scratch = args.out.with_suffix(".tmp")
        profile.dump_stats(scratch)
        os.replace(scratch, args.out)

    async def run(self: App, stop: asyncio.Event) -> None:
        async def dump() -> None:
            while True:
                await asyncio.sleep(1)
                profile.disable()
                save()
                profile.enable()

        dumping = asyncio.create_task(dump())
        profile.enable()
        try:
            await original(self, stop)
        finally:
            dumping.cancel()
            profile.disable()
            save()

    App.run = run  # type: ignore[method-assign]
    argv = args.argv[1:] if args.argv[:1] == ["--"] else args.argv
    return bot_main(argv)


if __name__ == "__main__":
    sys.exit(main())
