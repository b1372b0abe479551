"""The request keyboards, built as JSON with callback data packed by `packed`, are what aiogram's
models gave: the same buttons, and data that CallbackData.pack() makes and unpack() reads."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.models import Mode
from bot.i18n import Translate, Translator
from bot.telegram import callbacks
from bot.telegram.callbacks import (
    CandidateAnswer,
    DuplicateAnswer,
    ResidentAction,
    ResidentStep,
    TaskAction,
    TaskStep,
    packed,
)
from bot.telegram.keyboards import requests as keyboards

IDS = st.integers(min_value=0, max_value=2**31 - 1)
TRANSLATOR = Translator()


def _same(data: CallbackData) -> None:
    fields = data.model_dump()
    text = packed(type(data), **fields)
    assert text == data.pack()
    assert type(data).unpack(text) == data


@given(IDS, st.sampled_from(TaskStep))
def test_task_actions_pack_as_aiogram_packs_them(request_id: int, step: TaskStep) -> None:
    _same(TaskAction(action=step, request_id=request_id))


@given(IDS, st.sampled_from(ResidentStep), st.integers(min_value=0, max_value=3))
def test_resident_actions_pack_as_aiogram_packs_them(
    request_id: int, step: ResidentStep, rating: int
) -> None:
    _same(ResidentAction(action=step, request_id=request_id, rating=rating))
    # A field left out takes its default, as in the model.
    assert packed(ResidentAction, action=step, request_id=request_id) == (
        ResidentAction(action=step, request_id=request_id).pack()
    )


@given(IDS, st.booleans())
def test_answers_pack_as_aiogram_packs_them(candidate_id: int, yes: bool) -> None:
    _same(CandidateAnswer(candidate_id=candidate_id, accept=yes))
    _same(DuplicateAnswer(candidate_id=candidate_id, join=yes))


def test_a_missing_field_without_a_default_is_refused() -> None:
    with pytest.raises(ValueError):
        packed(TaskAction, action=TaskStep.ACK)


# --- the keyboards as they were built with aiogram's models: the reference -------------------


def _button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def _task(t: Translate, request_id: int) -> InlineKeyboardMarkup:
    steps = [
        _button(t(f"button-{action.value}"), TaskAction(action=action, request_id=request_id))
        for action in (TaskStep.ACK, TaskStep.DONE, TaskStep.ESCALATE)
    ]
    modes = [
        _button(
            t(f"mode-{mode.value}"), TaskAction(action=TaskStep(mode.value), request_id=request_id)
        )
        for mode in Mode
    ]
    return InlineKeyboardMarkup(inline_keyboard=[steps, modes])


def _withdraw(t: Translate, request_id: int) -> InlineKeyboardMarkup:
    data = ResidentAction(action=ResidentStep.WITHDRAW, request_id=request_id)
    return InlineKeyboardMarkup(inline_keyboard=[[_button(t("button-not-a-request"), data)]])


def _rating(t: Translate, request_id: int) -> InlineKeyboardMarkup:
    ratings = [
        _button(
            t(f"rating-{value}"),
            ResidentAction(action=ResidentStep.RATE, request_id=request_id, rating=value),
        )
        for value in (3, 2, 1)
    ]
    reopen = _button(
        t("button-not-solved"), ResidentAction(action=ResidentStep.REOPEN, request_id=request_id)
    )
    return InlineKeyboardMarkup(inline_keyboard=[ratings, [reopen]])


def _candidate(t: Translate, candidate_id: int) -> InlineKeyboardMarkup:
    answers = [
        _button(t("button-file-it"), CandidateAnswer(candidate_id=candidate_id, accept=True)),
        _button(t("button-not-needed"), CandidateAnswer(candidate_id=candidate_id, accept=False)),
    ]
    return InlineKeyboardMarkup(inline_keyboard=[answers])


def _duplicate(t: Translate, candidate_id: int, number: int) -> InlineKeyboardMarkup:
    answers = [
        _button(
            t("button-join", number=str(number)),
            DuplicateAnswer(candidate_id=candidate_id, join=True),
        ),
        _button(t("button-different"), DuplicateAnswer(candidate_id=candidate_id, join=False)),
    ]
    return InlineKeyboardMarkup(inline_keyboard=[answers])


def _pairs(t: Translate, some_id: int) -> list[tuple[dict[str, Any], InlineKeyboardMarkup]]:
    return [
        (keyboards.task(t, some_id), _task(t, some_id)),
        (keyboards.withdraw(t, some_id), _withdraw(t, some_id)),
        (keyboards.rating(t, some_id), _rating(t, some_id)),
        (keyboards.candidate(t, some_id), _candidate(t, some_id)),
        (keyboards.duplicate(t, some_id, 42), _duplicate(t, some_id, 42)),
    ]


@pytest.mark.parametrize("locale", ["zh-Hans", "zh-Hant", "en"])
@pytest.mark.parametrize("some_id", [0, 7, 123456, 2**31 - 1])
def test_the_keyboards_are_what_the_models_dumped(locale: str, some_id: int) -> None:
    """What the writer stored before (the model dumped to JSON), to the byte."""
    t = TRANSLATOR.bind(locale)
    for built, reference in _pairs(t, some_id):
        assert built == reference.model_dump(mode="json", exclude_none=True)


def test_every_button_unpacks_with_the_class_of_its_prefix() -> None:
    classes = {
        cls.__prefix__: cls
        for cls in vars(callbacks).values()
        if isinstance(cls, type) and issubclass(cls, CallbackData) and cls is not CallbackData
    }
    t = TRANSLATOR.bind("zh-Hans")
    for built, _ in _pairs(t, 99):
        for row in built["inline_keyboard"]:
            for button in row:
                data = button["callback_data"]
                parsed = classes[data.split(":")[0]].unpack(data)
                assert parsed.pack() == data
