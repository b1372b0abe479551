"""Inline keyboards, built by pure functions from a translator and ids.

The markups are built directly, not with aiogram's `InlineKeyboardBuilder`: these go out
with nearly every filed request, and the builder deep-copies every button on the way.
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.models import Mode
from bot.i18n import Translate
from bot.telegram.callbacks import (
    CandidateAnswer,
    DuplicateAnswer,
    ResidentAction,
    ResidentStep,
    TaskAction,
    TaskStep,
)


def _button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def task(t: Translate, request_id: int) -> InlineKeyboardMarkup:
    steps = [
        _button(t(f"button-{action.value}"), TaskAction(action=action, request_id=request_id))
        for action in (TaskStep.ACK, TaskStep.DONE, TaskStep.ESCALATE)
    ]
    modes = [
        _button(
            t(f"mode-{mode.value}"),
            TaskAction(action=TaskStep(mode.value), request_id=request_id),
        )
        for mode in Mode
    ]
    return InlineKeyboardMarkup(inline_keyboard=[steps, modes])


def withdraw(t: Translate, request_id: int) -> InlineKeyboardMarkup:
    data = ResidentAction(action=ResidentStep.WITHDRAW, request_id=request_id)
    return InlineKeyboardMarkup(inline_keyboard=[[_button(t("button-not-a-request"), data)]])


def rating(t: Translate, request_id: int) -> InlineKeyboardMarkup:
    ratings = [
        _button(
            t(f"rating-{value}"),
            ResidentAction(action=ResidentStep.RATE, request_id=request_id, rating=value),
        )
        for value in (3, 2, 1)
    ]
    reopen = _button(
        t("button-not-solved"),
        ResidentAction(action=ResidentStep.REOPEN, request_id=request_id),
    )
    return InlineKeyboardMarkup(inline_keyboard=[ratings, [reopen]])


def candidate(t: Translate, candidate_id: int) -> InlineKeyboardMarkup:
    answers = [
        _button(t("button-file-it"), CandidateAnswer(candidate_id=candidate_id, accept=True)),
        _button(t("button-not-needed"), CandidateAnswer(candidate_id=candidate_id, accept=False)),
    ]
    return InlineKeyboardMarkup(inline_keyboard=[answers])


def duplicate(t: Translate, candidate_id: int, number: int) -> InlineKeyboardMarkup:
    answers = [
        _button(
            t("button-join", number=str(number)),
            DuplicateAnswer(candidate_id=candidate_id, join=True),
        ),
        _button(t("button-different"), DuplicateAnswer(candidate_id=candidate_id, join=False)),
    ]
    return InlineKeyboardMarkup(inline_keyboard=[answers])
