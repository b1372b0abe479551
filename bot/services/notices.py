"""What the services owe people, as plain data. The bot turns each into outgoing messages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.domain import Person, Request


@dataclass(frozen=True, slots=True)
class RequestFiled:
    """The reply to the resident's message in the group."""

    request: Request
    reporter: Person
    assignee: Person | None


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


@dataclass(frozen=True, slots=True)
class CandidateQuestion:
    """The parser was unsure: ask the writer whether to file it."""

    candidate_id: int
    chat_id: int
    message_id: int
    reporter: Person


Notice = RequestFiled | TaskAssigned | Copied | StateLine | RatingAsked | CandidateQuestion
Notify = Callable[[Notice], Awaitable[None]]
