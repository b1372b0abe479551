"""What the scheduling services need from the settings, as plain values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta

from bot.scheduling.quiet import QuietHours
from bot.settings import Settings


@dataclass(frozen=True, slots=True)
class Sla:
    acknowledge_within: timedelta = timedelta(hours=2)
    urgent_acknowledge_within: timedelta = timedelta(minutes=15)
    resolve_within: timedelta = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class SchedulingConfig:
    sla: Sla = field(default_factory=Sla)
    meeting_offsets: tuple[timedelta, ...] = (timedelta(days=1), timedelta(hours=1))
    quiet: QuietHours | None = None
    daily_digest: time = time(9, 0)
    weekly_digest: tuple[int, time] = (0, time(9, 0))  # Monday 09:00

    @classmethod
    def from_settings(cls, settings: Settings) -> SchedulingConfig:
        reminders, sla = settings.reminders, settings.sla
        return cls(
            sla=Sla(sla.acknowledge_within, sla.urgent_acknowledge_within, sla.resolve_within),
            meeting_offsets=tuple(sorted(set(reminders.meeting_offsets), reverse=True)),
            quiet=QuietHours.parse(reminders.quiet_hours),
            daily_digest=reminders.daily_digest_at,
            weekly_digest=reminders.weekly_digest_at,
        )
