"""Figures in words: /stats for a period, per grid."""

from __future__ import annotations

from bot.i18n import Translate
from bot.reports.html import hours, rate
from bot.services.stats import Figures, StatsReport


def figures_text(t: Translate, name: str, f: Figures) -> str:
    return t(
        "stats-figures",
        name=name,
        received=f.received,
        closed=f.closed,
        closure=rate(f.closure_rate),
        solved=f.solved,
        resolution=rate(f.resolution_rate),
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
