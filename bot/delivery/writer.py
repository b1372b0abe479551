"""Queues what the bot owes Telegram in the caller's transaction, so it commits with the change."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime
from typing import Any

from aiogram.types import InlineKeyboardMarkup

from bot.delivery.lanes import Lane
from storage.repositories.outbox import OutboxRepository

__all__ = ["Lane", "OutboxWriter", "ReplyMarkup", "message_payload"]

# An inline keyboard: aiogram's model, or already the JSON the Bot API takes (the keyboards
# that go out with nearly every filed request are built so, without models to dump).
ReplyMarkup = InlineKeyboardMarkup | dict[str, Any]


def _markup(markup: ReplyMarkup) -> dict[str, Any]:
    if isinstance(markup, dict):
        return markup
    return markup.model_dump(mode="json", exclude_none=True)


def message_payload(
    chat_id: int,
    text: str,
    *,
    reply_to: int | None = None,
    markup: ReplyMarkup | None = None,
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "chat_id": chat_id,
        "text": text,
        "parse_mode": "HTML",
        "link_preview_options": {"is_disabled": True},
    }
    if reply_to is not None:
        # The resident may have deleted their message meanwhile; the reply still matters.
        payload["reply_parameters"] = {"message_id": reply_to, "allow_sending_without_reply": True}
    if markup is not None:
        payload["reply_markup"] = _markup(markup)
    return payload


class OutboxWriter:
    def __init__(self, outbox: OutboxRepository, clock: Callable[[], datetime]) -> None:
        self.outbox = outbox
        self.clock = clock

    async def send(
        self,
        chat_id: int,
        text: str,
        *,
        reply_to: int | None = None,
        markup: ReplyMarkup | None = None,
        lane: Lane = Lane.INTERACTIVE,
        fallback: list[dict[str, Any]] | None = None,
        request_id: int | None = None,
    ) -> None:
        """Held with the transaction's other messages and written with them in one
        statement before it commits. `request_id`: the request a group message is about,
        so that replies and reactions to it find the request."""
        self.outbox.hold(
            chat_id=chat_id,
            method="sendMessage",
            payload=message_payload(chat_id, text, reply_to=reply_to, markup=markup),
            priority=lane,
            at=self.clock(),
            fallback=fallback,
            request_id=request_id,
        )

    async def send_tracked(
        self,
        chat_id: int,
        text: str,
        *,
        markup: InlineKeyboardMarkup | None = None,
        lane: Lane = Lane.INTERACTIVE,
    ) -> int:
        """A message followed afterwards (a board, an announcement, a progress report):
        its outbox row now, for its id."""
        return await self.outbox.add(
            chat_id=chat_id,
            method="sendMessage",
            payload=message_payload(chat_id, text, markup=markup),
            priority=lane,
            at=self.clock(),
        )

    async def edit(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        *,
        markup: ReplyMarkup | None = None,
        lane: Lane = Lane.INTERACTIVE,
    ) -> int:
        payload: dict[str, Any] = {
            "chat_id": chat_id,
            "message_id": message_id,
            "text": text,
            "parse_mode": "HTML",
            "link_preview_options": {"is_disabled": True},
        }
        if markup is not None:
            payload["reply_markup"] = _markup(markup)
        return await self.outbox.add(
            chat_id=chat_id,
            method="editMessageText",
            payload=payload,
            priority=lane,
            at=self.clock(),
        )

    async def send_payload(
        self,
        payload: dict[str, Any],
        *,
        lane: Lane = Lane.INTERACTIVE,
        request_id: int | None = None,
    ) -> None:
        """A message already built (a fallback posted as it is), held like `send`."""
        self.outbox.hold(
            chat_id=payload["chat_id"],
            method="sendMessage",
            payload=payload,
            priority=lane,
            at=self.clock(),
            request_id=request_id,
        )

    async def edit_markup(
        self,
        chat_id: int,
        message_id: int,
        markup: ReplyMarkup | None = None,
        lane: Lane = Lane.INTERACTIVE,
    ) -> int:
        """New buttons on a message the bot sent; none takes them all away."""
        payload: dict[str, Any] = {"chat_id": chat_id, "message_id": message_id}
        if markup is not None:
            payload["reply_markup"] = _markup(markup)
        return await self.outbox.add(
            chat_id=chat_id,
            method="editMessageReplyMarkup",
            payload=payload,
            priority=lane,
            at=self.clock(),
        )

    async def pin(self, chat_id: int, message_id: int, *, lane: Lane = Lane.BULK) -> int:
        """Pins quietly: the group is not notified of the bot's own pin."""
        return await self.outbox.add(
            chat_id=chat_id,
            method="pinChatMessage",
            payload={"chat_id": chat_id, "message_id": message_id, "disable_notification": True},
            priority=lane,
            at=self.clock(),
        )

    async def unpin(self, chat_id: int, message_id: int, *, lane: Lane = Lane.INTERACTIVE) -> int:
        return await self.outbox.add(
            chat_id=chat_id,
            method="unpinChatMessage",
            payload={"chat_id": chat_id, "message_id": message_id},
            priority=lane,
            at=self.clock(),
        )

    async def send_poll(
        self,
        chat_id: int,
        question: str,
        options: list[str],
        *,
        multiple: bool = False,
        anonymous: bool = True,
        reply_to: int | None = None,
        lane: Lane = Lane.SCHEDULED,
    ) -> int:
        payload: dict[str, Any] = {
            "chat_id": chat_id,
            "question": question,
            "options": [{"text": option} for option in options],
            "is_anonymous": anonymous,
            "allows_multiple_answers": multiple,
        }
        if reply_to is not None:
            payload["reply_parameters"] = {
                "message_id": reply_to,
                "allow_sending_without_reply": True,
            }
        return await self.outbox.add(
            chat_id=chat_id, method="sendPoll", payload=payload, priority=lane, at=self.clock()
        )

    async def set_menu(
        self, chat_id: int, user_id: int | None, commands: list[dict[str, str]]
    ) -> int:
        """A chat's command menu (one member's, when `user_id` is given); lowest lane."""
        scope: dict[str, Any] = {"type": "chat", "chat_id": chat_id}
        if user_id is not None:
            scope = {"type": "chat_member", "chat_id": chat_id, "user_id": user_id}
        return await self.outbox.add(
            chat_id=chat_id,
            method="setMyCommands",
            payload={"commands": commands, "scope": scope},
            priority=Lane.BULK,
            at=self.clock(),
        )

    async def send_file(
        self,
        chat_id: int,
        kind: str,
        content: bytes,
        filename: str,
        *,
        caption: str | None = None,
        lane: Lane = Lane.INTERACTIVE,
    ) -> int:
        """A photo or document the bot made; `kind` is "photo" or "document"."""
        payload: dict[str, Any] = {
            "chat_id": chat_id,
            kind: {"upload": base64.b64encode(content).decode("ascii"), "filename": filename},
        }
        if caption:
            payload |= {"caption": caption, "parse_mode": "HTML"}
        return await self.outbox.add(
            chat_id=chat_id,
            method="sendPhoto" if kind == "photo" else "sendDocument",
            payload=payload,
            priority=lane,
            at=self.clock(),
        )
