from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.models import Person
from storage.repositories.base import Repository
from storage.schema import people


def to_person(row: Row[Any]) -> Person:
    return Person(
        id=row.id,
        name=row.name,
        telegram_id=row.telegram_id,
        username=row.username,
        language_code=row.language_code,
        started_bot=row.started_bot,
        unreachable=row.unreachable,
    )


async def _nothing() -> None:
    return None


# Built once: every update from a person looks them up.
# A person first seen: built once per dialect, executed with the row's values.
_INSERT_ACCOUNT = {
    name: module.insert(people)
    .on_conflict_do_nothing(index_elements=[people.c.telegram_id])
    .returning(people)
    for name, module in (("postgresql", postgresql), ("sqlite", sqlite))
}
_BY_ID = select(people).where(people.c.telegram_id == bindparam("telegram_id"))
_BY_ID_OR_USERNAME = select(people).where(
    or_(
        people.c.telegram_id == bindparam("telegram_id"),
        people.c.username == bindparam("username"),
    )
)


class PeopleRepository(Repository):
    def __init__(
        self, connection: AsyncConnection, on_change: Callable[[], Awaitable[None]] | None = None
    ) -> None:
        super().__init__(connection)
        # Told when an existing person's row changes (the directory remembers holders).
        self._on_change = on_change or _nothing

    async def get(self, person_id: int) -> Person | None:
        row = (
            await self.connection.execute(select(people).where(people.c.id == person_id))
        ).first()
        return to_person(row) if row else None

    async def many(self, person_ids: list[int]) -> dict[int, Person]:
        if not person_ids:
            return {}
        rows = await self.connection.execute(select(people).where(people.c.id.in_(person_ids)))
        return {row.id: to_person(row) for row in rows}

    async def by_telegram_id(self, telegram_id: int) -> Person | None:
        query = select(people).where(people.c.telegram_id == telegram_id)
        row = (await self.connection.execute(query)).first()
        return to_person(row) if row else None

    async def by_username(self, username: str) -> Person | None:
        query = select(people).where(people.c.username == username.lower())
        row = (await self.connection.execute(query)).first()
        return to_person(row) if row else None

    async def by_account(
        self, telegram_id: int, username: str | None
    ) -> tuple[Person | None, Person | None]:
        """In one statement: who has this Telegram id, and who holds this username."""
        if username:
            found = await self.connection.execute(
                _BY_ID_OR_USERNAME, {"telegram_id": telegram_id, "username": username.lower()}
            )
        else:
            found = await self.connection.execute(_BY_ID, {"telegram_id": telegram_id})
        by_id = by_username = None
        for row in found:
            person = to_person(row)
            if person.telegram_id == telegram_id:
                by_id = person
            if username and person.username == username.lower():
                by_username = person
        return by_id, by_username

    async def insert(
        self,
        *,
        name: str,
        telegram_id: int | None,
        username: str | None,
        language_code: str | None = None,
    ) -> Person:
        result = await self.connection.execute(
            people.insert()
            .values(
                name=name,
                telegram_id=telegram_id,
                username=username.lower() if username else None,
                language_code=language_code,
            )
            .returning(people)
        )
        return to_person(result.one())

    async def insert_account(
        self, *, name: str, telegram_id: int, username: str | None, language_code: str | None
    ) -> Person:
        """A person first seen now; when another worker saw them in the same moment (the
        same update delivered twice, two messages at once), the row it made."""
        inserted = await self.connection.execute(
            _INSERT_ACCOUNT[self.dialect],
            {
                "name": name,
                "telegram_id": telegram_id,
                "username": username.lower() if username else None,
                "language_code": language_code,
            },
        )
        row = inserted.first()
        if row is not None:
            return to_person(row)
        existing = await self.by_telegram_id(telegram_id)
        assert existing is not None, "a conflict on telegram_id means the row exists"
        return existing

    async def mark_unreachable(self, telegram_id: int, reason: str, at: datetime) -> Person | None:
        """The person, the first time Telegram refuses them; None when already known."""
        await self._on_change()
        result = await self.connection.execute(
            update(people)
            .where(people.c.telegram_id == telegram_id, people.c.unreachable.is_(None))
            .values(unreachable=reason[:500], unreachable_at=at)
            .returning(people)
        )
        row = result.one_or_none()
        return to_person(row) if row else None

    async def update(self, person_id: int, **values: Any) -> Person:
        if values.get("username"):
            values["username"] = values["username"].lower()
        await self._on_change()
        result = await self.connection.execute(
            update(people).where(people.c.id == person_id).values(**values).returning(people)
        )
        return to_person(result.one())

    async def limit_told_at(self, person_id: int) -> datetime | None:
        query = select(people.c.limit_told_at).where(people.c.id == person_id)
        value: datetime | None = (await self.connection.execute(query)).scalar()
        return value

    async def set_limit_told_at(self, person_id: int, at: datetime) -> None:
        await self.connection.execute(
            update(people).where(people.c.id == person_id).values(limit_told_at=at)
        )

    async def forget(self, person_id: int, placeholder: str) -> Person:
        """Every personal field goes; the row stays so requests keep their reporter."""
        await self._on_change()
        result = await self.connection.execute(
            update(people)
            .where(people.c.id == person_id)
            .values(
                name=placeholder,
                telegram_id=None,
                username=None,
                language_code=None,
                started_bot=False,
                limit_told_at=None,
            )
            .returning(people)
        )
        return to_person(result.one())
