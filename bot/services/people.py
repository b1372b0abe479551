"""Knowing who writes: Telegram accounts become people, directory entries by username get matched."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.domain.models import Person
from bot.domain.notices import Notify, PersonUnreachable
from bot.services.menus import MenuService
from storage.repositories import Repositories

_NAME_LIMIT = 200


@dataclass(frozen=True, slots=True)
class Account:
    telegram_id: int
    username: str | None
    full_name: str
    language_code: str | None


def refusal_kind(error: str) -> str:
    """Telegram's refusal of a private chat, in the words an admin can act on."""
    lowered = error.lower()
    if "blocked" in lowered:
        return "blocked"
    if "initiate" in lowered or "start" in lowered:
        return "not_started"
    if "deactivated" in lowered:
        return "deactivated"
    return "not_found"


class PeopleService:
    def __init__(
        self,
        repos: Repositories,
        notify: Notify,
        clock: Callable[[], datetime],
        menus: MenuService,
    ) -> None:
        self.repos = repos
        self.notify = notify
        self.clock = clock
        self.menus = menus

    async def seen(self, account: Account) -> Person:
        people = self.repos.people
        username = account.username.lower() if account.username else None
        person, holder = await people.by_account(account.telegram_id, username)
        if person is None and holder is not None and holder.telegram_id is None:
            # A directory entry given by username: this is the moment it gets its id.
            return await people.update(
                holder.id, telegram_id=account.telegram_id, language_code=account.language_code
            )
        if holder is not None and (person is None or holder.id != person.id):
            # Usernames move between accounts; the newest owner keeps it.
            await people.update(holder.id, username=None)
        if person is None:
            name = account.full_name.strip()[:_NAME_LIMIT] or str(account.telegram_id)
            return await people.insert_account(
                name=name,
                telegram_id=account.telegram_id,
                username=username,
                language_code=account.language_code,
            )
        changes: dict[str, object] = {}
        if person.username != username:
            changes["username"] = username
        if account.language_code and person.language_code != account.language_code:
            changes["language_code"] = account.language_code
        return await people.update(person.id, **changes) if changes else person

    async def started(self, person: Person) -> Person:
        """/start in private: tasks may reach them there, and their menus follow their posts."""
        if not person.started_bot or person.unreachable is not None:
            person = await self.repos.people.update(
                person.id, started_bot=True, unreachable=None, unreachable_at=None
            )
        await self.menus.refresh(person)
        return person

    async def unreachable(self, telegram_id: int, error: str) -> None:
        """Telegram refused a private message: tasks go to their groups from now on, and the
        admins hear of it once, so someone fixes the id or asks the person to start the bot."""
        person = await self.repos.people.mark_unreachable(telegram_id, error, self.clock())
        if person is None:
            return  # already known, or nobody in the directory
        kind = refusal_kind(error)
        told: set[int] = set()
        for community_id in await self.repos.directory.communities_of(person.id):
            for admin in await self.repos.directory.admins(community_id):
                if admin.id not in told and admin.id != person.id:
                    told.add(admin.id)
                    await self.notify(PersonUnreachable(person, kind, admin))
