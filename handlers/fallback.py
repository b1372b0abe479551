"""Buttons nobody handles: data that does not parse (forged, or from a keyboard of an older
version) or that no handler matched. The press is answered, so the client stops its spinner,
and nothing changes."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery


async def on_unknown_button(callback: CallbackQuery) -> None:
    await callback.answer()


def setup() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(on_unknown_button)
    return router
