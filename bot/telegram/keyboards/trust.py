"""Keyboards of /invite, /assign and /forgetme."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.domain.models import Building, Community, Grid, Person
from bot.i18n import Translate
from bot.telegram.callbacks import (
    AssignAction,
    AssignStep,
    InviteAction,
    InviteStep,
    PrivacyAction,
    PrivacyStep,
)


def roles(t: Translate, choices: tuple[str, ...]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for role in choices:
        builder.button(
            text=t(f"role-{role}"), callback_data=InviteAction(action=InviteStep.ROLE, role=role)
        )
    builder.adjust(2)
    return builder.as_markup()


def communities(t: Translate, role: str, found: list[Community]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for community in found:
        builder.button(
            text=community.name,
            callback_data=InviteAction(action=InviteStep.COMMUNITY, role=role, target=community.id),
        )
    builder.adjust(1)
    return builder.as_markup()


def grids(t: Translate, role: str, found: list[Grid]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for grid in found:
        builder.button(
            text=t("grid-button", code=grid.code, name=grid.name),
            callback_data=InviteAction(action=InviteStep.GRID, role=role, target=grid.id),
        )
    builder.adjust(2)
    return builder.as_markup()


def buildings(t: Translate, role: str, found: list[Building]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for building in found:
        builder.button(
            text=t("building-button", number=building.number),
            callback_data=InviteAction(action=InviteStep.BUILDING, role=role, target=building.id),
        )
    builder.adjust(4)
    return builder.as_markup()


def revoke(t: Translate, invite_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("button-invite-revoke"),
        callback_data=InviteAction(action=InviteStep.REVOKE, target=invite_id),
    )
    return builder.as_markup()


def candidates(t: Translate, building_id: int, people: list[Person]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for person in people:
        builder.button(
            text=person.name,
            callback_data=AssignAction(
                action=AssignStep.PICK, building_id=building_id, person_id=person.id
            ),
        )
    builder.button(
        text=t("button-assign-invite"),
        callback_data=AssignAction(action=AssignStep.INVITE, building_id=building_id),
    )
    builder.adjust(2)
    return builder.as_markup()


def forget(t: Translate) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("button-forget-confirm"), callback_data=PrivacyAction(action=PrivacyStep.FORGET)
    )
    builder.button(
        text=t("button-forget-keep"), callback_data=PrivacyAction(action=PrivacyStep.KEEP)
    )
    return builder.as_markup()
