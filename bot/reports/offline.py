"""`python -m bot export requests --format xlsx` and `python -m bot report`: the admin's
files, made for an operator at the command line (every community, or one)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta

from bot.domain.models import Person
from bot.i18n import Translator
from bot.reports.charts import weekly_chart
from bot.reports.html import html_report
from bot.reports.workbook import workbook
from bot.services.lists import ListService
from bot.services.permissions import Standing, Viewer
from bot.services.stats import StatsService
from bot.settings import Settings
from storage.database import Database

OPERATOR = Person(id=0, name="operator", telegram_id=None, username=None)


async def offline_report(args: argparse.Namespace, settings: Settings, database: Database) -> int:
    t = Translator(default=settings.default_locale).bind(args.locale or settings.default_locale)
    now = datetime.now(UTC)
    overdue = timedelta(hours=settings.admin.overdue_hours)
    async with database.transaction() as repos:
        communities = await repos.directory.all_communities()
        if args.community:
            communities = [c for c in communities if c.name == args.community]
        if not communities:
            print("no such community", file=sys.stderr)
            return 1
        # The operator sees as an admin of the chosen communities.
        who = Viewer(OPERATOR, Standing.ADMIN, tuple(communities), (), ())
        if args.command == "export":
            lists = ListService(repos, lambda: now, settings.admin.page_size, overdue)
            _, demand, owners, progress = await lists.everything_for(who)
            content = workbook(t, demand, owners, progress, who.zone, now)
            if args.output:
                args.output.write_bytes(content)
            else:
                sys.stdout.buffer.write(content)
            return 0
        stats = StatsService(repos, lambda: now, overdue)
        report = await stats.report_for(who, args.period)
        chart = weekly_chart(t, await stats.weekly(who))
    args.output.write_text(html_report(t, report, chart), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0
