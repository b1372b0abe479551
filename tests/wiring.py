"""Services for tests, built by the bot's own container over a test's transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.delivery.writer import OutboxWriter
from bot.domain.notices import Notify
from bot.i18n import Translator
from bot.services.config import ServiceConfig
from bot.services.container import Services, build_services
from bot.services.requests import ParserBook
from bot.telegram.views.notifier import Notifier
from storage.repositories import Repositories

PARSERS = ParserBook({})
TRANSLATOR = Translator()


def services_over(
    repos: Repositories,
    clock: Callable[[], datetime],
    *,
    config: ServiceConfig | None = None,
    parsers: ParserBook = PARSERS,
    notify: Notify | None = None,
) -> Services:
    """Notices go to the outbox, rendered as in production, unless the test collects them."""
    if notify is None:
        notify = Notifier(repos, OutboxWriter(repos.outbox, clock), TRANSLATOR)
    return build_services(repos, notify, config or ServiceConfig(), parsers, clock)
