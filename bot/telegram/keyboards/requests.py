"""Inline keyboards of request notices, built by pure functions from a translator and ids.

These go out with nearly every filed request (a task has two: in private and for the group),
so they are built as the JSON the outbox stores, a dict per button, rather than aiogram models
that the writer would dump back to JSON; their callback data is packed as CallbackData.pack()
packs it, so the handlers parse it unchanged (tests/unit/test_keyboards.py).
"""

from __future__ import annotations

from typing import Any

from bot.domain.models import Mode
from bot.i18n import Translate
from bot.telegram.callbacks import (
    CandidateAnswer,
    DuplicateAnswer,
    ResidentAction,
    ResidentStep,
    TaskAction,
    TaskStep,
    packed,
)

Keyboard = dict[str, Any]  # reply_markup as the Bot API takes it

_STEPS = (TaskStep.ACK, TaskStep.DONE, TaskStep.ESCALATE)
_MODES = tuple((mode, TaskStep(mode.value)) for mode in Mode)


def _button(text: str, data: str) -> dict[str, str]:
    return {"text": text, "callback_data": data}


def _keyboard(*rows: list[dict[str, str]]) -> Keyboard:
    return {"inline_keyboard": list(rows)}


def task(t: Translate, request_id: int) -> Keyboard:
    steps = [
        _button(t(f"button-{step.value}"), packed(TaskAction, action=step, request_id=request_id))
        for step in _STEPS
    ]
    modes = [
        _button(t(f"mode-{mode.value}"), packed(TaskAction, action=step, request_id=request_id))
        for mode, step in _MODES
    ]
    return _keyboard(steps, modes)


def withdraw(t: Translate, request_id: int) -> Keyboard:
    data = packed(ResidentAction, action=ResidentStep.WITHDRAW, request_id=request_id)
    return _keyboard([_button(t("button-not-a-request"), data)])


def rating(t: Translate, request_id: int) -> Keyboard:
    ratings = [
        _button(
            t(f"rating-{value}"),
            packed(ResidentAction, action=ResidentStep.RATE, request_id=request_id, rating=value),
        )
        for value in (3, 2, 1)
    ]
    reopen = _button(
        t("button-not-solved"),
        packed(ResidentAction, action=ResidentStep.REOPEN, request_id=request_id),
    )
    return _keyboard(ratings, [reopen])


def candidate(t: Translate, candidate_id: int) -> Keyboard:
    answers = [
        _button(
            t("button-file-it"), packed(CandidateAnswer, candidate_id=candidate_id, accept=True)
        ),
        _button(
            t("button-not-needed"), packed(CandidateAnswer, candidate_id=candidate_id, accept=False)
        ),
    ]
    return _keyboard(answers)


def duplicate(t: Translate, candidate_id: int, number: int) -> Keyboard:
    answers = [
        _button(
            t("button-join", number=str(number)),
            packed(DuplicateAnswer, candidate_id=candidate_id, join=True),
        ),
        _button(
            t("button-different"), packed(DuplicateAnswer, candidate_id=candidate_id, join=False)
        ),
    ]
    return _keyboard(answers)
