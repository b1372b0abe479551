"""/stats [period], /leaderboard and /export in private: figures, a chart, points, a workbook."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.delivery.writer import OutboxWriter
from bot.domain.models import Person
from bot.i18n import Translate
from bot.reports.charts import weekly_chart
from bot.reports.html import hours, rate
from bot.reports.workbook import workbook
from bot.services.lists import ListService
from bot.services.points import PointsService
from bot.services.stats import Figures, StatsReport, StatsService


def figures_text(t: Translate, name: str, f: Figures) -> str:
    return t(
        "stats-figures",
        name=name,
        received=f.received,
        closed=f.closed,
        closure=rate(f.closure_rate),
        satisfaction=rate(f.satisfaction_rate),
        rated=f.rated,
        ack_median=hours(f.ack_median),
        ack_p90=hours(f.ack_p90),
        resolve_median=hours(f.resolve_median),
        resolve_p90=hours(f.resolve_p90),
        overdue=f.overdue,
    )


def stats_text(t: Translate, report: StatsReport) -> str:
    whole = report.viewer.person.name if report.viewer.standing == "member" else t("report-all")
    parts = [figures_text(t, whole, report.total)]
    parts += [figures_text(t, name, figures) for name, figures in report.by_grid]
    return t("stats-title", period=report.period.label) + "\n\n" + "\n\n".join(parts)


async def cmd_stats(
    message: Message,
    command: CommandObject,
    actor: Person | None,
    stats: StatsService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    report = await stats.report(actor, command.args)
    await writer.send(message.chat.id, stats_text(t, report))
    chart = weekly_chart(t, await stats.weekly(report.viewer))
    await writer.send_file(
        message.chat.id, "photo", chart, "weekly.png", caption=t("chart-caption")
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
    writer: OutboxWriter,
    t: Translate,
) -> None:
    viewer, demand, owners, progress = await lists.everything(actor)
    content = workbook(t, demand, owners, progress, viewer.zone, lists.clock())
    stamp = lists.clock().astimezone(viewer.zone).strftime("%Y%m%d")
    await writer.send_file(
        message.chat.id, "document", content, f"weige-{stamp}.xlsx", caption=t("export-caption")
    )


def setup() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == "private")
    router.message.register(cmd_stats, Command("stats"))
    router.message.register(cmd_leaderboard, Command("leaderboard"))
    router.message.register(cmd_export, Command("export"))
    return router
