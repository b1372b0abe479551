"""Async client for the emulator's control API, used by tests and the demo.

Every method returns plain dicts/lists exactly as the control API sends them.
"""

from __future__ import annotations

import asyncio
import html
import re
import time
from types import TracebackType
from typing import Any

import aiohttp


def plain(text: str | None) -> str:
    """What a person sees of a recorded HTML message: the text without its tags."""
    return html.unescape(re.sub(r"<[^>]+>", "", text or ""))


def buttons(record: dict[str, Any]) -> list[str]:
    """The texts of a recorded message's inline buttons, row after row."""
    markup = record.get("reply_markup") or {}
    return [button["text"] for row in markup.get("inline_keyboard", []) for button in row]


class EmulatorError(Exception):
    """The control API refused a request (typo in a test, unknown chat, ...)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


class EmulatorClient:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> EmulatorClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _call(
        self,
        http_method: str,
        path: str,
        body: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
    ) -> Any:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        query = {k: str(v) for k, v in (params or {}).items() if v is not None}
        async with self._session.request(
            http_method, f"{self.base_url}/control{path}", json=body, params=query
        ) as resp:
            data = await resp.json()
            if resp.status >= 400:
                raise EmulatorError(resp.status, data.get("error", str(data)))
            return data

    async def _post(self, path: str, **body: Any) -> Any:
        return await self._call("POST", path, {k: v for k, v in body.items() if v is not None})

    # -- world setup -----------------------------------------------------------
    async def reset(self) -> None:
        await self._post("/reset")

    async def add_user(
        self,
        user_id: int,
        first_name: str = "居民",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "zh-hans",
        is_bot: bool = False,
    ) -> dict[str, Any]:
        return await self._call(
            "POST",
            "/users",
            {
                "id": user_id,
                "first_name": first_name,
                "last_name": last_name,
                "username": username,
                "language_code": language_code,
                "is_bot": is_bot,
            },
        )

    async def add_chat(
        self,
        chat_id: int,
        type: str,  # mirrors the Bot API field name
        title: str | None = None,
        *,
        username: str | None = None,
        bot_admin: bool = False,
        bot_status: str | None = None,
        members: dict[int, str] | None = None,
    ) -> dict[str, Any]:
        return await self._post(
            "/chats",
            id=chat_id,
            type=type,
            title=title,
            username=username,
            bot_admin=bot_admin,
            bot_status=bot_status,
            members={str(k): v for k, v in members.items()} if members else None,
        )

    async def add_group(
        self,
        chat_id: int,
        title: str | None = None,
        *,
        type: str = "supergroup",  # mirrors the Bot API field name
        username: str | None = None,
        bot_admin: bool = False,
        members: dict[int, str] | None = None,
    ) -> dict[str, Any]:
        """A group the bot is already a member of (admin if ``bot_admin``)."""
        return await self.add_chat(
            chat_id, type, title, username=username, bot_admin=bot_admin, members=members
        )

    async def add_users(self, users: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Bulk: each dict as for add_user's body (``id``, ``first_name``, ...)."""
        return await self._call("POST", "/users", {"users": users})

    async def add_chats(self, chats: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Bulk: each dict ``{id, type, title?, username?, bot_admin?, members?}``."""
        return await self._call("POST", "/chats", {"chats": chats})

    async def set_member(self, chat_id: int, user_id: int, status: str = "member") -> None:
        """status: creator | administrator | member | restricted | left | kicked."""
        await self._post(f"/chats/{chat_id}/members", user_id=user_id, status=status)

    async def block(self, user_id: int, blocked: bool = True, *, notify: bool = False) -> None:
        await self._post(f"/users/{user_id}/block", blocked=blocked, notify=notify)

    async def kick_bot(
        self, chat_id: int, *, notify: bool = False, from_id: int | None = None
    ) -> dict[str, Any]:
        return await self._post(f"/chats/{chat_id}/kick_bot", notify=notify, from_id=from_id)

    async def set_bot_admin(
        self, chat_id: int, is_admin: bool = True, *, notify: bool = False
    ) -> dict[str, Any]:
        return await self._post(f"/chats/{chat_id}/bot_admin", is_admin=is_admin, notify=notify)

    async def migrate(
        self, chat_id: int, new_id: int, *, notify: bool = False, from_id: int | None = None
    ) -> dict[str, Any]:
        return await self._post(
            f"/chats/{chat_id}/migrate", new_id=new_id, notify=notify, from_id=from_id
        )

    async def pin_as(self, chat_id: int, user_id: int, message_id: int) -> dict[str, Any]:
        """A member pins a message; the bot hears of it as a service message."""
        return await self._post(f"/chats/{chat_id}/pins", from_id=user_id, message_id=message_id)

    async def unpin_as_admin(self, chat_id: int) -> None:
        """An admin unpins; Telegram tells the bot nothing."""
        await self._post(f"/chats/{chat_id}/unpin")

    async def delete_as_admin(self, chat_id: int, message_id: int) -> None:
        """An admin deletes a message, the bot's too; Telegram tells the bot nothing."""
        await self._post(f"/chats/{chat_id}/deletions", message_id=message_id)

    async def chat(self, chat_id: int) -> dict[str, Any]:
        """Emulator-side view: bot_status, migrated_to, members, pinned_message_id."""
        return await self._call("GET", f"/chats/{chat_id}")

    # -- what residents do -----------------------------------------------------
    async def post_message(self, chat_id: int, **fields: Any) -> dict[str, Any]:
        """Raw ``POST /control/messages``: returns ``{"update_id", "message"}``."""
        return await self._post("/messages", chat_id=chat_id, **fields)

    async def say(
        self, chat_id: int, from_id: int | None, text: str | None = None, **fields: Any
    ) -> dict[str, Any]:
        """A user posts; returns the Message. ``fields``: caption, photo=True,
        document=True, reply_to_message_id, entities, sender_chat_id."""
        result = await self.post_message(chat_id, from_id=from_id, text=text, **fields)
        return result["message"]

    async def start_private(self, user_id: int, text: str = "/start") -> dict[str, Any]:
        """The user opens the bot (private chat id == user id)."""
        return await self.say(user_id, user_id, text)

    async def edit(self, chat_id: int, message_id: int, text: str) -> dict[str, Any]:
        result = await self._post("/edits", chat_id=chat_id, message_id=message_id, text=text)
        return result["message"]

    async def press(
        self,
        chat_id: int,
        message_id: int,
        from_id: int,
        button_text: str | None = None,
        data: str | None = None,
    ) -> dict[str, Any]:
        """Press an inline button; returns ``{"update_id", "callback_query_id", ...}``."""
        return await self._post(
            "/callbacks",
            chat_id=chat_id,
            message_id=message_id,
            from_id=from_id,
            button_text=button_text,
            data=data,
        )

    async def react(
        self, chat_id: int, message_id: int, from_id: int, emoji: list[str]
    ) -> int | None:
        """The user's reactions on a message become `emoji` (empty: taken back); returns the
        update's id, None when the bot does not hear of it (not an admin of the group)."""
        result = await self._post(
            "/reactions", chat_id=chat_id, message_id=message_id, from_id=from_id, emoji=emoji
        )
        return result["update_id"]

    async def inject_update(self, update: dict[str, Any]) -> int:
        result = await self._call("POST", "/updates", {"update": update})
        return int(result["update_id"])

    async def my_chat_member(self, chat_id: int, from_id: int | None, status: str) -> int:
        result = await self._post(
            "/my_chat_member", chat_id=chat_id, from_id=from_id, status=status
        )
        return int(result["update_id"])

    # -- what the bot did ------------------------------------------------------
    async def sent(
        self, chat_id: int | None = None, since: int = 0, method: str | None = None
    ) -> list[dict[str, Any]]:
        return await self._call(
            "GET", "/sent", params={"chat_id": chat_id, "since_id": since, "method": method}
        )

    async def message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        return await self._call("GET", f"/messages/{chat_id}/{message_id}")

    async def callback_answers(self) -> list[dict[str, Any]]:
        return await self._call("GET", "/callback_answers")

    async def commands(self) -> list[dict[str, Any]]:
        return await self._call("GET", "/commands")

    async def pending(self) -> dict[str, Any]:
        return await self._call("GET", "/updates/pending")

    async def stats(self) -> dict[str, Any]:
        return await self._call("GET", "/stats")

    async def set_faults(self, **config: Any) -> dict[str, Any]:
        """Keys: rate_429, retry_after, methods, seed, latency_ms, timeout_next,
        timeout_seconds, slow_answers={method: ms}, flood_limits={enabled, factor, ...}.
        Partial update."""
        return await self._call("POST", "/faults", config)

    async def faults(self) -> dict[str, Any]:
        return await self._call("GET", "/faults")

    # -- waiting ---------------------------------------------------------------
    async def wait_idle(
        self,
        timeout: float = 5.0,  # noqa: ASYNC109 - a deadline for a polling loop, by design
        settle: float = 0.05,
        interval: float = 0.01,
    ) -> None:
        """Until the bot fetched and confirmed every update, has no Bot API call in
        flight and has made none (other than getUpdates) for ``settle`` seconds.

        Confirmation alone is not enough: aiogram handles updates as tasks and
        confirms them with the next getUpdates, before the handlers finish.
        """
        deadline = time.monotonic() + timeout
        while True:
            p = await self.pending()
            idle_for = p["idle_for"]
            if (
                p["pending"] == 0
                and p["delivered_unconfirmed"] == 0
                and p["in_flight"] == 0
                and (idle_for is None or idle_for >= settle)
            ):
                return
            if time.monotonic() >= deadline:
                raise TimeoutError(f"emulator not idle after {timeout}s: {p}")
            await asyncio.sleep(interval)

    async def wait_sent(
        self,
        chat_id: int | None = None,
        count: int = 1,
        since: int = 0,
        method: str | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - a deadline for a polling loop, by design
        interval: float = 0.01,
    ) -> list[dict[str, Any]]:
        """Until at least ``count`` records match; returns all matching records."""
        deadline = time.monotonic() + timeout
        while True:
            records = await self.sent(chat_id, since, method)
            if len(records) >= count:
                return records
            if time.monotonic() >= deadline:
                raise TimeoutError(
                    f"expected {count} sent record(s) for chat {chat_id}, got {records}"
                )
            await asyncio.sleep(interval)
