"""Button payloads. Each fits Telegram's 64-byte callback_data with room to spare."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class TaskAction(CallbackData, prefix="t"):
    """A member's button on a task: ack, done, esc, or a handling mode."""

    action: str
    request_id: int


class ResidentAction(CallbackData, prefix="r"):
    """The writer's buttons: withdraw, rate (with a rating), reopen."""

    action: str
    request_id: int
    rating: int = 0


class CandidateAnswer(CallbackData, prefix="c"):
    candidate_id: int
    accept: bool
