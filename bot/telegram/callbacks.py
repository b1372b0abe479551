"""Button payloads. Each fits Telegram's 64-byte callback_data with room to spare."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

# Data that does not parse (forged, or from an older keyboard) matches no handler and is
# answered by the catch-all in handlers/fallback.py.


class TaskStep(StrEnum):
    ACK = "ack"
    DONE = "done"
    ESCALATE = "esc"
    # 三办: the handling modes, named as bot.domain.models.Mode
    IMMEDIATE = "immediate"
    COORDINATE = "coordinate"
    TRACK = "track"


class TaskAction(CallbackData, prefix="t"):
    """A member's button on a task."""

    action: TaskStep
    request_id: int


class ResidentStep(StrEnum):
    WITHDRAW = "withdraw"
    RATE = "rate"
    REOPEN = "reopen"


class ResidentAction(CallbackData, prefix="r"):
    """The writer's buttons; `rating` goes with RATE."""

    action: ResidentStep
    request_id: int
    rating: int = 0


class CandidateAnswer(CallbackData, prefix="c"):
    candidate_id: int
    accept: bool


class MeetingStep(StrEnum):
    CONFIRM = "ok"
    DISCARD = "no"
    COME = "come"
    CANCEL = "cancel"


class MeetingAction(CallbackData, prefix="mt"):
    """Confirm / discard a proposal, come to an announced meeting, cancel one from a list."""

    action: MeetingStep
    meeting_id: int


# --- admin ---------------------------------------------------------------------------


class BroadcastAction(StrEnum):
    ALL = "all"  # the whole community
    GRIDS = "grids"  # show the grids to choose from
    GRID = "grid"  # one grid (value: its id)
    PICK = "pick"  # show the buildings to pick
    TOGGLE = "toggle"  # pick or unpick a building (value: its id)
    PICKED = "picked"  # done picking
    PIN = "pin"  # pin in each group: on / off
    GO = "go"  # send now
    DROP = "drop"  # give up the draft


class BroadcastStep(CallbackData, prefix="b"):
    """The /broadcast conversation, one step a press."""

    action: BroadcastAction
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
