"""Answers to button presses leave only after the press's effects committed.

A handler calls `callback.answer("会议 #2 已发布")` in the middle of its transaction. Sent
there, the toast would claim what might still roll back, and the transaction (on SQLite,
the one writer) would stay open for a round trip to Telegram: everything else waiting to
write, the outbox's "sent" marks among them, would wait that long too. So answers are held
while an update is handled and sent once it committed; dropped when it rolled back.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import AnswerCallbackQuery, Response, TelegramMethod
from aiogram.methods.base import TelegramType

if TYPE_CHECKING:
    from aiogram import Bot

log = logging.getLogger(__name__)

# Built once: pydantic would build a generic model afresh each time (response_types.py).
_ANSWERED = Response[bool](ok=True, result=True)

_held: ContextVar[list[AnswerCallbackQuery] | None] = ContextVar("held_answers", default=None)


class HeldAnswers(BaseRequestMiddleware):
    """Bot session middleware: inside `holding()`, an answerCallbackQuery is kept, not sent."""

    def __init__(self) -> None:
        self._in_flight: set[asyncio.Task[Any]] = set()

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        held = _held.get()
        if held is not None and isinstance(method, AnswerCallbackQuery):
            held.append(method)
            return _ANSWERED  # type: ignore[return-value]
        return await make_request(bot, method)

    @contextmanager
    def holding(self) -> Iterator[list[AnswerCallbackQuery]]:
        held: list[AnswerCallbackQuery] = []
        token = _held.set(held)
        try:
            yield held
        finally:
            _held.reset(token)

    def release(self, bot: Bot, held: list[AnswerCallbackQuery]) -> None:
        """Sends the held answers beside the intake: a slow toast must not hold the next update."""
        for method in held:
            task = asyncio.create_task(self._answer(bot, method))
            self._in_flight.add(task)
            task.add_done_callback(self._in_flight.discard)

    @staticmethod
    async def _answer(bot: Bot, method: AnswerCallbackQuery) -> None:
        try:
            await bot(method)
        except Exception as exc:  # a toast that came too late is only a toast
            log.info("answering a button press failed: %s", exc)

    async def drain(self) -> None:
        if self._in_flight:
            await asyncio.gather(*self._in_flight, return_exceptions=True)
