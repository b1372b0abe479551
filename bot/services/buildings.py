"""Binding group chats to buildings, and a building's contacts (三长三员一民警)."""

from __future__ import annotations

from bot.domain.errors import NotAllowed, NotBound
from bot.domain.models import Building, Contact, Person, Role
from bot.services.audit import Auditor
from bot.services.boards import BoardService
from bot.services.menus import MenuService
from bot.services.permissions import administered_building
from storage.repositories import Repositories

CONTACT_ORDER = (
    Role.LEADER,
    Role.HEAD,
    Role.FLOOR_HEAD,
    Role.MEMBER,
    Role.GRID_WORKER,
    Role.HEALTH_WORKER,
    Role.LEGAL_ADVISER,
    Role.POLICE,
)


class BuildingService:
    def __init__(
        self, repos: Repositories, menus: MenuService, audit: Auditor, boards: BoardService
    ) -> None:
        self.repos = repos
        self.menus = menus
        self.audit = audit
        self.boards = boards

    async def bind(
        self, actor: Person, chat_id: int, number: str, grid_code: str | None = None
    ) -> Building:
        """Only an admin of the building's community may bind a group to it."""
        building = await administered_building(self.repos, actor, number, grid_code, NotAllowed)
        previous = await self.repos.directory.building_by_chat(chat_id)
        await self.repos.directory.bind_chat(building.id, chat_id)
        await self.audit(
            actor,
            "building.bind",
            "building",
            building.id,
            {"chat_id": building.chat_id, "chat_was_building": previous.id if previous else None},
            {"chat_id": chat_id},
        )
        await self.menus.refresh_group(chat_id)
        await self.boards.bound(building.id)
        # The building's people get their own menu in the group they now have.
        for contact in await self.repos.directory.contacts(building.grid_id, building.id):
            if contact.person.started_bot:
                await self.menus.refresh(contact.person)
        return building

    async def of_chat(self, chat_id: int) -> Building:
        building = await self.repos.directory.building_by_chat(chat_id)
        if building is None:
            raise NotBound()
        return building

    async def contacts(self, chat_id: int) -> tuple[Building, list[Contact]]:
        building = await self.of_chat(chat_id)
        contacts = await self.repos.directory.contacts(building.grid_id, building.id)
        contacts.sort(key=lambda c: CONTACT_ORDER.index(c.role))
        return building, contacts

    async def chat_moved(self, old_chat_id: int, new_chat_id: int) -> None:
        """A group upgraded to a supergroup keeps its building under the new id; its board,
        a message of the old group, is made again in the new one."""
        await self.repos.directory.move_chat(old_chat_id, new_chat_id)
        building = await self.repos.directory.building_by_chat(new_chat_id)
        if building is not None:
            await self.boards.bound(building.id)
