"""Minutes: the organiser's reply to a meeting's announcement or reminder files its "- " lines.

Anyone else's reply to those posts is left to the usual intake, unless it looks like minutes
("- " lines, or it starts with 纪要 / minutes): then it is refused, saying who may."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.types import Message

from bot.delivery.writer import OutboxWriter
from bot.domain.models import Meeting, Person
from bot.i18n import Markup, Translate
from bot.services.minutes import MinutesService, looks_like_minutes


async def _replying_to_meeting(
    message: Message, actor: Person | None, minutes: MinutesService
) -> dict[str, Any] | bool:
    reply, text = message.reply_to_message, message.text
    if reply is None or text is None or text.startswith("/") or actor is None:
        return False
    if reply.from_user is None or not reply.from_user.is_bot:
        return False
    meeting = await minutes.meeting_of(message.chat.id, reply.message_id)
    if meeting is None:
        return False
    if not looks_like_minutes(text) and not await minutes.may_file(actor, meeting):
        return False  # a resident's reply to a reminder: the usual intake decides
    return {"meeting": meeting}


async def on_minutes(
    message: Message,
    actor: Person,
    meeting: Meeting,
    minutes: MinutesService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    assert message.text is not None
    done = await minutes.file(actor, meeting, message.chat.id, message.text)
    parts = []
    if done.filed:
        lines = [t("minutes-line", number=str(r.number), text=r.text) for r in done.filed]
        parts.append(
            t(
                "minutes-filed",
                title=meeting.title,
                count=len(done.filed),
                owner=done.owner.name,
                lines=Markup("\n".join(lines)),
            )
        )
    if done.already:
        numbers = " ".join(f"#{r.number}" for r in done.already)
        parts.append(t("minutes-already", numbers=numbers))
    await writer.send(message.chat.id, "\n\n".join(parts), reply_to=message.message_id)


def setup() -> Router:
    router = Router(name=__name__)
    router.message.register(
        on_minutes, F.chat.type.in_({"group", "supergroup"}), _replying_to_meeting
    )
    return router
