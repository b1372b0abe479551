"""Every other message in a bound group: the parser decides whether it is a request."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

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
from bot.telegram.middlewares import NEVER_REFUSES, words_of

THUMBS_UP = "👍"


async def on_group_message(
    message: Message,
    actor: Person | None,
    requests: RequestService,
    sender: Callable[[], Awaitable[Person]] | None = None,
) -> None:
    """`sender` instead of `actor` for plain text: the writer looked up only if need be."""
    text = words_of(message)
    who = actor or sender
    if who is None or text is None:
        return  # channels, anonymous admins, stickers: nothing to file
    replied = message.reply_to_message
    await requests.intake(
        who,
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
    text = words_of(message)
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


async def _is_plain_text(message: Message, plain_text: bool = False) -> bool:
    # Decided once, by the middleware that spares such text the lookup of its writer.
    # (A coroutine: aiogram runs a plain function filter in a thread, for every message.)
    return plain_text


def setup_plain_text() -> Router:
    """Plain text in a group, ahead of every other router. None of them takes a group
    message that is neither a command nor a reply to the bot, and asking each of them in
    turn cost more than the intake itself on a busy day. (A handler for such group text
    must go here, then.)"""
    router = Router(name=f"{__name__}.plain_text")
    router.message.filter(_is_plain_text)
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
    router.message_reaction.filter(F.chat.type.in_({"group", "supergroup"}))
    router.message_reaction.register(on_reaction)
    return router
