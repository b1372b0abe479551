"""The building's board in words: what the group already sees, gathered in one message."""

from __future__ import annotations

from bot.i18n import Markup, Translate
from bot.services.boards import Board, BoardItem
from bot.telegram.views.outlet import place
from bot.telegram.views.time import local_time


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{round(share * 100)}%"


def _line(t: Translate, item: BoardItem) -> str:
    request = item.request
    return t(
        "board-line",
        number=str(request.number),
        urgent="yes" if request.urgent else "no",
        escalated="yes" if item.escalated else "no",
        category=t(f"category-{request.category}"),
        place=place(t, request, public=True),
        state=t(f"state-{request.state.value}"),
        owner=item.owner or t("board-no-owner"),
    )


def board_text(t: Translate, board: Board) -> str:
    lines = [_line(t, item) for item in board.items]
    if board.more:
        lines.append(t("board-more", count=board.more))
    meeting = board.meeting
    month = board.month
    return t(
        "board",
        building=board.building.number,
        count=len(board.items) + board.more,
        requests=Markup("\n".join(lines)),
        meeting=Markup(
            t(
                "board-meeting",
                title=meeting.title,
                when=local_time(t, meeting.starts_at, board.zone),
                place=Markup(t("board-meeting-place", place=meeting.place))
                if meeting.place
                else "",
            )
            if meeting
            else t("board-no-meeting")
        ),
        month=board.now.astimezone(board.zone).strftime("%Y-%m"),
        received=month.received,
        closed=month.closed,
        closure=_percent(month.closure_rate),
        rated=month.rated,
        satisfaction=_percent(month.satisfaction_rate),
    )
