"""Parser examples (corrections people made) and the adjustments fitted from them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select

from storage.repositories.base import Repository
from storage.schema import communities, parser_adjustments, parser_examples


@dataclass(frozen=True, slots=True)
class ParserExample:
    id: int
    community_id: int
    community: str
    text: str
    is_request: bool
    category: str | None
    urgent: bool
    source: str
    person_id: int | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ParserAdjustment:
    community_id: int
    community: str
    fitted_at: datetime
    payload: str


class ExampleRepository(Repository):
    async def add(
        self,
        *,
        community_id: int,
        text: str,
        is_request: bool,
        category: str | None,
        urgent: bool,
        source: str,
        person_id: int | None,
        at: datetime,
    ) -> int:
        result = await self.connection.execute(
            insert(parser_examples)
            .values(
                community_id=community_id,
                text=text,
                is_request=is_request,
                category=category,
                urgent=urgent,
                source=source,
                person_id=person_id,
                created_at=at,
            )
            .returning(parser_examples.c.id)
        )
        return int(result.scalar_one())

    async def all(self, community_id: int | None = None) -> list[ParserExample]:
        """Oldest first, so that a later correction of the same text can win."""
        e = parser_examples.c
        query = select(parser_examples, communities.c.name.label("community_name")).join(
            communities, communities.c.id == e.community_id
        )
        if community_id is not None:
            query = query.where(e.community_id == community_id)
        rows = await self.connection.execute(query.order_by(e.id))
        return [
            ParserExample(
                id=row.id,
                community_id=row.community_id,
                community=row.community_name,
                text=row.text,
                is_request=bool(row.is_request),
                category=row.category,
                urgent=bool(row.urgent),
                source=row.source,
                person_id=row.person_id,
                created_at=row.created_at,
            )
            for row in rows
        ]

    async def save_adjustment(self, community_id: int, payload: str, at: datetime) -> None:
        await self.connection.execute(
            delete(parser_adjustments).where(parser_adjustments.c.community_id == community_id)
        )
        await self.connection.execute(
            insert(parser_adjustments).values(
                community_id=community_id, fitted_at=at, payload=payload
            )
        )

    async def adjustments(self) -> list[ParserAdjustment]:
        a = parser_adjustments.c
        query = select(parser_adjustments, communities.c.name.label("community_name")).join(
            communities, communities.c.id == a.community_id
        )
        return [
            ParserAdjustment(row.community_id, row.community_name, row.fitted_at, row.payload)
            for row in await self.connection.execute(query.order_by(a.community_id))
        ]
