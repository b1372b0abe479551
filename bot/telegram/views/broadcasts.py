"""Broadcasts in words: the admin's progress message and the final report."""

from __future__ import annotations

from typing import Any

from bot.i18n import Translate
from bot.services.broadcasts import Progress
from storage.repositories.broadcasts import Broadcast, TargetOutcome

REPORT_LINES = 40  # a long list of failures is cut; the export has them all


def _figures(broadcast: Broadcast, progress: Progress) -> dict[str, Any]:
    """What the progress message and the final report both show."""
    return {
        "id": broadcast.id,
        "state": broadcast.state,
        "total": progress.total,
        "sent": progress.sent,
        "failed": progress.failed,
        "unknown": progress.unknown,
        "cancelled": progress.cancelled,
    }


def progress_text(t: Translate, broadcast: Broadcast, progress: Progress) -> str:
    return t("broadcast-progress", **_figures(broadcast, progress), remaining=progress.remaining)


def outcome_line(t: Translate, outcome: TargetOutcome) -> str:
    reason = outcome.error or ""
    if outcome.state == "unknown":
        kind = "unknown"
    elif outcome.state == "cancelled":
        kind = "cancelled"
    elif "kicked" in reason or "Forbidden" in reason or "not a member" in reason:
        kind = "removed"
    else:
        kind = "failed"
    return t(
        "broadcast-outcome",
        kind=kind,
        grid=outcome.grid_code,
        building=outcome.number,
        chat=str(outcome.chat_id),
        reason=reason[:120],
    )


def report_text(
    t: Translate,
    broadcast: Broadcast,
    progress: Progress,
    outcomes: list[TargetOutcome],
    moved: list[TargetOutcome],
    pinned: int,
) -> str:
    lines = [outcome_line(t, outcome) for outcome in outcomes[:REPORT_LINES]]
    if len(outcomes) > REPORT_LINES:
        lines.append(t("broadcast-more", count=len(outcomes) - REPORT_LINES))
    lines += [
        t(
            "broadcast-moved",
            building=m.number,
            grid=m.grid_code,
            old=str(m.chat_id),
            new=str(m.current_chat_id),
        )
        for m in moved
    ]
    return t(
        "broadcast-report",
        **_figures(broadcast, progress),
        pinned=pinned,
        pin="yes" if broadcast.pin else "no",
        lines="\n".join(lines),
    )
