"""Times, durations and rules in words, from the catalogues, in the community's zone."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import Translate
from bot.scheduling.recurrence import Rule


def local_time(t: Translate, moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return t(
        "when-local",
        # Numbers where the catalogue selects on them (month, weekday); strings where it
        # only prints them, so the year is never "2,026".
        year=str(local.year),
        month=local.month,
        day=str(local.day),
        weekday=local.weekday(),
        time=local.strftime("%H:%M"),
    )


def short_time(t: Translate, moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return t("when-short", month=str(local.month), day=str(local.day), time=local.strftime("%H:%M"))


def duration(t: Translate, span: timedelta) -> str:
    """The largest whole unit: 1d -> 1 day, 90m -> 90 minutes."""
    seconds = int(span.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds % size == 0 and seconds >= size:
            return t("duration", unit=unit, count=seconds // size)
    return t("duration", unit="second", count=seconds)


def rule_text(t: Translate, rule: Rule) -> str:
    return t(
        "meeting-rule",
        frequency=rule.frequency.value,
        weekday=rule.weekday if rule.weekday is not None else -1,
        day=str(rule.day or ""),
        time=rule.at.strftime("%H:%M"),
    )
