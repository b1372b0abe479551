"""What the services need from the settings, as plain values, read once per process."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta

from bot.domain.models import Hotlines
from bot.scheduling.quiet import QuietHours
from bot.services.requests import Duplicates, Thresholds
from bot.settings import EmergencySettings, PointsSettings, Settings, parse_clock


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


@dataclass(frozen=True, slots=True)
class TrustConfig:
    invite_valid_for: timedelta = timedelta(days=7)
    requests_per_hour: int = 10
    actions_per_minute: int = 30
    retention_months: int = 24
    transient_for: timedelta = timedelta(days=14)

    @classmethod
    def from_settings(cls, settings: Settings) -> TrustConfig:
        trust = settings.trust
        return cls(
            invite_valid_for=timedelta(days=trust.invite_days),
            requests_per_hour=trust.requests_per_hour,
            actions_per_minute=trust.actions_per_minute,
            retention_months=trust.retention_months,
            transient_for=timedelta(days=trust.transient_days),
        )


@dataclass(frozen=True, slots=True)
class BoardConfig:
    enabled: bool = True
    min_interval: timedelta = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class ResidentsDayConfig:
    day: int = 15
    by_community: tuple[tuple[str, int], ...] = ()
    days_before: int = 3
    at: time = time(10, 0)
    recent: timedelta = timedelta(days=30)

    def day_of(self, community: str) -> int:
        return dict(self.by_community).get(community, self.day)

    @classmethod
    def from_settings(cls, settings: Settings) -> ResidentsDayConfig:
        days = settings.residents_day
        return cls(
            day=days.day,
            by_community=tuple(sorted(days.community.items())),
            days_before=days.agenda_days_before,
            at=parse_clock(days.agenda_at),
            recent=timedelta(days=days.recent_days),
        )


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    """The defaults are the settings' defaults: tests name only what they change."""

    thresholds: Thresholds = field(default_factory=lambda: Thresholds(0.75, 0.5))
    scheduling: SchedulingConfig = field(default_factory=SchedulingConfig)
    page_size: int = 8
    overdue_after: timedelta = timedelta(hours=48)
    points: PointsSettings = field(default_factory=PointsSettings)
    auto_close_after: timedelta = timedelta(days=3)
    reason_within: timedelta = timedelta(hours=24)
    duplicates: Duplicates = field(default_factory=Duplicates)
    emergency: EmergencySettings = field(default_factory=EmergencySettings)

    def hotlines(self, community: str) -> Hotlines:
        numbers = self.emergency.numbers_for(community)
        return Hotlines(
            numbers.fire, numbers.ambulance, numbers.police, numbers.gas, numbers.lift,
            numbers.property,
        )  # fmt: skip

    trust: TrustConfig = field(default_factory=TrustConfig)
    board: BoardConfig = field(default_factory=BoardConfig)
    residents_day: ResidentsDayConfig = field(default_factory=ResidentsDayConfig)

    @classmethod
    def from_settings(cls, settings: Settings) -> ServiceConfig:
        return cls(
            thresholds=Thresholds(settings.parser.file_threshold, settings.parser.ask_threshold),
            scheduling=SchedulingConfig.from_settings(settings),
            page_size=settings.admin.page_size,
            overdue_after=timedelta(hours=settings.admin.overdue_hours),
            points=settings.points,
            auto_close_after=timedelta(days=settings.requests.auto_close_days),
            reason_within=timedelta(hours=settings.requests.reason_hours),
            duplicates=Duplicates(
                within=timedelta(days=settings.requests.duplicate_days),
                answer_within=timedelta(hours=settings.requests.duplicate_answer_hours),
            ),
            emergency=settings.emergency,
            trust=TrustConfig.from_settings(settings),
            board=BoardConfig(
                settings.board.enabled, timedelta(seconds=settings.board.min_interval)
            ),
            residents_day=ResidentsDayConfig.from_settings(settings),
        )
