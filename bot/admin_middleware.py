"""Admin services (issue 5) for this update's transaction, beside the core ServicesMiddleware."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

from bot.fsm_storage import current_repos
from bot.services.broadcasts import BroadcastService
from bot.services.lists import ListService
from bot.services.points import PointsService
from bot.services.stats import StatsService
from bot.settings import Settings

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class AdminServicesMiddleware(BaseMiddleware):
    def __init__(self, settings: Settings, clock: Callable[[], datetime]) -> None:
        self.settings = settings
        self.clock = clock

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        repos = data["repos"]
        overdue = timedelta(hours=self.settings.admin.overdue_hours)
        data["broadcasts"] = BroadcastService(repos, self.clock)
        data["lists"] = ListService(repos, self.clock, self.settings.admin.page_size, overdue)
        data["stats"] = StatsService(repos, self.clock, overdue)
        data["points"] = PointsService(repos, self.clock, self.settings.points)
        # The FSM storage writes through this update's transaction (bot.fsm_storage).
        token = current_repos.set(repos)
        try:
            return await handler(event, data)
        finally:
            current_repos.reset(token)
