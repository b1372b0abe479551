"""Per-update plumbing: one transaction, who is acting, in which language, with which services."""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.flags import get_flag
from aiogram.types import CallbackQuery, Chat, Message, TelegramObject, Update, User

from bot.delivery.writer import OutboxWriter
from bot.domain.errors import Anonymous, ServiceError
from bot.i18n import Translate, Translator
from bot.services.config import ServiceConfig
from bot.services.container import build_services
from bot.services.people import Account
from bot.services.requests import ParserBook
from bot.telegram.answers import HeldAnswers
from bot.telegram.deferred import Deferred
from bot.telegram.fsm_storage import current_repos
from bot.telegram.throttle import SharedThrottle, Verdict
from bot.telegram.views.notifier import Notifier
from storage.database import Batch, Database, current_batch
from storage.repositories import Repositories

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]

# Set in the update's data when the inbox knew it (read by the metrics around the update).
DUPLICATE = "duplicate_update"

# Telegram's stand-ins for anonymous admins, channels and automatic forwards: not residents.
SERVICE_ACCOUNTS = {1087968824, 136817688, 777000}


def inbox_key(update: Update) -> str | None:
    """What makes an update the same update when Telegram delivers it again."""
    if update.message is not None:
        return f"m:{update.message.chat.id}:{update.message.message_id}"
    if update.edited_message is not None:
        edited = update.edited_message
        return f"e:{edited.chat.id}:{edited.message_id}:{edited.edit_date}"
    if update.callback_query is not None:
        return f"c:{update.callback_query.id}"
    if update.message_reaction is not None:
        reaction = update.message_reaction
        # Nothing in a reaction tells two changes within a second apart but the update's id.
        who = reaction.user.id if reaction.user else 0
        return f"r:{update.update_id}:{reaction.chat.id}:{reaction.message_id}:{who}"
    return None


class TransactionMiddleware(BaseMiddleware):
    """One transaction per update; an update seen before is a no-op."""

    def __init__(
        self,
        database: Database,
        clock: Callable[[], datetime],
        after_commit: Callable[[], None],
        answers: HeldAnswers,
    ) -> None:
        self.database = database
        self.clock = clock
        self.after_commit = after_commit
        self.answers = answers

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        key = inbox_key(event)
        batch = current_batch.get()
        if batch is not None:
            return await self._in_batch(batch, key, handler, event, data)
        # A button's answer leaves after the commit: never a toast for what rolled back,
        # never a round trip to Telegram inside the transaction.
        with self.answers.holding() as held:
            async with self.database.transaction() as repos:
                if key is not None and not await repos.inbox.remember(key, self.clock()):
                    log.info("update %s: already handled (%s)", event.update_id, key)
                    data[DUPLICATE] = True
                    return None
                data["repos"] = repos
                data["deferred"] = deferred = Deferred(self.database, self.clock)
                result = await handler(event, data)
        self.after_commit()
        self.answers.release(data["bot"], held)
        if await deferred.run():
            self.after_commit()
        return result

    async def _in_batch(
        self,
        batch: Batch,
        key: str | None,
        handler: Handler,
        event: Update,
        data: dict[str, Any],
    ) -> Any:
        """The poller's batch: this update joins the batch's transaction (the poller redoes
        the batch update by update should one fail); what follows the commit waits for the
        batch's. A polled update is known by the poller's mark, not by an inbox key."""
        if batch.handled_before is not None and event.update_id <= batch.handled_before:
            log.info("update %s: already handled (%s)", event.update_id, key)
            data[DUPLICATE] = True
            return None
        repos = await batch.repos()
        with self.answers.holding() as held:
            data["repos"] = repos
            data["deferred"] = deferred = Deferred(self.database, self.clock)
            result = await handler(event, data)
        bot = data["bot"]
        batch.after_commit(self.after_commit)
        if held:
            batch.after_commit(lambda: self.answers.release(bot, held))
        if deferred.pending:
            batch.after_commit(lambda: self._run_deferred(deferred))
        return result

    async def _run_deferred(self, deferred: Deferred) -> None:
        if await deferred.run():
            self.after_commit()


class ServicesMiddleware(BaseMiddleware):
    """Builds the services over this update's transaction; it queries nothing itself."""

    def __init__(
        self,
        translator: Translator,
        parsers: ParserBook,
        config: ServiceConfig,
        clock: Callable[[], datetime],
    ) -> None:
        self.translator = translator
        self.parsers = parsers
        self.config = config
        self.clock = clock

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        repos = data["repos"]
        writer = OutboxWriter(repos.outbox, self.clock)
        notify = Notifier(repos, writer, self.translator)
        data["writer"] = writer
        data["t"] = await self._translate(repos, data)
        data.update(build_services(repos, notify, self.config, self.parsers, self.clock).as_dict())
        # The FSM storage writes through this update's transaction (bot.telegram.fsm_storage).
        token = current_repos.set(repos)
        try:
            return await handler(event, data)
        finally:
            current_repos.reset(token)

    async def _translate(self, repos: Repositories, data: dict[str, Any]) -> Translate:
        """In a group, the community's language for everyone; in private, the person's own."""
        chat: Chat | None = data.get("event_chat")
        if chat is not None and chat.type in ("group", "supergroup"):
            locale = await repos.directory.locale_of_chat(chat.id)
            return self.translator.bind(locale or self.translator.default)
        user: User | None = data.get("event_from_user")
        return self.translator.for_language(user.language_code if user else None)


def words_of(message: Message) -> str | None:
    """What a resident wrote (a text, or a photo's caption); None for a command or nothing."""
    text = message.text or message.caption
    if not text or text.startswith("/"):
        return None
    return text


def is_plain_group_text(message: Message | None) -> bool:
    """Text in a group that is no command and answers none of the bot's posts: residents'
    chatter and requests, for the intake alone (handlers/intake.py). A reply to one of the
    bot's posts may be the minutes of its meeting and takes the long way, through every router."""
    if message is None or message.chat.type not in ("group", "supergroup"):
        return False
    if words_of(message) is None:
        return False
    replied = message.reply_to_message
    return replied is None or replied.from_user is None or not replied.from_user.is_bot


class ActorMiddleware(BaseMiddleware):
    """The person behind the update (None for anonymous admins and channels).

    For plain group text (`plain_text` in the data) the person is looked up only when the
    intake makes something of the message (`sender`, a lookup): most of a group's chatter
    never needs its writer's row, and the lookup cost more than the rest of its handling."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        message = (event.message or event.edited_message) if isinstance(event, Update) else None
        sender_chat = message.sender_chat if message is not None else None
        plain = isinstance(event, Update) and is_plain_group_text(event.message)
        data["plain_text"] = plain
        data["actor"] = None
        if user is None or user.is_bot or user.id in SERVICE_ACCOUNTS or sender_chat is not None:
            data["sender"] = None
            return await handler(event, data)
        account = Account(user.id, user.username, user.full_name, user.language_code)
        people = data["people"]
        if plain:
            data["sender"] = lambda: people.seen(account)
        else:
            data["actor"] = await people.seen(account)
        return await handler(event, data)


# Handler flag: the handler acts for a person, so anonymous admins and channels are refused.
ACTOR_REQUIRED = {"actor": "required"}


class ActorRequiredMiddleware(BaseMiddleware):
    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if get_flag(data, "actor") == "required" and data.get("actor") is None:
            raise Anonymous()
        return await handler(event, data)


# Handler flag: the handler's service never refuses, so no savepoint is opened for it (a
# refusal that came anyway would fail the update, which is then kept and retried).
NEVER_REFUSES = {"refusals": False}


class RefusalMiddleware(BaseMiddleware):
    """A service's refusal undoes the handler's writes and tells the user why, in their language."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if get_flag(data, "refusals") is False:
            return await handler(event, data)
        repos = data["repos"]
        try:
            async with repos.connection.begin_nested():
                return await handler(event, data)
        except ServiceError as refusal:
            text = data["t"](refusal.key, **refusal.args_for_text)
            if isinstance(event, CallbackQuery):
                await event.answer(text, show_alert=True)
            elif isinstance(event, Message):
                await data["writer"].send(event.chat.id, text, reply_to=event.message_id)
            return None


class ThrottleMiddleware(BaseMiddleware):
    """Commands and button presses per person per minute, counted in this process, or in
    Redis across every worker when `shared` is given (bot/telegram/throttle.py).

    Past the limit the person is answered once, politely, and then nothing until the minute
    has room again: a flood of presses never becomes a flood of refusals. A throttled
    update is still remembered in the inbox, so Telegram does not deliver it again.
    """

    WINDOW = 60.0

    def __init__(
        self,
        per_minute: int,
        now: Callable[[], float] = time.monotonic,
        shared: SharedThrottle | None = None,
    ) -> None:
        self.per_minute = per_minute
        self.now = now
        self.shared = shared
        self._seen: dict[int, deque[float]] = {}
        self._told: dict[int, float] = {}

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        user: User | None = data.get("event_from_user")
        counted = event.callback_query is not None or (
            event.message is not None and (event.message.text or "").startswith("/")
        )
        if user is None or not counted:
            return await handler(event, data)
        verdict = await self.shared.hit(user.id) if self.shared is not None else None
        if verdict is Verdict.PASS:
            return await handler(event, data)
        if verdict is not None:
            return await self._refuse(event, data, user, first=verdict is Verdict.TELL)
        now = self.now()
        seen = self._seen.setdefault(user.id, deque())
        while seen and seen[0] <= now - self.WINDOW:
            seen.popleft()
        if len(seen) < self.per_minute:
            seen.append(now)
            self._told.pop(user.id, None)
            return await handler(event, data)
        if len(self._seen) > 10_000:
            self._forget(now)
        first = user.id not in self._told
        self._told[user.id] = now
        return await self._refuse(event, data, user, first)

    async def _refuse(self, event: Update, data: dict[str, Any], user: User, first: bool) -> None:
        log.info("user %s throttled", user.id)
        text = data["t"]("throttled") if first else None
        if event.callback_query is not None:
            await event.callback_query.answer(text)
        elif first and event.message is not None:
            message = event.message
            await data["writer"].send(message.chat.id, text, reply_to=message.message_id)
        return

    def _forget(self, now: float) -> None:
        """Drops people idle for a window, so the table stays as small as the busy crowd."""
        for user_id in [u for u, s in self._seen.items() if not s or s[-1] <= now - self.WINDOW]:
            del self._seen[user_id]
            self._told.pop(user_id, None)
