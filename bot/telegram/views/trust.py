"""Posts, invites and role changes in words."""

from __future__ import annotations

from datetime import datetime

from bot.domain.models import ADMIN, Post, zone_of
from bot.domain.notices import FilingLimited, InviteAccepted, PostGained, PostLost
from bot.i18n import Markup, Translate
from bot.services.invites import Issued
from bot.telegram.views.outlet import Outlet, who


def post_text(t: Translate, post: Post) -> Markup:
    if post.role == ADMIN or post.grid is None:
        place = t("post-place-community", community=post.community.name)
    elif post.building is None:
        place = t("post-place-grid", community=post.community.name, grid=post.grid.code)
    else:
        place = t(
            "post-place-building",
            community=post.community.name,
            grid=post.grid.code,
            building=post.building.number,
        )
    # Each piece was escaped by the catalogue already.
    return Markup(t("post-line", role=t(f"role-{post.role}"), place=Markup(place)))


def invite_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"


def invite_text(t: Translate, bot_username: str, issued: Issued) -> str:
    return t(
        "invite-created",
        post=post_text(t, issued.post),
        link=Markup(invite_link(bot_username, issued.token)),
        expires=expiry(issued.post, issued.invite.expires_at),
    )


def expiry(post: Post, moment: datetime) -> str:
    return moment.astimezone(zone_of(post.community)).strftime("%Y-%m-%d %H:%M")


async def post_gained(out: Outlet, notice: PostGained) -> None:
    person = notice.person
    if person.telegram_id is None:
        return  # known by username only: they hear of it when tasks reach them
    t = out.t(person)
    text = t("post-gained", post=post_text(t, notice.post), tasks=notice.tasks)
    await out.writer.send(person.telegram_id, text)


async def post_lost(out: Outlet, notice: PostLost) -> None:
    person = notice.person
    if person.telegram_id is None:
        return
    t = out.t(person)
    text = t(
        "post-lost",
        post=post_text(t, notice.post),
        successor=who(notice.successor),
        tasks=notice.tasks,
    )
    await out.writer.send(person.telegram_id, text)


async def invite_accepted(out: Outlet, notice: InviteAccepted) -> None:
    creator = notice.creator
    if creator.telegram_id is None:
        return
    t = out.t(creator)
    text = t("invite-accepted", person=who(notice.person), post=post_text(t, notice.post))
    await out.writer.send(creator.telegram_id, text)


def posts_text(t: Translate, posts: list[Post]) -> Markup:
    return Markup("\n".join(t("whoami-line", post=post_text(t, post)) for post in posts))


async def filing_limited(out: Outlet, notice: FilingLimited) -> None:
    t = out.t(notice.reporter)
    text = t("filing-limited", reporter=who(notice.reporter), limit=notice.limit)
    await out.writer.send(notice.chat_id, text, reply_to=notice.message_id)
