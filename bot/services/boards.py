"""The building's board: one pinned message per bound group that the bot keeps up to date.

What it shows is what the group already sees: each open request's number, category, state,
building and unit, and who handles it (never a phone or a flat); the next meeting; this
month's closure and satisfaction in the building. A change marks the board owed a refresh
(`touch`); the keeper (bot/telegram/boards.py) shows it at most once per `min_interval`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.errors import NotBound, ServiceError
from bot.domain.models import Building, Level, Meeting, Person, Request, zone_of
from bot.services.audit import Auditor
from bot.services.stats import Figures, figures_of, month_start
from storage.repositories import Repositories
from storage.repositories.boards import BoardRow, takes_part
from storage.repositories.stats import Tally

Clock = Callable[[], datetime]


class BoardAdminsOnly(ServiceError):
    key = "board-admins-only"


# A group's board lists this many open requests; the rest are counted.
SHOWN = 15


@dataclass(frozen=True, slots=True)
class BoardItem:
    request: Request
    owner: str | None  # the name the group knows them by; no phone, no mention

    @property
    def escalated(self) -> bool:
        return self.request.level != Level.MEMBER


@dataclass(frozen=True, slots=True)
class Board:
    building: Building
    zone: ZoneInfo
    now: datetime
    items: list[BoardItem]
    more: int  # open requests not listed
    meeting: Meeting | None
    month: Figures


class BoardService:
    def __init__(self, repos: Repositories, clock: Clock, audit: Auditor, enabled: bool) -> None:
        self.repos = repos
        self.clock = clock
        self.audit = audit
        self.enabled = enabled  # the bot's setting; each group's own is in its row

    # --- binding and planning (requests and meetings mark their boards themselves) ----------

    async def bound(self, building_id: int) -> None:
        """A group was bound to the building: it gets its board (again)."""
        if not self.enabled:
            return
        await self.repos.boards.ensure(building_id, self.clock())
        await self.repos.boards.set(
            building_id, message_id=None, shown=None, shown_at=None, dirty_since=self.clock()
        )

    async def plan(self) -> None:
        """Boards for groups bound by the directory file; last month's figures refreshed."""
        if not self.enabled:
            return
        now = self.clock()
        await self.repos.boards.plan_missing(now)
        for community in await self.repos.directory.all_communities():
            start = month_start(now.astimezone(zone_of(community)))
            await self.repos.boards.touch_shown_before(community.id, start, now)

    # --- admins turn it on and off -----------------------------------------------------------

    async def switch(
        self, actor: Person | None, chat_id: int, on: bool
    ) -> tuple[Building, BoardRow]:
        """Only an admin of the building's community. Turning it off returns the message to unpin."""
        building = await self.repos.directory.building_by_chat(chat_id)
        if building is None:
            raise NotBound()
        if actor is None or not await self.repos.directory.is_admin(
            actor.id, building.community_id
        ):
            raise BoardAdminsOnly()
        now = self.clock()
        await self.repos.boards.ensure(building.id, now)
        before = await self.repos.boards.get(building.id)
        assert before is not None
        if on:
            # A refused pin is tried again: the admin may have made the bot an admin since.
            await self.repos.boards.set(
                building.id, enabled=True, dirty_since=now, shown_at=None, shown=None,
                pin_refused_at=None,
            )  # fmt: skip
        else:
            await self.repos.boards.set(building.id, enabled=False, dirty_since=None)
        await self.audit(
            actor, "board.on" if on else "board.off", "building", building.id,
            {"enabled": before.enabled}, {"enabled": on},
        )  # fmt: skip
        return building, before

    async def pin_queued(self, building_id: int, outbox_id: int) -> None:
        """A pin of the board was queued: the keeper follows what Telegram answers."""
        await self.repos.boards.set(building_id, pin_outbox_id=outbox_id)

    async def pinned_elsewhere(self, chat_id: int, message_id: int) -> BoardRow | None:
        """Someone pinned another message over the board: the board, to pin again, if on."""
        board = await self.repos.boards.of_chat(chat_id)
        if board is None or not board.enabled or board.current_message in (None, message_id):
            return None
        if board.pin_refused_at is not None:
            return None
        return board

    async def admin_gained(self, chat_id: int) -> BoardRow | None:
        """The bot was made an admin of the group: a board whose pin was refused, to pin now."""
        board = await self.repos.boards.of_chat(chat_id)
        if board is None or not board.enabled or board.pin_refused_at is None:
            return None
        await self.repos.boards.set(board.building_id, pin_refused_at=None)
        return board if board.current_message is not None else None

    # --- what it shows -------------------------------------------------------------------------

    async def board(self, building_id: int) -> Board | None:
        return (await self.boards([building_id])).get(building_id)

    async def boards(self, building_ids: Sequence[int]) -> dict[int, Board]:
        """The boards of these buildings (those that exist): their open requests and their
        month's figures each read in one statement for all of them."""
        found: dict[int, Building] = {}
        for building_id in building_ids:
            building = await self.repos.directory.building(building_id)
            if building is not None:
                found[building_id] = building
        if not found:
            return {}
        now = self.clock()
        zones = {
            community_id: zone_of(await self.repos.directory.community(community_id))
            for community_id in {building.community_id for building in found.values()}
        }
        listed = await self.repos.stats.on_boards(list(found))
        # The month is each community's own, in its time zone.
        by_start: dict[datetime, list[int]] = {}
        for building in found.values():
            start = month_start(now.astimezone(zones[building.community_id]))
            by_start.setdefault(start, []).append(building.id)
        months: dict[int, Tally] = {}
        for start, ids in by_start.items():
            months.update(await self.repos.stats.board_months(ids, start, now))
        scheduled = await self.repos.boards.scheduled(list(zones))
        boards: dict[int, Board] = {}
        for building_id, building in found.items():
            shown = listed[building_id]
            # Urgent first, then escalated, then the oldest: what needs eyes is on top.
            shown.sort(
                key=lambda r: (
                    not r.request.urgent,
                    r.request.level == Level.MEMBER,
                    r.request.created_at,
                )
            )
            meeting = next(
                (
                    m
                    for m in scheduled
                    if takes_part(m, building.community_id, building.grid_id, building.chat_id)
                ),
                None,
            )
            boards[building_id] = Board(
                building=building,
                zone=zones[building.community_id],
                now=now,
                items=[BoardItem(r.request, r.assignee_name) for r in shown[:SHOWN]],
                more=max(0, len(shown) - SHOWN),
                meeting=meeting,
                month=figures_of(months[building_id], [], []),
            )
        return boards
