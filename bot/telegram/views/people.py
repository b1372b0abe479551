"""People in words: an admin told that someone cannot be reached in private."""

from __future__ import annotations

from bot.domain.notices import PersonUnreachable
from bot.telegram.views.outlet import Outlet, who


async def unreachable(out: Outlet, notice: PersonUnreachable) -> None:
    admin = notice.admin
    if admin.telegram_id is None or admin.unreachable is not None:
        return  # the community's other admins are told; nobody to tell here
    t = out.t(admin)
    text = t(
        "person-unreachable",
        person=who(notice.person),
        id=str(notice.person.telegram_id),
        refusal=notice.refusal,
    )
    await out.writer.send(admin.telegram_id, text)
