"""The residents' day agenda in words, and its poll: topics as the group may read them (the
resident's words without phones or flats)."""

from __future__ import annotations

import html

from bot.delivery.lanes import Lane
from bot.domain.notices import AgendaTopic, ResidentsAgenda
from bot.domain.privacy import redact
from bot.i18n import Markup, Translate
from bot.telegram.views.outlet import Outlet, excerpt, place

OPTION = 100  # Telegram's longest poll option
TOPIC = 60  # a topic's words on the agenda


def _words(topic: AgendaTopic, limit: int) -> str:
    request = topic.request
    return excerpt(" ".join(redact(request.text, request.room).split()), limit)


def _topic(t: Translate, index: int, topic: AgendaTopic) -> str:
    request = topic.request
    return t(
        "agenda-topic",
        index=str(index),
        number=str(request.number),
        tag="escalated" if topic.escalated else "closed" if topic.closed else "open",
        category=t(f"category-{request.category}"),
        place=place(t, request, public=True),
        excerpt=_words(topic, TOPIC),
        state=t(f"state-{request.state.value}"),
    )


def option(topic: AgendaTopic) -> str:
    return excerpt(f"#{topic.request.number} {_words(topic, OPTION)}", OPTION)


def _day(t: Translate, agenda: ResidentsAgenda) -> str:
    return t("agenda-day", month=agenda.day.month, day=str(agenda.day.day))


async def agenda(out: Outlet, notice: ResidentsAgenda) -> None:
    t = await out.group_t(notice.community_id)
    day = _day(t, notice)
    if not notice.topics:
        await out.writer.send(
            notice.chat_id,
            t("agenda-empty", day=day, building=notice.building),
            lane=Lane.SCHEDULED,
        )
        return
    lines = [_topic(t, i, topic) for i, topic in enumerate(notice.topics, 1)]
    await out.writer.send(
        notice.chat_id,
        t(
            "agenda",
            day=day,
            building=notice.building,
            topics=Markup("\n".join(lines)),
            poll="yes" if len(notice.topics) >= 2 else "no",
        ),
        lane=Lane.SCHEDULED,
    )
    if len(notice.topics) >= 2:  # a poll needs two options
        # Anonymous: neighbours do not see each other's picks. Telegram cannot cap picks at
        # two; the question asks for two, and the totals are read as they stand.
        question = html.unescape(t("agenda-poll", day=day))
        await out.writer.send_poll(
            notice.chat_id,
            question,
            [option(topic) for topic in notice.topics],
            multiple=True,
            anonymous=True,
        )
