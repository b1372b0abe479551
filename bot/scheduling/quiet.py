"""Quiet hours: non-urgent reminders and digests wait, in the community's own wall-clock time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.settings import parse_clock


@dataclass(frozen=True, slots=True)
class QuietHours:
    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> QuietHours | None:
        """`"22:00-07:00"`; `""` means no quiet hours."""
        if not text.strip():
            return None
        start, _, end = text.partition("-")
        quiet = cls(parse_clock(start), parse_clock(end))
        return None if quiet.start == quiet.end else quiet

    def contains(self, local: time) -> bool:
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end  # the window crosses midnight

    def release(self, moment: datetime, zone: ZoneInfo) -> datetime:
        """`moment` itself when it is outside quiet hours, else the first minute after them (UTC)."""
        local = moment.astimezone(zone)
        if not self.contains(local.time().replace(tzinfo=None)):
            return moment
        day = local.date()
        if self.start >= self.end and local.time() >= self.start:
            day += timedelta(days=1)  # before midnight: quiet ends tomorrow morning
        # Built from wall-clock parts, so a DST change overnight does not shift it.
        end = datetime.combine(day, self.end, tzinfo=zone)
        return end.astimezone(UTC)


def release(quiet: QuietHours | None, moment: datetime, zone: ZoneInfo, urgent: bool) -> datetime:
    """Urgent things never wait."""
    if quiet is None or urgent:
        return moment
    return quiet.release(moment, zone)
