"""Requests: intake from the group, routing, the members' actions, the resident's rating."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.domain.errors import (
    AlreadyTop,
    InvalidRating,
    InvalidTransition,
    NotAllowed,
    NotBound,
    NotFound,
    NotReporter,
    NotWriter,
    UnknownCategory,
)
from bot.domain.households import worth_telling
from bot.domain.lifecycle import Action, next_state
from bot.domain.models import (
    DISSATISFIED,
    OPEN_STATES,
    RATINGS,
    Building,
    CoReport,
    Hotlines,
    Level,
    Mode,
    Person,
    Request,
    Role,
    State,
    zone_of,
)
from bot.domain.notices import (
    CandidateQuestion,
    Copied,
    CoReported,
    DuplicateQuestion,
    FilingLimited,
    Notify,
    RatingAsked,
    ReasonAsked,
    ReasonGiven,
    RequestFiled,
    StateLine,
    TaskAssigned,
)
from bot.domain.routing import Posts, owner_at, route
from bot.parsing import CATEGORIES, Parser, ParseResult
from bot.parsing.corrections import CorrectedParser, Correction, TextParser
from bot.parsing.metoo import is_me_too
from bot.parsing.similar import THRESHOLD as LIKENESS
from bot.parsing.similar import likeness, pieces
from bot.services.audit import Auditor, request_fields
from storage.repositories import Repositories
from storage.repositories.schedule import Job, JobState

Clock = Callable[[], datetime]

MAX_TEXT = 4096  # Telegram's own limit: nothing longer can arrive, nothing longer is stored.
MAX_NOTE = 1000


_NEXT_LEVEL = {Level.MEMBER: Level.LEADER, Level.LEADER: Level.ADMIN}


class Intake(StrEnum):
    FILED = "filed"
    ASKED = "asked"
    IGNORED = "ignored"
    ALREADY_HANDLED = "already_handled"  # this message, or this question's answer, was seen
    UPDATED = "updated"
    UNCHANGED = "unchanged"  # an edit by someone else, or one that changed nothing
    LIMITED = "limited"  # the writer filed too many in the last hour
    CO_REPORTED = "co_reported"  # a neighbour's "me too": counted on the request replied to
    REASON = "reason"  # the dissatisfied resident's reason, replying to the request
    DUPLICATE = "duplicate"  # looks like an open request: the writer is asked if it is the same


@dataclass(frozen=True, slots=True)
class GroupMessage:
    chat_id: int
    message_id: int
    text: str
    reply_to: int | None = None  # the message it replies to, in the same chat


@dataclass(frozen=True, slots=True)
class Duplicates:
    """How far back a new message is compared with open requests (zero: never), and how
    long its writer has to say whether it is the same before it is filed as its own."""

    within: timedelta = timedelta(days=3)
    answer_within: timedelta = timedelta(hours=2)


# A scheduled job: the writer never answered whether their message repeats an open request.
DUPLICATE_UNANSWERED = "duplicate_unanswered"
LIMIT_WINDOW = timedelta(hours=1)  # `per_hour`: requests one person may file in it


@dataclass(frozen=True, slots=True)
class Thresholds:
    file: float
    ask: float


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    at: datetime
    actor: Person | None
    action: str
    state_to: State | None
    note: str | None


@dataclass(frozen=True, slots=True)
class DueTimes:
    now: datetime
    ack_due_at: datetime
    reminder_at: datetime  # half-way to ack_due_at, out of quiet hours
    due_at: datetime  # resolve by (stored on the request)
    resolve_at: datetime  # when the resolve deadline acts: due_at out of quiet hours


class DeadlinePlanner(Protocol):
    """A request's due times and the rows that act on them (bot/services/deadlines.py);
    reason: new|escalated|reopened."""

    async def due_times(
        self, *, urgent: bool, community_id: int, reason: str, due_at: datetime | None = None
    ) -> DueTimes: ...

    async def schedule(self, request: Request, times: DueTimes) -> None: ...

    async def plan(self, request: Request, reason: str) -> Request: ...


class ParserBook:
    """One parser per community, each with the community's own extra vocabulary, and the
    corrections its people made laid on top (`load`, from `parser learn`)."""

    def __init__(self, vocabulary: Mapping[str, Mapping[str, list[str]]]) -> None:
        self._default = Parser()
        self._by_community = {name: Parser(words) for name, words in vocabulary.items()}
        self._corrected: dict[str, CorrectedParser] = {}

    def load(self, adjustments: Mapping[str, Sequence[Correction]]) -> None:
        """Replace every community's corrections (a community left out has none)."""
        self._corrected = {
            name: CorrectedParser(self._by_community.get(name, self._default), corrections)
            for name, corrections in adjustments.items()
            if corrections
        }

    def for_community(self, name: str) -> TextParser:
        corrected = self._corrected.get(name)
        if corrected is not None:
            return corrected
        return self._by_community.get(name, self._default)


class RequestService:
    def __init__(
        self,
        repos: Repositories,
        notify: Notify,
        parsers: ParserBook,
        thresholds: Thresholds,
        clock: Clock,
        deadlines: DeadlinePlanner,
        hotlines: Callable[[str], Hotlines],
        audit: Auditor,
        per_hour: int = 10,
        reason_within: timedelta = timedelta(hours=24),
        duplicates: Duplicates | None = None,
        boards: bool = True,
    ) -> None:
        self.repos = repos
        # Boards off for every group: no board to mark on each change (one statement saved).
        self.boards = boards
        self.reason_within = reason_within
        self.duplicates = duplicates or Duplicates()
        self.audit = audit
        self.per_hour = per_hour
        self.notify = notify
        self.parsers = parsers
        self.thresholds = thresholds
        self.clock = clock
        self.deadlines = deadlines
        self.hotlines = hotlines
        self._zones: dict[int, ZoneInfo] = {}  # one lookup per community in a list, not per row

    # --- intake ------------------------------------------------------------------

    async def intake(
        self,
        sender: Person | Callable[[], Awaitable[Person]],
        message: GroupMessage,
        *,
        forced: bool = False,
    ) -> Intake:
        """Decide what a resident's message in a group becomes.

        Keyed by (chat, message): handling the same message twice files it once. `sender`
        may be a lookup, made only when the message is about to become something: most of a
        group's chatter never needs its writer's row.
        """
        who = _known(sender) if isinstance(sender, Person) else _once(sender)
        if message.reply_to is not None and not forced:
            replied = await self._replied(who, message)
            if replied is not None:
                return replied
        building = await self.repos.directory.building_by_chat(message.chat_id)
        if building is None:
            if forced:
                raise NotBound()
            return Intake.IGNORED
        community = await self.repos.directory.community(building.community_id)
        assert community is not None
        text = message.text[:MAX_TEXT]
        parsed = self.parsers.for_community(community.name).parse(text)
        decision = Intake.FILED if forced else self._decide(parsed)
        if decision is Intake.IGNORED:
            return decision  # most of a group's chatter: no lookup of the message needed
        person = await who()
        now = self.clock()
        filed, lately = await self.repos.requests.before_filing(
            message.chat_id, message.message_id, person.id, now - LIMIT_WINDOW
        )
        if filed:
            return Intake.ALREADY_HANDLED
        # Urgent messages (a fire, a gas smell) are never held back by the limit.
        if not parsed.urgent and lately >= self.per_hour:
            await self._limited(person, message, now)
            return Intake.LIMITED
        if decision is Intake.ASKED:
            return await self._ask(person, message, text)
        building = await self._building_meant(parsed.building, building)
        if not forced and not parsed.urgent and self.duplicates.within:
            original = await self._look_alike(person, building, parsed.category or "other", text)
            if original is not None:
                return await self._ask_duplicate(person, message, text, original)
        await self._file(person, message, text, parsed, building)
        return Intake.FILED

    # --- neighbours: "me too", and the dissatisfied resident's reason -----------------

    async def _replied(
        self, who: Callable[[], Awaitable[Person]], message: GroupMessage
    ) -> Intake | None:
        """A reply to a request's message: the reason its dissatisfied resident was asked
        for, or a neighbour's "me too". None: an ordinary message after all."""
        assert message.reply_to is not None
        request = await self.repos.requests.about_message(message.chat_id, message.reply_to)
        if request is None:
            return None
        sender = await who()
        if self._awaits_reason(request, sender):
            return await self._reason(request, sender, message)
        if request.is_open and is_me_too(message.text):
            await self.co_report(request, sender, CoReport.REPLY, message.message_id)
            return Intake.CO_REPORTED
        return None

    async def co_report(
        self, request: Request, person: Person, via: CoReport, reply_to: int | None
    ) -> Request:
        """The person is affected too: counted once, never the reporter."""
        if person.id == request.reporter_id:
            return request
        households = await self.repos.coreporters.add(request.id, person.id, via, self.clock())
        if households is None:
            return request
        updated = replace(request, households=households)
        await self.repos.requests.add_event(
            request.id,
            at=self.clock(),
            actor_id=person.id,
            action="co_reported",
            state_from=request.state,
            state_to=request.state,
        )
        owner = None
        if worth_telling(households) and request.assignee_id is not None:
            owner = await self.repos.people.get(request.assignee_id)
        await self.notify(CoReported(updated, person, reply_to, owner))
        return updated

    async def reacted(self, person: Person, chat_id: int, message_id: int, thumbs_up: bool) -> bool:
        """A 👍 on a request's message counts as "me too"; taking it back takes that back."""
        request = await self.repos.requests.about_message(chat_id, message_id)
        if request is None or not request.is_open:
            return False
        if thumbs_up:
            return (await self.co_report(request, person, CoReport.REACTION, None)) is not request
        households = await self.repos.coreporters.remove(request.id, person.id, CoReport.REACTION)
        if households is None:
            return False
        await self.repos.requests.add_event(
            request.id,
            at=self.clock(),
            actor_id=person.id,
            action="co_report_taken_back",
            state_from=request.state,
            state_to=request.state,
        )
        return True

    async def _gave_reason(self, sender: Person, message: GroupMessage) -> bool:
        """An edited reply of a resident who already gave the request their reason: most
        likely that reason, corrected; its owner has it, and it is not a new request."""
        assert message.reply_to is not None
        request = await self.repos.requests.about_message(message.chat_id, message.reply_to)
        return (
            request is not None
            and request.dissatisfied_by == sender.id
            and request.dissatisfaction is not None
        )

    def _awaits_reason(self, request: Request, sender: Person) -> bool:
        return (
            request.dissatisfied_by == sender.id
            and request.dissatisfaction is None
            and request.dissatisfied_at is not None
            and self.clock() - request.dissatisfied_at <= self.reason_within
        )

    async def _reason(self, request: Request, sender: Person, message: GroupMessage) -> Intake:
        reason = _clip(message.text) or "—"
        updated = await self.repos.requests.update(request.id, dissatisfaction=reason)
        await self._record(request, updated, sender, "reason", reason)
        owner = await self.repos.people.get(updated.assignee_id) if updated.assignee_id else None
        await self.notify(ReasonGiven(updated, sender, owner, message.chat_id, message.message_id))
        return Intake.REASON

    # --- look-alikes: the same problem written again ------------------------------------

    async def _look_alike(
        self, sender: Person, building: Building, category: str, text: str
    ) -> Request | None:
        """A neighbour's open request this message repeats (one's own is not asked about:
        joining it would add nothing)."""
        since = self.clock() - self.duplicates.within
        found = await self.repos.requests.look_alikes(building.id, category, since, sender.id)
        mine = pieces(text)
        scored = [(likeness(mine, pieces(r.text)), r) for r in found]
        best = max(scored, key=lambda pair: pair[0], default=None)
        return best[1] if best is not None and best[0] >= LIKENESS else None

    async def _ask_duplicate(
        self, sender: Person, message: GroupMessage, text: str, original: Request
    ) -> Intake:
        now = self.clock()
        candidate_id = await self.repos.requests.add_candidate(
            chat_id=message.chat_id,
            message_id=message.message_id,
            reporter_id=sender.id,
            text=text,
            at=now,
            duplicate_of=original.id,
        )
        if candidate_id is None:
            return Intake.ALREADY_HANDLED
        # Unanswered, it is filed as its own request: a resident's message is never lost.
        await self.repos.schedule.plan(
            kind=DUPLICATE_UNANSWERED,
            key=f"{DUPLICATE_UNANSWERED}:{candidate_id}",
            due_at=now + self.duplicates.answer_within,
            at=now,
            community_id=original.community_id,
            person_id=sender.id,
            payload={"candidate_id": candidate_id},
        )
        await self.notify(
            DuplicateQuestion(candidate_id, message.chat_id, message.message_id, sender, original)
        )
        return Intake.DUPLICATE

    async def answer_duplicate(self, actor: Person, candidate_id: int, join: bool) -> Intake:
        """The writer's answer: join the open request (a co-reporter), or file it as new."""
        candidate = await self.repos.requests.take_candidate(candidate_id)
        if candidate is None:
            return Intake.ALREADY_HANDLED
        if candidate.reporter_id != actor.id:
            raise NotWriter()  # the refusal rolls the take back
        if join and candidate.duplicate_of is not None:
            original = await self.repos.requests.get(candidate.duplicate_of, for_update=True)
            if original is not None and original.is_open:
                await self.co_report(original, actor, CoReport.DUPLICATE, candidate.message_id)
                return Intake.CO_REPORTED
        # Different, or the one it looked like was closed meanwhile: its own request.
        message = GroupMessage(candidate.chat_id, candidate.message_id, candidate.text)
        return await self.intake(actor, message, forced=True)

    async def duplicate_unanswered(self, job: Job) -> str:
        """Nobody answered in time: the message is filed as its own request."""
        candidate = await self.repos.requests.take_candidate(int(job.payload["candidate_id"]))
        if candidate is None:
            return JobState.DROPPED  # answered meanwhile
        writer = await self.repos.people.get(candidate.reporter_id)
        if writer is None:
            return JobState.DROPPED
        message = GroupMessage(candidate.chat_id, candidate.message_id, candidate.text)
        try:
            outcome = await self.intake(writer, message, forced=True)
        except NotBound:
            return JobState.DROPPED  # the group was unbound meanwhile
        return JobState.DONE if outcome is Intake.FILED else JobState.DROPPED

    async def _limited(self, sender: Person, message: GroupMessage, now: datetime) -> None:
        """Over the hourly limit; the writer is told the first time in a window, then not."""
        told = await self.repos.people.limit_told_at(sender.id)
        if told is None or told < now - LIMIT_WINDOW:
            await self.repos.people.set_limit_told_at(sender.id, now)
            await self.notify(
                FilingLimited(message.chat_id, message.message_id, sender, self.per_hour)
            )

    def _decide(self, parsed: ParseResult) -> Intake:
        # `confidence` is the parser's belief in its own is_request verdict.
        request_likelihood = parsed.confidence if parsed.is_request else 1 - parsed.confidence
        if parsed.is_request and (parsed.urgent or parsed.confidence > self.thresholds.file):
            return Intake.FILED  # an urgent message is never left waiting on a question
        if request_likelihood >= self.thresholds.ask:
            return Intake.ASKED
        return Intake.IGNORED

    async def _ask(self, sender: Person, message: GroupMessage, text: str) -> Intake:
        candidate_id = await self.repos.requests.add_candidate(
            chat_id=message.chat_id,
            message_id=message.message_id,
            reporter_id=sender.id,
            text=text,
            at=self.clock(),
        )
        if candidate_id is None:
            return Intake.ALREADY_HANDLED
        await self.notify(
            CandidateQuestion(candidate_id, message.chat_id, message.message_id, sender)
        )
        return Intake.ASKED

    async def confirm_candidate(self, actor: Person, candidate_id: int, accept: bool) -> Intake:
        candidate = await self.repos.requests.take_candidate(candidate_id)
        if candidate is None:
            return Intake.ALREADY_HANDLED
        if candidate.reporter_id != actor.id:
            raise NotReporter()  # the refusal rolls the take back
        if not accept:
            return Intake.IGNORED
        message = GroupMessage(candidate.chat_id, candidate.message_id, candidate.text)
        return await self.intake(actor, message, forced=True)

    async def edited(self, sender: Person, message: GroupMessage) -> Intake:
        """An edit corrects a filed request's text; an edit that makes a message a request files it."""
        existing = await self.repos.requests.by_message(message.chat_id, message.message_id)
        if existing is None:
            if message.reply_to is not None and await self._gave_reason(sender, message):
                return Intake.UNCHANGED
            # A "me too" edited is counted once; another reply is read afresh.
            return await self.intake(sender, message)
        if existing.reporter_id != sender.id or existing.text == message.text[:MAX_TEXT]:
            return Intake.UNCHANGED
        updated = await self.repos.requests.update(existing.id, text=message.text[:MAX_TEXT])
        await self._record(existing, updated, sender, "edited", None)
        return Intake.UPDATED

    async def _file(
        self,
        sender: Person,
        message: GroupMessage,
        text: str,
        parsed: ParseResult,
        building: Building,
    ) -> Request:
        category = parsed.category or "other"
        posts = await self._posts(building)
        danger = parsed.danger if parsed.urgent else None
        routing = route(category, parsed.urgent, text, posts, danger)
        # Filed with its due times: no second statement to set them.
        times = await self.deadlines.due_times(
            urgent=parsed.urgent, community_id=building.community_id, reason="new"
        )
        now = times.now
        request = await self.repos.requests.file(
            community_id=building.community_id,
            grid_id=building.grid_id,
            building_id=building.id,
            chat_id=message.chat_id,
            message_id=message.message_id,
            reporter_id=sender.id,
            text=text,
            category=category,
            building_label=parsed.building,
            unit=parsed.unit,
            room=parsed.room,
            urgent=parsed.urgent,
            danger=danger,
            state=State.NEW.value,
            level=routing.level.value,
            assignee_id=routing.assignee.id if routing.assignee else None,
            created_at=now,
            ack_due_at=times.ack_due_at,
            due_at=times.due_at,
            sla_epoch=1,
        )
        await self.deadlines.schedule(request, times)
        await self._record(None, request, sender, "filed", None)
        hotlines = None
        if request.urgent:
            community = await self.repos.directory.community(building.community_id)
            hotlines = self.hotlines(community.name if community else "")
        await self.notify(RequestFiled(request, sender, routing.assignee, hotlines))
        if routing.assignee is not None:
            await self.notify(TaskAssigned(request, routing.assignee, sender, "new"))
        for person, why in routing.also:
            await self.notify(Copied(request, person, why))
        return request

    async def from_minutes(
        self, owner: Person, building: Building, text: str, meeting_id: int, chat_id: int
    ) -> Request:
        """One line of a meeting's minutes: a request its organiser owns and has taken on
        (acknowledged), in the building of the group the minutes were posted in. No message
        of its own: the minutes are one message for many requests."""
        community = await self.repos.directory.community(building.community_id)
        parsed = self.parsers.for_community(community.name if community else "").parse(text)
        administers = await self.repos.directory.is_admin(owner.id, building.community_id)
        leads = any(
            role is Role.LEADER and grid_id == building.grid_id
            for role, grid_id, _ in await self.repos.directory.posts_of(owner.id)
        )
        level = Level.ADMIN if administers else Level.LEADER if leads else Level.MEMBER
        now = self.clock()
        request = await self.repos.requests.file(
            community_id=building.community_id,
            grid_id=building.grid_id,
            building_id=building.id,
            chat_id=chat_id,
            message_id=None,
            reporter_id=owner.id,
            text=text[:MAX_TEXT],
            category=parsed.category or "other",
            building_label=parsed.building or building.number,
            unit=parsed.unit,
            room=None,
            urgent=False,
            state=State.ACKNOWLEDGED.value,
            level=level.value,
            assignee_id=owner.id,
            created_at=now,
            acknowledged_at=now,
            meeting_id=meeting_id,
        )
        request = await self._plan_deadlines(request, "new")
        await self._record(None, request, owner, "filed", "minutes")
        return request

    async def _building_meant(self, label: str | None, chat_building: Building) -> Building:
        """The building the problem is in: the one the message names, when the community has it."""
        if not label or label == chat_building.number:
            return chat_building
        named = await self.repos.directory.buildings_numbered(
            label, community_id=chat_building.community_id
        )
        if not named:
            return chat_building
        same_grid = [b for b in named if b.grid_id == chat_building.grid_id]
        return (same_grid or named)[0]

    async def _posts(self, building: Building) -> Posts:
        directory = self.repos.directory
        return Posts(
            members=await directory.holders(building.grid_id, building.id, Role.MEMBER),
            leaders=await directory.holders(building.grid_id, None, Role.LEADER),
            admins=await directory.admins(building.community_id),
            health_workers=await directory.holders(building.grid_id, None, Role.HEALTH_WORKER),
            legal_advisers=await directory.holders(building.grid_id, None, Role.LEGAL_ADVISER),
            police=await directory.holders(building.grid_id, None, Role.POLICE),
        )

    # --- finding requests --------------------------------------------------------------

    async def find(self, actor: Person, number: int, chat_id: int | None = None) -> Request:
        """A request by the number people see, in the group's community or among the actor's."""
        if chat_id is not None and (
            building := await self.repos.directory.building_by_chat(chat_id)
        ):
            found = await self.repos.requests.by_number([building.community_id], number)
            if found:
                return found[0]
            raise NotFound(number=number)
        communities = [c.id for c in await self.repos.directory.all_communities()]
        for request in await self.repos.requests.by_number(communities, number):
            if request.reporter_id == actor.id or await self.may_act(actor, request):
                return request
        raise NotFound(number=number)

    async def get(self, request_id: int) -> Request:
        request = await self.repos.requests.get(request_id, for_update=True)
        if request is None:
            raise NotFound(number=request_id)
        return request

    async def mine(self, actor: Person, limit: int = 20) -> list[Request]:
        return await self.repos.requests.of_reporter(actor.id, limit)

    async def tasks(self, actor: Person) -> list[Request]:
        return await self.repos.requests.assigned_to(actor.id, OPEN_STATES)

    async def timeline(self, request: Request) -> list[TimelineEntry]:
        events = await self.repos.requests.events(request.id)
        actors = await self.repos.people.many([e.actor_id for e in events if e.actor_id])
        return [
            TimelineEntry(e.at, actors.get(e.actor_id or 0), e.action, e.state_to, e.note)
            for e in events
        ]

    async def people(self, person_ids: list[int]) -> dict[int, Person]:
        return await self.repos.people.many(person_ids)

    async def zone(self, request: Request) -> ZoneInfo:
        """Times are kept in UTC and shown in the community's own zone."""
        if request.community_id not in self._zones:
            community = await self.repos.directory.community(request.community_id)
            self._zones[request.community_id] = zone_of(community)
        return self._zones[request.community_id]

    # --- permissions ----------------------------------------------------------------

    async def may_act(self, actor: Person, request: Request) -> bool:
        """The owner, anyone above the owner, and the community's admins."""
        if actor.id == request.assignee_id:
            return True
        if await self.repos.directory.is_admin(actor.id, request.community_id):
            return True
        if request.level is Level.MEMBER and request.grid_id is not None:
            posts = await self.repos.directory.posts_of(actor.id)
            return any(
                role is Role.LEADER and grid_id == request.grid_id for role, grid_id, _ in posts
            )
        return False

    async def _require_actor(self, actor: Person, request: Request) -> None:
        if not await self.may_act(actor, request):
            raise NotAllowed(number=request.number)

    # --- the member's actions ----------------------------------------------------------

    async def acknowledge(self, actor: Person, request_id: int) -> Request:
        request = await self.get(request_id)
        await self._require_actor(actor, request)
        state = next_state(request.state, Action.ACKNOWLEDGE)
        return await self._move(request, actor, Action.ACKNOWLEDGE, state, None)

    async def set_mode(self, actor: Person, request_id: int, mode: Mode) -> Request:
        request = await self.get(request_id)
        await self._require_actor(actor, request)
        state = next_state(request.state, Action.SET_MODE)
        return await self._move(request, actor, Action.SET_MODE, state, None, mode=mode)

    async def resolve(self, actor: Person, request_id: int, note: str | None) -> Request:
        request = await self.get(request_id)
        await self._require_actor(actor, request)
        state = next_state(request.state, Action.RESOLVE)
        note = _clip(note)
        updated = await self._move(request, actor, Action.RESOLVE, state, note)
        reporter = await self.repos.people.get(request.reporter_id)
        assert reporter is not None
        neighbours: tuple[Person, ...] = ()
        if request.households > 1:
            ids = await self.repos.coreporters.of_request(request.id)
            found = await self.repos.people.many(ids)
            neighbours = tuple(found[i] for i in ids if i in found)
        await self.notify(RatingAsked(updated, reporter, actor, note, neighbours))
        return updated

    async def escalate(self, actor: Person, request_id: int, reason: str | None) -> Request:
        request = await self.get(request_id)
        await self._require_actor(actor, request)
        return await self._escalate(request, actor, _clip(reason), _NEXT_LEVEL.get(request.level))

    async def escalate_overdue(self, request: Request, *, to_admins: bool) -> Request | None:
        """A deadline ran out: up one level (or to the admins), by nobody.

        The caller holds the request's row lock and has re-checked its state in the
        same transaction; None when there is no level above to take it.
        """
        above = Level.ADMIN if to_admins else _NEXT_LEVEL.get(request.level)
        if above is None:
            return None
        try:
            return await self._escalate(request, None, None, above)
        except AlreadyTop:
            return None

    async def _escalate(
        self,
        request: Request,
        actor: Person | None,
        reason: str | None,
        above: Level | None,
        *,
        announce: bool = True,
    ) -> Request:
        state = next_state(request.state, Action.ESCALATE)
        building = (
            await self.repos.directory.building(request.building_id)
            if request.building_id
            else None
        )
        posts = (
            await self._posts(building)
            if building
            else Posts(admins=await self.repos.directory.admins(request.community_id))
        )
        owner, level = owner_at(above, posts) if above else (None, request.level)
        if owner is None:
            raise AlreadyTop(number=request.number)
        updated = await self._move(
            request,
            actor,
            Action.ESCALATE,
            state,
            reason,
            announce=announce,
            assignee_id=owner.id,
            level=level.value,
        )
        updated = await self._plan_deadlines(updated, "escalated")
        reporter = await self.repos.people.get(request.reporter_id)
        assert reporter is not None
        await self.notify(TaskAssigned(updated, owner, reporter, "escalated"))
        if level is Level.ADMIN:
            for admin in posts.admins[1:]:
                await self.notify(Copied(updated, admin, "escalated"))
        return updated

    async def hand_over(self, actor: Person | None, request: Request, owner: Person) -> Request:
        """A post changed hands: its successor owns the open task, in the state it was in."""
        updated = await self.repos.requests.update(request.id, assignee_id=owner.id)
        await self._record(request, updated, actor, "handed_over", None)
        reporter = await self.repos.people.get(request.reporter_id)
        assert reporter is not None
        await self.notify(TaskAssigned(updated, owner, reporter, "handed_over"))
        return updated

    # --- corrections: what the parser should have made of it ------------------------

    async def not_a_request(self, actor: Person, request_id: int) -> Request:
        """A member or admin: this was never a request. Withdrawn, and an example."""
        request = await self.get(request_id)
        await self._require_actor(actor, request)
        state = next_state(request.state, Action.WITHDRAW)
        updated = await self._move(
            request, actor, Action.WITHDRAW, state, None, closed_at=self.clock()
        )
        await self._example(request, actor, "notrequest", is_request=False)
        return updated

    async def recategorise(self, actor: Person, request_id: int, category: str | None) -> Request:
        slug = (category or "").strip().lower()
        if slug not in CATEGORIES:
            raise UnknownCategory(category=slug, categories=" ".join(CATEGORIES))
        request = await self.get(request_id)
        await self._require_actor(actor, request)
        updated = await self.repos.requests.update(request.id, category=slug)
        await self._record(request, updated, actor, "category", slug)
        await self._example(request, actor, "category", category=slug)
        return updated

    async def set_urgent(self, actor: Person, request_id: int, urgent: bool) -> Request:
        """Marked urgent or not: the flag and an example (the request is not re-routed)."""
        request = await self.get(request_id)
        await self._require_actor(actor, request)
        changes: dict[str, object] = {"urgent": urgent}
        if not urgent:
            changes["danger"] = None
        updated = await self.repos.requests.update(request.id, **changes)
        action = "urgent" if urgent else "noturgent"
        await self._record(request, updated, actor, action, None)
        await self._example(request, actor, action, urgent=urgent)
        return updated

    # --- the resident's actions -----------------------------------------------------

    async def withdraw(self, actor: Person, request_id: int) -> Request:
        """The resident's "not a request": withdrawn, and an example for the parser."""
        request = await self._reporters(actor, request_id)
        state = next_state(request.state, Action.WITHDRAW)
        updated = await self._move(
            request, actor, Action.WITHDRAW, state, None, closed_at=self.clock()
        )
        await self._example(request, actor, "withdrawn", is_request=False)
        return updated

    async def rate(self, actor: Person, request_id: int, rating: int) -> Request:
        """The reporter's rating closes it; 不满意 reopens it a level up instead. A neighbour
        who said "me too" rates too: kept as theirs, and their 不满意 also reopens it."""
        if rating not in RATINGS:
            raise InvalidRating()
        request = await self.get(request_id)
        if request.reporter_id != actor.id:
            return await self._neighbour_rates(actor, request, rating)
        if rating == DISSATISFIED:
            return await self._dissatisfied(actor, request)
        state = next_state(request.state, Action.RATE)
        return await self._move(
            request, actor, Action.RATE, state, str(rating), rating=rating, closed_at=self.clock()
        )

    async def _neighbour_rates(self, actor: Person, request: Request, rating: int) -> Request:
        if request.state not in (State.RESOLVED, State.CLOSED):
            raise InvalidTransition(request.state, Action.RATE.value)
        if not await self.repos.coreporters.rate(request.id, actor.id, rating):
            raise NotReporter(number=request.number)
        await self.repos.requests.add_event(
            request.id,
            at=self.clock(),
            actor_id=actor.id,
            action="co_rated",
            state_from=request.state,
            state_to=request.state,
            note=str(rating),
        )
        if rating == DISSATISFIED and request.state is State.RESOLVED:
            return await self._dissatisfied(actor, request)
        return request

    async def _dissatisfied(self, actor: Person, request: Request) -> Request:
        """Not solved: reopened, one level up, and the resident asked why."""
        state = next_state(request.state, Action.DISSATISFIED)
        updated = await self._move(
            request,
            actor,
            Action.DISSATISFIED,
            state,
            None,
            announce=False,
            resolved_at=None,
            dissatisfied_by=actor.id,
            dissatisfied_at=self.clock(),
            dissatisfaction=None,
        )
        above = _NEXT_LEVEL.get(updated.level)
        try:
            if above is None:
                raise AlreadyTop(number=updated.number)
            updated = await self._escalate(updated, actor, None, above, announce=False)
        except AlreadyTop:
            # Already with the admins: it stays with them, as a reopened task.
            updated = await self._plan_deadlines(updated, "reopened")
            if updated.assignee_id is not None:
                owner = await self.repos.people.get(updated.assignee_id)
                assert owner is not None
                await self.notify(TaskAssigned(updated, owner, actor, "reopened"))
        owner = await self.repos.people.get(updated.assignee_id) if updated.assignee_id else None
        hours = round(self.reason_within.total_seconds() / 3600)
        await self.notify(ReasonAsked(updated, actor, owner, hours))
        return updated

    async def reopen(self, actor: Person, request_id: int, note: str | None = None) -> Request:
        request = await self._reporters(actor, request_id)
        state = next_state(request.state, Action.REOPEN)
        updated = await self._move(
            request, actor, Action.REOPEN, state, _clip(note), resolved_at=None
        )
        updated = await self._plan_deadlines(updated, "reopened")
        if updated.assignee_id is not None:
            owner = await self.repos.people.get(updated.assignee_id)
            assert owner is not None
            await self.notify(TaskAssigned(updated, owner, actor, "reopened"))
        return updated

    async def _reporters(self, actor: Person, request_id: int) -> Request:
        request = await self.get(request_id)
        if request.reporter_id != actor.id:
            raise NotReporter(number=request.number)
        return request

    # --- time ------------------------------------------------------------------------

    async def auto_close(self, after: timedelta, batch: int = 200) -> int:
        """Close what was resolved `after` ago and never rated."""
        now = self.clock()
        closed = 0
        for request_id in await self.repos.requests.resolved_before(now - after, batch):
            request = await self.get(request_id)
            if request.state is State.RESOLVED:
                state = next_state(request.state, Action.AUTO_CLOSE)
                await self._move(request, None, Action.AUTO_CLOSE, state, None, closed_at=now)
                closed += 1
        return closed

    async def _plan_deadlines(self, request: Request, reason: str) -> Request:
        return await self.deadlines.plan(request, reason)

    # --- one place that changes a request ------------------------------------------

    async def _move(
        self,
        request: Request,
        actor: Person | None,
        action: Action,
        state: State,
        note: str | None,
        *,
        announce: bool = True,
        **changes: object,
    ) -> Request:
        now = self.clock()
        if state is State.ACKNOWLEDGED and request.acknowledged_at is None:
            changes["acknowledged_at"] = now
        if state is State.RESOLVED:
            changes["resolved_at"] = now
            if request.acknowledged_at is None:
                changes["acknowledged_at"] = now
        if "mode" in changes and isinstance(changes["mode"], Mode):
            changes["mode"] = changes["mode"].value
        updated = await self.repos.requests.update(request.id, state=state.value, **changes)
        await self._record(request, updated, actor, action.value, note)
        if announce and action is not Action.RESOLVE and action is not Action.RATE:
            # Resolving is announced with the rating question; a rating needs no echo.
            await self.notify(StateLine(updated, actor, action.value, note))
        return updated

    async def _example(
        self,
        request: Request,
        actor: Person | None,
        source: str,
        *,
        is_request: bool = True,
        category: str | None = None,
        urgent: bool | None = None,
    ) -> None:
        """What the request's text should have been parsed as: a labelled example."""
        await self.repos.examples.add(
            community_id=request.community_id,
            text=request.text,
            is_request=is_request,
            category=(category or request.category) if is_request else None,
            urgent=(request.urgent if urgent is None else urgent) if is_request else False,
            source=source,
            person_id=actor.id if actor else None,
            at=self.clock(),
        )

    async def _record(
        self,
        before: Request | None,
        after: Request,
        actor: Person | None,
        action: str,
        note: str | None,
    ) -> None:
        """The request's own timeline and the audit trail, in the change's transaction; the
        board of its building (and of the one it left) owes a refresh."""
        await self.repos.requests.add_event(
            after.id,
            at=self.clock(),
            actor_id=actor.id if actor else None,
            action=action,
            state_from=before.state if before else None,
            state_to=after.state,
            note=note,
        )
        await self.audit(
            actor,
            f"request.{action}",
            "request",
            after.id,
            request_fields(before) if before else None,
            request_fields(after) | ({"text_edited": True} if action == "edited" else {}),
        )
        if not self.boards:
            return
        places = {after.building_id, before.building_id if before else None} - {None}
        await self.repos.boards.touch([b for b in places if b is not None], self.clock())


def _known(person: Person) -> Callable[[], Awaitable[Person]]:
    async def known() -> Person:
        return person

    return known


def _once(lookup: Callable[[], Awaitable[Person]]) -> Callable[[], Awaitable[Person]]:
    found: list[Person] = []

    async def once() -> Person:
        if not found:
            found.append(await lookup())
        return found[0]

    return once


def _clip(note: str | None) -> str | None:
    if note is None:
        return None
    note = note.strip()
    return note[:MAX_NOTE] or None
