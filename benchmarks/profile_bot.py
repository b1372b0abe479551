"""`python -m bot run` under a profiler, for the intake benchmark's profile runs.

The benchmark ends a bot with SIGKILL, so the profile is written to `--out` every second
while the bot runs. By default cProfile (read with `python -m pstats FILE`); `--cpu` times
the main thread's CPU instead of the wall clock; `--sample` uses pyinstrument (the `bench`
extra: `pip install -e '.[bench]'`), a sampler with little overhead, and writes its text
tree. `--sql-log FILE` writes every SQL statement too.

    .venv/bin/python benchmarks/profile_bot.py --out /tmp/bot.prof -- run --config config.toml
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def log_statements(path: Path) -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    out = path.open("w", encoding="utf-8", buffering=1)

    def write(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        out.write(" ".join(statement.split()) + "\n")

    event.listen(Engine, "before_cursor_execute", write)


def _replace(target: Path, write: Callable[[Path], None]) -> None:
    # Killed at any moment: never leave a half-written file where the last whole one was.
    scratch = target.with_suffix(".tmp")
    write(scratch)
    os.replace(scratch, target)


class CProfiler:
    def __init__(self, out: Path, cpu: bool) -> None:
        self.out = out
        self.profile = cProfile.Profile(time.thread_time) if cpu else cProfile.Profile()

    def start(self) -> None:
        self.profile.enable()

    def stop(self) -> None:
        self.profile.disable()

    def save(self) -> None:
        _replace(self.out, lambda path: self.profile.dump_stats(str(path)))


class Sampler:
    def __init__(self, out: Path) -> None:
        from pyinstrument import Profiler

        self.out = out
        self.profiler: Any = Profiler(interval=0.0005, async_mode="disabled")

    def start(self) -> None:
        self.profiler.start()

    def stop(self) -> None:
        self.profiler.stop()

    def save(self) -> None:
        text = self.profiler.output_text(unicode=False, color=False, show_all=False)
        _replace(self.out, lambda path: path.write_text(text, "utf-8"))
        # The whole session too, for other views: `pyinstrument --load FILE.pyisession -r html`.
        session = self.profiler.last_session
        if session is not None:
            _replace(self.out.with_suffix(".pyisession"), lambda path: session.save(str(path)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--sql-log", type=Path, help="also write every SQL statement here")
    parser.add_argument(
        "--cpu", action="store_true", help="cProfile: the main thread's CPU, not the wall clock"
    )
    parser.add_argument("--sample", action="store_true", help="pyinstrument instead of cProfile")
    parser.add_argument("argv", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bot.app import App
    from bot.cli import main as bot_main

    if args.sql_log:
        log_statements(args.sql_log)
    profiler = Sampler(args.out) if args.sample else CProfiler(args.out, args.cpu)
    original = App.run

    async def run(self: App, stop: asyncio.Event) -> None:
        async def dump() -> None:
            while True:
                await asyncio.sleep(1)
                profiler.stop()
                profiler.save()
                profiler.start()

        dumping = asyncio.create_task(dump())
        profiler.start()
        try:
            await original(self, stop)
        finally:
            dumping.cancel()
            profiler.stop()
            profiler.save()

    App.run = run  # type: ignore[method-assign]
    argv = args.argv[1:] if args.argv[:1] == ["--"] else args.argv
    return bot_main(argv)


if __name__ == "__main__":
    sys.exit(main())
