"""The bot in a sandbox on a clock the test moves, that can be stopped and started again on the
same database and emulator (what a restart keeps, the test sees)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.app import create_app
from devtools.emulator.client import EmulatorClient
from devtools.emulator.server import Emulator
from devtools.sandbox import Sandbox, sandbox_settings
from tests.conftest import GRID
from tests.story import EVERYONE, GROUP3, GROUP5, GROUP7, LEADER, MEMBER3, SECRETARY, Story
from tests.waiting import until

MONDAY_MORNING = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
ENGLISH_GRID = GRID.replace(
    'timezone = "Asia/Shanghai"', 'timezone = "Asia/Shanghai"\nlocale = "en"'
)


@dataclass
class ShiftedClock:
    """Real time, moved forward by the test: a minute or a fortnight passes in a line."""

    offset: timedelta = field(default_factory=timedelta)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def jump(self, **span: float) -> None:
        self.offset += timedelta(**span)

    def jump_to(self, moment: datetime) -> None:
        self.offset = moment - datetime.now(UTC)


@dataclass
class Town:
    emulator: Emulator
    url: str
    clock: ShiftedClock
    grid: str
    sections: dict[str, dict[str, Any]]
    box: Sandbox | None = None

    async def start(self) -> Story:
        settings = sandbox_settings(self.emulator.base_url, self.url, **self.sections)
        app = create_app(settings, clock=self.clock)
        self.box = Sandbox(self.emulator, app)
        await app.database.migrate()
        await self.box.import_directory(self.grid)
        await self.box.start()
        return await Story.from_now(self.box)

    async def stop(self) -> None:
        if self.box is not None:
            await self.box.stop()
            self.box = None

    async def after_ticks(self, story: Story, timeout: float = 15.0) -> None:  # noqa: ASYNC109
        """Until the runner acted on every row due by the test's clock, and the outbox drained."""

        async def nothing_due() -> bool:
            async with story.box.app.database.transaction() as repos:
                next_due = await repos.schedule.next_due()
            return next_due is None or next_due > self.clock()

        await until(nothing_due, "every row due by the test's clock acted on", timeout)
        await story.box.settle()


async def town(
    sqlite_url: str, grid: str = GRID, **sections: dict[str, Any]
) -> AsyncIterator[tuple[Town, Story]]:
    """Users and groups exist before the bot starts; building 3's group lets it pin."""
    emulator = Emulator()
    await emulator.start()
    clock = ShiftedClock()
    clock.jump_to(MONDAY_MORNING)
    sections = {"reminders": {"tick_seconds": 0.2, "quiet_hours": ""}, **sections}
    place = Town(emulator, sqlite_url, clock, grid, sections)
    client = EmulatorClient(emulator.base_url)
    for user in EVERYONE:
        await client.add_user(
            user.id, user.name, username=user.username, language_code=user.language_code
        )
    for chat_id, title in ((GROUP3, "3栋邻里群"), (GROUP5, "5栋邻里群"), (GROUP7, "7栋邻里群")):
        await client.add_group(chat_id, title, bot_admin=chat_id == GROUP3)
    for user in (MEMBER3, LEADER, SECRETARY):
        await client.start_private(user.id)
    await client.close()
    story = await place.start()
    await story.box.settle()
    story = await Story.from_now(story.box)
    try:
        yield place, story
    finally:
        await place.stop()
        await emulator.stop()
