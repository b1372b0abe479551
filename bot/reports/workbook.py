"""The three lists as one xlsx workbook: one sheet per list, headed in the reader's language,
dates as real spreadsheet dates in the community's time."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.i18n import Translate
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
                r.text,
            ]
        )
    for column in ("H", "I", "J"):
        for cell in sheet[column][1:]:
            cell.number_format = DATE_FORMAT
        sheet.column_dimensions[column].width = 17
    sheet.column_dimensions["M"].width = 60
    sheet.freeze_panes = "A2"


def workbook(
    t: Translate,
    demand: list[ListedRequest],
    owners: list[Owner],
    progress: list[ListedRequest],
    zone: ZoneInfo,
    now: datetime,
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
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
