"""The three lists as one xlsx workbook: one sheet per list, headed in the reader's language,
dates as real spreadsheet dates in the community's time."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.i18n import Translate
from bot.services.stats import Figures, StatsReport
from storage.repositories.stats import ListedRequest, Owner

DATE_FORMAT = "yyyy-mm-dd hh:mm"
REQUEST_COLUMNS = (
    "number",
    "grid",
    "building",
    "category",
    "state",
    "urgent",
    "assignee",
    "created",
    "acknowledged",
    "resolved",
    "age-days",
    "rating",
    "households",
    "text",
)
OWNER_COLUMNS = ("owner", "buildings", "open-tasks")


def _local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    # Excel has no time zones: the community's wall-clock time, naive.
    return moment.astimezone(zone).replace(tzinfo=None) if moment else None


def _requests_sheet(
    sheet: Worksheet, t: Translate, rows: list[ListedRequest], zone: ZoneInfo, now: datetime
) -> None:
    sheet.append([t(f"column-{name}") for name in REQUEST_COLUMNS])
    for listed in rows:
        r = listed.request
        sheet.append(
            [
                r.number,
                listed.grid_code,
                listed.building_number or r.building_label,
                t(f"category-{r.category}"),
                t(f"state-{r.state.value}"),
                t("yes") if r.urgent else t("no"),
                listed.assignee_name,
                _local(r.created_at, zone),
                _local(r.acknowledged_at, zone),
                _local(r.resolved_at, zone),
                round((now - r.created_at).total_seconds() / 86400, 1),
                r.rating,
                r.households,
                r.text,
            ]
        )
    for column in ("H", "I", "J"):
        for cell in sheet[column][1:]:
            cell.number_format = DATE_FORMAT
        sheet.column_dimensions[column].width = 17
    sheet.column_dimensions["N"].width = 60
    sheet.freeze_panes = "A2"


FIGURE_COLUMNS = (
    "report-scope",
    "report-received",
    "report-closed",
    "report-closure",
    "report-resolution",
    "report-satisfaction",
)


def _figures_sheet(sheet: Worksheet, t: Translate, report: StatsReport) -> None:
    """办结率 and 解决率 side by side: closed is not the same as solved for residents."""
    sheet.append([t(key) for key in FIGURE_COLUMNS])

    def row(name: str, f: Figures) -> list[object]:
        return [name, f.received, f.closed, f.closure_rate, f.resolution_rate, f.satisfaction_rate]

    sheet.append(row(t("report-all"), report.total))
    for name, grid_figures in report.by_grid:
        sheet.append(row(name, grid_figures))
    for column in ("D", "E", "F"):
        for cell in sheet[column][1:]:
            cell.number_format = "0.0%"
    sheet.column_dimensions["A"].width = 24


def workbook(
    t: Translate,
    demand: list[ListedRequest],
    owners: list[Owner],
    progress: list[ListedRequest],
    zone: ZoneInfo,
    now: datetime,
    figures: StatsReport | None = None,
) -> bytes:
    book = Workbook(write_only=False)
    sheet = book.active
    assert sheet is not None
    sheet.title = t("sheet-demand")
    _requests_sheet(sheet, t, demand, zone, now)
    owners_sheet = book.create_sheet(t("sheet-owners"))
    owners_sheet.append([t(f"column-{name}") for name in OWNER_COLUMNS])
    for owner in owners:
        owners_sheet.append([owner.name, ", ".join(owner.buildings), owner.open_tasks])
    owners_sheet.column_dimensions["B"].width = 40
    _requests_sheet(book.create_sheet(t("sheet-progress")), t, progress, zone, now)
    if figures is not None:
        _figures_sheet(book.create_sheet(t("sheet-figures")), t, figures)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
