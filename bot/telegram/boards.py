"""Keeps every building's board shown, pinned and current, within Telegram's limits.

Runs every few seconds (the scheduler's `boards` job). Everything it owes is in the
`boards` rows, never in memory, so a restart resumes it: a board marked owed a refresh
(`dirty_since`) is shown at most once per `min_interval`, on the lowest lane; the outbox
rows of its send, edit and pin are followed until Telegram answered them. Then:

- a first send answered: the message id is kept and the message pinned;
- an edit refused with "message to edit not found" (someone deleted the board): the board
  is sent again and pinned;
- a pin refused (the bot is no admin): the board stays, unpinned; the group and the
  community's admins are told why, once, and the pin is not tried again until the bot is
  made an admin or an admin turns the board on again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.delivery.lanes import Lane
from bot.delivery.writer import OutboxWriter
from bot.i18n import Translate, Translator
from bot.services.boards import Board, BoardService
from bot.telegram.views.boards import board_text
from storage.database import Database
from storage.repositories import Repositories
from storage.repositories.boards import BoardRow
from storage.repositories.outbox import OutboxState

log = logging.getLogger(__name__)

BATCH = 20
MAX_BATCHES = 25
# Telegram's words when the message to edit is gone (deleted by someone in the group).
GONE = ("message to edit not found", "MESSAGE_ID_INVALID")


class BoardKeeper:
    def __init__(
        self,
        database: Database,
        boards: Callable[[Repositories], BoardService],
        translator: Translator,
        clock: Callable[[], datetime],
        after_commit: Callable[[], None],
        min_interval: timedelta,
    ) -> None:
        self.database = database
        self.boards = boards
        self.translator = translator
        self.clock = clock
        self.after_commit = after_commit
        self.min_interval = min_interval

    async def tick(self) -> int:
        """Act on every board that is owed something; returns how many were looked at.

        In small transactions: on SQLite each holds the one write lock, and residents'
        messages wait behind it."""
        total = 0
        for _ in range(MAX_BATCHES):  # the rest at the next tick
            looked, failed = await self._batch()
            total += looked
            if looked:
                self.after_commit()
            if looked < BATCH or failed:  # a failing board would be found again at once
                break
        return total

    async def _batch(self) -> tuple[int, bool]:
        now = self.clock()
        failed = False
        async with self.database.transaction() as repos:
            due = await repos.boards.due(now, now - self.min_interval, BATCH)
            owed = [board.building_id for board in due if not board.in_flight]
            shown: dict[int, Board] | None = None
            if owed:
                # What every board owed a refresh shows, read together: in the busy hours
                # each change of a request leaves its board owed one.
                try:
                    async with repos.connection.begin_nested():
                        shown = await self.boards(repos).boards(owed)
                except Exception:
                    log.exception("boards of buildings %s: read together failed", owed)
            for board in due:
                try:
                    async with repos.connection.begin_nested():
                        await self._keep(repos, board, now, shown)
                except Exception:
                    failed = True
                    log.exception("board of building %s: refresh failed", board.building_id)
        return len(due), failed

    async def _keep(
        self, repos: Repositories, board: BoardRow, now: datetime, read: dict[int, Board] | None
    ) -> None:
        """`read`: the boards read for the batch (None: that failed, each is read alone)."""
        writer = OutboxWriter(repos.outbox, self.clock)
        if board.in_flight:
            await self._follow(repos, writer, board, now)
            return
        if read is not None:
            shown = read.get(board.building_id)
        else:
            shown = await self.boards(repos).board(board.building_id)
        if shown is None:
            await repos.boards.set(board.building_id, dirty_since=None)
            return
        t = await self._t(repos, board.community_id)
        text = board_text(t, shown)
        if board.current_message is None:
            # Never shown, deleted, or shown in the group before an upgrade to a supergroup
            # (or before a rebind): made anew.
            sent = await writer.send_tracked(board.chat_id, text, lane=Lane.BULK)
            await repos.boards.set(
                board.building_id, send_outbox_id=sent, shown=text, shown_at=now, dirty_since=None
            )
        elif text != board.shown:
            edit = await writer.edit(board.chat_id, board.current_message, text, lane=Lane.BULK)
            await repos.boards.set(
                board.building_id, edit_outbox_id=edit, shown=text, shown_at=now, dirty_since=None
            )
        else:
            await repos.boards.set(board.building_id, dirty_since=None)

    async def _follow(
        self, repos: Repositories, writer: OutboxWriter, board: BoardRow, now: datetime
    ) -> None:
        """One answered outbox row at a time; the next tick follows the next."""
        building = board.building_id
        if board.send_outbox_id is not None:
            outcome = await repos.boards.outcome(board.send_outbox_id)
            if outcome is None or outcome.state in (OutboxState.PENDING, OutboxState.SENDING):
                return
            if outcome.state == OutboxState.SENT and outcome.message_id is not None:
                await repos.boards.set(
                    building,
                    send_outbox_id=None,
                    message_id=outcome.message_id,
                    message_chat_id=outcome.chat_id,
                )
                if board.enabled and board.pin_refused_at is None:
                    pin = await writer.pin(outcome.chat_id, outcome.message_id)
                    await repos.boards.set(building, pin_outbox_id=pin)
            else:
                # Not sent (the bot was removed from the group, say): tried again at the next
                # change, not every minute into a group that refuses it.
                log.info("board of building %s not sent: %s", building, outcome.error)
                await repos.boards.set(building, send_outbox_id=None, shown=None)
            return
        if board.edit_outbox_id is not None:
            outcome = await repos.boards.outcome(board.edit_outbox_id)
            if outcome is None or outcome.state in (OutboxState.PENDING, OutboxState.SENDING):
                return
            if outcome.state == OutboxState.FAILED and any(
                g in (outcome.error or "") for g in GONE
            ):
                log.info("board of building %s was deleted; sending it again", building)
                await repos.boards.set(
                    building, edit_outbox_id=None, message_id=None, shown=None, shown_at=None,
                    dirty_since=now,
                )  # fmt: skip
            elif outcome.state != OutboxState.SENT:
                await repos.boards.set(building, edit_outbox_id=None, shown=None)
            else:
                await repos.boards.set(building, edit_outbox_id=None)
            return
        if board.pin_outbox_id is not None:
            outcome = await repos.boards.outcome(board.pin_outbox_id)
            if outcome is None or outcome.state in (OutboxState.PENDING, OutboxState.SENDING):
                return
            await repos.boards.set(building, pin_outbox_id=None)
            error = outcome.error or ""
            if outcome.state != OutboxState.FAILED:
                return
            if "not found" in error:  # deleted before the pin: a new board, pinned
                await repos.boards.set(
                    building, message_id=None, shown=None, shown_at=None, dirty_since=now
                )
            elif board.pin_refused_at is None:
                log.info("board of building %s not pinned: %s", building, error)
                await repos.boards.set(building, pin_refused_at=now)
                await self._tell_pin_refused(repos, writer, board)

    async def _tell_pin_refused(
        self, repos: Repositories, writer: OutboxWriter, board: BoardRow
    ) -> None:
        """Once: in the group (its admins can make the bot one) and to the community's admins."""
        t = await self._t(repos, board.community_id)
        building = await repos.directory.building(board.building_id)
        number = building.number if building else ""
        await writer.send(board.chat_id, t("board-pin-refused"), lane=Lane.BULK)
        for admin in await repos.directory.admins(board.community_id):
            if admin.telegram_id is not None and admin.started_bot and admin.unreachable is None:
                private = self.translator.for_language(admin.language_code)
                await writer.send(
                    admin.telegram_id,
                    private("board-pin-refused-admin", building=number),
                    lane=Lane.BULK,
                )

    async def _t(self, repos: Repositories, community_id: int) -> Translate:
        community = await repos.directory.community(community_id)
        locale = community.locale if community and community.locale else None
        return self.translator.bind(locale or self.translator.default)
