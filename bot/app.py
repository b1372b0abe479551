"""Assembly in one place: Bot, Dispatcher, storage, sender, poller and scheduler from one Settings."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.delivery.limiter import MARGIN, SendLimiter
from bot.delivery.polling import Poller
from bot.delivery.sender import OutboxSender
from bot.delivery.writer import OutboxWriter
from bot.i18n import Translator
from bot.scheduling.runner import JobRunner
from bot.services.config import ServiceConfig
from bot.services.container import Services, build_services
from bot.services.requests import ParserBook
from bot.settings import Settings
from bot.telegram.fsm_storage import DatabaseStorage
from bot.telegram.jobs import BroadcastMonitor
from bot.telegram.middlewares import (
    ActorMiddleware,
    ActorRequiredMiddleware,
    RefusalMiddleware,
    ServicesMiddleware,
    ThrottleMiddleware,
    TransactionMiddleware,
)
from bot.telegram.views.notifier import Notifier
from handlers import get_routers
from storage.database import Database
from storage.repositories import Repositories

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


GROUP_COMMANDS = (
    "report", "my", "status", "contacts", "ack", "done", "escalate", "tasks", "bind",
    "meeting", "meetings", "cancel_meeting", "assign", "whoami",
)  # fmt: skip
PRIVATE_COMMANDS = (
    "start", "tasks", "my", "status", "ack", "done", "escalate", "help",
    "meeting", "cancel_meeting",
    "broadcast", "broadcasts", "lists", "stats", "leaderboard", "export",
    "invite", "invites", "assign", "whoami", "mydata", "forgetme",
)  # fmt: skip


def create_bot(settings: Settings) -> Bot:
    session = AiohttpSession(
        api=TelegramAPIServer.from_base(settings.telegram.api_base.rstrip("/")),
        timeout=settings.delivery.request_timeout,
    )
    return Bot(settings.require_token(), session=session)


def create_dispatcher(
    database: Database,
    translator: Translator,
    parsers: ParserBook,
    config: ServiceConfig,
    after_commit: Callable[[], None],
    clock: Clock = utcnow,
) -> Dispatcher:
    # FSM state in the database: a half-finished /broadcast survives a restart.
    dispatcher = Dispatcher(name="weige", storage=DatabaseStorage(database))
    dispatcher.update.outer_middleware(TransactionMiddleware(database, clock, after_commit))
    dispatcher.update.outer_middleware(ServicesMiddleware(translator, parsers, config, clock))
    dispatcher.update.outer_middleware(ActorMiddleware())
    dispatcher.update.outer_middleware(ThrottleMiddleware(config.trust.actions_per_minute))
    # Inner middlewares run in this order: the refusal wraps the actor check.
    for observer in (dispatcher.message, dispatcher.callback_query):
        observer.middleware(RefusalMiddleware())
        observer.middleware(ActorRequiredMiddleware())
    dispatcher.include_routers(*get_routers())
    return dispatcher


async def register_commands(bot: Bot, translator: Translator) -> None:
    """Command menus per scope (groups, private chats) and language (zh default, en)."""
    for scope, names in (
        (BotCommandScopeAllGroupChats(), GROUP_COMMANDS),
        (BotCommandScopeAllPrivateChats(), PRIVATE_COMMANDS),
    ):
        for language, locale in ((None, "zh-Hans"), ("en", "en")):
            commands = [
                BotCommand(command=name, description=translator(locale, f"command-{name}"))
                for name in names
            ]
            await bot.set_my_commands(commands, scope=scope, language_code=language)


@dataclass
class App:
    settings: Settings
    database: Database
    bot: Bot
    dispatcher: Dispatcher
    translator: Translator
    parsers: ParserBook
    sender: OutboxSender
    poller: Poller
    clock: Clock
    config: ServiceConfig
    runner: JobRunner  # meetings, reminders, deadlines, digests
    monitor: BroadcastMonitor  # broadcasts' progress and reports

    def services(self, repos: Repositories) -> Services:
        """The same services an update gets, for the work the clock starts."""
        notify = Notifier(repos, OutboxWriter(repos.outbox, self.clock), self.translator)
        return build_services(repos, notify, self.config, self.parsers, self.clock)

    async def auto_close(self) -> int:
        async with self.database.transaction() as repos:
            closed = await self.services(repos).requests.auto_close(self.config.auto_close_after)
        self.sender.wake()
        return closed

    async def forget_old_updates(self) -> None:
        async with self.database.transaction() as repos:
            await repos.inbox.forget_before(self.clock() - timedelta(days=7))

    def scheduler(self) -> AsyncIOScheduler:
        # UTC explicitly: the host's zone must never decide when anything fires.
        scheduler = AsyncIOScheduler(timezone=UTC)
        scheduler.add_job(self.auto_close, "interval", minutes=10, id="auto_close", coalesce=True)
        scheduler.add_job(self.poller.retry_failed, "interval", minutes=5, id="retry_failed")
        scheduler.add_job(self.forget_old_updates, "interval", hours=6, id="forget_updates")
        self.runner.install(scheduler)
        scheduler.add_job(
            self.monitor.tick,
            "interval",
            seconds=self.settings.admin.progress_seconds,
            id="broadcast_progress",
            coalesce=True,
            max_instances=1,
        )
        return scheduler

    async def run(self, stop: asyncio.Event) -> None:
        await self.database.migrate()
        # The outbox first: after a crash, a broadcast or a reminder resumes while the
        # rest of the start (commands, webhook, failed updates) is still under way.
        tasks = [asyncio.create_task(self.sender.run(stop), name="sender")]
        scheduler = self.scheduler()
        try:
            await register_commands(self.bot, self.translator)
            await self.bot.delete_webhook(drop_pending_updates=False)
            await self.poller.retry_failed()
            scheduler.start()
            tasks.append(asyncio.create_task(self.poller.run(stop), name="poller"))
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                task.result()
        finally:
            stop.set()
            await asyncio.gather(*tasks, return_exceptions=True)
            if scheduler.running:
                scheduler.shutdown(wait=False)

    async def close(self) -> None:
        await self.bot.session.close()
        await self.database.close()


def create_app(settings: Settings, clock: Clock = utcnow) -> App:
    database = Database(settings.storage.url)
    bot = create_bot(settings)
    translator = Translator(default=settings.default_locale)
    parsers = ParserBook(settings.parser.vocabulary)
    limiter = SendLimiter(
        settings.limits.per_second,
        settings.limits.per_chat_per_second,
        settings.limits.per_group_per_minute,
        time_scale=settings.limits.time_scale,
        margin=MARGIN,
    )
    sender = OutboxSender(
        database,
        bot,
        limiter,
        clock,
        lease=timedelta(seconds=settings.delivery.lease_seconds),
        concurrency=settings.delivery.concurrency,
    )
    config = ServiceConfig.from_settings(settings)
    dispatcher = create_dispatcher(database, translator, parsers, config, sender.wake, clock)
    poller = Poller(
        bot,
        dispatcher,
        database,
        clock,
        timeout=settings.telegram.poll_timeout,
        batch=settings.telegram.poll_batch,
    )
    runner = JobRunner(
        database, lambda repos: app.services(repos), clock, sender.wake,
        settings.reminders.tick_seconds,
    )  # fmt: skip
    app = App(
        settings=settings,
        database=database,
        bot=bot,
        dispatcher=dispatcher,
        translator=translator,
        parsers=parsers,
        sender=sender,
        poller=poller,
        clock=clock,
        config=config,
        runner=runner,
        monitor=BroadcastMonitor(database, translator, clock, sender.wake),
    )
    return app
