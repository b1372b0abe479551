"""Privacy: /mydata shows a resident what is kept about them, /forgetme erases it, and the
retention job anonymises closed requests' words some months after they closed and forgets
the copies of messages in transit (outbox, updates kept for a retry) after some days.

Requests stay, anonymised, so the community's figures stay true.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.domain.errors import ServiceError
from bot.domain.models import Person, Post, Request
from bot.services.audit import Auditor
from bot.services.config import TrustConfig
from bot.services.roles import RoleService
from storage.repositories import Repositories
from storage.repositories.schedule import Job, JobState

Clock = Callable[[], datetime]

RETENTION = "retention"
KINDS = (RETENTION,)
# What a forgotten person is called from then on.
FORGOTTEN = "—"
_BATCH = 500


class HoldsPosts(ServiceError):
    """Staff are part of the directory: an admin replaces them first, then they may go."""

    key = "forget-holds-posts"


@dataclass(frozen=True, slots=True)
class MyData:
    person: Person
    posts: list[Post]
    requests: list[Request]
    filed: int


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` earlier (the month's last day when it is shorter)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


class PrivacyService:
    def __init__(
        self,
        repos: Repositories,
        roles: RoleService,
        clock: Clock,
        audit: Auditor,
        trust: TrustConfig,
    ) -> None:
        self.repos = repos
        self.roles = roles
        self.clock = clock
        self.audit = audit
        self.trust = trust

    async def mydata(self, person: Person, limit: int = 20) -> MyData:
        posts = await self.roles.whoami(person)
        requests = await self.repos.requests.of_reporter(person.id, limit)
        filed = await self.repos.requests.filed_since(person.id, datetime(1970, 1, 1, tzinfo=UTC))
        return MyData(person, posts, requests, filed)

    async def check_forget(self, person: Person) -> None:
        if await self.roles.whoami(person):
            raise HoldsPosts()

    async def forget(self, person: Person) -> int:
        """Erases the person's fields and anonymises their requests; returns how many."""
        await self.check_forget(person)
        now = self.clock()
        erased = [
            name
            for name, value in (
                ("name", person.name),
                ("telegram_id", person.telegram_id),
                ("username", person.username),
                ("language_code", person.language_code),
            )
            if value
        ]
        await self.repos.people.forget(person.id, FORGOTTEN)
        anonymised = await self.repos.requests.anonymise_of_reporter(person.id, now)
        await self.repos.coreporters.forget(person.id)
        if person.telegram_id:
            # Their private chat: what the bot told them, and a conversation left half-way.
            await self.repos.outbox.redact_chat(person.telegram_id)
            await self.repos.fsm.forget_private_chat(person.telegram_id)
        # The names of the fields, never their values: the trail must not undo the erasure.
        await self.audit(
            person,
            "person.forgotten",
            "person",
            person.id,
            {"fields": erased},
            {"requests_anonymised": anonymised},
        )
        return anonymised

    # --- retention, by the scheduler --------------------------------------------------------

    async def plan(self, after: datetime | None = None) -> None:
        """The next day's sweep, once: the key is the day, whoever plans it."""
        now = self.clock()
        day = (max(now, after or now) + timedelta(days=1)).date()
        due = datetime(day.year, day.month, day.day, 3, tzinfo=UTC)  # a quiet hour for China
        await self.repos.schedule.plan(
            kind=RETENTION,
            key=f"retention:{day.isoformat()}",
            due_at=due,
            fire_by=due + timedelta(days=1),
            at=now,
        )

    async def fire(self, job: Job, now: datetime) -> str:
        await self.plan(job.due_at)  # the next day's, whatever happens to this one
        await self.forget_transient(now)
        cutoff = months_before(now, self.trust.retention_months)
        total = 0
        while count := await self.repos.requests.anonymise_closed_before(cutoff, now, _BATCH):
            total += count
        if total:
            await self.audit(
                None,
                "retention.anonymised",
                "request",
                None,
                {"closed_before": cutoff.isoformat()},
                {"requests": total},
            )
        return JobState.DONE

    async def forget_transient(self, now: datetime) -> None:
        cutoff = now - self.trust.transient_for
        redacted = await self.repos.outbox.redact_before(cutoff)
        dropped = await self.repos.failed_updates.forget_before(cutoff)
        if redacted or dropped:
            await self.audit(
                None,
                "retention.transient",
                "outbox",
                None,
                {"before": cutoff.isoformat()},
                {"messages_redacted": redacted, "updates_dropped": dropped},
            )
