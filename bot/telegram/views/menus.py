"""Command menus and /help in words, from the catalogue's one-line descriptions."""

from __future__ import annotations

from bot.domain.notices import CommandMenu
from bot.i18n import Translate
from bot.telegram.views.outlet import Outlet


def menu_entries(t: Translate, commands: tuple[str, ...]) -> list[dict[str, str]]:
    return [{"command": name, "description": t(f"command-{name}")} for name in commands]


def help_text(t: Translate, commands: tuple[str, ...], in_group: bool) -> str:
    lines = "\n".join(f"/{name} — {t(f'command-{name}')}" for name in commands)
    return t("help", place="group" if in_group else "private", commands=lines)


async def menu(out: Outlet, notice: CommandMenu) -> None:
    if notice.community_id is not None:
        t = await out.group_t(notice.community_id)
    else:
        t = out.t(notice.person)
    await out.writer.set_menu(notice.chat_id, notice.user_id, menu_entries(t, notice.commands))
