"""Knowing who writes: Telegram accounts become people, directory entries by username get matched."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.models import Person
from storage.repositories import Repositories

_NAME_LIMIT = 200


@dataclass(frozen=True, slots=True)
class Account:
    telegram_id: int
    username: str | None
    full_name: str
    language_code: str | None


class PeopleService:
    def __init__(self, repos: Repositories) -> None:
        self.repos = repos

    async def seen(self, account: Account) -> Person:
        people = self.repos.people
        username = account.username.lower() if account.username else None
        person = await people.by_telegram_id(account.telegram_id)
        if person is None and username:
            # A directory entry given by username: this is the moment it gets its id.
            listed = await people.by_username(username)
            if listed is not None and listed.telegram_id is None:
                return await people.update(
                    listed.id, telegram_id=account.telegram_id, language_code=account.language_code
                )
        holder = await people.by_username(username) if username else None
        if holder is not None and (person is None or holder.id != person.id):
            # Usernames move between accounts; the newest owner keeps it.
            await people.update(holder.id, username=None)
        if person is None:
            name = account.full_name.strip()[:_NAME_LIMIT] or str(account.telegram_id)
            return await people.insert(
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
        if person.started_bot:
            return person
        return await self.repos.people.update(person.id, started_bot=True)
