"""What the services owe people, as plain data; the Telegram adapter renders each into messages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.models import Hotlines, Meeting, Person, Post, Request, WeekFigures


@dataclass(frozen=True, slots=True)
class RequestFiled:
    """The reply to the resident's message in the group."""

    request: Request
    reporter: Person
    assignee: Person | None
    # For an urgent request: the community's numbers, for what to do now.
    hotlines: Hotlines | None = None


@dataclass(frozen=True, slots=True)
class TaskAssigned:
    """A task in the owner's private chat; in the group, mentioning them, if they cannot be reached."""

    request: Request
    owner: Person
    reporter: Person
    reason: str  # new | escalated | reopened


@dataclass(frozen=True, slots=True)
class Copied:
    """Somebody who must know of a request without owning it (health worker, leader on safety)."""

    request: Request
    person: Person
    why: str


@dataclass(frozen=True, slots=True)
class StateLine:
    """A short line in the group about a request's progress, replying to the resident's message."""

    request: Request
    actor: Person | None
    action: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class RatingAsked:
    request: Request
    reporter: Person
    resolver: Person
    note: str | None
    # Neighbours who said "me too": told too, and they may rate.
    coreporters: tuple[Person, ...] = ()


@dataclass(frozen=True, slots=True)
class CoReported:
    """A neighbour said "me too": a short reply to their message (none for a 👍), and the
    owner is told when the count reaches a milestone."""

    request: Request
    person: Person
    reply_to: int | None  # the neighbour's message in the request's group
    owner: Person | None


@dataclass(frozen=True, slots=True)
class ReasonAsked:
    """Rated 不满意: reopened and passed up; the resident is asked, in the group, why."""

    request: Request
    resident: Person
    owner: Person | None
    hours: int  # how long a reply counts as the reason


@dataclass(frozen=True, slots=True)
class ReasonGiven:
    """The dissatisfied resident's reason: to whoever owns the request now, and a thank-you."""

    request: Request
    resident: Person
    owner: Person | None
    chat_id: int
    message_id: int


@dataclass(frozen=True, slots=True)
class DuplicateQuestion:
    """A new message looks like an open request: the writer is asked whether it is the same."""

    candidate_id: int
    chat_id: int
    message_id: int
    reporter: Person
    original: Request


@dataclass(frozen=True, slots=True)
class FilingLimited:
    """The writer reached the filing limit: told once, replying to their message."""

    chat_id: int
    message_id: int
    reporter: Person
    limit: int


@dataclass(frozen=True, slots=True)
class PostGained:
    """Someone now holds a post (an invite opened, an admin's pick): told in private."""

    person: Person
    post: Post
    tasks: int  # open tasks handed over to them


@dataclass(frozen=True, slots=True)
class PostLost:
    """Someone no longer holds a post; their open tasks went to `successor`."""

    person: Person
    post: Post
    successor: Person
    tasks: int


@dataclass(frozen=True, slots=True)
class InviteAccepted:
    """To the admin who made the invite: who opened it."""

    creator: Person
    person: Person
    post: Post


@dataclass(frozen=True, slots=True)
class CandidateQuestion:
    """The parser was unsure: ask the writer whether to file it."""

    candidate_id: int
    chat_id: int
    message_id: int
    reporter: Person


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


@dataclass(frozen=True, slots=True)
class PersonUnreachable:
    """Told once to each admin of the person's communities, until the person starts the bot."""

    person: Person
    refusal: str  # blocked | not_started | not_found | deactivated
    admin: Person


@dataclass(frozen=True, slots=True)
class CommandMenu:
    """The commands in one chat's menu: a person's private chat (`user_id` None, in the
    person's language), a group's (`user_id` None), or one member's in a group."""

    chat_id: int
    user_id: int | None
    commands: tuple[str, ...]
    person: Person | None  # whose language, for a private chat
    community_id: int | None  # whose language, for a group


@dataclass(frozen=True, slots=True)
class AgendaTopic:
    request: Request
    escalated: bool
    closed: bool  # closed lately: on the agenda to hear whether the fix holds


@dataclass(frozen=True, slots=True)
class ResidentsAgenda:
    """Before the residents' day: the building's agenda and a poll of its topics, in its group."""

    chat_id: int
    community_id: int
    building: str  # its number
    day: date
    topics: list[AgendaTopic]


Notice = (
    RequestFiled | TaskAssigned | Copied | StateLine | RatingAsked | CandidateQuestion
    | MeetingProposed | MeetingAnnounced | MeetingReminder | MeetingCancelled
    | AckReminder | Overdue | DailyDigest | WeeklyDigest | PersonUnreachable | CommandMenu
    | PostGained | PostLost | InviteAccepted | FilingLimited | ResidentsAgenda
    | CoReported | ReasonAsked | ReasonGiven | DuplicateQuestion
)  # fmt: skip
Notify = Callable[[Notice], Awaitable[None]]
