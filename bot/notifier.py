"""Turns the services' notices into outgoing messages, each in its reader's language."""

from __future__ import annotations

from typing import Any

from aiogram.types import InlineKeyboardMarkup

from bot import keyboards
from bot.delivery.writer import Lane, OutboxWriter, message_payload
from bot.domain import Person, Request
from bot.i18n import Markup, Translate, Translator, mention
from bot.services.notices import (
    CandidateQuestion,
    Copied,
    Notice,
    RatingAsked,
    RequestFiled,
    StateLine,
    TaskAssigned,
)
from storage.repositories import Repositories

EXCERPT = 300


def excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def place(t: Translate, request: Request) -> str:
    parts = [
        t("place-building", number=request.building_label) if request.building_label else "",
        t("place-unit", number=request.unit) if request.unit else "",
        t("place-room", number=request.room) if request.room else "",
    ]
    return "".join(parts) or t("place-unknown")


def who(person: Person) -> str:
    return mention(person.name, person.telegram_id, person.username)


class Notifier:
    def __init__(self, repos: Repositories, writer: OutboxWriter, translator: Translator) -> None:
        self.repos = repos
        self.writer = writer
        self.translator = translator

    def _t(self, person: Person | None) -> Translate:
        return self.translator.for_language(person.language_code if person else None)

    async def __call__(self, notice: Notice) -> None:
        match notice:
            case RequestFiled():
                await self._filed(notice)
            case TaskAssigned():
                await self._task(notice)
            case Copied():
                await self._copied(notice)
            case StateLine():
                await self._state_line(notice)
            case RatingAsked():
                await self._rating(notice)
            case CandidateQuestion():
                await self._candidate(notice)

    @staticmethod
    def _note(t: Translate, note: str | None) -> Markup:
        return Markup(t("note-line", note=note)) if note else Markup("")

    @staticmethod
    def _lane(request: Request) -> Lane:
        return Lane.URGENT if request.urgent else Lane.INTERACTIVE

    async def _filed(self, notice: RequestFiled) -> None:
        request = notice.request
        assert request.chat_id is not None
        t = self._t(notice.reporter)
        text = t(
            "request-filed",
            number=str(request.number),
            category=t(f"category-{request.category}"),
            handler=who(notice.assignee) if notice.assignee else t("nobody"),
            urgent="yes" if request.urgent else "no",
        )
        await self.writer.send(
            request.chat_id,
            text,
            reply_to=request.message_id,
            markup=keyboards.withdraw(t, request.id),
            lane=self._lane(request),
        )

    async def _task(self, notice: TaskAssigned) -> None:
        request, owner = notice.request, notice.owner
        t = self._t(owner)
        body = t(
            "task-card",
            reason=notice.reason,
            number=str(request.number),
            category=t(f"category-{request.category}"),
            urgent="yes" if request.urgent else "no",
            place=place(t, request),
            reporter=who(notice.reporter),
            text=excerpt(request.text),
        )
        markup = keyboards.task(t, request.id)
        in_group = (
            message_payload(
                request.chat_id,
                t("task-in-group", owner=who(owner), card=Markup(body)),
                reply_to=request.message_id,
                markup=markup,
            )
            if request.chat_id is not None
            else None
        )
        await self._private_or_group(owner, body, markup, in_group, self._lane(request))

    async def _copied(self, notice: Copied) -> None:
        request, person = notice.request, notice.person
        t = self._t(person)
        body = t(
            "copied-card",
            why=notice.why,
            number=str(request.number),
            category=t(f"category-{request.category}"),
            urgent="yes" if request.urgent else "no",
            place=place(t, request),
            text=excerpt(request.text),
        )
        in_group = (
            message_payload(
                request.chat_id,
                t("copied-in-group", person=who(person), card=Markup(body)),
                reply_to=request.message_id,
            )
            if request.chat_id is not None
            else None
        )
        await self._private_or_group(person, body, None, in_group, self._lane(request))

    async def _private_or_group(
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
            await self.writer.outbox.add(
                chat_id=in_group["chat_id"],
                method="sendMessage",
                payload=in_group,
                priority=lane,
                at=self.writer.clock(),
            )

    async def _state_line(self, notice: StateLine) -> None:
        request = notice.request
        if request.chat_id is None:
            return
        reporter = await self.repos.people.get(request.reporter_id)
        t = self._t(reporter)
        mode = t(f"mode-{request.mode.value}") if request.mode else ""
        text = t(
            "state-line",
            number=str(request.number),
            action=notice.action,
            actor=notice.actor.name if notice.actor else t("system"),
            mode=mode,
            note=self._note(t, notice.note),
        )
        await self.writer.send(request.chat_id, text, reply_to=request.message_id)

    async def _rating(self, notice: RatingAsked) -> None:
        request = notice.request
        if request.chat_id is None:
            return
        t = self._t(notice.reporter)
        text = t(
            "request-resolved",
            number=str(request.number),
            resolver=notice.resolver.name,
            note=self._note(t, notice.note),
            reporter=who(notice.reporter),
        )
        await self.writer.send(
            request.chat_id,
            text,
            reply_to=request.message_id,
            markup=keyboards.rating(t, request.id),
        )

    async def _candidate(self, notice: CandidateQuestion) -> None:
        t = self._t(notice.reporter)
        await self.writer.send(
            notice.chat_id,
            t("candidate-question", reporter=who(notice.reporter)),
            reply_to=notice.message_id,
            markup=keyboards.candidate(t, notice.candidate_id),
        )
