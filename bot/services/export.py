"""Requests as flat records for operators' scripts and spreadsheets."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from storage.repositories import Repositories

COLUMNS = [
    "id",
    "number",
    "community",
    "building",
    "unit",
    "room",
    "category",
    "urgent",
    "state",
    "mode",
    "reporter_id",
    "assignee_id",
    "created_at",
    "acknowledged_at",
    "resolved_at",
    "closed_at",
    "rating",
    "households",  # the reporter and the neighbours who said "me too"
]
_TIMES = ("created_at", "acknowledged_at", "resolved_at", "closed_at")


def _iso(moment: datetime | None, zone: ZoneInfo) -> str | None:
    return moment.astimezone(zone).isoformat() if moment else None


async def export_requests(repos: Repositories, community: str | None) -> list[dict[str, Any]]:
    zones = {c.id: ZoneInfo(c.timezone) for c in await repos.directory.all_communities()}
    records = []
    for row in await repos.requests.export_rows(community):
        zone = zones[row["community_id"]]
        records.append(
            {
                "id": row["id"],
                "number": row["number"],
                "community": row["community_name"],
                # The building the request was routed to; else what the resident wrote.
                "building": row["building_number"] or row["building_label"],
                "unit": row["unit"],
                "room": row["room"],
                "category": row["category"],
                "urgent": row["urgent"],
                "state": row["state"],
                "mode": row["mode"],
                # Telegram user ids: what operators know people by.
                "reporter_id": row["reporter_telegram_id"],
                "assignee_id": row["assignee_telegram_id"],
                **{key: _iso(row[key], zone) for key in _TIMES},
                "rating": row["rating"],
                "households": row["households"],
            }
        )
    return records
