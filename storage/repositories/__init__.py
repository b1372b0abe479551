"""Repositories: the only code that speaks SQL. They never commit; the caller's transaction does."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from storage.repositories.audit import AuditRepository
from storage.repositories.boards import BoardRepository
from storage.repositories.broadcasts import BroadcastRepository
from storage.repositories.digests import DigestRepository
from storage.repositories.directory import DirectoryCache, DirectoryRepository
from storage.repositories.examples import ExampleRepository
from storage.repositories.failed_updates import FailedUpdateRepository
from storage.repositories.fsm import FsmRepository
from storage.repositories.inbox import InboxRepository
from storage.repositories.invites import InviteRepository
from storage.repositories.meetings import MeetingRepository
from storage.repositories.neighbours import CoReporterRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.people import PeopleRepository
from storage.repositories.requests import RequestRepository
from storage.repositories.schedule import ScheduleRepository
from storage.repositories.stats import StatsRepository


class Repositories:
    """Every repository bound to one open transaction."""

    def __init__(
        self, connection: AsyncConnection, directory: DirectoryCache | None = None
    ) -> None:
        self.connection = connection
        self.directory = DirectoryRepository(connection, directory)
        self.people = PeopleRepository(connection, on_change=self.directory.people_changed)
        self.requests = RequestRepository(connection)
        self.coreporters = CoReporterRepository(connection)
        self.outbox = OutboxRepository(connection)
        self.inbox = InboxRepository(connection)
        self.failed_updates = FailedUpdateRepository(connection)
        # Admin
        self.broadcasts = BroadcastRepository(connection)
        self.fsm = FsmRepository(connection)
        self.stats = StatsRepository(connection)
        # Scheduling
        self.schedule = ScheduleRepository(connection)
        self.meetings = MeetingRepository(connection)
        self.digests = DigestRepository(connection)
        # Trust
        self.audit = AuditRepository(connection)
        self.invites = InviteRepository(connection)
        # The parser's corrections
        self.examples = ExampleRepository(connection)
        # The building's board
        self.boards = BoardRepository(connection)

    async def flush(self) -> None:
        """What the repositories held back to write together: before the commit."""
        await self.outbox.flush()
        await self.boards.flush()


__all__ = ["Repositories"]
