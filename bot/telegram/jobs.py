"""Follows running broadcasts: edits the admin's progress message, then sends the report.

Runs every few seconds (the scheduler's `broadcast_progress` job), so the progress
message is edited at most that often, and only when a figure changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from bot.delivery.writer import OutboxWriter
from bot.i18n import Translate, Translator
from bot.services.audit import Auditor
from bot.services.broadcasts import FAILED_STATES, progress_of
from bot.telegram.views.broadcasts import progress_text, report_text
from storage.database import Database
from storage.repositories import Repositories
from storage.repositories.broadcasts import Broadcast, BroadcastState

log = logging.getLogger(__name__)


class BroadcastMonitor:
    def __init__(
        self,
        database: Database,
        translator: Translator,
        clock: Callable[[], datetime],
        after_commit: Callable[[], None],
    ) -> None:
        self.database = database
        self.translator = translator
        self.clock = clock
        self.after_commit = after_commit

    async def tick(self) -> None:
        async with self.database.transaction() as repos:
            for broadcast in await repos.broadcasts.unfinished():
                try:
                    async with repos.connection.begin_nested():
                        await self._follow(repos, broadcast)
                except Exception:
                    log.exception("broadcast %s: progress failed", broadcast.id)
        self.after_commit()

    async def _t(self, repos: Repositories, broadcast: Broadcast) -> Translate:
        author = await repos.people.get(broadcast.author_id)
        return self.translator.for_language(author.language_code if author else None)

    async def _follow(self, repos: Repositories, broadcast: Broadcast) -> None:
        progress = progress_of(await repos.broadcasts.counts(broadcast.id))
        pins_pending = broadcast.pin and await self._pins_pending(repos, broadcast)
        finished = progress.finished and not pins_pending
        t = await self._t(repos, broadcast)
        writer = OutboxWriter(repos.outbox, self.clock)
        if finished:
            state = broadcast.state
            if state == BroadcastState.RUNNING:
                state = BroadcastState.DONE
            before = broadcast.state
            broadcast = await repos.broadcasts.update(
                broadcast.id, state=state, finished_at=self.clock()
            )
            await Auditor(repos, self.clock)(
                None,
                "broadcast.finish",
                "broadcast",
                broadcast.id,
                {"state": before},
                {"state": state, "sent": progress.sent, "failed": progress.failed},
            )
        shown = progress.key() + ("/done" if finished else "")
        if shown != broadcast.progress_shown and broadcast.progress_outbox_id is not None:
            message_id = await repos.outbox.sent_message_id(broadcast.progress_outbox_id)
            if message_id is not None:
                await writer.edit(
                    broadcast.author_chat_id, message_id, progress_text(t, broadcast, progress)
                )
                await repos.broadcasts.update(broadcast.id, progress_shown=shown)
        if finished:
            outcomes = await repos.broadcasts.outcomes(broadcast.id, FAILED_STATES)
            moved = await repos.broadcasts.outcomes(broadcast.id, ("sent",), moved_only=True)
            pinned = await repos.broadcasts.pinned(broadcast.id) if broadcast.pin else 0
            await writer.send(
                broadcast.author_chat_id,
                report_text(t, broadcast, progress, outcomes, moved, pinned),
            )
            log.info("broadcast %s finished: %s", broadcast.id, progress)

    async def _pins_pending(self, repos: Repositories, broadcast: Broadcast) -> bool:
        """Pins follow their sends; the report waits for them so it can count them."""
        return await repos.broadcasts.pins_in_flight(broadcast.id) > 0
