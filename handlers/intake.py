"""Every other message in a bound group: the parser decides whether it is a request."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import (
    Message,
    MessageReactionUpdated,
    ReactionTypeCustomEmoji,
    ReactionTypeEmoji,
    ReactionTypePaid,
)

from bot.domain.models import Person
from bot.services.requests import GroupMessage, RequestService

THUMBS_UP = "👍"


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
    replied = message.reply_to_message
    await requests.intake(
        actor,
        GroupMessage(
            message.chat.id,
            message.message_id,
            text,
            reply_to=replied.message_id if replied is not None else None,
        ),
    )


async def on_reaction(
    reaction: MessageReactionUpdated, actor: Person | None, requests: RequestService
) -> None:
    """A 👍 added to a request's message, or taken back; other reactions mean nothing here."""
    if actor is None:
        return
    before, after = _thumbs_up(reaction.old_reaction), _thumbs_up(reaction.new_reaction)
    if before != after:
        await requests.reacted(actor, reaction.chat.id, reaction.message_id, after)


def _thumbs_up(
    reactions: list[ReactionTypeEmoji | ReactionTypeCustomEmoji | ReactionTypePaid],
) -> bool:
    return any(isinstance(r, ReactionTypeEmoji) and r.emoji == THUMBS_UP for r in reactions)


async def on_edited_message(
    message: Message, actor: Person | None, requests: RequestService
) -> None:
    text = _text(message)
    if actor is None or text is None:
        return
    replied = message.reply_to_message
    await requests.edited(
        actor,
        GroupMessage(
            message.chat.id,
            message.message_id,
            text,
            reply_to=replied.message_id if replied is not None else None,
        ),
    )


def setup() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type.in_({"group", "supergroup"}))
    router.edited_message.filter(F.chat.type.in_({"group", "supergroup"}))
    router.message.register(on_group_message)
    router.edited_message.register(on_edited_message)
    router.message_reaction.filter(F.chat.type.in_({"group", "supergroup"}))
    router.message_reaction.register(on_reaction)
    return router
