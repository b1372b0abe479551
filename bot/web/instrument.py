"""Where the metrics are counted: around each update, and around each Bot API call."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiogram import BaseMiddleware
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError, TelegramRetryAfter
from aiogram.methods.base import TelegramType
from aiogram.types import TelegramObject, Update

from bot.telegram.middlewares import DUPLICATE
from bot.web.metrics import Metrics

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.methods import Response, TelegramMethod


class UpdateMetrics(BaseMiddleware):
    """The outermost update middleware: counts every update by type and outcome and times it,
    its transaction included."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        kind = event.event_type if isinstance(event, Update) else type(event).__name__
        started = time.perf_counter()
        outcome = "failed"
        try:
            result = await handler(event, data)
            if data.get(DUPLICATE):
                outcome = "duplicate"
            elif result is UNHANDLED:
                outcome = "ignored"
            else:
                outcome = "handled"
            return result
        finally:
            self.metrics.handler_seconds.labels(kind).observe(time.perf_counter() - started)
            self.metrics.updates.labels(kind, outcome).inc()


class ApiMetrics(BaseRequestMiddleware):
    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        name = method.__api_method__
        result = "error"
        try:
            response = await make_request(bot, method)
            result = "ok"
            return response
        except TelegramRetryAfter:
            result = "retry_after"
            self.metrics.api_429.labels(name).inc()
            raise
        except TelegramNetworkError:
            result = "network"
            raise
        except TelegramAPIError:
            raise
        finally:
            self.metrics.api_calls.labels(name, result).inc()
