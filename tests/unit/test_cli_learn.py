"""`parser learn` and `parser examples --export`: the operator's side of the corrections."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from tests.unit.test_cli import _file_one_request, config, run  # noqa: F401  (config: a fixture)


async def _withdraw_it(db_url: str) -> None:
    from datetime import UTC, datetime

    from bot.services.people import Account
    from storage.database import Database
    from tests.wiring import services_over

    database = Database(db_url)
    async with database.transaction() as repos:
        clock = lambda: datetime(2026, 11, 22, 2, 0, tzinfo=UTC)  # noqa: E731
        wang = await services_over(repos, clock).people.seen(Account(9001, None, "王阿姨", "zh"))

        async def ignore(_notice: object) -> None:
            return None

        await services_over(repos, clock, notify=ignore).requests.withdraw(wang, 1)
    await database.close()


def test_learn_and_export_json_lines(
    config: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    cfg = ("--config", str(config))
    db = f"sqlite+aiosqlite:///{config.parent / 'w.db'}"
    run(capsys, "grid", "import", str(config.parent / "grid.toml"), *cfg)
    assert run(capsys, "parser", "learn", *cfg)[1] == (
        "no corrections yet: every community uses the shipped model\n"
    )
    asyncio.run(_file_one_request(db))
    asyncio.run(_withdraw_it(db))
    assert run(capsys, "parser", "learn", *cfg)[:2] == (
        0,
        "和美社区: fitted 1 examples (1 distinct texts)\n",
    )
    code, out, _ = run(capsys, "parser", "examples", "--export", *cfg)
    expected = {
        "text": "3栋2单元501厨房漏水了",
        "is_request": False,
        "category": None,
        "urgent": False,
        "community": "和美社区",
        "source": "withdrawn",
    }
    assert code == 0 and [json.loads(line) for line in out.splitlines()] == [expected]
    target = tmp_path / "examples.jsonl"
    assert run(capsys, "parser", "examples", "--export", "--output", str(target), *cfg)[0] == 0
    assert json.loads(target.read_text("utf-8")) == expected
