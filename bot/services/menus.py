"""Which commands a person may use, by what they hold, and the menus that show them.

Telegram shows the most specific menu it has: a member's in their building's group, then
the group's, then every group's; a person's private chat, then every private chat. The
menus for everyone are set at start; a person's own are queued (lowest lane) when they
start the bot, and for everyone with a post on a directory import; a group's on /bind.
"""

from __future__ import annotations

from bot.domain.models import Person
from bot.domain.notices import CommandMenu, Notify
from storage.repositories import Repositories

_TASKS = ("tasks", "ack", "done", "escalate", "meeting", "cancel_meeting")
# Corrections of what the parser made of a message (they teach it: bot/services/learning.py).
_CORRECTIONS = ("notrequest", "category", "urgent", "noturgent")

RESIDENT_GROUP = ("report", "my", "status", "contacts", "meetings", "help")
RESIDENT_PRIVATE = ("start", "help", "report", "my", "status", "mydata", "forgetme")
HOLDER_GROUP = (*RESIDENT_GROUP, *_TASKS, *_CORRECTIONS)
HOLDER_PRIVATE = (
    *RESIDENT_PRIVATE,
    *_TASKS,
    *_CORRECTIONS,
    "whoami",
    "stats",
    "leaderboard",
    "lists",
    "export",
)
ADMIN_GROUP = (*HOLDER_GROUP, "bind", "assign", "board")
ADMIN_PRIVATE = (*HOLDER_PRIVATE, "broadcast", "broadcasts", "invite", "invites", "assign")


class MenuService:
    def __init__(self, repos: Repositories, notify: Notify) -> None:
        self.repos = repos
        self.notify = notify

    async def commands(self, person: Person | None, in_group: bool) -> tuple[str, ...]:
        """What the person may do here, for /help and their menu."""
        standing = await self._standing(person)
        return {
            "admin": ADMIN_GROUP if in_group else ADMIN_PRIVATE,
            "holder": HOLDER_GROUP if in_group else HOLDER_PRIVATE,
            "resident": RESIDENT_GROUP if in_group else RESIDENT_PRIVATE,
        }[standing]

    async def refresh(self, person: Person) -> None:
        """The person's own menus: in private, and in each group of a building they serve."""
        if person.telegram_id is None or await self._standing(person) == "resident":
            return  # residents see the menus everyone sees
        private = await self.commands(person, in_group=False)
        await self.notify(CommandMenu(person.telegram_id, None, private, person, None))
        in_group = await self.commands(person, in_group=True)
        for building_id in await self._buildings(person):
            building = await self.repos.directory.building(building_id)
            if building is not None and building.chat_id is not None:
                await self.notify(
                    CommandMenu(
                        building.chat_id, person.telegram_id, in_group, None,
                        building.community_id,
                    )
                )  # fmt: skip

    async def refresh_group(self, chat_id: int) -> None:
        """A bound group's menu, in its community's language."""
        building = await self.repos.directory.building_by_chat(chat_id)
        if building is not None:
            await self.notify(
                CommandMenu(chat_id, None, RESIDENT_GROUP, None, building.community_id)
            )

    async def refresh_all(self) -> None:
        """After a directory import: every bound group, everyone with a post who started the bot."""
        seen: set[int] = set()
        for community in await self.repos.directory.all_communities():
            for person in await self.repos.directory.admins(community.id):
                seen.add(person.id)
                if person.started_bot:
                    await self.refresh(person)
            for grid in await self.repos.directory.grids_of(community.id):
                for building in await self.repos.directory.buildings_of_grid(grid.id):
                    if building.chat_id is not None:
                        await self.refresh_group(building.chat_id)
                for _, _, person in await self.repos.directory.posts_in_grid(grid.id):
                    if person.id not in seen and person.started_bot:
                        seen.add(person.id)
                        await self.refresh(person)

    async def _standing(self, person: Person | None) -> str:
        if person is None:
            return "resident"
        if await self.repos.directory.communities_administered(person.id):
            return "admin"
        return "holder" if await self.repos.directory.posts_of(person.id) else "resident"

    async def _buildings(self, person: Person) -> set[int]:
        posts = await self.repos.directory.posts_of(person.id)
        buildings = {building for _, _, building in posts if building is not None}
        for _, grid_id, building in posts:
            if building is None:  # a grid post: every building of the grid
                buildings |= {b.id for b in await self.repos.directory.buildings_of_grid(grid_id)}
        return buildings
