"""Assembly in one place: Bot, Dispatcher, storage, sender, poller and scheduler from one Settings."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramNetworkError, TelegramServerError
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.types import BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats
from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from redis.asyncio import Redis

from bot.delivery.budget import SharedBudget
from bot.delivery.leadership import Leadership
from bot.delivery.limiter import MARGIN, SendLimiter
from bot.delivery.polling import ALLOWED_UPDATES, Poller
from bot.delivery.sender import OutboxSender
from bot.delivery.writer import OutboxWriter
from bot.diagnostics import StatementCounter
from bot.i18n import Translator
from bot.scheduling.runner import JobRunner
from bot.services.config import ServiceConfig
from bot.services.container import Services, build_services
from bot.services.learning import adjustments, learn
from bot.services.menus import RESIDENT_GROUP, RESIDENT_PRIVATE
from bot.services.requests import ParserBook
from bot.settings import Settings
from bot.telegram.answers import HeldAnswers
from bot.telegram.boards import BoardKeeper
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
from bot.telegram.response_types import KeptResponseTypes
from bot.telegram.throttle import SharedThrottle
from bot.telegram.views.menus import menu_entries
from bot.telegram.views.notifier import Notifier
from bot.web.health import Health
from bot.web.instrument import ApiMetrics, UpdateMetrics
from bot.web.metrics import Metrics
from bot.web.open311 import Open311
from bot.web.server import WebServer
from bot.web.webhook import WebhookIntake
from handlers import get_routers
from storage.database import Database, describe
from storage.repositories import Repositories

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


def create_bot(settings: Settings) -> Bot:
    session = AiohttpSession(
        api=TelegramAPIServer.from_base(settings.telegram.api_base.rstrip("/")),
        timeout=settings.delivery.request_timeout,
    )
    session.middleware(KeptResponseTypes())
    return Bot(settings.require_token(), session=session)


def create_dispatcher(
    database: Database,
    translator: Translator,
    parsers: ParserBook,
    config: ServiceConfig,
    after_commit: Callable[[], None],
    answers: HeldAnswers,
    clock: Clock = utcnow,
    redis: Redis | None = None,
    prefix: str = "weige",
    metrics: Metrics | None = None,
) -> Dispatcher:
    # FSM state in the database (a half-finished /broadcast survives a restart, and commits
    # with its update), or in Redis when the workers share one.
    storage: BaseStorage = (
        DatabaseStorage(database)
        if redis is None
        else RedisStorage(redis, key_builder=DefaultKeyBuilder(prefix=f"{prefix}:fsm"))
    )
    dispatcher = Dispatcher(name="weige", storage=storage)
    if metrics is not None:
        dispatcher.update.outer_middleware(UpdateMetrics(metrics))
    dispatcher.update.outer_middleware(
        TransactionMiddleware(database, clock, after_commit, answers)
    )
    dispatcher.update.outer_middleware(ServicesMiddleware(translator, parsers, config, clock))
    dispatcher.update.outer_middleware(ActorMiddleware())
    per_minute = config.trust.actions_per_minute
    shared = SharedThrottle(redis, prefix, per_minute) if redis is not None else None
    dispatcher.update.outer_middleware(ThrottleMiddleware(per_minute, shared=shared))
    # Inner middlewares run in this order: the refusal wraps the actor check.
    for observer in (dispatcher.message, dispatcher.callback_query, dispatcher.message_reaction):
        observer.middleware(RefusalMiddleware())
        observer.middleware(ActorRequiredMiddleware())
    dispatcher.include_routers(*get_routers())
    return dispatcher


async def register_commands(bot: Bot, translator: Translator) -> None:
    """The menus everyone sees, residents' commands, for groups and private chats, in the
    bot's default language and in English and Chinese (Telegram tells menus apart by
    two-letter codes only, so zh-Hant speakers get their own through their chat's menu).
    Members' and admins' own menus are queued per chat by the menu service."""
    languages = {None: translator.default, "en": "en", "zh": "zh-Hans"}
    for scope, names in (
        (BotCommandScopeAllGroupChats(), RESIDENT_GROUP),
        (BotCommandScopeAllPrivateChats(), RESIDENT_PRIVATE),
    ):
        for language, locale in languages.items():
            commands = [
                BotCommand(command=entry["command"], description=entry["description"])
                for entry in menu_entries(translator.bind(locale), names)
            ]
            await bot.set_my_commands(commands, scope=scope, language_code=language)


def offline_services(repos: Repositories, settings: Settings, clock: Clock = utcnow) -> Services:
    """Services for the command line, beside or without a running bot: what they owe
    people goes to the outbox, and the running bot sends it."""
    notify = Notifier(
        repos, OutboxWriter(repos.outbox, clock), Translator(default=settings.default_locale)
    )
    config = ServiceConfig.from_settings(settings)
    return build_services(repos, notify, config, ParserBook(settings.parser.vocabulary), clock)


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
    keeper: BoardKeeper  # the buildings' pinned boards
    leadership: Leadership  # several workers: which one sends, ticks the clock and polls
    redis: Redis | None = None
    metrics: Metrics = field(default_factory=Metrics)
    web: WebServer | None = None  # the webhook, /healthz, /metrics, Open311
    tasks: dict[str, asyncio.Task[object]] = field(default_factory=dict)
    clock_scheduler: AsyncIOScheduler | None = None

    _sender_stop: asyncio.Event | None = None

    def start_sender(self) -> None:
        """The outbox sender, with a stop of its own: a worker that loses its lease stops
        sending and goes on taking updates."""
        self._sender_stop = asyncio.Event()
        task = asyncio.create_task(self.sender.run(self._sender_stop), name="sender")
        self.tasks["sender"] = task
        self.metrics.set_lease("sender", True)
        task.add_done_callback(lambda _: self.metrics.set_lease("sender", False))

    async def stop_sender(self) -> None:
        if self._sender_stop is not None:
            self._sender_stop.set()
        if (task := self.tasks.get("sender")) is not None:
            await task

    async def _relay_stop(self, stop: asyncio.Event) -> None:
        await stop.wait()
        if self._sender_stop is not None:
            self._sender_stop.set()

    def sender_state(self) -> str:
        if not self.leadership.held and "leadership" in self.tasks:
            return "standby"  # another worker leads (bot/delivery/leadership.py)
        task = self.tasks.get("sender")
        if task is None:
            return "not started"
        return "stopped" if task.done() else "running"

    def scheduler_state(self) -> str:
        if not self.leadership.held and "leadership" in self.tasks:
            return "standby"
        scheduler, last = self.clock_scheduler, self.runner.last_tick
        if scheduler is None or not scheduler.running:
            return "stopped" if scheduler is not None else "not started"
        quiet = time.monotonic() - last if last is not None else 0.0
        if quiet > max(30.0, 10 * self.runner.tick_seconds):
            return f"no tick for {quiet:.0f} s"
        return "running"

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

    async def load_parser_adjustments(self) -> None:
        """What `parser learn` last fitted, laid over the shipped model (at start)."""
        async with self.database.transaction() as repos:
            self.parsers.load(await adjustments(repos))

    async def learn_parser(self) -> None:
        """The nightly `parser learn`, and the running bot parses with it from then on."""
        async with self.database.transaction() as repos:
            fitted = await learn(repos, self.clock())
            loaded = await adjustments(repos)
        self.parsers.load(loaded)  # once committed: never ahead of what is stored
        for one in fitted:
            log.info("parser learned %d examples of %s", one.examples, one.community)

    def scheduler(self) -> AsyncIOScheduler:
        # UTC explicitly: the host's zone must never decide when anything fires.
        scheduler = AsyncIOScheduler(timezone=UTC)
        scheduler.add_job(self.auto_close, "interval", minutes=10, id="auto_close", coalesce=True)
        scheduler.add_job(self.poller.retry_failed, "interval", minutes=5, id="retry_failed")
        scheduler.add_job(self.forget_old_updates, "interval", hours=6, id="forget_updates")
        self.runner.install(scheduler)
        # 03:00 in Shanghai: the grid's corrections of the day teach the parser overnight.
        scheduler.add_job(
            self.learn_parser, "cron", hour=19, minute=0, id="parser_learn", coalesce=True
        )
        scheduler.add_job(
            self.monitor.tick,
            "interval",
            seconds=self.settings.admin.progress_seconds,
            id="broadcast_progress",
            coalesce=True,
            max_instances=1,
        )
        if self.settings.board.enabled:
            scheduler.add_job(
                self.keeper.tick, "interval", seconds=self.settings.board.tick_seconds,
                id="boards", coalesce=True, max_instances=1, misfire_grace_time=None,
            )  # fmt: skip
        return scheduler

    async def run(self, stop: asyncio.Event) -> None:
        await self.database.migrate()
        await self.load_parser_adjustments()
        self._started = asyncio.Event()
        # The lead first: after a crash, a broadcast or a reminder resumes while the rest
        # of the start (commands, webhook, failed updates) is still under way.
        tasks = self.tasks
        tasks["leadership"] = asyncio.create_task(
            self.leadership.run(stop, self.lead), name="leadership"
        )
        if count_file := self.settings.diagnostics.sql_count_file:
            counter = StatementCounter(self.database.engine, lambda: self.poller.handled)
            self.poller.on_first_batch = counter.first_update
            tasks["counter"] = asyncio.create_task(counter.write_every(count_file, stop))
        follower = self.follower_scheduler()
        try:
            if not await self._reach_telegram(stop):
                return
            await self._warn_out_of_reach()
            await register_commands(self.bot, self.translator)
            if self.web is not None:
                await self.web.start()
            webhook = self.settings.webhook
            if webhook.enabled:
                # Set at every start, by every worker: the same URL and secret, so harmless.
                await self.bot.set_webhook(
                    webhook.url,
                    secret_token=self.settings.webhook_secret(),
                    allowed_updates=ALLOWED_UPDATES,
                    max_connections=webhook.max_connections,
                    drop_pending_updates=False,
                )
                tasks["webhook"] = asyncio.create_task(stop.wait(), name="webhook")
            else:
                await self.bot.delete_webhook(drop_pending_updates=False)
            follower.start()
            self._started.set()
            done, _ = await asyncio.wait(tasks.values(), return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                if not task.cancelled():
                    task.result()
        finally:
            stop.set()
            if self.web is not None:
                await self.web.stop()
            await asyncio.gather(*tasks.values(), return_exceptions=True)
            if follower.running:
                follower.shutdown(wait=False)

    async def lead(self, ended: asyncio.Event) -> None:
        """What one worker does for all, while it holds the lease: send the outbox, tick
        the clock, and long-poll (Telegram answers a second poller with 409 Conflict;
        behind a webhook every worker takes updates instead)."""
        if self.leadership.shared:
            # Whatever is leased now was leased by a leader that died: lost in flight.
            await self.sender.recover_expired_leases(orphaned=True)
        self.start_sender()
        relay = asyncio.create_task(self._relay_stop(ended), name="relay")
        tasks: list[asyncio.Task[object]] = [self.tasks["sender"]]
        scheduler = self.clock_scheduler = self.scheduler()
        try:
            started = asyncio.ensure_future(self._started.wait())
            ending = asyncio.ensure_future(ended.wait())
            await asyncio.wait({started, ending}, return_when=asyncio.FIRST_COMPLETED)
            ending.cancel()
            if started.done() and not ended.is_set():
                await self.poller.retry_failed()
                scheduler.start()
                self.metrics.set_lease("scheduler", True)
                if not self.settings.webhook.enabled:
                    tasks.append(asyncio.create_task(self.poller.run(ended), name="poller"))
            else:
                started.cancel()
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                task.result()
            # A sender stopped by hand (stop_sender) stays stopped while the lease is held:
            # /healthz says so, rather than a new lead quietly starting another.
            await ended.wait()
        finally:
            ended.set()
            await asyncio.gather(*tasks, relay, return_exceptions=True)
            if scheduler.running:
                scheduler.shutdown(wait=False)
            self.metrics.set_lease("scheduler", False)

    def follower_scheduler(self) -> AsyncIOScheduler:
        """Every worker's own clock: the parser the leader fitted overnight, loaded here too."""
        scheduler = AsyncIOScheduler(timezone=UTC)
        scheduler.add_job(
            self.load_parser_adjustments, "cron", hour=19, minute=30, id="parser_load",
            coalesce=True,
        )  # fmt: skip
        return scheduler

    async def _warn_out_of_reach(self) -> None:
        async with self.database.transaction() as repos:
            missing = await self.services(repos).directory.out_of_reach()
        if missing:
            log.warning(
                "%d people in the directory cannot get their tasks in private "
                "(they go to the groups instead): python -m bot grid check",
                len(missing),
            )

    async def _reach_telegram(self, stop: asyncio.Event) -> bool:
        """getMe until the Bot API answers, then one line saying which bot runs on what.

        A service often starts before the network is up: a connection error is retried with
        backoff for `telegram.start_retry_seconds`, then raised. A rejected token is raised at
        once. False when stopped while waiting."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settings.telegram.start_retry_seconds
        delay = 0.5
        while True:
            try:
                me = await self.bot.get_me()
                break
            except (TelegramNetworkError, TelegramServerError) as exc:
                left = deadline - loop.time()
                if left <= 0:
                    raise
                wait = min(delay, left)
                log.warning(
                    "Bot API at %s not reachable (%s); retrying in %.1f s",
                    self.settings.telegram.api_base,
                    exc.message,
                    wait,
                )
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), wait)
                if stop.is_set():
                    return False
                delay = min(delay * 2, 15)
        webhook = self.settings.webhook
        log.info(
            "running as @%s: %s, %s %s",
            me.username,
            describe(self.settings.storage.url),
            "webhook" if webhook.enabled else "long polling",
            webhook.url if webhook.enabled else self.settings.telegram.api_base,
        )
        return True

    async def close(self) -> None:
        await self.bot.session.close()
        await self.dispatcher.storage.close()  # Redis's, when it holds the FSM state
        if self.redis is not None:
            await self.redis.aclose()
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
    redis = Redis.from_url(settings.redis.url) if settings.redis.url else None
    prefix = settings.redis.prefix
    sender = OutboxSender(
        database,
        bot,
        limiter,
        clock,
        lambda repos, chat_id, error: app.services(repos).people.unreachable(chat_id, error),
        lease=timedelta(seconds=settings.delivery.lease_seconds),
        concurrency=settings.delivery.concurrency,
        budget=SharedBudget(redis, prefix, limiter) if redis is not None else None,
    )
    config = ServiceConfig.from_settings(settings)
    answers = HeldAnswers()  # button answers leave after the commit (bot/telegram/answers.py)
    bot.session.middleware(answers)
    metrics = Metrics()
    bot.session.middleware(ApiMetrics(metrics))
    dispatcher = create_dispatcher(
        database, translator, parsers, config, sender.wake, answers, clock, redis, prefix, metrics
    )
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
        keeper=BoardKeeper(
            database,
            lambda repos: app.services(repos).boards,
            translator,
            clock,
            sender.wake,
            config.board.min_interval,
        ),
        leadership=Leadership(database.leader_lock(), every=settings.delivery.leader_check_seconds),
        redis=redis,
        metrics=metrics,
    )
    if settings.webhook.enabled or settings.http.enabled:
        app.web = create_web(app)
    return app


def create_web(app: App) -> WebServer:
    """The HTTP server: Telegram's webhook when in webhook mode, and what operators read."""
    settings = app.settings
    web_app = web.Application()
    if settings.webhook.enabled:
        intake = WebhookIntake(
            app.dispatcher, app.bot, settings.webhook_secret(), app.poller.handle
        )
        intake.register(web_app, path=settings.webhook.path)
    http = settings.http
    roles = {"sender": app.sender_state, "scheduler": app.scheduler_state}
    health = Health(app.database, app.clock, roles, app.metrics, max_lag=http.max_lag_seconds)
    health.register(web_app)
    texts = app.translator.bind(settings.default_locale)
    Open311(app.database, texts, app.clock).register(web_app)
    return WebServer(web_app, http.host, http.port, reuse_port=http.reuse_port)
