"""Recurring meetings: the next occurrence in local wall-clock time, so 09:00 stays 09:00 across DST."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class Frequency(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


@dataclass(frozen=True, slots=True)
class Rule:
    frequency: Frequency
    at: time
    weekday: int | None = None  # Monday 0, for weekly rules
    day: int | None = None  # 1-31, for monthly rules; short months use their last day

    def dump(self) -> str:
        """The stored form: `weekly 5 15:00`, `monthly 15 09:00`, `daily - 08:00`."""
        which = self.weekday if self.frequency is Frequency.WEEKLY else self.day
        return f"{self.frequency.value} {'-' if which is None else which} {self.at:%H:%M}"

    @classmethod
    def load(cls, text: str) -> Rule:
        frequency, which, at = text.split()
        hour, minute = (int(part) for part in at.split(":"))
        freq = Frequency(frequency)
        return cls(
            freq,
            time(hour, minute),
            weekday=int(which) if freq is Frequency.WEEKLY else None,
            day=int(which) if freq is Frequency.MONTHLY else None,
        )

    def _dates_from(self, start: date) -> list[date]:
        """Candidate local dates on or after `start`, in order (enough to find the next one)."""
        if self.frequency is Frequency.DAILY:
            return [start, start + timedelta(days=1)]
        if self.frequency is Frequency.WEEKLY:
            assert self.weekday is not None
            first = start + timedelta(days=(self.weekday - start.weekday()) % 7)
            return [first, first + timedelta(days=7)]
        assert self.day is not None
        dates = []
        year, month = start.year, start.month
        for _ in range(3):
            last = calendar.monthrange(year, month)[1]
            candidate = date(year, month, min(self.day, last))
            if candidate >= start:
                dates.append(candidate)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return dates

    def next_after(self, moment: datetime, zone: ZoneInfo) -> datetime:
        """The first occurrence strictly after `moment`, in UTC."""
        local_day = moment.astimezone(zone).date()
        for day in self._dates_from(local_day):
            occurrence = wall_clock(day, self.at, zone)
            if occurrence > moment:
                return occurrence
        # The candidates above always include one past `moment`; this keeps the type checker honest.
        return self.next_after(wall_clock(local_day + timedelta(days=32), time(0), zone), zone)


def wall_clock(day: date, at: time, zone: ZoneInfo) -> datetime:
    """Local wall-clock time to UTC. In a spring-forward gap (02:30 that never happens) the
    meeting moves to the same offset past the gap, as zoneinfo's fold=0 rule gives; in the
    autumn's repeated hour the first one is meant."""
    local = datetime.combine(day, at, tzinfo=zone)
    return local.astimezone(UTC)
