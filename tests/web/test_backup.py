"""`python -m bot backup PATH` while the bot files requests: the copy restores and runs."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import sys
from pathlib import Path

from devtools.sandbox import sandbox
from tests.conftest import GRID
from tests.process import ROOT, bot_environment
from tests.story import GROUP3, GROUP5, WANG, Story, plain
from tests.waiting import until

BURST = 40
UNLIMITED = {"requests_per_hour": 100_000, "actions_per_minute": 100_000}


async def run_cli(*args: str, database_url: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args,
        cwd=ROOT,
        env=bot_environment("http://127.0.0.1:9", database_url),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


async def test_a_backup_taken_while_requests_are_filed_restores_and_the_bot_runs_on_it(
    tmp_path: Path,
) -> None:
    live = tmp_path / "weige.db"
    copy = tmp_path / "backups" / "weige-backup.db"
    copy.parent.mkdir()
    # One resident files them all: no per-person limit in the way.
    async with sandbox(f"sqlite+aiosqlite:///{live}", GRID, trust=UNLIMITED) as box:
        story = Story(box)
        await story.populate()
        for i in range(BURST):
            await story.emu.say(GROUP3, WANG.id, f"/report 3栋2单元楼道灯坏了 第{i}次")

        async def some_filed() -> bool:
            return count(live, "requests") >= 5

        await until(some_filed, "the first requests filed")
        code, out, err = await run_cli(
            "backup", str(copy), database_url=f"sqlite+aiosqlite:///{live}"
        )
        assert code == 0, err
        assert "requests" in out and str(copy) in out
        await box.settle(timeout=60)
        assert count(live, "requests") == BURST

    backed_up = count(copy, "requests")
    assert 5 <= backed_up <= BURST
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        numbers = [row[0] for row in connection.execute("SELECT number FROM requests ORDER BY id")]
        owed = " ".join(row[0] for row in connection.execute("SELECT payload FROM outbox"))
    # One commit's picture: no gap, and every request with the reply it owed the group.
    assert numbers == list(range(1, backed_up + 1))
    assert all(f"#{number}" in owed for number in numbers)
    assert not list(copy.parent.glob(".*partial"))

    # Restored in place of a lost database: the bot starts on it and numbering goes on.
    restored = tmp_path / "restored.db"
    shutil.copy(copy, restored)
    async with sandbox(f"sqlite+aiosqlite:///{restored}", GRID, trust=UNLIMITED) as box:
        story = Story(box)
        await story.populate()
        # Building 5's group: a fresh emulator numbers messages from 1 again, and group 3's
        # first ones are in the restored inbox already (Telegram's own ids never repeat).
        await story.say(WANG, GROUP5, "/report 5栋电梯又坏了")
        replies = [plain(m["text"]) for m in await story.new(GROUP5)]
        assert any(f"#{backed_up + 1}" in text for text in replies), replies


async def test_backup_refuses_the_database_itself_and_a_missing_folder(tmp_path: Path) -> None:
    live = tmp_path / "weige.db"
    url = f"sqlite+aiosqlite:///{live}"
    code, _, err = await run_cli("migrate", database_url=url)
    assert code == 0, err
    code, _, err = await run_cli("backup", str(live), database_url=url)
    assert code == 2 and "the database itself" in err
    code, _, err = await run_cli("backup", str(tmp_path / "nowhere" / "b.db"), database_url=url)
    assert code == 2 and "no such folder" in err


async def test_backup_on_postgresql_points_to_pg_dump(tmp_path: Path) -> None:
    url = "postgresql+asyncpg://weige:secret@db.example.org:5433/weige"
    code, _, err = await run_cli("backup", str(tmp_path / "weige.dump"), database_url=url)
    assert code == 2
    assert "pg_dump --format=custom" in err and "--host=db.example.org --port=5433" in err
    assert "secret" not in err
