"""Meetings: proposing with a parsed time, confirming, reminding, RSVPs, cancelling.

A meeting's reminders are rows in `scheduled_jobs`, planned when it is confirmed and
keyed by (meeting, occurrence, offset): planning twice plans once. When a reminder comes
due the row is checked against the meeting as it is *now* (cancelled? moved on?), so a
cancellation racing a reminder can never resurrect it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.errors import NotAllowed, NotBound, ServiceError
from bot.domain.models import Meeting, MeetingState, Person, Role, zone_of
from bot.domain.notices import (
    MeetingAnnounced,
    MeetingCancelled,
    MeetingProposed,
    MeetingReminder,
    Notify,
)
from bot.scheduling.quiet import release
from bot.scheduling.recurrence import Rule
from bot.scheduling.when import At, Every, Unclear, parse_when
from bot.services.config import SchedulingConfig
from storage.repositories import Repositories
from storage.repositories.schedule import Job, JobState

Clock = Callable[[], datetime]

MAX_TITLE = 200
# A "starting now" post later than this after the start is noise, not help.
START_GRACE = timedelta(minutes=10)
REMINDER = "meeting_reminder"
START = "meeting_start"


class UnclearTime(ServiceError):
    key = "meeting-unclear"


class MissingTitle(ServiceError):
    key = "meeting-missing-title"


class MeetingNotFound(ServiceError):
    key = "meeting-not-found"


class MeetingGone(ServiceError):
    """Confirmed, discarded or cancelled already."""

    key = "meeting-gone"


class ScopeUsage(ServiceError):
    key = "meeting-private-usage"


@dataclass(frozen=True, slots=True)
class Scope:
    community_id: int
    kind: str  # chat | grid | community
    chat_id: int | None = None
    grid_id: int | None = None


@dataclass(frozen=True, slots=True)
class Upcoming:
    meeting: Meeting
    coming: int


def split_title(rest: str) -> tuple[str, str | None]:
    """`坝坝会 @ 3栋楼下` -> (`坝坝会`, `3栋楼下`)."""
    title, at, place = rest.rpartition("@")
    if not at:
        return rest.strip()[:MAX_TITLE], None
    return title.strip()[:MAX_TITLE], (place.strip()[:MAX_TITLE] or None)


class MeetingService:
    def __init__(
        self, repos: Repositories, notify: Notify, clock: Clock, config: SchedulingConfig
    ) -> None:
        self.repos = repos
        self.notify = notify
        self.clock = clock
        self.config = config

    # --- proposing and confirming -------------------------------------------------------

    async def scope_of_group(self, actor: Person, chat_id: int) -> Scope:
        """An admin, the grid leader or the building's member may schedule for a group."""
        building = await self.repos.directory.building_by_chat(chat_id)
        if building is None:
            raise NotBound()
        directory = self.repos.directory
        if not await directory.is_admin(actor.id, building.community_id):
            posts = await directory.posts_of(actor.id)
            allowed = any(
                (role is Role.LEADER and grid_id == building.grid_id)
                or (role is Role.MEMBER and building_id == building.id)
                for role, grid_id, building_id in posts
            )
            if not allowed:
                raise NotAllowed()
        return Scope(building.community_id, "chat", chat_id=chat_id, grid_id=building.grid_id)

    async def scope_in_private(self, actor: Person, args: str) -> tuple[Scope, str]:
        """`grid A <when> …` or `community <when> …`: an admin's meeting for many groups."""
        head, _, rest = args.strip().partition(" ")
        communities = await self.repos.directory.communities_administered(actor.id)
        if not communities:
            raise NotAllowed()
        word = head.lower()
        if word in ("community", "社区", "社區"):
            return Scope(communities[0].id, "community"), rest
        if word in ("grid", "网格", "網格"):
            code, _, rest = rest.strip().partition(" ")
            for community in communities:
                for grid in await self.repos.directory.grids_of(community.id):
                    if grid.code.lower() == code.lower():
                        return Scope(community.id, "grid", grid_id=grid.id), rest
        raise ScopeUsage()

    async def propose(
        self, actor: Person, scope: Scope, text: str, reply_chat: int, reply_to: int | None
    ) -> Meeting:
        zone = await self.zone(scope.community_id)
        now = self.clock()
        parsed = parse_when(text, now, zone)
        when = parsed.when
        if isinstance(when, Unclear):
            raise UnclearTime(doubt=when.doubt.value)
        title, place = split_title(parsed.rest)
        if not title:
            raise MissingTitle()
        starts_at = when.moment if isinstance(when, At) else when.first
        meeting = await self.repos.meetings.insert(
            community_id=scope.community_id,
            scope=scope.kind,
            grid_id=scope.grid_id if scope.kind == "grid" else None,
            chat_id=scope.chat_id,
            organiser_id=actor.id,
            title=title,
            place=place,
            starts_at=starts_at,
            rule=when.rule.dump() if isinstance(when, Every) else None,
            state=MeetingState.DRAFT,
            created_at=now,
        )
        groups = len(await self.chats(meeting))
        await self.notify(MeetingProposed(meeting, reply_chat, reply_to, actor, zone, groups))
        return meeting

    async def confirm(self, actor: Person, meeting_id: int) -> Meeting:
        meeting = await self._get(meeting_id)
        if meeting.organiser_id != actor.id:
            raise NotAllowed()
        now = self.clock()
        zone = await self.zone(meeting.community_id)
        if meeting.starts_at <= now:
            if meeting.rule is None:
                raise UnclearTime(doubt="past")
            meeting = await self.repos.meetings.update(
                meeting.id, starts_at=Rule.load(meeting.rule).next_after(now, zone)
            )
        if not await self.repos.meetings.move_state(
            meeting.id, [MeetingState.DRAFT], MeetingState.SCHEDULED
        ):
            raise MeetingGone()
        await self._plan(meeting, now, zone)
        await self.notify(MeetingAnnounced(meeting, await self.chats(meeting), actor, zone))
        await self._touch_boards(meeting)
        return meeting

    async def discard(self, actor: Person, meeting_id: int) -> None:
        meeting = await self._get(meeting_id)
        if meeting.organiser_id != actor.id:
            raise NotAllowed()
        if not await self.repos.meetings.move_state(
            meeting.id, [MeetingState.DRAFT], MeetingState.CANCELLED
        ):
            raise MeetingGone()

    # --- listing, coming, cancelling ---------------------------------------------------------

    async def upcoming_for_group(self, chat_id: int) -> list[Upcoming]:
        building = await self.repos.directory.building_by_chat(chat_id)
        if building is None:
            raise NotBound()
        meetings = await self.repos.meetings.upcoming(
            building.community_id, chat_id=chat_id, grid_id=building.grid_id
        )
        return [
            Upcoming(m, await self.repos.meetings.rsvp_count(m.id, m.starts_at)) for m in meetings
        ]

    async def rsvp(self, actor: Person, meeting_id: int) -> tuple[bool, int]:
        meeting = await self._get(meeting_id)
        if meeting.state != MeetingState.SCHEDULED:
            raise MeetingGone()
        coming = await self.repos.meetings.toggle_rsvp(
            meeting.id, meeting.starts_at, actor.id, self.clock()
        )
        return coming, await self.repos.meetings.rsvp_count(meeting.id, meeting.starts_at)

    async def cancel(self, actor: Person, meeting_id: int) -> Meeting:
        # No row lock on the meeting yet: the clock locks jobs before meetings, so must we.
        meeting = await self._get(meeting_id, for_update=False)
        if meeting.organiser_id != actor.id and not await self.repos.directory.is_admin(
            actor.id, meeting.community_id
        ):
            raise NotAllowed()
        now = self.clock()
        # Jobs first, then the meeting: the same lock order as the clock's, so no deadlock.
        await self.repos.schedule.cancel_meeting(meeting.id, now)
        if not await self.repos.meetings.move_state(
            meeting.id, [MeetingState.SCHEDULED], MeetingState.CANCELLED
        ):
            raise MeetingGone()
        organiser = await self.repos.people.get(meeting.organiser_id)
        assert organiser is not None
        zone = await self.zone(meeting.community_id)
        await self.notify(MeetingCancelled(meeting, await self.chats(meeting), organiser, zone))
        await self._touch_boards(meeting)
        return meeting

    # --- the clock's side ----------------------------------------------------------------------

    async def fire(self, job: Job, now: datetime) -> str:
        """Act on a due reminder; returns the state to close the job with."""
        meeting = await self.repos.meetings.get(job.meeting_id or 0)
        occurrence = job.payload.get("start")
        if (
            meeting is None
            or meeting.state != MeetingState.SCHEDULED
            or meeting.starts_at.isoformat() != occurrence
        ):
            return JobState.DROPPED  # cancelled, or moved on: a stale row
        zone = await self.zone(meeting.community_id)
        late = job.fire_by is not None and now > job.fire_by
        if not late:
            organiser = await self.repos.people.get(meeting.organiser_id)
            assert organiser is not None
            # The nominal offset ("in 1 hour"), even when quiet hours delayed the post.
            left = timedelta(seconds=job.payload["offset"]) if job.kind == REMINDER else None
            coming = await self.repos.meetings.rsvp_count(meeting.id, meeting.starts_at)
            await self.notify(
                MeetingReminder(meeting, await self.chats(meeting), organiser, zone, left, coming)
            )
        if job.kind == START:
            await self._next_occurrence(meeting, now, zone)
            await self._touch_boards(meeting)  # the boards' next meeting is another now
        return JobState.DROPPED if late else JobState.DONE

    async def _next_occurrence(self, meeting: Meeting, now: datetime, zone: ZoneInfo) -> None:
        if meeting.rule is None:
            await self.repos.meetings.update(meeting.id, state=MeetingState.DONE)
            return
        following = Rule.load(meeting.rule).next_after(max(now, meeting.starts_at), zone)
        moved = await self.repos.meetings.update(meeting.id, starts_at=following)
        await self._plan(moved, now, zone)

    async def _plan(self, meeting: Meeting, now: datetime, zone: ZoneInfo) -> None:
        start = meeting.starts_at
        base = f"meeting:{meeting.id}:{start.isoformat()}"
        payload = {"start": start.isoformat()}
        for offset in self.config.meeting_offsets:
            due = release(self.config.quiet, start - offset, zone, urgent=False)
            if due <= now or due >= start:
                continue  # already past, or quiet hours would push it past the start
            await self.repos.schedule.plan(
                kind=REMINDER,
                key=f"{base}:{int(offset.total_seconds())}",
                due_at=due,
                fire_by=start,  # a reminder after the start is useless: dropped
                at=now,
                community_id=meeting.community_id,
                meeting_id=meeting.id,
                payload={**payload, "offset": int(offset.total_seconds())},
            )
        await self.repos.schedule.plan(
            kind=START,
            key=f"{base}:start",
            due_at=start,
            fire_by=start + START_GRACE,
            at=now,
            community_id=meeting.community_id,
            meeting_id=meeting.id,
            payload=payload,
        )

    # --- helpers -------------------------------------------------------------------------------

    async def chats(self, meeting: Meeting) -> list[int]:
        """The groups a meeting is posted in, looked up now: a group bound later is included."""
        directory = self.repos.directory
        if meeting.scope == "chat":
            return [meeting.chat_id] if meeting.chat_id is not None else []
        if meeting.scope == "grid":
            grids = [meeting.grid_id] if meeting.grid_id is not None else []
        else:
            grids = [grid.id for grid in await directory.grids_of(meeting.community_id)]
        chats: list[int] = []
        for grid_id in grids:
            chats += [b.chat_id for b in await directory.buildings_of_grid(grid_id) if b.chat_id]
        return chats

    async def _touch_boards(self, meeting: Meeting) -> None:
        buildings = [
            await self.repos.directory.building_by_chat(c) for c in await self.chats(meeting)
        ]
        await self.repos.boards.touch([b.id for b in buildings if b is not None], self.clock())

    async def zone(self, community_id: int) -> ZoneInfo:
        return zone_of(await self.repos.directory.community(community_id))

    async def get(self, meeting_id: int) -> Meeting:
        return await self._get(meeting_id)

    async def _get(self, meeting_id: int, *, for_update: bool = True) -> Meeting:
        meeting = await self.repos.meetings.get(meeting_id, for_update=for_update)
        if meeting is None:
            raise MeetingNotFound(id=meeting_id)
        return meeting
