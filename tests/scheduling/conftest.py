"""Fixtures for the scheduling tests: a clock the test moves, the grid, services over a real database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.domain.models import Meeting, Person
from bot.i18n import Translator
from bot.scheduling.quiet import QuietHours
from bot.scheduling.runner import JobRunner
from bot.services.config import SchedulingConfig, ServiceConfig, Sla
from bot.services.container import Services
from bot.services.directory import DirectoryService, read_directory
from bot.services.meetings import Scope
from bot.services.requests import GroupMessage, ParserBook
from storage.database import Database
from storage.repositories import Repositories
from storage.schema import outbox
from tests.conftest import GRID
from tests.wiring import services_over

# Tuesday 1 December 2026, 12:00 in Shanghai: outside quiet hours.
START = datetime(2026, 12, 1, 4, 0, tzinfo=UTC)
GROUP3 = -1003


@dataclass
class FakeClock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **span: float) -> None:
        self.now += timedelta(**span)


@dataclass
class World:
    database: Database
    clock: FakeClock
    config: SchedulingConfig
    parsers: ParserBook
    translator: Translator = field(default_factory=Translator)

    def services(self, repos: Repositories) -> Services:
        config = ServiceConfig(scheduling=self.config)
        return services_over(repos, self.clock, config=config, parsers=self.parsers)

    def ticker(self, database: Database | None = None) -> JobRunner:
        return JobRunner(database or self.database, self.services, self.clock, lambda: None)

    async def person(self, telegram_id: int) -> Person:
        async with self.database.transaction() as repos:
            person = await repos.people.by_telegram_id(telegram_id)
            if person is None:
                person = await repos.people.insert(
                    name=f"p{telegram_id}", telegram_id=telegram_id, username=None,
                    language_code="zh-hans",
                )  # fmt: skip
            return person

    async def meeting(self, text: str, organiser: int = 3001) -> Meeting:
        """Proposed in building 3's group by its member, and confirmed."""
        actor = await self.person(organiser)
        async with self.database.transaction() as repos:
            meetings = self.services(repos).meetings
            scope = await meetings.scope_of_group(actor, GROUP3)
            draft = await meetings.propose(actor, scope, text, GROUP3, None)
            return await meetings.confirm(actor, draft.id)

    async def file(self, text: str, message_id: int, reporter: int = 9001) -> int:
        actor = await self.person(reporter)
        async with self.database.transaction() as repos:
            requests = self.services(repos).requests
            await requests.intake(actor, GroupMessage(GROUP3, message_id, text), forced=True)
            filed = await repos.requests.by_message(GROUP3, message_id)
            assert filed is not None
            return filed.id

    async def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Outbox rows (what the bot owes Telegram), oldest first."""
        import json

        async with self.database.transaction() as repos:
            query = select(outbox).order_by(outbox.c.id)
            if chat_id is not None:
                query = query.where(outbox.c.chat_id == chat_id)
            rows = (await repos.connection.execute(query)).all()
        return [{"chat_id": r.chat_id, "method": r.method, **json.loads(r.payload)} for r in rows]


PARSERS = ParserBook({})


@pytest.fixture
def scope() -> type[Scope]:
    return Scope


@pytest.fixture
async def world(database: Database) -> AsyncIterator[World]:
    async with database.transaction() as repos:
        await DirectoryService(repos).apply(read_directory(GRID))
    config = SchedulingConfig(
        sla=Sla(timedelta(hours=2), timedelta(minutes=15), timedelta(days=7)),
        meeting_offsets=(timedelta(days=1), timedelta(hours=1)),
        quiet=QuietHours.parse("22:00-07:00"),
    )
    yield World(database, FakeClock(), config, PARSERS)
