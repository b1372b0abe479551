"""Minutes → requests: the organiser replies to a meeting's announcement or reminder with the
minutes, and each line starting with "- " becomes a tracked request the organiser owns,
linked to the meeting. The same line twice is filed once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.errors import NotBound, ServiceError
from bot.domain.models import Meeting, Person, Request
from bot.scheduling.recurrence import Frequency, Rule
from bot.services.requests import MAX_TEXT, RequestService
from storage.repositories import Repositories

ITEM = "- "
# Words a minutes reply may start with, so that someone else's attempt is answered.
HEADINGS = ("纪要", "会议纪要", "會議紀要", "紀要", "minutes")
MAX_ITEMS = 30
# A recurring meeting's minutes may repeat an item at its next occurrence, meant anew: lines
# count as the same only within less than one period. A one-off meeting's, always.
_SAME_WITHIN = {
    Frequency.DAILY: timedelta(hours=20),
    Frequency.WEEKLY: timedelta(days=6),
    Frequency.MONTHLY: timedelta(days=25),
}


class MinutesNotYours(ServiceError):
    key = "minutes-not-organiser"


class MinutesWithoutItems(ServiceError):
    key = "minutes-how"


@dataclass(frozen=True, slots=True)
class MinutesFiled:
    meeting: Meeting
    owner: Person
    filed: list[Request]
    already: list[Request]  # the same lines, filed by an earlier reply


def items(text: str) -> list[str]:
    """The lines starting with "- ", each once, in order."""
    found: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith(ITEM):
            item = " ".join(line[1:].split())[:MAX_TEXT]
            if item and item not in found:
                found.append(item)
    return found[:MAX_ITEMS]


def looks_like_minutes(text: str) -> bool:
    return bool(items(text)) or text.strip().lower().startswith(HEADINGS)


class MinutesService:
    def __init__(
        self, repos: Repositories, requests: RequestService, clock: Callable[[], datetime]
    ) -> None:
        self.repos = repos
        self.requests = requests
        self.clock = clock

    async def meeting_of(self, chat_id: int, message_id: int) -> Meeting | None:
        return await self.repos.meetings.of_post(chat_id, message_id)

    async def may_file(self, actor: Person, meeting: Meeting) -> bool:
        return actor.id == meeting.organiser_id or await self.repos.directory.is_admin(
            actor.id, meeting.community_id
        )

    async def file(self, actor: Person, meeting: Meeting, chat_id: int, text: str) -> MinutesFiled:
        if not await self.may_file(actor, meeting):
            raise MinutesNotYours()
        lines = items(text)
        if not lines:
            raise MinutesWithoutItems()
        building = await self.repos.directory.building_by_chat(chat_id)
        if building is None:
            raise NotBound()
        owner = await self.repos.people.get(meeting.organiser_id)
        assert owner is not None
        filed_before = await self.repos.requests.of_meeting(meeting.id)
        if meeting.rule is not None:
            since = self.clock() - _SAME_WITHIN[Rule.load(meeting.rule).frequency]
            filed_before = [r for r in filed_before if r.created_at >= since]
        earlier = {r.text: r for r in filed_before}
        filed, already = [], []
        for line in lines:
            if line in earlier:
                already.append(earlier[line])
            else:
                filed.append(
                    await self.requests.from_minutes(owner, building, line, meeting.id, chat_id)
                )
        return MinutesFiled(meeting, owner, filed, already)
