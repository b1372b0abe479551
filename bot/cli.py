"""`python -m bot …`: run, demo, parse, grid import/show, export, report, audit, invite, migrate."""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import logging
import signal
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.settings import ConfigError, Settings, load_settings


def _parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m bot", description="Weige (微格) grid bot")
    commands = root.add_subparsers(dest="command", required=True)
    # Every command, nested ones included, takes --config wherever it is written.
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a nested parser must not reset a --config given before its name.
    common.add_argument(
        "--config",
        default=argparse.SUPPRESS,
        help="config file (default config.toml or $WEIGE_CONFIG)",
    )

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help_text, parents=[common])

    command("run", "run the bot with long polling")
    demo = command("demo", "play a scripted day against the built-in Telegram emulator")
    demo.add_argument("--keep", metavar="DIR", help="keep the demo database in DIR")
    parse = command("parse", "parse TEXT, or JSON Lines from standard input with '-'")
    parse.add_argument("text")
    command("migrate", "apply database migrations")

    grid = command("grid", "the grid directory")
    grid_commands = grid.add_subparsers(dest="grid_command", required=True)
    grid_import = grid_commands.add_parser(
        "import", help="load a directory TOML file", parents=[common]
    )
    grid_import.add_argument("file", type=Path)
    grid_commands.add_parser("show", help="print the directory tree", parents=[common])

    export = command("export", "export data")
    export.add_argument("what", choices=["requests"])
    export.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
    export.add_argument("--community", help="only this community")
    # xlsx: the three lists, one sheet each; binary, so best written to a file.
    export.add_argument("--output", type=Path, help="xlsx: write here (default: standard output)")
    export.add_argument("--locale", choices=["zh-Hans", "zh-Hant", "en"], help="xlsx headings")

    audit = command("audit", "print the audit trail: who changed what, when, before and after")
    audit.add_argument(
        "--since", required=True, type=_instant, help="a date or time, UTC unless zoned"
    )
    audit.add_argument("--person", type=int, help="only what this Telegram id did or underwent")

    invite = command("invite", "invite links in bulk, as CSV: one per building, grid or community")
    invite.add_argument("--role", required=True, help="member, head, leader, grid_worker, …, admin")
    invite.add_argument("--grid", help="only this grid code")
    invite.add_argument("--community", help="only this community")
    invite.add_argument("--bot-username", help="the bot's @username (default: asked of Telegram)")

    report = command("report", "figures and charts as an HTML report")
    report.add_argument("--period", default="month", help="week, month, quarter, year or 2026-05")
    report.add_argument("--community", help="only this community")
    report.add_argument("--output", type=Path, default=Path("report.html"))
    report.add_argument("--locale", choices=["zh-Hans", "zh-Hant", "en"])
    return root


def _instant(text: str) -> datetime:
    """`2026-12-01` or `2026-12-01T08:00[+08:00]`; a time without a zone is UTC."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write e.g. 2026-12-01") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "parse":
        from bot.parsing.cli import main as parse_main

        return parse_main([args.text], sys.stdin, sys.stdout)
    try:
        settings = load_settings(getattr(args, "config", None))
        if args.command == "run":
            settings.require_token()
            return _run(settings)
        if args.command == "demo":
            return _demo(args.keep)
        return asyncio.run(_offline(args, settings))
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return 2


def _demo(keep: str | None) -> int:
    # The emulator and the scripted day ship with a clone, not with a production install.
    try:
        from devtools.demo import run_demo
    except ModuleNotFoundError:
        print(
            "the demo needs a clone of the repository: run ./scripts/demo.sh there", file=sys.stderr
        )
        return 2
    return asyncio.run(run_demo(sys.stdout, keep=keep))


def _run(settings: Settings) -> int:
    from bot.app import create_app

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    async def run() -> None:
        app = create_app(settings)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        try:
            await app.run(stop)
        finally:
            await app.close()

    asyncio.run(run())
    return 0


async def _offline(args: argparse.Namespace, settings: Settings) -> int:
    """Commands that use the database but not Telegram."""
    from storage.database import Database

    database = Database(settings.storage.url)
    try:
        await database.migrate()
        if args.command == "migrate":
            return 0
        if args.command == "grid":
            return await _grid(args, database)
        if args.command == "audit":
            return await _audit(args, database)
        if args.command == "invite":
            return await _invite(args, settings, database)
        if args.command == "report" or args.format == "xlsx":
            from bot.reports.offline import offline_report

            return await offline_report(args, settings, database)
        return await _export(args, database)
    finally:
        await database.close()


async def _grid(args: argparse.Namespace, database: Any) -> int:
    from bot.services.directory import DirectoryError, DirectoryService, read_directory

    if args.grid_command == "import":
        try:
            plans = read_directory(args.file.read_text(encoding="utf-8"))
        except OSError as exc:
            print(f"{args.file}: {exc.strerror}", file=sys.stderr)
            return 2
        except DirectoryError as exc:
            for problem in exc.problems:
                print(f"{args.file}: {problem}", file=sys.stderr)
            return 1
        async with database.transaction() as repos:
            summary = await DirectoryService(repos).apply(plans)
        print(
            f"imported {summary.communities} communities, {summary.grids} grids, "
            f"{summary.buildings} buildings, {summary.people} people"
        )
        return 0
    async with database.transaction() as repos:
        tree = await DirectoryService(repos).tree()
    for community, grids in tree:
        print(f"{community.name} ({community.timezone})")
        for grid, buildings in grids:
            print(f"  {grid.code} {grid.name}")
            for building in buildings:
                chat = f"  chat {building.chat_id}" if building.chat_id else ""
                print(f"    {building.number}{chat}")
    return 0


async def _export(args: argparse.Namespace, database: Any) -> int:
    from bot.services.export import export_requests

    async with database.transaction() as repos:
        rows = await export_requests(repos, args.community)
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        from bot.services.export import COLUMNS

        writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return 0


async def _audit(args: argparse.Namespace, database: Any) -> int:
    """One tab-separated line per change: time, actor, action, subject, before, after."""
    from bot.services.audit import Auditor

    async with database.transaction() as repos:
        lines = await Auditor(repos, lambda: datetime.now(UTC)).since(args.since, args.person)
    for line in lines:
        entry, actor = line.entry, line.actor
        who = f"{actor.telegram_id or ''}#{actor.id}" if actor else "bot"
        subject = f"{entry.subject_type}:{entry.subject_id if entry.subject_id else ''}"
        before = json.dumps(entry.before, ensure_ascii=False, sort_keys=True)
        after = json.dumps(entry.after, ensure_ascii=False, sort_keys=True)
        at = entry.at.isoformat(timespec="seconds")
        print("\t".join((at, who, entry.action, subject, before, after)))
    return 0


async def _invite(args: argparse.Namespace, settings: Settings, database: Any) -> int:
    """Prints one link per place; the tokens exist nowhere else, so keep the output safe."""
    from bot.services.config import ServiceConfig
    from bot.services.invites import INVITABLE
    from bot.services.roles import PlaceNotFound

    if args.role not in INVITABLE:
        print(f"--role: one of {', '.join(INVITABLE)}", file=sys.stderr)
        return 2
    username = args.bot_username or await _bot_username(settings)
    config = ServiceConfig.from_settings(settings)
    async with database.transaction() as repos:
        try:
            issued = await _services(repos, config).invites.bulk(
                args.role, args.community, args.grid
            )
        except PlaceNotFound:
            issued = []
    if not issued:
        print("no such place in the directory", file=sys.stderr)
        return 1
    from bot.telegram.views.trust import invite_link

    writer = csv.writer(sys.stdout)
    writer.writerow(["community", "grid", "building", "role", "link", "expires_at"])
    for one in issued:
        post = one.post
        writer.writerow([
            post.community.name,
            post.grid.code if post.grid else "",
            post.building.number if post.building else "",
            post.role,
            invite_link(username, one.token),
            one.invite.expires_at.isoformat(timespec="seconds"),
        ])  # fmt: skip
    return 0


async def _bot_username(settings: Settings) -> str:
    from bot.app import create_bot

    bot = create_bot(settings)
    try:
        me = await bot.me()
    finally:
        await bot.session.close()
    assert me.username is not None
    return me.username


def _services(repos: Any, config: Any) -> Any:
    """The container's services with notices dropped: the CLI tells nobody in Telegram."""
    from bot.services.container import build_services
    from bot.services.requests import ParserBook

    async def ignore(_notice: object) -> None:
        return None

    return build_services(repos, ignore, config, ParserBook({}), lambda: datetime.now(UTC))
