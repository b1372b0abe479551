"""What the scheduling services owe people, as plain data; bot/scheduling/notifier.py renders it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain import Person, Request
from storage.repositories.digests import WeekFigures
from storage.repositories.meetings import Meeting


@dataclass(frozen=True, slots=True)
class MeetingProposed:
    """The parsed time echoed back to the organiser, with confirm / discard buttons."""

    meeting: Meeting
    chat_id: int
    reply_to: int | None
    organiser: Person
    zone: ZoneInfo
    groups: int  # how many groups it will be posted in


@dataclass(frozen=True, slots=True)
class MeetingAnnounced:
    meeting: Meeting
    chat_ids: list[int]
    organiser: Person
    zone: ZoneInfo


@dataclass(frozen=True, slots=True)
class MeetingReminder:
    meeting: Meeting
    chat_ids: list[int]
    organiser: Person
    zone: ZoneInfo
    left: timedelta | None  # None: starting now
    coming: int


@dataclass(frozen=True, slots=True)
class MeetingCancelled:
    meeting: Meeting
    chat_ids: list[int]
    organiser: Person
    zone: ZoneInfo


@dataclass(frozen=True, slots=True)
class AckReminder:
    """Half the acknowledgement time has passed; the owner has not acknowledged."""

    request: Request
    owner: Person
    zone: ZoneInfo


@dataclass(frozen=True, slots=True)
class Overdue:
    """The resolve time ran out while the request was already with the community admins."""

    request: Request
    person: Person
    zone: ZoneInfo


@dataclass(frozen=True, slots=True)
class DailyDigest:
    person: Person
    tasks: list[Request]
    zone: ZoneInfo
    now: datetime


@dataclass(frozen=True, slots=True)
class WeeklyDigest:
    person: Person
    community: str
    figures: WeekFigures


ScheduleNotice = (
    MeetingProposed
    | MeetingAnnounced
    | MeetingReminder
    | MeetingCancelled
    | AckReminder
    | Overdue
    | DailyDigest
    | WeeklyDigest
)
