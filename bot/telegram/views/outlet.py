"""What every notice renderer needs: the reader's language, and a way out through the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiogram.types import InlineKeyboardMarkup

from bot.delivery.lanes import Lane
from bot.delivery.writer import OutboxWriter
from bot.domain.models import Person, Request
from bot.i18n import Markup, Translate, Translator, mention
from storage.repositories import Repositories

EXCERPT = 300  # a task card quotes the resident at most this long


def excerpt(text: str, limit: int = EXCERPT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def place(t: Translate, request: Request, *, public: bool = False) -> str:
    """`public`: for a group, building and unit only; the flat is for those handling it."""
    parts = [
        t("place-building", number=request.building_label) if request.building_label else "",
        t("place-unit", number=request.unit) if request.unit else "",
        t("place-room", number=request.room) if request.room and not public else "",
    ]
    return "".join(parts) or t("place-unknown")


def who(person: Person) -> Markup:
    return mention(person.name, person.telegram_id, person.username)


def lane_of(request: Request) -> Lane:
    return Lane.URGENT if request.urgent else Lane.INTERACTIVE


@dataclass(frozen=True, slots=True)
class Outlet:
    repos: Repositories
    writer: OutboxWriter
    translator: Translator

    def t(self, person: Person | None) -> Translate:
        return self.translator.for_language(person.language_code if person else None)

    async def private_or_group(
        self,
        person: Person,
        body: str,
        markup: InlineKeyboardMarkup | None,
        in_group: dict[str, Any] | None,
        lane: Lane,
    ) -> None:
        """A private message when the bot may write to them; else the group, mentioning them.

        Bots cannot write first to someone who never started them: Telegram answers 403,
        and the sender then posts `in_group` instead.
        """
        if person.telegram_id is not None:
            await self.writer.send(
                person.telegram_id, body, markup=markup, lane=lane, fallback=in_group
            )
        elif in_group is not None:
            await self.writer.send_payload(in_group, lane=lane)
