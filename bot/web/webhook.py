"""Updates pushed by Telegram, answered only once handled and committed.

aiogram's handler answers before the handlers run when `handle_in_background` (its default)
and lets a handler's error become a 500 that makes Telegram send the update again and again.
Here the answer waits for the update's transaction: a crash before it leaves the update
unanswered, Telegram delivers it again, and the inbox key makes what did commit a no-op. A
handler that fails has its update kept in `failed_updates` (as in polling) and is answered
200; only when even that cannot be stored is the answer 500, so Telegram keeps it for us.
A reply is never a method in the webhook's answer: whatever the bot says leaves through the
outbox, after the commit and within the sending limits.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from pydantic import ValidationError

log = logging.getLogger(__name__)

Intake = Callable[[Update], Awaitable[bool]]


class WebhookIntake(SimpleRequestHandler):
    def __init__(self, dispatcher: Dispatcher, bot: Bot, secret_token: str, intake: Intake) -> None:
        super().__init__(dispatcher, bot, handle_in_background=False, secret_token=secret_token)
        self.intake = intake

    async def close(self) -> None:
        """The bot's session belongs to the app, which still sends after the server stopped."""

    async def _handle_request(self, bot: Bot, request: web.Request) -> web.Response:
        body = await request.read()
        try:
            update = Update.model_validate_json(body, context={"bot": bot})
        except (ValidationError, ValueError) as exc:
            # Neither the body nor pydantic's message (it quotes the input) is logged:
            # residents' words stay out of the log even when the request is malformed.
            log.warning(
                "webhook: refused a body that is not a Telegram update (%d bytes, %s)",
                len(body),
                type(exc).__name__,
            )
            return web.json_response({"ok": False, "error": "not a Telegram update"}, status=400)
        try:
            await self.intake(update)
        except Exception as exc:
            log.error(
                "webhook: update %s could not be handled nor kept (%s); Telegram sends it again",
                update.update_id,
                type(exc).__name__,
            )
            return web.json_response({"ok": False}, status=500)
        return web.json_response({})
