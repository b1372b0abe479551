"""aiogram FSM state rows: the admin's half-finished /broadcast survives a restart."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from storage.repositories.base import Repository
from storage.schema import fsm_states


class FsmRepository(Repository):
    async def get(self, key: str) -> tuple[str | None, dict[str, Any]]:
        query = select(fsm_states.c.state, fsm_states.c.data).where(fsm_states.c.key == key)
        row = (await self.connection.execute(query)).first()
        return (row.state, json.loads(row.data)) if row else (None, {})

    async def put(self, key: str, state: str | None, data: dict[str, Any]) -> None:
        if state is None and not data:
            await self.connection.execute(fsm_states.delete().where(fsm_states.c.key == key))
            return
        values = {"state": state, "data": json.dumps(data, ensure_ascii=False)}
        module = postgresql if self.dialect == "postgresql" else sqlite
        statement = module.insert(fsm_states).values(key=key, **values)
        await self.connection.execute(
            statement.on_conflict_do_update(index_elements=[fsm_states.c.key], set_=values)
        )

    async def forget_private_chat(self, telegram_id: int) -> int:
        """Whatever a person's half-finished conversation with the bot holds.

        Keys are `bot:chat:user:thread:destiny`; a private chat's id is the person's.
        """
        pattern = f"%:{telegram_id}:{telegram_id}:%"
        result = await self.connection.execute(
            fsm_states.delete().where(fsm_states.c.key.like(pattern))
        )
        return int(result.rowcount or 0)
