"""A self-contained HTML report (figures and the chart inlined): printable, mailable."""

from __future__ import annotations

import base64
import html

from bot.i18n import Translate
from bot.services.stats import Figures, StatsReport


def rate(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def hours(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds / 3600:.1f} h"


def _row(name: str, f: Figures) -> str:
    cells = [
        name,
        str(f.received),
        str(f.closed),
        rate(f.closure_rate),
        rate(f.resolution_rate),
        rate(f.satisfaction_rate),
        hours(f.ack_median),
        hours(f.ack_p90),
        hours(f.resolve_median),
        hours(f.resolve_p90),
        str(f.overdue),
    ]
    return "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>"


def html_report(t: Translate, report: StatsReport, chart_png: bytes | None) -> str:
    heads = [
        "report-scope",
        "report-received",
        "report-closed",
        "report-closure",
        "report-resolution",
        "report-satisfaction",
        "report-ack-median",
        "report-ack-p90",
        "report-resolve-median",
        "report-resolve-p90",
        "report-overdue",
    ]
    head = "".join(f"<th>{html.escape(t(key))}</th>" for key in heads)
    rows = [_row(t("report-all"), report.total)]
    rows += [_row(name, figures) for name, figures in report.by_grid]
    chart = (
        f'<img alt="chart" src="data:image/png;base64,{base64.b64encode(chart_png).decode()}">'
        if chart_png
        else ""
    )
    title = html.escape(t("report-title", period=report.period.label))
    return (
        f'<!doctype html><html lang="{t.locale}"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>"
        "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:4px 8px;text-align:right}"
        "td:first-child,th:first-child{text-align:left}</style></head><body>"
        f"<h1>{title}</h1><table><tr>{head}</tr>{''.join(rows)}</table>{chart}</body></html>"
    )
