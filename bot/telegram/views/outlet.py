"""What every notice renderer needs: the reader's language, and a way out through the outbox."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.delivery.lanes import Lane
from bot.delivery.writer import OutboxWriter, ReplyMarkup, message_payload
from bot.domain.models import Person, Request
from bot.i18n import Markup, Translate, Translator, mention
from storage.repositories import Repositories

MarkupFor = Callable[[Translate], ReplyMarkup | None]

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


@dataclass(slots=True)
class Outlet:
    repos: Repositories
    writer: OutboxWriter
    translator: Translator
    _group_locales: dict[int, str] = field(default_factory=dict)

    def t(self, person: Person | None) -> Translate:
        """A person's own language, for what they read in private."""
        return self.translator.for_language(person.language_code if person else None)

    async def group_t(self, community_id: int) -> Translate:
        """A group is spoken to in its community's language, whoever's message it answers."""
        if community_id not in self._group_locales:
            community = await self.repos.directory.community(community_id)
            locale = community.locale if community and community.locale else None
            self._group_locales[community_id] = locale or self.translator.default
        return self.translator.bind(self._group_locales[community_id])

    async def private_or_group(
        self,
        person: Person,
        body: str,
        markup: ReplyMarkup | None,
        in_group: list[dict[str, Any]],
        lane: Lane,
        request_id: int | None = None,
    ) -> None:
        """A private message when the bot may write to them; else the group, mentioning them.

        Bots cannot write first to someone who never started them, nor to someone who
        blocked them or whose id is wrong: Telegram refuses, and the sender then posts
        `in_group` instead. Someone already known to be unreachable is not tried again.
        `request_id`: what a card posted in a group is about, for replies and reactions to it.
        """
        if person.telegram_id is not None and person.unreachable is None:
            # Linked too: if Telegram refuses, the card posted in the group instead is.
            await self.writer.send(
                person.telegram_id,
                body,
                markup=markup,
                lane=lane,
                fallback=in_group or None,
                request_id=request_id if in_group else None,
            )
            return
        for payload in in_group:
            await self.writer.send_payload(payload, lane=lane, request_id=request_id)

    async def group_t_of_chat(self, chat_id: int) -> Translate:
        locale = await self.repos.directory.locale_of_chat(chat_id)
        return self.translator.bind(locale or self.translator.default)

    async def home_chat(self, request: Request) -> int | None:
        """The group of the building the request is about, where its member lives."""
        if request.building_id is not None:
            building = await self.repos.directory.building(request.building_id)
            if building is not None and building.chat_id is not None:
                return building.chat_id
        return request.chat_id

    async def in_groups(
        self,
        request: Request,
        card: Callable[[Translate], str],
        markup_for: MarkupFor,
        *,
        tell_writer: bool = False,
    ) -> list[dict[str, Any]]:
        """A card for the group, in the group's language, where its reader will see it; when
        that is another building's group, the writer's group may be told it was passed on."""
        home = await self.home_chat(request)
        if home is None:
            return []
        t = await self.group_t(request.community_id)
        if home == request.chat_id:
            return [
                message_payload(home, card(t), reply_to=request.message_id, markup=markup_for(t))
            ]
        posts = [message_payload(home, card(t), markup=markup_for(t))]
        if tell_writer and request.chat_id is not None:
            passed = t("task-passed-on", building=request.building_label or "")
            posts.append(message_payload(request.chat_id, passed, reply_to=request.message_id))
        return posts
