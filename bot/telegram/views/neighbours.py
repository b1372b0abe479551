"""What neighbours read when they say "me too", and what the dissatisfied resident is asked."""

from __future__ import annotations

from bot.delivery.writer import message_payload
from bot.domain.notices import CoReported, DuplicateQuestion, ReasonAsked, ReasonGiven
from bot.domain.privacy import redact
from bot.i18n import Markup, Translate
from bot.telegram.keyboards import requests as keyboards
from bot.telegram.views.outlet import Outlet, excerpt, lane_of, who


async def co_reported(out: Outlet, notice: CoReported) -> None:
    request = notice.request
    if notice.reply_to is not None and request.chat_id is not None:
        t = await out.group_t(request.community_id)
        text = t(
            "co-reported",
            number=str(request.number),
            person=who(notice.person),
            count=request.households,
        )
        await out.writer.send(
            request.chat_id, text, reply_to=notice.reply_to, request_id=request.id
        )
    if notice.owner is not None and notice.owner.telegram_id is not None:
        t = out.t(notice.owner)
        text = t(
            "co-reported-owner",
            number=str(request.number),
            category=t(f"category-{request.category}"),
            count=request.households,
        )
        await out.writer.send(notice.owner.telegram_id, text)


async def reason_asked(out: Outlet, notice: ReasonAsked) -> None:
    request = notice.request
    if request.chat_id is None:
        return
    t = await out.group_t(request.community_id)
    text = t(
        "reason-asked",
        number=str(request.number),
        resident=who(notice.resident),
        owner=notice.owner.name if notice.owner else t("nobody"),
        level=request.level.value,
        hours=notice.hours,
    )
    await out.writer.send(request.chat_id, text, reply_to=request.message_id, request_id=request.id)


async def reason_given(out: Outlet, notice: ReasonGiven) -> None:
    request, owner = notice.request, notice.owner
    reason = request.dissatisfaction or ""
    t = await out.group_t(request.community_id)
    thanks = t(
        "reason-thanks", number=str(request.number), owner=owner.name if owner else t("nobody")
    )
    await out.writer.send(notice.chat_id, thanks, reply_to=notice.message_id, request_id=request.id)
    if owner is None:
        return

    def card(t: Translate, public: bool) -> str:
        """`public`: for a group, without a flat or a phone number."""
        return t(
            "reason-for-owner",
            number=str(request.number),
            resident=notice.resident.name,
            reason=excerpt(redact(reason) if public else reason),
        )

    home = await out.home_chat(request)
    in_group = (
        [message_payload(home, t("reason-in-group", owner=who(owner), card=Markup(card(t, True))))]
        if home is not None
        else []
    )
    mine = out.t(owner)
    await out.private_or_group(
        owner,
        card(mine, False),
        keyboards.task(mine, request.id),
        in_group,
        lane_of(request),
        request.id,
    )


async def duplicate(out: Outlet, notice: DuplicateQuestion) -> None:
    t = await out.group_t_of_chat(notice.chat_id)
    original = notice.original
    await out.writer.send(
        notice.chat_id,
        t(
            "duplicate-question",
            reporter=who(notice.reporter),
            number=str(original.number),
            excerpt=excerpt(redact(original.text, original.room), 60),
            count=original.households,
        ),
        reply_to=notice.message_id,
        markup=keyboards.duplicate(t, notice.candidate_id, original.number),
    )
