"""What an operator sees at the terminal: one line per problem they can fix, exit code 2, and
one line at start saying which bot runs on what. The real CLI, in a process of its own."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest

from devtools.emulator.server import Emulator
from devtools.emulator.state import BOT_USERNAME
from storage.database import describe
from tests.conftest import POSTGRES
from tests.process import ROOT, bot_environment


def cli(env: dict[str, str], *argv: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=180,
        check=False,
        **kwargs,  # type: ignore[arg-type]
    )


def one_error_line(result: subprocess.CompletedProcess[str], key: str) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert line.startswith(f"error: {key}: ") and result.stderr.rstrip().endswith(line)
    return line


@pytest.fixture
def sqlite_env(tmp_path: Path) -> dict[str, str]:
    # An address nothing listens on, unless a test starts something there.
    return bot_environment(
        f"http://127.0.0.1:{free_port()}", f"sqlite+aiosqlite:///{tmp_path}/w.db"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_malformed_token_is_one_line(sqlite_env: dict[str, str]) -> None:
    sqlite_env["WEIGE_TELEGRAM__TOKEN"] = "not-a-token"
    line = one_error_line(cli(sqlite_env, "run"), "telegram.token")
    assert "@BotFather" in line


def test_a_missing_sqlite_folder_is_one_line(sqlite_env: dict[str, str], tmp_path: Path) -> None:
    sqlite_env["WEIGE_STORAGE__URL"] = f"sqlite+aiosqlite:///{tmp_path}/gone/w.db"
    for argv in (("run",), ("migrate",)):
        line = one_error_line(cli(sqlite_env, *argv), "storage.url")
        assert f"folder {tmp_path}/gone does not exist" in line


def _postgres_or_skip() -> None:
    async def probe() -> None:
        connection = await asyncpg.connect(POSTGRES, timeout=5)
        await connection.close()

    try:
        asyncio.run(probe())
    except (OSError, asyncpg.PostgresError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {POSTGRES} is required under CI: {exc}")
        pytest.skip(f"no PostgreSQL at {POSTGRES}: {exc}")


def test_postgres_role_database_and_server_missing(sqlite_env: dict[str, str]) -> None:
    _postgres_or_skip()
    base = POSTGRES.replace("postgresql://", "postgresql+asyncpg://", 1)
    host = base.split("@", 1)[1].split("/", 1)[0]
    cases = {
        f"postgresql+asyncpg://no_such_role_w@{host}/test": 'role "no_such_role_w" does not exist',
        f"{base.rsplit('/', 1)[0]}/no_such_db_w": 'database "no_such_db_w" does not exist',
        f"postgresql+asyncpg://postgres:secret@127.0.0.1:{free_port()}/test": "cannot connect",
    }
    for url, said in cases.items():
        sqlite_env["WEIGE_STORAGE__URL"] = url
        line = one_error_line(cli(sqlite_env, "migrate"), "storage.url")
        assert said in line and "secret" not in line


def test_unreachable_api_base_is_retried_then_one_line(sqlite_env: dict[str, str]) -> None:
    sqlite_env["WEIGE_TELEGRAM__START_RETRY_SECONDS"] = "1"
    result = cli(sqlite_env, "run")
    line = one_error_line(result, "telegram.api_base")
    assert sqlite_env["WEIGE_TELEGRAM__API_BASE"] in line
    assert "retrying" in result.stderr  # it did wait before giving up


async def _read_until(stream: asyncio.StreamReader, wanted: str, seen: list[str]) -> None:
    while not any(wanted in line for line in seen):
        raw = await stream.readline()
        assert raw, f"the bot stopped before {wanted!r}: {seen}"
        seen.append(raw.decode("utf-8", "replace"))


async def test_api_down_at_start_is_waited_out_and_the_start_is_one_line(
    sqlite_env: dict[str, str], tmp_path: Path
) -> None:
    port = int(sqlite_env["WEIGE_TELEGRAM__API_BASE"].rsplit(":", 1)[1])
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=ROOT, env=sqlite_env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stderr is not None
    emulator = Emulator()
    seen: list[str] = []
    try:
        # Down for a moment: the bot says so and keeps trying; then the API comes up.
        await asyncio.wait_for(_read_until(process.stderr, "retrying", seen), 120)
        await emulator.start(port=port)
        await asyncio.wait_for(_read_until(process.stderr, "running as @", seen), 120)
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 60)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await emulator.stop()
    assert process.returncode == 0
    (start,) = [line for line in seen if "running as @" in line]
    assert start.rstrip().endswith(
        f"running as @{BOT_USERNAME}: SQLite {tmp_path}/w.db, "
        f"long polling {sqlite_env['WEIGE_TELEGRAM__API_BASE']}"
    )
    assert not [line for line in seen if "apscheduler" in line]


def test_the_start_line_names_postgres_without_its_password() -> None:
    described = describe("postgresql+asyncpg://weige:s3cret@db.local:5433/weige")
    assert described == "PostgreSQL weige@db.local:5433/weige"


def test_xlsx_to_a_terminal_is_refused(sqlite_env: dict[str, str]) -> None:
    main, terminal = os.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bot", "export", "requests", "--format", "xlsx"],
            stdout=terminal, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=sqlite_env,
            timeout=180, check=False,
        )  # fmt: skip
    finally:
        os.close(terminal)
        os.close(main)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "--output" in result.stderr and "Traceback" not in result.stderr


def test_output_cut_short_by_head_is_quiet(sqlite_env: dict[str, str], tmp_path: Path) -> None:
    # Enough output to fill the pipe after `head` has gone.
    lines = "".join(f'{{"id": "{i}", "text": "3栋2单元{i}室漏水"}}\n' for i in range(20000))
    (tmp_path / "in.jsonl").write_text(lines, "utf-8")
    for argv in ("parse - < in.jsonl", "grid show"):
        shell = f"set -o pipefail; {sys.executable} -m bot {argv} 2>err.txt | head -1"
        result = subprocess.run(
            ["bash", "-c", shell], capture_output=True, text=True, cwd=tmp_path,
            env={**sqlite_env, "PYTHONPATH": str(ROOT)}, timeout=120, check=False,
        )  # fmt: skip
        assert (tmp_path / "err.txt").read_text("utf-8") == ""
        if argv.startswith("parse"):
            assert result.returncode == 2 and result.stdout.count("\n") == 1
