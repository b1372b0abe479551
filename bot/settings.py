"""The one typed settings object: TOML file first, `WEIGE_…` environment on top."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

DEFAULT_CONFIG = Path("config.toml")


class ConfigError(Exception):
    """A configuration problem, worded as one line an operator can act on."""


class TelegramSettings(BaseModel):
    token: SecretStr | None = None
    api_base: str = "https://api.telegram.org"
    # Long-polling wait; short in tests so shutdown is quick.
    poll_timeout: int = Field(default=25, ge=0, le=50)
    # Updates handled before the batch is confirmed to Telegram.
    poll_batch: int = Field(default=50, ge=1, le=100)


class StorageSettings(BaseModel):
    url: str = "sqlite+aiosqlite:///weige.db"


class LimitsSettings(BaseModel):
    per_second: float = Field(default=30, gt=0)
    per_group_per_minute: float = Field(default=20, gt=0)
    per_chat_per_second: float = Field(default=1, gt=0)


class DeliverySettings(BaseModel):
    # A message leased this long without an answer is taken as lost in a crash.
    lease_seconds: float = Field(default=60, gt=0)
    concurrency: int = Field(default=16, ge=1, le=100)
    # Per request to Telegram; shorter than the lease.
    request_timeout: float = Field(default=20, gt=0)


class ParserSettings(BaseModel):
    # At or above: filed at once. Between ask and file: the writer is asked. Below: silence.
    file_threshold: float = Field(default=0.75, ge=0, le=1)
    ask_threshold: float = Field(default=0.5, ge=0, le=1)
    # community name -> category slug -> extra words, e.g. a local name for the bike shed.
    vocabulary: dict[str, dict[str, list[str]]] = Field(default_factory=dict)


class RequestSettings(BaseModel):
    # A resolved request nobody rated is closed after this many days.
    auto_close_days: float = Field(default=3, gt=0)


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
    parser: ParserSettings = Field(default_factory=ParserSettings)
    requests: RequestSettings = Field(default_factory=RequestSettings)
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
        parts.append(f"{where}: {message}")
    return "; ".join(parts)
