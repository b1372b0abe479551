"""`python -m bot …`: run, demo, parse, grid import/show, export, report, audit, invite, migrate,
backup."""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import logging
import os
import signal
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.domain.models import Reach
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

    run = command("run", "run the bot (long polling unless --webhook)")
    run.add_argument(
        "--webhook",
        action="store_true",
        help="serve Telegram's webhook on [http] host:port (needs webhook.public_url and "
        "webhook.secret_token)",
    )
    demo = command("demo", "play a scripted day against the built-in Telegram emulator")
    demo.add_argument("--keep", metavar="DIR", help="keep the demo database in DIR")
    parse = command("parse", "parse TEXT, or JSON Lines from standard input with '-'")
    parse.add_argument("text")
    parser_tools = command(
        "parser",
        "parser tools: eval FILE.jsonl [--errors N] scores a labelled file; learn fits each "
        "community's corrections; examples --export [--output FILE] writes them as JSON Lines",
    )
    parser_tools.add_argument("tool", choices=["eval", "learn", "examples"])
    parser_tools.add_argument("rest", nargs=argparse.REMAINDER)
    command("migrate", "apply database migrations")
    backup = command(
        "backup",
        "SQLite: copy the database to PATH while the bot runs (online backup); "
        "PostgreSQL: prints the pg_dump command to use instead",
    )
    backup.add_argument("path", type=Path)

    grid = command("grid", "the grid directory")
    grid_commands = grid.add_subparsers(dest="grid_command", required=True)
    grid_import = grid_commands.add_parser(
        "import", help="load a directory TOML file", parents=[common]
    )
    grid_import.add_argument("file", type=Path)
    grid_commands.add_parser("show", help="print the directory tree", parents=[common])
    grid_commands.add_parser(
        "check", help="list the people tasks cannot reach in private", parents=[common]
    )

    export = command("export", "export data")
    export.add_argument("what", choices=["requests"])
    export.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
    export.add_argument("--community", help="only this community")
    # xlsx: the three lists, one sheet each; binary, so best written to a file.
    export.add_argument(
        "--output", type=Path, help="xlsx: write here (standard output only when redirected)"
    )
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
    try:
        return _command(args)
    except BrokenPipeError:
        # `| head` took what it wanted and closed the pipe: no traceback, and nothing more
        # written (Python's own flush at exit would fail on the closed pipe again).
        _silence_stdout()
        return 2


def _command(args: argparse.Namespace) -> int:
    if args.command == "parse":
        from bot.parsing.cli import main as parse_main

        return parse_main([args.text], sys.stdin, sys.stdout)
    if args.command == "parser" and args.tool == "eval":
        from bot.parsing.evaluate import main as eval_main

        return eval_main(args.rest)
    if args.command == "parser":
        # The tool's own options follow its name; --config may be among them.
        found = argparse.ArgumentParser(add_help=False)
        found.add_argument("--config", default=argparse.SUPPRESS)
        options, args.rest = found.parse_known_args(args.rest)
        if hasattr(options, "config"):
            args.config = options.config
    if _binary_to_terminal(args):
        print(
            "export: xlsx is a binary file; give --output FILE (or redirect: > lists.xlsx)",
            file=sys.stderr,
        )
        return 2
    settings: Settings | None = None
    try:
        settings = load_settings(getattr(args, "config", None))
        if args.command == "run":
            settings.require_token()
            if args.webhook:
                settings.webhook.enabled = True
            if settings.webhook.enabled:
                settings.require_webhook()
            return _run(settings)
        if args.command == "demo":
            return _demo(args.keep)
        if args.command == "backup":
            return _backup(args.path, settings)
        return asyncio.run(_offline(args, settings))
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        raise
    except Exception as exc:
        # What an operator can fix (the token, the database, the network) gets one line
        # naming the key; anything else is a bug and keeps its traceback.
        line = _explain(exc, settings) if settings is not None else None
        if line is None:
            raise
        print(f"error: {line}", file=sys.stderr)
        return 2


def _binary_to_terminal(args: argparse.Namespace) -> bool:
    if args.command != "export" or args.format != "xlsx" or args.output is not None:
        return False
    return sys.stdout.isatty()


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # not a real file (captured in tests): nothing will flush into a closed pipe


def _explain(exc: BaseException, settings: Settings) -> str | None:
    from storage.database import explain_failure

    return explain_failure(settings.storage.url, exc) or _explain_telegram(exc, settings)


def _explain_telegram(exc: BaseException, settings: Settings) -> str | None:
    from aiogram.exceptions import TelegramNetworkError, TelegramNotFound, TelegramUnauthorizedError
    from aiogram.utils.token import TokenValidationError

    base = settings.telegram.api_base
    if isinstance(exc, TokenValidationError):
        return "telegram.token: not a bot token (it looks like 123456789:AAE…; copy it from @BotFather)"
    if isinstance(exc, TelegramUnauthorizedError):
        return f"telegram.token: rejected by {base} (revoked or mistyped; check it in @BotFather)"
    if isinstance(exc, TelegramNotFound):
        return f"telegram.api_base: {base} is not a Bot API server (it answered 404 Not Found)"
    if isinstance(exc, TelegramNetworkError):
        waited = settings.telegram.start_retry_seconds
        return (
            f"telegram.api_base: cannot reach {base} after {waited:g} s ({exc.message}); "
            "check the address and the network"
        )
    return None


def _backup(path: Path, settings: Settings) -> int:
    from storage.backup import BackupError, backup_sqlite, pg_dump_command, sqlite_path

    source = sqlite_path(settings.storage.url)
    if source is None:
        print(
            "backup: this bot keeps its data in PostgreSQL; back it up with PostgreSQL's own "
            "tool (safe while the bot runs), for example:\n"
            f"  {pg_dump_command(settings.storage.url, str(path))}\n"
            f"and restore with: pg_restore --clean --if-exists --dbname=DATABASE {path}",
            file=sys.stderr,
        )
        return 2
    try:
        done = backup_sqlite(source, path)
    except BackupError as exc:
        print(f"backup: {exc}", file=sys.stderr)
        return 2
    print(
        f"backed up {done.source} to {done.target}: {done.size:,} bytes, "
        f"{done.requests} requests (restore: stop the bot, copy it over {done.source.name})"
    )
    return 0


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
    # The start is one line of our own (which bot, which storage), not APScheduler's line per
    # job added and started, nor matplotlib's font cache when the first chart is drawn.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("matplotlib").setLevel(logging.WARNING)
    if not settings.diagnostics.log_updates:
        logging.getLogger("aiogram.event").setLevel(logging.WARNING)

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
            return await _grid(args, settings, database)
        if args.command == "audit":
            return await _audit(args, database)
        if args.command == "invite":
            return await _invite(args, settings, database)
        if args.command == "parser":
            return await _parser_tool(args, database)
        if args.command == "report" or args.format == "xlsx":
            from bot.reports.offline import offline_report

            return await offline_report(args, settings, database)
        return await _export(args, database)
    finally:
        await database.close()


async def _grid(args: argparse.Namespace, settings: Settings, database: Any) -> int:
    from bot.app import offline_services
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
            services = offline_services(repos, settings)
            summary = await services.directory.apply(plans)
            # Menus for everyone with a post and every bound group: sent by the running bot.
            await services.menus.refresh_all()
        print(
            f"imported {summary.communities} communities, {summary.grids} grids, "
            f"{summary.buildings} buildings, {summary.people} people"
        )
        return 0
    if args.grid_command == "check":
        async with database.transaction() as repos:
            missing = await DirectoryService(repos).out_of_reach()
        for where, role, person in missing:
            print(f"{where}: {_post(role, person)}")
        print(
            f"{len(missing)} people cannot get their tasks in private"
            if missing
            else "everyone in the directory can get their tasks in private"
        )
        return 1 if missing else 0
    async with database.transaction() as repos:
        tree = await DirectoryService(repos).tree()
    for community in tree:
        print(f"{community.community.name} ({community.community.timezone})")
        for admin in community.admins:
            print(f"  {_post('admin', admin)}")
        for grid in community.grids:
            print(f"  {grid.grid.code} {grid.grid.name}")
            for role, person in grid.posts:
                print(f"    {_post(role, person)}")
            for building in grid.buildings:
                chat = building.building.chat_id
                print(f"    {building.building.number}{f'  chat {chat}' if chat else ''}")
                for role, person in building.posts:
                    print(f"      {_post(role, person)}")
    return 0


# Operator's words for the posts (the chat texts name them from the catalogues).
_POSTS = {
    "admin": "admin",
    "leader": "grid leader",
    "grid_worker": "grid worker",
    "health_worker": "health worker",
    "legal_adviser": "legal adviser",
    "police": "police",
    "member": "member",
    "head": "building head",
    "floor_head": "floor head",
}


def _post(role: str, person: Any) -> str:
    """'member 李长明 (id 3001): started'. Whether tasks can reach them in private: those who
    never sent /start get them as a mention in the group; a username not yet matched to an
    account (they never wrote) cannot be reached at all."""
    who = f"id {person.telegram_id}" if person.telegram_id else f"@{person.username}"
    reach = _REACH[person.reach].format(why=person.unreachable)
    return f"{_POSTS[str(role)]} {person.name} ({who}): {reach}"


_REACH = {
    Reach.STARTED: "started",
    Reach.NOT_STARTED: "not started (tasks go to the group)",
    Reach.NOT_MATCHED: "not matched yet (has not written to the bot or a group)",
    Reach.REFUSED: "refused by Telegram: {why} (tasks go to the group; check the id)",
}


async def _parser_tool(args: argparse.Namespace, database: Any) -> int:
    """`parser learn`, `parser examples --export [--output FILE]`."""
    from datetime import UTC, datetime

    from bot.services.learning import export_examples, learn

    if args.tool == "learn":
        if args.rest:
            print(f"parser learn: unexpected {' '.join(args.rest)}", file=sys.stderr)
            return 2
        async with database.transaction() as repos:
            fitted = await learn(repos, datetime.now(UTC))
        for one in fitted:
            print(f"{one.community}: fitted {one.examples} examples ({one.kept} distinct texts)")
        if not fitted:
            print("no corrections yet: every community uses the shipped model")
        return 0
    options = argparse.ArgumentParser(prog="python -m bot parser examples")
    options.add_argument("--export", action="store_true", required=True)
    options.add_argument("--output", type=Path, help="write here (default standard output)")
    chosen = options.parse_args(args.rest)
    async with database.transaction() as repos:
        rows = await export_examples(repos)
    lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if chosen.output is None:
        sys.stdout.write(lines)
    else:
        chosen.output.write_text(lines, encoding="utf-8")
        print(f"wrote {len(rows)} examples to {chosen.output}", file=sys.stderr)
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
