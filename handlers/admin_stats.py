"""/stats [period], /leaderboard and /export in private: figures, a chart, points, a workbook."""

from __future__ import annotations

from functools import partial

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.delivery.writer import OutboxWriter
from bot.domain.models import Person
from bot.i18n import Translate
from bot.reports.charts import weekly_chart
from bot.services.lists import ListService
from bot.services.points import PointsService
from bot.services.stats import StatsService
from bot.telegram.deferred import Deferred
from bot.telegram.views.stats import stats_text


async def cmd_stats(
    message: Message,
    command: CommandObject,
    actor: Person | None,
    stats: StatsService,
    writer: OutboxWriter,
    deferred: Deferred,
    t: Translate,
) -> None:
    report = await stats.report(actor, command.args)
    await writer.send(message.chat.id, stats_text(t, report))
    weekly = await stats.weekly(report.viewer)
    deferred.send_file(
        message.chat.id,
        "photo",
        partial(weekly_chart, t, weekly),
        "weekly.png",
        caption=t("chart-caption"),
    )


async def cmd_leaderboard(
    message: Message,
    actor: Person | None,
    points: PointsService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    boards = await points.leaderboards(actor)
    parts = []
    for board in boards:
        lines = [
            t(
                "leaderboard-line",
                rank=row.rank,
                name=row.name,
                points=row.points,
                acknowledged=row.acknowledged,
                resolved=row.resolved,
                well_rated=row.well_rated,
            )
            for row in board.rows
        ]
        parts.append(
            t("leaderboard-title", title=board.title, month=board.month)
            + "\n"
            + ("\n".join(lines) or t("list-empty"))
        )
    await writer.send(message.chat.id, "\n\n".join(parts))


async def cmd_export(
    message: Message,
    actor: Person | None,
    lists: ListService,
    stats: StatsService,
    deferred: Deferred,
    t: Translate,
) -> None:
    # openpyxl (and numpy, PIL behind it) only in a worker that was asked for a workbook.
    from bot.reports.workbook import workbook

    viewer, demand, owners, progress = await lists.everything(actor)
    figures = await stats.report_for(viewer, "month")
    now = lists.clock()
    deferred.send_file(
        message.chat.id,
        "document",
        partial(workbook, t, demand, owners, progress, viewer.zone, now, figures),
        f"weige-{now.astimezone(viewer.zone).strftime('%Y%m%d')}.xlsx",
        caption=t("export-caption"),
    )


def setup() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == "private")
    router.message.register(cmd_stats, Command("stats"))
    router.message.register(cmd_leaderboard, Command("leaderboard"))
    router.message.register(cmd_export, Command("export"))
    return router
