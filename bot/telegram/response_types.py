"""Keeps aiogram's parsed response models alive for the life of the bot.

aiogram reads every answer from the Bot API through `Response[T]`, a pydantic generic model
it names afresh per call. Pydantic remembers such models only weakly, so once the garbage
collector has been by, the next call builds `Response[Message]` again: some 20 ms of schema
work, on a busy intake many times a minute. Holding one reference per method keeps each
built once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType

if TYPE_CHECKING:
    from aiogram import Bot


class KeptResponseTypes(BaseRequestMiddleware):
    """Bot session middleware: the `Response[T]` of each method called, built once."""

    def __init__(self) -> None:
        self._kept: dict[type[Any], type[Any]] = {}

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        kind = type(method)
        if kind not in self._kept:
            self._kept[kind] = Response[method.__returning__]  # type: ignore[name-defined]
        return await make_request(bot, method)
