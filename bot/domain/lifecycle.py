"""The request state machine: which action may move a request from which state, and to where."""

from __future__ import annotations

from enum import StrEnum

from bot.domain.errors import InvalidTransition
from bot.domain.models import State


class Action(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    SET_MODE = "set_mode"
    RESOLVE = "resolve"
    ESCALATE = "escalate"
    WITHDRAW = "withdraw"
    REOPEN = "reopen"
    RATE = "rate"
    AUTO_CLOSE = "auto_close"
    # Rated 不满意: not solved, so it is open again (and goes up a level).
    DISSATISFIED = "dissatisfied"


_WORKING = frozenset({State.NEW, State.ACKNOWLEDGED, State.REOPENED})

# action -> (states it is allowed from, state it leads to; None keeps the state)
TRANSITIONS: dict[Action, tuple[frozenset[State], State | None]] = {
    Action.ACKNOWLEDGE: (frozenset({State.NEW, State.REOPENED}), State.ACKNOWLEDGED),
    # Choosing how to handle it (三办) is taking it on.
    Action.SET_MODE: (_WORKING, State.ACKNOWLEDGED),
    Action.RESOLVE: (_WORKING, State.RESOLVED),
    Action.ESCALATE: (_WORKING, None),
    Action.WITHDRAW: (_WORKING, State.WITHDRAWN),
    Action.REOPEN: (frozenset({State.RESOLVED}), State.REOPENED),
    Action.RATE: (frozenset({State.RESOLVED}), State.CLOSED),
    Action.AUTO_CLOSE: (frozenset({State.RESOLVED}), State.CLOSED),
    Action.DISSATISFIED: (frozenset({State.RESOLVED}), State.REOPENED),
}


def next_state(state: State, action: Action) -> State:
    allowed, target = TRANSITIONS[action]
    if state not in allowed:
        raise InvalidTransition(state, action.value)
    return state if target is None else target
