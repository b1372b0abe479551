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


# --- admin (issue 5) ---------------------------------------------------------------


class BroadcastStep(CallbackData, prefix="b"):
    """The /broadcast conversation: scope, grid, pick/toggle a building, pin, go, drop."""

    action: str
    broadcast_id: int
    value: int = 0


class BroadcastCancel(CallbackData, prefix="bc"):
    broadcast_id: int


class ListView(CallbackData, prefix="L"):
    """One page of one of the three lists, with its filters (0 / "" = no filter)."""

    kind: str
    page: int = 0
    grid: int = 0
    building: int = 0
    category: str = ""
    state: str = ""
    overdue: bool = False
