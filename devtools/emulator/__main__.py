"""``python -m devtools.emulator [--host H] [--port N]``: run the emulator standalone."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal

from devtools.emulator.server import Emulator


async def _serve(host: str, port: int) -> None:
    emulator = Emulator()
    await emulator.start(host, port)
    print(f"Weige Telegram emulator listening on {emulator.base_url}", flush=True)
    print(f"  Bot API:     {emulator.base_url}/bot<token>/<method>", flush=True)
    print(f"  Control API: {emulator.base_url}/control/", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # not on Windows
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await emulator.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.host, args.port))


if __name__ == "__main__":
    main()
