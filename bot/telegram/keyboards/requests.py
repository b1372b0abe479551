"""Inline keyboards, built by pure functions from a translator and ids."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

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


def task(t: Translate, request_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for action in (TaskStep.ACK, TaskStep.DONE, TaskStep.ESCALATE):
        builder.button(
            text=t(f"button-{action.value}"),
            callback_data=TaskAction(action=action, request_id=request_id),
        )
    for mode in Mode:
        builder.button(
            text=t(f"mode-{mode.value}"),
            callback_data=TaskAction(action=TaskStep(mode.value), request_id=request_id),
        )
    builder.adjust(3, 3)
    return builder.as_markup()


def withdraw(t: Translate, request_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("button-not-a-request"),
        callback_data=ResidentAction(action=ResidentStep.WITHDRAW, request_id=request_id),
    )
    return builder.as_markup()


def rating(t: Translate, request_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for value in (3, 2, 1):
        builder.button(
            text=t(f"rating-{value}"),
            callback_data=ResidentAction(
                action=ResidentStep.RATE, request_id=request_id, rating=value
            ),
        )
    builder.button(
        text=t("button-not-solved"),
        callback_data=ResidentAction(action=ResidentStep.REOPEN, request_id=request_id),
    )
    builder.adjust(3, 1)
    return builder.as_markup()


def candidate(t: Translate, candidate_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("button-file-it"),
        callback_data=CandidateAnswer(candidate_id=candidate_id, accept=True),
    )
    builder.button(
        text=t("button-not-needed"),
        callback_data=CandidateAnswer(candidate_id=candidate_id, accept=False),
    )
    return builder.as_markup()


def duplicate(t: Translate, candidate_id: int, number: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("button-join", number=str(number)),
        callback_data=DuplicateAnswer(candidate_id=candidate_id, join=True),
    )
    builder.button(
        text=t("button-different"),
        callback_data=DuplicateAnswer(candidate_id=candidate_id, join=False),
    )
    return builder.as_markup()
