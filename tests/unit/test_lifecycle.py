"""Every action from every state: allowed ones lead where they should, the rest are refused."""

from __future__ import annotations

import pytest

from bot.domain.errors import InvalidTransition
from bot.domain.lifecycle import Action, next_state
from bot.domain.models import State

N, A, R, C, W, RO = (
    State.NEW,
    State.ACKNOWLEDGED,
    State.RESOLVED,
    State.CLOSED,
    State.WITHDRAWN,
    State.REOPENED,
)

ALLOWED = {
    (Action.ACKNOWLEDGE, N): A,
    (Action.ACKNOWLEDGE, RO): A,
    (Action.SET_MODE, N): A,
    (Action.SET_MODE, A): A,
    (Action.SET_MODE, RO): A,
    (Action.RESOLVE, N): R,
    (Action.RESOLVE, A): R,
    (Action.RESOLVE, RO): R,
    (Action.ESCALATE, N): N,
    (Action.ESCALATE, A): A,
    (Action.ESCALATE, RO): RO,
    (Action.WITHDRAW, N): W,
    (Action.WITHDRAW, A): W,
    (Action.WITHDRAW, RO): W,
    (Action.REOPEN, R): RO,
    (Action.RATE, R): C,
    (Action.AUTO_CLOSE, R): C,
    (Action.DISSATISFIED, R): RO,
}


@pytest.mark.parametrize(("action", "state"), list(ALLOWED))
def test_allowed_transition(action: Action, state: State) -> None:
    assert next_state(state, action) is ALLOWED[(action, state)]


REFUSED = [(a, s) for a in Action for s in State if (a, s) not in ALLOWED]


@pytest.mark.parametrize(("action", "state"), REFUSED)
def test_refused_transition(action: Action, state: State) -> None:
    with pytest.raises(InvalidTransition) as refused:
        next_state(state, action)
    assert refused.value.state is state and refused.value.action == action.value


def test_closed_and_withdrawn_are_final() -> None:
    for state in (C, W):
        assert all((action, state) not in ALLOWED for action in Action)
