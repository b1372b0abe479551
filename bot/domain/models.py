"""The grid's vocabulary as plain data: what storage returns and services reason about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo


class State(StrEnum):
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    REOPENED = "reopened"


OPEN_STATES = (State.NEW, State.ACKNOWLEDGED, State.REOPENED)


class Mode(StrEnum):
    """三办: handle now, coordinate, escalate and track."""

    IMMEDIATE = "immediate"
    COORDINATE = "coordinate"
    TRACK = "track"


class Level(StrEnum):
    """Who owns a request: the building's member, the grid leader, the community admins."""

    MEMBER = "member"
    LEADER = "leader"
    ADMIN = "admin"


class Role(StrEnum):
    """三长三员一民警, plus the micro-grid member who owns a building's requests."""

    LEADER = "leader"  # 网格长
    GRID_WORKER = "grid_worker"  # 专职网格员
    HEALTH_WORKER = "health_worker"  # 健康员
    LEGAL_ADVISER = "legal_adviser"  # 法律顾问
    POLICE = "police"  # 社区民警
    MEMBER = "member"  # 微网格员
    HEAD = "head"  # 楼栋长
    FLOOR_HEAD = "floor_head"  # 楼层长


GRID_ROLES = (Role.LEADER, Role.GRID_WORKER, Role.HEALTH_WORKER, Role.LEGAL_ADVISER, Role.POLICE)
BUILDING_ROLES = (Role.MEMBER, Role.HEAD, Role.FLOOR_HEAD)


# 满意 / 基本满意 / 不满意
RATINGS = (3, 2, 1)
SATISFIED_RATINGS = (3, 2)


@dataclass(frozen=True, slots=True)
class Hotlines:
    """The numbers residents are told to call when something is dangerous now."""

    fire: str = "119"
    ambulance: str = "120"
    police: str = "110"
    gas: str = ""
    lift: str = ""
    property: str = ""


class Reach(StrEnum):
    """Whether the bot can write to a person in private, where tasks reach them."""

    STARTED = "started"
    NOT_STARTED = "not_started"  # never sent /start: tasks are mentioned in the group
    NOT_MATCHED = "not_matched"  # named by username, never wrote: no account known yet
    REFUSED = "refused"  # Telegram refused the last private message (blocked, wrong id)


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    name: str
    telegram_id: int | None
    username: str | None
    language_code: str | None = None
    started_bot: bool = False
    unreachable: str | None = None  # why the last private message was refused

    @property
    def reach(self) -> Reach:
        if self.unreachable is not None:
            return Reach.REFUSED
        if self.started_bot:
            return Reach.STARTED
        return Reach.NOT_STARTED if self.telegram_id is not None else Reach.NOT_MATCHED


# The languages the bot speaks, Simplified Chinese first.
LOCALES = ("zh-Hans", "zh-Hant", "en")

# Where a community names no zone of its own (the grid method is Chinese; so is the default).
DEFAULT_TIMEZONE = "Asia/Shanghai"


@dataclass(frozen=True, slots=True)
class Community:
    id: int
    name: str
    timezone: str
    locale: str | None = None  # the language of its groups

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def zone_of(community: Community | None) -> ZoneInfo:
    """Times are kept in UTC and shown in the community's own zone."""
    return community.zone if community is not None else ZoneInfo(DEFAULT_TIMEZONE)


@dataclass(frozen=True, slots=True)
class Grid:
    id: int
    community_id: int
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Building:
    id: int
    grid_id: int
    community_id: int
    number: str
    chat_id: int | None


@dataclass(frozen=True, slots=True)
class Contact:
    role: Role
    person: Person


@dataclass(frozen=True, slots=True)
class Request:
    id: int
    community_id: int
    number: int
    grid_id: int | None
    building_id: int | None
    chat_id: int | None
    message_id: int | None
    reporter_id: int
    text: str
    category: str
    building_label: str | None
    unit: str | None
    room: str | None
    urgent: bool
    state: State
    mode: Mode | None
    level: Level
    assignee_id: int | None
    created_at: datetime
    acknowledged_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    rating: int | None = None
    # Deadlines: acknowledge by, resolve by; sla_epoch marks which set is current.
    ack_due_at: datetime | None = None
    due_at: datetime | None = None
    sla_epoch: int = 0
    danger: str | None = None  # what makes it urgent: gas, fire, person, trapped, missing, ...

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


@dataclass(frozen=True, slots=True)
class RequestEvent:
    request_id: int
    at: datetime
    actor_id: int | None
    action: str
    state_from: State | None
    state_to: State | None
    note: str | None


class MeetingState:
    DRAFT = "draft"  # parsed, waiting for the organiser's confirmation
    SCHEDULED = "scheduled"
    DONE = "done"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class Meeting:
    id: int
    community_id: int
    scope: str  # chat | grid | community
    grid_id: int | None
    chat_id: int | None
    organiser_id: int
    title: str
    place: str | None
    starts_at: datetime
    rule: str | None
    state: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class WeekFigures:
    open: int
    overdue: int
    closed: int
    rated: int
    satisfied: int


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One change, as the audit trail keeps it: never updated, never deleted."""

    id: int
    at: datetime
    actor_id: int | None  # None: the bot itself (a deadline, the retention job, an import)
    action: str  # e.g. request.acknowledge, role.assigned, invite.created
    subject_type: str  # request | person | invite | broadcast | building | community | grid
    subject_id: int | None
    before: dict[str, object] | None
    after: dict[str, object] | None


# An invite can make someone a community admin too, which is not a post in a grid.
ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Post:
    """A role at a place: admin of a community, a grid-wide post, or a building's post."""

    role: str  # a Role value or ADMIN
    community: Community
    grid: Grid | None = None
    building: Building | None = None


@dataclass(frozen=True, slots=True)
class Invite:
    id: int
    community_id: int
    role: str
    grid_id: int | None
    building_id: int | None
    created_by: int | None
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    used_by: int | None = None
    revoked_at: datetime | None = None

    def is_open(self, now: datetime) -> bool:
        return self.used_at is None and self.revoked_at is None and now < self.expires_at


@dataclass(frozen=True, slots=True)
class PublicRequest:
    """What may be published of a request (the Open311 API): where and what kind, its state
    and times; never who wrote it, their words, their flat or who handles it."""

    id: int
    number: int
    community: str
    grid: str | None
    building_id: int | None
    building: str | None
    category: str
    state: State
    urgent: bool
    created_at: datetime
    updated_at: datetime
    due_at: datetime | None
