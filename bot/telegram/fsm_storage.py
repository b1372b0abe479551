"""aiogram FSM storage in the database, so a half-finished /broadcast survives a restart.

Inside an update the state is read and written through that update's transaction (set in
`current_repos` by the services middleware): it commits, or rolls back, with the rest of
what the update did. aiogram reads the state once before the transaction opens; that read
gets a short transaction of its own.

Only private chats hold conversations (the admin's /broadcast wizard): a key for a group
has no state and no data, read without a query, so a resident's message in a group costs
no FSM lookup.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey

from storage.database import Database, current_batch
from storage.repositories import Repositories

current_repos: ContextVar[Repositories | None] = ContextVar("current_repos", default=None)


def _key(key: StorageKey) -> str:
    return f"{key.bot_id}:{key.chat_id}:{key.user_id}:{key.thread_id or 0}:{key.destiny}"


def _private(key: StorageKey) -> bool:
    return key.chat_id == key.user_id


class DatabaseStorage(BaseStorage):
    def __init__(self, database: Database) -> None:
        self.database = database

    async def _get(self, key: StorageKey) -> tuple[str | None, dict[str, Any]]:
        if not _private(key):
            return None, {}
        repos = current_repos.get()
        if repos is None and (batch := current_batch.get()) is not None:
            repos = await batch.repos()  # the poller's batch holds the writer: read through it
        if repos is not None:
            return await repos.fsm.get(_key(key))
        async with self.database.transaction() as own:
            return await own.fsm.get(_key(key))

    async def _put(self, key: StorageKey, state: str | None, data: dict[str, Any]) -> None:
        if not _private(key):
            if state is None and not data:
                return  # clearing what cannot be there
            raise ValueError(f"conversations are private only, not in chat {key.chat_id}")
        repos = current_repos.get()
        if repos is None and (batch := current_batch.get()) is not None:
            repos = await batch.repos()
        if repos is not None:
            await repos.fsm.put(_key(key), state, data)
            return
        async with self.database.transaction() as own:
            await own.fsm.put(_key(key), state, data)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        name = state.state if isinstance(state, State) else state
        _, data = await self._get(key)
        await self._put(key, name, data)

    async def get_state(self, key: StorageKey) -> str | None:
        state, _ = await self._get(key)
        return state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        state, _ = await self._get(key)
        await self._put(key, state, dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        _, data = await self._get(key)
        return data

    async def close(self) -> None:
        return None
