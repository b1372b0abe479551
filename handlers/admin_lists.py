"""/lists in private: the demand, responsibility and progress lists, paged with buttons.

`/lists [demand|owners|progress] [grid=A] [building=3] [category=…] [state=…] [overdue]`
opens a list with filters; the buttons switch lists, cycle filters and turn pages.
"""

from __future__ import annotations

from datetime import datetime

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.delivery.writer import OutboxWriter
from bot.domain.models import Person, State
from bot.i18n import Translate
from bot.parsing import CATEGORIES
from bot.services.lists import ListKind, ListService, Page, Wanted
from bot.services.permissions import Viewer
from bot.telegram.callbacks import ListView
from bot.telegram.keyboards import admin as keyboards
from bot.telegram.views.requests import when
from storage.repositories.stats import ListedRequest, Owner


def parse_view(args: str | None, grids: dict[str, int]) -> ListView:
    """Typed filters; unknown words are ignored rather than refused."""
    values: dict[str, object] = {"kind": "demand"}
    for word in (args or "").split():
        key, _, value = word.partition("=")
        if key in ("demand", "owners", "progress"):
            values["kind"] = key
        elif key == "overdue":
            values["overdue"] = True
        elif key == "grid" and value.upper() in grids:
            values["grid"] = grids[value.upper()]
        elif key == "building" and value.isascii() and value.isdigit() and len(value) <= 9:
            values["building_number"] = value
        elif key == "category" and value in CATEGORIES:
            values[key] = value
        elif key == "state" and value in {state.value for state in State}:
            # Only known words: anything else would not fit the buttons' 64 bytes.
            values[key] = value
    number = values.pop("building_number", None)
    view = ListView(**values)  # type: ignore[arg-type]
    return view.model_copy(update={"building": -int(str(number))}) if number else view


def _request_line(t: Translate, listed: ListedRequest, viewer: Viewer, now: datetime) -> str:
    request = listed.request
    return t(
        "list-request-line",
        number=str(request.number),
        place=f"{listed.grid_code or '?'}-{listed.building_number or request.building_label or '?'}",
        category=t(f"category-{request.category}"),
        state=t(f"state-{request.state.value}"),
        created=when(request.created_at, viewer.zone),
        age=round((now - request.created_at).total_seconds() / 3600),
        owner=listed.assignee_name or t("nobody"),
        households=request.households,
        excerpt=request.text[:30] + ("…" if len(request.text) > 30 else ""),
    )


def _owner_line(t: Translate, owner: Owner) -> str:
    return t(
        "list-owner-line",
        name=owner.name,
        buildings=", ".join(owner.buildings),
        open=owner.open_tasks,
    )


async def render(
    lists: ListService, actor: Person | None, view: ListView, t: Translate
) -> tuple[str, int, Viewer]:
    viewer = await lists.viewer(actor)
    if view.kind == ListKind.RESPONSIBILITY:
        owners: Page[Owner] = await lists.owners(actor, view.page)
        lines = [_owner_line(t, owner) for owner in owners.items]
        page: Page[object] = owners  # type: ignore[assignment]
    else:
        wanted = Wanted(
            grid_id=view.grid or None,
            building_id=view.building or None,
            category=view.category or None,
            state=view.state or None,
            overdue=view.overdue,
        )
        found = await lists.requests(actor, ListKind(view.kind), wanted, view.page)
        now = lists.clock()
        lines = [_request_line(t, item, viewer, now) for item in found.items]
        page = found  # type: ignore[assignment]
    text = t(
        "list-page",
        kind=view.kind,
        total=page.total,
        page=page.number + 1,
        pages=page.pages,
        lines="\n".join(lines) or t("list-empty"),
    )
    return text, page.pages, viewer


async def cmd_lists(
    message: Message,
    command: CommandObject,
    actor: Person | None,
    lists: ListService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    viewer = await lists.viewer(actor)
    codes = await lists.grid_codes(viewer)
    view = parse_view(command.args, codes)
    if view.building < 0:
        view = view.model_copy(
            update={"building": await lists.building_id(viewer, view.grid, -view.building)}
        )
    text, pages, viewer = await render(lists, actor, view, t)
    markup = keyboards.lists(t, view, pages, list(codes.values()))
    await writer.send(message.chat.id, text, markup=markup)


async def on_list_view(
    callback: CallbackQuery,
    callback_data: ListView,
    actor: Person | None,
    lists: ListService,
    writer: OutboxWriter,
    t: Translate,
) -> None:
    text, pages, viewer = await render(lists, actor, callback_data, t)
    codes = await lists.grid_codes(viewer)
    await callback.answer()
    if callback.message is not None:
        markup = keyboards.lists(t, callback_data, pages, list(codes.values()))
        await writer.edit(
            callback.message.chat.id, callback.message.message_id, text, markup=markup
        )


def setup() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type == "private")
    router.message.register(cmd_lists, Command("lists"))
    router.callback_query.register(on_list_view, ListView.filter())
    return router
