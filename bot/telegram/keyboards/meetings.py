"""Meeting buttons: payloads (well under Telegram's 64 bytes) and the keyboards built from them."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Translate
from bot.telegram.callbacks import MeetingAction, MeetingStep


def proposal(t: Translate, meeting_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("meeting-button-confirm"),
        callback_data=MeetingAction(action=MeetingStep.CONFIRM, meeting_id=meeting_id),
    )
    builder.button(
        text=t("meeting-button-discard"),
        callback_data=MeetingAction(action=MeetingStep.DISCARD, meeting_id=meeting_id),
    )
    return builder.as_markup()


def come(t: Translate, meeting_id: int, coming: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("meeting-button-come", count=coming),
        callback_data=MeetingAction(action=MeetingStep.COME, meeting_id=meeting_id),
    )
    return builder.as_markup()


def cancellable(t: Translate, meeting_ids: list[int]) -> InlineKeyboardMarkup | None:
    if not meeting_ids:
        return None
    builder = InlineKeyboardBuilder()
    for meeting_id in meeting_ids:
        builder.button(
            text=t("meeting-button-cancel", id=str(meeting_id)),
            callback_data=MeetingAction(action=MeetingStep.CANCEL, meeting_id=meeting_id),
        )
    builder.adjust(2)
    return builder.as_markup()
