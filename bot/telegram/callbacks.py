"""Button payloads. Each fits Telegram's 64-byte callback_data with room to spare."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum, StrEnum
from fractions import Fraction
from functools import cache
from typing import Annotated, Any
from uuid import UUID

from aiogram.filters.callback_data import CallbackData
from pydantic import Field


def packed(data: type[CallbackData], **values: Any) -> str:
    """What `data(**values).pack()` gives, without a pydantic model validated and dumped per
    button: the keyboards of request notices go out with nearly every filed request. Fields
    not given take their defaults; the encoding is aiogram's (CallbackData._encode_value).
    The values are the bot's own ids and enums, not a user's input, so nothing is validated;
    tests/unit/test_keyboards.py holds this equal to pack() and unpack() to it."""
    prefix, separator, fields = _layout(data)
    parts = [prefix]
    for name, default in fields:
        parts.append(_encoded(values.get(name, default)))
    return separator.join(parts)


@cache
def _layout(data: type[CallbackData]) -> tuple[str, str, tuple[tuple[str, Any], ...]]:
    fields = tuple((name, field.default) for name, field in data.model_fields.items())
    return data.__prefix__, data.__separator__, fields


def _encoded(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, UUID):
        return value.hex
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | str | float | Decimal | Fraction):
        return str(value)
    raise ValueError(f"{value!r} can not be packed to callback data")


# Data that does not parse (forged, or from an older keyboard) matches no handler and is
# answered by the catch-all in handlers/fallback.py.

# A row id as the database can hold it: altered data with an id out of range fails to
# parse, like any other forgery, instead of failing in the database.
Id = Annotated[int, Field(ge=0, le=2**31 - 1)]
# The lists keep a typed building number as its negative until it is looked up.
SignedId = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]


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
    request_id: Id


class ResidentStep(StrEnum):
    WITHDRAW = "withdraw"
    RATE = "rate"
    REOPEN = "reopen"


class ResidentAction(CallbackData, prefix="r"):
    """The writer's buttons; `rating` goes with RATE."""

    action: ResidentStep
    request_id: Id
    rating: Annotated[int, Field(ge=0, le=3)] = 0


class CandidateAnswer(CallbackData, prefix="c"):
    candidate_id: Id
    accept: bool


class DuplicateAnswer(CallbackData, prefix="d"):
    """Join the open request it looks like, or file it as a different problem."""

    candidate_id: Id
    join: bool


class MeetingStep(StrEnum):
    CONFIRM = "ok"
    DISCARD = "no"
    COME = "come"
    CANCEL = "cancel"


class MeetingAction(CallbackData, prefix="mt"):
    """Confirm / discard a proposal, come to an announced meeting, cancel one from a list."""

    action: MeetingStep
    meeting_id: Id


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
    broadcast_id: Id
    value: Id = 0


class BroadcastCancel(CallbackData, prefix="bc"):
    broadcast_id: Id


class ListView(CallbackData, prefix="L"):
    """One page of one of the three lists, with its filters (0 / "" = no filter)."""

    kind: str
    page: Id = 0
    grid: Id = 0
    building: SignedId = 0
    category: str = ""
    state: str = ""
    overdue: bool = False


# --- trust: invites, replacing a member, erasing one's data ----------------------------


class InviteStep(StrEnum):
    ROLE = "role"  # `role` chosen
    COMMUNITY = "com"  # `target` is a community (admin invites)
    GRID = "grid"  # `target` is a grid
    BUILDING = "bld"  # `target` is a building
    REVOKE = "revoke"  # `target` is an invite


class InviteAction(CallbackData, prefix="iv"):
    """The /invite conversation; each press is checked against the presser's rights."""

    action: InviteStep
    role: str = ""
    target: Id = 0


class AssignStep(StrEnum):
    PICK = "pick"  # `person_id` becomes the building's member
    INVITE = "invite"  # a link for somebody new


class AssignAction(CallbackData, prefix="as"):
    action: AssignStep
    building_id: Id
    person_id: Id = 0


class PrivacyStep(StrEnum):
    FORGET = "forget"
    KEEP = "keep"


class PrivacyAction(CallbackData, prefix="pv"):
    """/forgetme's confirmation."""

    action: PrivacyStep
