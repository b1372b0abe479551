"""The one typed settings object: TOML file first, `WEIGE_…` environment on top."""

from __future__ import annotations

import os
import re
import tomllib
from datetime import time, timedelta
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

DEFAULT_CONFIG = Path("config.toml")


class ConfigError(Exception):
    """A configuration problem, worded as one line an operator can act on."""


class Section(BaseModel):
    # A misspelt key is an error, not a silently ignored setting.
    model_config = ConfigDict(extra="forbid")


class TelegramSettings(Section):
    token: SecretStr | None = None
    api_base: str = "https://api.telegram.org"
    # Long-polling wait; short in tests so shutdown is quick.
    poll_timeout: int = Field(default=25, ge=0, le=50)
    # Updates handled before the batch is confirmed to Telegram.
    poll_batch: int = Field(default=50, ge=1, le=100)
    # At start, how long an unreachable Bot API is retried (with backoff) before giving up.
    start_retry_seconds: float = Field(default=60, ge=0)

    @field_validator("api_base")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an http:// or https:// address")
        return value.rstrip("/")


# The async drivers the storage code runs on.
_DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")


class StorageSettings(Section):
    url: str = "sqlite+aiosqlite:///weige.db"

    @field_validator("url")
    @classmethod
    def _supported_url(cls, value: str) -> str:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            driver = make_url(value).drivername
        except ArgumentError:
            raise ValueError("not a database URL") from None
        if driver not in _DRIVERS:
            raise ValueError(f"use {' or '.join(d + '://' for d in _DRIVERS)} (got {driver}://)")
        return value


class LimitsSettings(Section):
    per_second: float = Field(default=30, gt=0)
    per_group_per_minute: float = Field(default=20, gt=0)
    per_chat_per_second: float = Field(default=1, gt=0)
    # Runs every window this much faster (the emulator's flood_limits.factor); 1 in production.
    time_scale: float = Field(default=1, gt=0)


class DeliverySettings(Section):
    # A message leased this long without an answer is taken as lost in a crash.
    lease_seconds: float = Field(default=60, gt=0)
    # At least a second's worth of the overall limit, so one window is leased in one go.
    concurrency: int = Field(default=32, ge=1, le=100)
    # Per request to Telegram; shorter than the lease.
    request_timeout: float = Field(default=20, gt=0)
    # Several workers on PostgreSQL: how often a standby tries to take the lead (sending,
    # the clock, polling) and the leader checks it still holds it. Fail-over takes about this.
    leader_check_seconds: float = Field(default=1, gt=0, le=30)


class RedisSettings(Section):
    """Optional: several workers share FSM state, the sending budget and per-person limits here."""

    # redis://host:6379/0; "" = none (one worker, or workers that keep those per process).
    url: str = ""
    # Every key starts with this: several bots (or test runs) can share one Redis.
    prefix: str = "weige"

    @field_validator("url")
    @classmethod
    def _redis_url(cls, value: str) -> str:
        if value and not re.match(r"^(redis|rediss|unix)://", value):
            raise ValueError("must be a redis://, rediss:// or unix:// address")
        return value


class ParserSettings(Section):
    # Above: filed at once. From ask up to file: the writer is asked. Below ask: silence.
    file_threshold: float = Field(default=0.75, ge=0, le=1)
    ask_threshold: float = Field(default=0.5, ge=0, le=1)
    # community name -> category slug -> extra words, e.g. a local name for the bike shed.
    vocabulary: dict[str, dict[str, list[str]]] = Field(default_factory=dict)


class EmergencyNumbers(Section):
    """The numbers an urgent request's reply tells residents to call, as they dial them."""

    fire: str = "119"
    ambulance: str = "120"
    police: str = "110"
    gas: str = ""  # the gas company's hotline; empty: the reply says only "the gas company"
    lift: str = ""  # the lift company's emergency line
    property: str = ""  # the property management office


class EmergencySettings(EmergencyNumbers):
    # community name -> its own numbers where they differ (a district's gas company, say).
    community: dict[str, EmergencyNumbers] = Field(default_factory=dict)

    def numbers_for(self, community: str) -> EmergencyNumbers:
        """The community's own numbers, and the bot-wide ones where it names none."""
        own = self.community.get(community)
        base = EmergencyNumbers(**self.model_dump(exclude={"community"}))
        return base.model_copy(update=own.model_dump(exclude_unset=True)) if own else base


class RequestSettings(Section):
    # A resolved request nobody rated is closed after this many days.
    auto_close_days: float = Field(default=3, gt=0)
    # A resident who rated 不满意 is asked why; a reply to the request within this many
    # hours is their reason (later, or not a reply, it is an ordinary message).
    reason_hours: float = Field(default=24, gt=0)
    # A new message like an open request of the same building and category filed this
    # many days ago at most is asked about ("the same problem?") before it is filed.
    duplicate_days: float = Field(default=3, ge=0)
    # The writer has this long to say whether it is the same problem; unanswered, their
    # message is filed as its own request (never dropped).
    duplicate_answer_hours: float = Field(default=2, gt=0)


# --- scheduling: meetings, reminders, deadlines ---------------------------

_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_duration(value: object) -> timedelta:
    """`90s`, `15m`, `2h`, `7d`: one number, one unit; nothing else is a duration."""
    if isinstance(value, timedelta):
        return value
    match = _DURATION.match(value) if isinstance(value, str) else None
    if match is None or int(match.group(1)) == 0:
        raise ValueError(f"{value!r} is not a duration; write e.g. 90s, 15m, 2h or 7d")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]

_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_clock(value: str) -> time:
    match = _CLOCK.match(value.strip())
    if match is None:
        raise ValueError(f"{value!r} is not a time of day; write e.g. 09:00")
    return time(int(match.group(1)), int(match.group(2)))


class ReminderSettings(Section):
    # Before a meeting's start; a reminder is also posted at the start itself.
    meeting_offsets: list[Duration] = Field(
        default_factory=lambda: [timedelta(days=1), timedelta(hours=1)]
    )
    # Local time in the community's zone; "" turns quiet hours off.
    quiet_hours: str = "22:00-07:00"
    daily_digest: str = "09:00"
    weekly_digest: str = "mon 09:00"
    # How often the clock looks for due rows even when it expects none (other processes add some).
    tick_seconds: float = Field(default=1.0, gt=0, le=60)

    @field_validator("quiet_hours")
    @classmethod
    def _quiet(cls, value: str) -> str:
        if value.strip():
            start, sep, end = value.partition("-")
            if not sep:
                raise ValueError(f'{value!r}: write quiet hours as 22:00-07:00, or "" for none')
            parse_clock(start)
            parse_clock(end)
        return value.strip()

    @field_validator("daily_digest")
    @classmethod
    def _daily(cls, value: str) -> str:
        parse_clock(value)
        return value.strip()

    @field_validator("weekly_digest")
    @classmethod
    def _weekly(cls, value: str) -> str:
        day, _, at = value.strip().lower().partition(" ")
        if day[:3] not in _WEEKDAYS:
            raise ValueError(f'{value!r}: write the weekly digest as e.g. "mon 09:00"')
        parse_clock(at)
        return f"{day[:3]} {at.strip()}"

    @property
    def daily_digest_at(self) -> time:
        return parse_clock(self.daily_digest)

    @property
    def weekly_digest_at(self) -> tuple[int, time]:
        day, _, at = self.weekly_digest.partition(" ")
        return _WEEKDAYS.index(day), parse_clock(at)


class SlaSettings(Section):
    acknowledge_within: Duration = timedelta(hours=2)
    urgent_acknowledge_within: Duration = timedelta(minutes=15)
    resolve_within: Duration = timedelta(days=7)


# --- admin: broadcasts, lists, figures, points ----------------------------


class PointsSettings(Section):
    """计件积分: what a member earns per task step."""

    acknowledged: int = Field(default=1, ge=0)
    resolved: int = Field(default=3, ge=0)
    well_rated: int = Field(default=2, ge=0)
    # Ratings that count as well rated: 3 满意, 2 基本满意.
    well_rated_min: int = Field(default=3, ge=1, le=3)


class AdminSettings(Section):
    # The progress message of a running broadcast is edited at most this often.
    progress_seconds: float = Field(default=3, gt=0)
    # An open request with no deadline of its own is overdue after this many hours.
    overdue_hours: float = Field(default=48, gt=0)
    page_size: int = Field(default=8, ge=1, le=30)


class DiagnosticsSettings(Section):
    # For benchmarks: count SQL statements and updates handled, rewritten to this JSON file
    # a few times a second (a SIGKILLed run still leaves its last figures). "" = off.
    sql_count_file: str = ""
    # aiogram's INFO line for each update handled ("Update id=… is handled"): to follow
    # which worker takes what. Off by default: on a busy day it is a line a millisecond.
    log_updates: bool = False


class HttpSettings(Section):
    """The bot's own HTTP server: the webhook, /healthz, /metrics and the Open311 API."""

    host: str = "127.0.0.1"
    # 0: any free port (tests); the bound one is logged.
    port: int = Field(default=8080, ge=0, le=65535)
    # In long-polling mode the server runs only when asked (webhook mode always runs it).
    enabled: bool = False
    # Several workers on one port (SO_REUSEPORT): the kernel spreads connections among them.
    reuse_port: bool = False
    # /healthz answers 503 when scheduled work or the outbox is this late.
    max_lag_seconds: float = Field(default=300, gt=0)


_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class WebhookSettings(Section):
    """Telegram pushes updates to public_url + path; long polling is the default."""

    enabled: bool = False
    # The address Telegram reaches (https, through the reverse proxy), without the path.
    public_url: str = ""
    path: str = "/telegram/webhook"
    # Telegram sends it in X-Telegram-Bot-Api-Secret-Token; requests without it get 401.
    secret_token: SecretStr | None = None
    # Updates Telegram sends at once (1-100); one worker handles them concurrently.
    max_connections: int = Field(default=40, ge=1, le=100)

    @field_validator("public_url")
    @classmethod
    def _public(cls, value: str) -> str:
        if value and not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an https:// address (http:// only for a local emulator)")
        return value.rstrip("/")

    @field_validator("path")
    @classmethod
    def _path(cls, value: str) -> str:
        if not value.startswith("/") or any(c.isspace() for c in value):
            raise ValueError("must start with / and hold no spaces")
        return value

    @field_validator("secret_token")
    @classmethod
    def _secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _SECRET.match(value.get_secret_value()):
            raise ValueError("1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)")
        return value

    @property
    def url(self) -> str:
        return self.public_url + self.path


class TrustSettings(Section):
    """Invites, per-person limits, and how long residents' words are kept."""

    # An invite link that was not opened within this many days stops working.
    invite_days: float = Field(default=7, gt=0)
    # Requests one person may file in an hour; the next one is refused, once, politely.
    requests_per_hour: int = Field(default=10, ge=1)
    # Commands and button presses one person may send per minute before the bot stops answering.
    actions_per_minute: int = Field(default=30, ge=1)
    # A closed request's text, flat and phone number are anonymised after this many months.
    retention_months: int = Field(default=24, ge=1)
    # Copies of messages in transit (what the bot sent, updates kept for a retry) keep their
    # words this many days: long enough to look into a failure, not a second archive.
    transient_days: float = Field(default=14, gt=0)


class BoardSettings(Section):
    """The building's board: one pinned message per bound group, kept up to date."""

    enabled: bool = True
    # A group's board is edited at most once in this many seconds (Telegram's limits, and
    # a group's notifications): changes meanwhile are shown together.
    min_interval: float = Field(default=60, ge=1)
    # How often the keeper looks for boards owed a refresh.
    tick_seconds: float = Field(default=5, gt=0, le=60)


class ResidentsDaySettings(Section):
    """居民说事日: the monthly residents' day, and the agenda posted before it."""

    # Day of the month, in each community's zone; `community."NAME" = 20` where it differs.
    day: int = Field(default=15, ge=1, le=28)
    community: dict[str, int] = Field(default_factory=dict)
    # The agenda and its poll are posted this many days before, at this local time.
    agenda_days_before: int = Field(default=3, ge=1, le=14)
    agenda_at: str = "10:00"
    # Requests closed this many days before the agenda still make topics.
    recent_days: int = Field(default=30, ge=1)

    @field_validator("agenda_at")
    @classmethod
    def _at(cls, value: str) -> str:
        parse_clock(value)
        return value.strip()

    @field_validator("community")
    @classmethod
    def _days(cls, value: dict[str, int]) -> dict[str, int]:
        for name, day in value.items():
            if not 1 <= day <= 28:
                raise ValueError(f"{name}: the day of the month must be 1-28 (every month has it)")
        return value

    def day_of(self, community: str) -> int:
        return self.community.get(community, self.day)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="WEIGE_",
        env_nested_delimiter="__",
        extra="forbid",
    )

    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    storage: StorageSettings = Field(default_factory=StorageSettings)
    limits: LimitsSettings = Field(default_factory=LimitsSettings)
    delivery: DeliverySettings = Field(default_factory=DeliverySettings)
    redis: RedisSettings = Field(default_factory=RedisSettings)
    parser: ParserSettings = Field(default_factory=ParserSettings)
    requests: RequestSettings = Field(default_factory=RequestSettings)
    reminders: ReminderSettings = Field(default_factory=ReminderSettings)
    sla: SlaSettings = Field(default_factory=SlaSettings)
    points: PointsSettings = Field(default_factory=PointsSettings)
    admin: AdminSettings = Field(default_factory=AdminSettings)
    diagnostics: DiagnosticsSettings = Field(default_factory=DiagnosticsSettings)
    emergency: EmergencySettings = Field(default_factory=EmergencySettings)
    trust: TrustSettings = Field(default_factory=TrustSettings)
    http: HttpSettings = Field(default_factory=HttpSettings)
    webhook: WebhookSettings = Field(default_factory=WebhookSettings)
    board: BoardSettings = Field(default_factory=BoardSettings)
    residents_day: ResidentsDaySettings = Field(default_factory=ResidentsDaySettings)
    default_locale: str = "zh-Hans"

    @field_validator("default_locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if value not in ("zh-Hans", "zh-Hant", "en"):
            raise ValueError("must be one of zh-Hans, zh-Hant, en")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The TOML file arrives as init data; the environment overrides it.
        return env_settings, init_settings

    def require_token(self) -> str:
        if self.telegram.token is None or not self.telegram.token.get_secret_value().strip():
            raise ConfigError(
                "telegram.token: missing (set it in the config file or WEIGE_TELEGRAM__TOKEN)"
            )
        return self.telegram.token.get_secret_value().strip()

    def webhook_secret(self) -> str:
        self.require_webhook()
        assert self.webhook.secret_token is not None
        return self.webhook.secret_token.get_secret_value()

    def require_webhook(self) -> None:
        """Webhook mode needs where Telegram reaches the bot and the secret it proves itself with."""
        if not self.webhook.public_url:
            raise ConfigError("webhook.public_url: missing (the https:// address Telegram reaches)")
        if self.webhook.secret_token is None:
            raise ConfigError(
                "webhook.secret_token: missing (any 1-256 letters, digits, _ or -; "
                "e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))')"
            )


def resolve_config_path(path: str | os.PathLike[str] | None) -> Path:
    if path is not None:
        return Path(path)
    return Path(os.environ.get("WEIGE_CONFIG", DEFAULT_CONFIG))


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    """Read the config file (absent is fine: defaults and environment apply)."""
    config_path = resolve_config_path(path)
    data: dict[str, Any] = {}
    if config_path.exists():
        try:
            data = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{config_path}: not valid TOML: {exc}") from None
    elif path is not None:
        raise ConfigError(f"{config_path}: no such config file")
    try:
        return Settings(**data)
    except ValidationError as exc:
        raise ConfigError(_one_line(exc)) from None


def _one_line(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"])
        message = "unknown key" if error["type"] == "extra_forbidden" else error["msg"]
        message = message.removeprefix("Value error, ")
        parts.append(f"{where}: {message}")
    return "; ".join(parts)
