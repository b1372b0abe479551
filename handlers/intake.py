"""Every other message in a bound group: the parser decides whether it is a request."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import Message

from bot.domain.models import Person
from bot.services.requests import GroupMessage, RequestService
from bot.telegram.middlewares import NEVER_REFUSES


def _text(message: Message) -> str | None:
    text = message.text or message.caption
    if not text or text.startswith("/"):
        return None
    return text


async def on_group_message(
    message: Message, actor: Person | None, requests: RequestService
) -> None:
    text = _text(message)
    if actor is None or text is None:
        return  # channels, anonymous admins, stickers: nothing to file
    await requests.intake(actor, GroupMessage(message.chat.id, message.message_id, text))


async def on_edited_message(
    message: Message, actor: Person | None, requests: RequestService
) -> None:
    text = _text(message)
    if actor is None or text is None:
        return
    await requests.edited(actor, GroupMessage(message.chat.id, message.message_id, text))


def _is_plain_text(message: Message) -> bool:
    return _text(message) is not None


def setup_plain_text() -> Router:
    """Plain text in a group, ahead of every other router. None of them takes a group
    message that is not a command, and asking each of them in turn cost more than the
    intake itself on a busy day. (A handler for plain group text must go here, then.)"""
    router = Router(name=f"{__name__}.plain_text")
    router.message.filter(F.chat.type.in_({"group", "supergroup"}), _is_plain_text)
    # A group's chatter and its requests: the intake refuses nothing it was not forced to.
    router.message.register(on_group_message, flags=NEVER_REFUSES)
    return router


def setup() -> Router:
    """The catch-all, last: group messages nothing else took (stickers, photos, edits)."""
    router = Router(name=__name__)
    router.message.filter(F.chat.type.in_({"group", "supergroup"}))
    router.edited_message.filter(F.chat.type.in_({"group", "supergroup"}))
    router.message.register(on_group_message)
    router.edited_message.register(on_edited_message)
    return router
