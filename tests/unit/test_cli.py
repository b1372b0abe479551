"""The operator's commands: grid import and show, export, parse."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import GRID
from tests.story import GROUP3, HEALTH, Story

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("WEIGE_CONFIG", raising=False)
    path = tmp_path / "config.toml"
    path.write_text(f'[storage]\nurl = "sqlite+aiosqlite:///{tmp_path / "w.db"}"\n', "utf-8")
    (tmp_path / "grid.toml").write_text(GRID, "utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_grid_import_is_idempotent_and_show_prints_the_tree(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    grid = str(config.parent / "grid.toml")
    assert run(capsys, "grid", "import", grid, "--config", str(config))[1] == (
        "imported 1 communities, 2 grids, 4 buildings, 9 people\n"
    )
    assert run(capsys, "grid", "import", grid, "--config", str(config))[0] == 0
    code, out, _ = run(capsys, "grid", "show", "--config", str(config))
    assert code == 0
    lines = out.splitlines()
    # The tree, without the people (the test below reads those).
    assert [line for line in lines if "(id " not in line and "(@" not in line] == [
        "和美社区 (Asia/Shanghai)",
        "  A 和美小区",
        "    3  chat -1003",
        "    5  chat -1005",
        "    7  chat -1007",
        "  B 和美二期",
        "    3",
    ]


def test_grid_import_errors_name_the_file_path_and_line(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = config.parent / "bad.toml"
    bad.write_text('[[community]]\nname = "甲"\n[[community.grid]]\nname = "一"\n', "utf-8")
    code, out, err = run(capsys, "grid", "import", str(bad), "--config", str(config))
    assert code == 1 and out == ""
    assert err == f"{bad}: community[0].grid[0].code: missing (line 3)\n"
    code, _, err = run(capsys, "grid", "show", "--config", str(config))
    assert code == 0  # nothing was half-imported: the tree is empty


def test_missing_directory_file(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "grid", "import", "/no/such.toml", "--config", str(config))
    assert code == 2 and "No such file" in err


async def _file_one_request(db_url: str) -> None:
    from datetime import UTC, datetime

    from bot.services.people import Account
    from bot.services.requests import GroupMessage
    from storage.database import Database
    from tests.wiring import services_over

    database = Database(db_url)
    async with database.transaction() as repos:
        clock = lambda: datetime(2026, 11, 22, 1, 30, tzinfo=UTC)  # noqa: E731
        wang = await services_over(repos, clock).people.seen(Account(9001, None, "王阿姨", "zh"))

        async def ignore(_notice: object) -> None:
            return None

        service = services_over(repos, clock, notify=ignore).requests
        await service.intake(wang, GroupMessage(-1003, 5, "3栋2单元501厨房漏水了"), forced=True)
    await database.close()


def test_export_requests_json_and_csv(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import asyncio

    run(capsys, "grid", "import", str(config.parent / "grid.toml"), "--config", str(config))
    asyncio.run(_file_one_request(f"sqlite+aiosqlite:///{config.parent / 'w.db'}"))

    code, out, _ = run(capsys, "export", "requests", "--format", "json", "--config", str(config))
    (record,) = json.loads(out)
    assert code == 0 and list(record) == [
        "id",
        "number",
        "community",
        "building",
        "unit",
        "room",
        "category",
        "urgent",
        "state",
        "mode",
        "reporter_id",
        "assignee_id",
        "created_at",
        "acknowledged_at",
        "resolved_at",
        "closed_at",
        "rating",
        "households",
    ]
    assert record["number"] == 1 and record["community"] == "和美社区"
    assert (record["building"], record["unit"], record["room"]) == ("3", "2", "501")
    assert (record["reporter_id"], record["assignee_id"]) == (9001, 3001)
    assert record["created_at"] == "2026-11-22T09:30:00+08:00"  # the community's own offset
    assert record["acknowledged_at"] is None and record["rating"] is None
    assert record["households"] == 1

    code, out, _ = run(capsys, "export", "requests", "--format", "csv", "--config", str(config))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["number"] == "1" and rows[0]["closed_at"] == ""
    code, out, _ = run(
        capsys, "export", "requests", "--community", "别的社区", "--config", str(config)
    )
    assert json.loads(out) == []


def test_parse_command_text_and_json_lines() -> None:
    one = subprocess.run(
        [sys.executable, "-m", "bot", "parse", "Gas smell in Building 5 unit 2!"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    result = json.loads(one.stdout)
    assert list(result) == [
        "is_request",
        "category",
        "building",
        "unit",
        "room",
        "urgent",
        "confidence",
    ]
    assert (result["category"], result["building"], result["urgent"]) == ("safety", "5", True)
    lines = '{"id": "a", "text": "早上好"}\n{"id": "b", "text": "3栋2单元501漏水"}\n'
    many = subprocess.run(
        [sys.executable, "-m", "bot", "parse", "-"],
        input=lines,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    first, second = (json.loads(line) for line in many.stdout.splitlines())
    assert (first["id"], first["is_request"]) == ("a", False)
    assert (second["id"], second["room"]) == ("b", "501")


async def test_grid_show_lists_who_holds_each_post_and_who_started(
    story: Story, sqlite_url: str, tmp_path: Path
) -> None:
    # Through the emulator: 李长明, 张网格长 and 王书记 sent /start (Story.populate); 刘医生
    # wrote in a group but never opened a private chat; 吴师傅 is known by username only.
    await story.say(HEALTH, GROUP3, "大家好")
    config = tmp_path / "show.toml"
    config.write_text(f'[storage]\nurl = "{sqlite_url}"\n', "utf-8")
    # A process of its own, beside the running bot, as an operator would run it.
    show = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "grid", "show", "--config", str(config),
        cwd=ROOT, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, _ = await show.communicate()
    out = stdout.decode("utf-8")
    assert show.returncode == 0
    assert out.splitlines() == [
        "和美社区 (Asia/Shanghai)",
        "  admin 王书记 (id 1001): started",
        "  A 和美小区",
        "    grid leader 张网格长 (id 2001): started",
        "    health worker 刘医生 (id 2002): not started (tasks go to the group)",
        "    legal adviser 陈律师 (id 2003): not started (tasks go to the group)",
        "    police 赵警官 (id 2004): not started (tasks go to the group)",
        "    3  chat -1003",
        "      member 李长明 (id 3001): started",
        "      building head 周楼长 (id 3002): not started (tasks go to the group)",
        "    5  chat -1005",
        "      member 陈阿姨 (id 3005): not started (tasks go to the group)",
        "    7  chat -1007",
        "  B 和美二期",
        "    3",
        "      member 吴师傅 (@b3_member): not matched yet (has not written to the bot or a group)",
    ]
