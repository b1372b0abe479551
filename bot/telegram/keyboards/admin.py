"""Admin keyboards: the broadcast conversation, the three lists' tabs, filters and pages."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.domain.models import OPEN_STATES, Building, Grid, State
from bot.i18n import Translate
from bot.telegram.callbacks import BroadcastAction, BroadcastCancel, BroadcastStep, ListView

PICK_LIMIT = 60  # buttons per message; larger sets are chosen by grid


def scope(t: Translate, broadcast_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for action in (
        BroadcastAction.ALL,
        BroadcastAction.GRIDS,
        BroadcastAction.PICK,
        BroadcastAction.DROP,
    ):
        builder.button(
            text=t(f"broadcast-button-{action.value}"),
            callback_data=BroadcastStep(action=action, broadcast_id=broadcast_id),
        )
    builder.adjust(1)
    return builder.as_markup()


def grids(t: Translate, broadcast_id: int, choices: Sequence[Grid]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for grid in choices:
        builder.button(
            text=f"{grid.code} {grid.name}",
            callback_data=BroadcastStep(
                action=BroadcastAction.GRID, broadcast_id=broadcast_id, value=grid.id
            ),
        )
    builder.button(
        text=t("broadcast-button-drop"),
        callback_data=BroadcastStep(action=BroadcastAction.DROP, broadcast_id=broadcast_id),
    )
    builder.adjust(2)
    return builder.as_markup()


def pick(
    t: Translate,
    broadcast_id: int,
    buildings: Sequence[Building],
    codes: dict[int, str],
    picked: set[int],
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for building in buildings[:PICK_LIMIT]:
        mark = "✅ " if building.id in picked else ""
        builder.button(
            text=f"{mark}{codes.get(building.grid_id, '')}-{building.number}",
            callback_data=BroadcastStep(
                action=BroadcastAction.TOGGLE, broadcast_id=broadcast_id, value=building.id
            ),
        )
    builder.button(
        text=t("broadcast-button-picked", count=len(picked)),
        callback_data=BroadcastStep(action=BroadcastAction.PICKED, broadcast_id=broadcast_id),
    )
    builder.button(
        text=t("broadcast-button-drop"),
        callback_data=BroadcastStep(action=BroadcastAction.DROP, broadcast_id=broadcast_id),
    )
    rows = [4] * ((min(len(buildings), PICK_LIMIT) + 3) // 4)
    builder.adjust(*rows, 1, 1)
    return builder.as_markup()


def confirm(t: Translate, broadcast_id: int, pin: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("broadcast-button-pin", pin="yes" if pin else "no"),
        callback_data=BroadcastStep(action=BroadcastAction.PIN, broadcast_id=broadcast_id),
    )
    builder.button(
        text=t("broadcast-button-go"),
        callback_data=BroadcastStep(action=BroadcastAction.GO, broadcast_id=broadcast_id),
    )
    builder.button(
        text=t("broadcast-button-drop"),
        callback_data=BroadcastStep(action=BroadcastAction.DROP, broadcast_id=broadcast_id),
    )
    builder.adjust(1)
    return builder.as_markup()


def cancel_running(t: Translate, broadcast_ids: Sequence[int]) -> InlineKeyboardMarkup | None:
    if not broadcast_ids:
        return None
    builder = InlineKeyboardBuilder()
    for broadcast_id in broadcast_ids:
        builder.button(
            text=t("broadcast-button-cancel", id=broadcast_id),
            callback_data=BroadcastCancel(broadcast_id=broadcast_id),
        )
    builder.adjust(1)
    return builder.as_markup()


_STATES = ("", *(s.value for s in OPEN_STATES), State.RESOLVED.value, State.CLOSED.value)


def _next(values: Sequence[str], current: str) -> str:
    return values[(values.index(current) + 1) % len(values)] if current in values else values[0]


def lists(
    t: Translate, view: ListView, pages: int, grid_ids: Sequence[int]
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for kind in ("demand", "owners", "progress"):
        mark = "• " if kind == view.kind else ""
        builder.button(
            text=mark + t(f"list-tab-{kind}"),
            callback_data=ListView(kind=kind, grid=view.grid, overdue=view.overdue),
        )
    widths = [3]
    if view.kind != "owners":
        grid_cycle = [0, *grid_ids]
        next_grid = (
            grid_cycle[(grid_cycle.index(view.grid) + 1) % len(grid_cycle)]
            if view.grid in grid_cycle
            else 0
        )
        builder.button(
            text=t("list-filter-grid"),
            callback_data=ListView(**{**view.model_dump(), "page": 0, "grid": next_grid}),
        )
        builder.button(
            text=t("list-filter-state", state=view.state or "all"),
            callback_data=ListView(
                **{**view.model_dump(), "page": 0, "state": _next(_STATES, view.state)}
            ),
        )
        builder.button(
            text=t("list-filter-overdue", on="yes" if view.overdue else "no"),
            callback_data=ListView(**{**view.model_dump(), "page": 0, "overdue": not view.overdue}),
        )
        widths.append(3)
    paging = 0
    if view.page > 0:
        builder.button(
            text="◀", callback_data=ListView(**{**view.model_dump(), "page": view.page - 1})
        )
        paging += 1
    if view.page + 1 < pages:
        builder.button(
            text="▶", callback_data=ListView(**{**view.model_dump(), "page": view.page + 1})
        )
        paging += 1
    if paging:
        widths.append(paging)
    builder.adjust(*widths)
    return builder.as_markup()
