"""Texts from Fluent catalogues (bot/locales/<locale>/*.ftl), one file per area of the bot.

Fluent rather than gettext: messages are keyed, plurals and selectors live in the
catalogue, and a translator sees a whole message with its variables.
"""

from __future__ import annotations

import html
import logging
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from fluent.runtime import FluentBundle, FluentResource

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).parent / "locales"
_FALLBACKS = {"zh-Hant": ("zh-Hant", "zh-Hans"), "zh-Hans": ("zh-Hans",), "en": ("en",)}
_TRADITIONAL = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")


class Markup(str):
    """Text that is already safe HTML (a mention link): passed into a message unescaped."""

    __slots__ = ()


class Translate(Protocol):
    locale: str

    def __call__(self, key: str, /, **args: Any) -> str: ...


def locale_for(language_code: str | None, default: str = "zh-Hans") -> str:
    """Telegram's language_code (IETF tag, often bare 'zh' or 'en') to one of our locales."""
    if not language_code:
        return default
    code = language_code.lower().replace("_", "-")
    if code.startswith(_TRADITIONAL):
        return "zh-Hant"
    if code.startswith("zh"):
        return "zh-Hans"
    if code.startswith("en"):
        return "en"
    return default


class Translator:
    def __init__(self, directory: Path = LOCALES_DIR, default: str = "zh-Hans") -> None:
        self.default = default
        self.directory = directory
        # Parsed on first use (half a second for the three): a restart after a crash
        # resumes the outbox first and needs no catalogue for that.
        self._bundles: dict[str, FluentBundle] = {}
        # Messages without arguments (button labels, mostly) formatted once per locale.
        self._plain: dict[tuple[str, str], str] = {}

    def _bundle(self, locale: str) -> FluentBundle:
        bundle = self._bundles.get(locale)
        if bundle is None:
            # Plural rules need a language Babel knows: zh-Hant/zh-Hans are both 'zh'.
            bundle = FluentBundle([locale.split("-")[0]], use_isolating=False)
            for path in sorted((self.directory / locale).glob("*.ftl")):
                bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
            self._bundles[locale] = bundle
        return bundle

    def keys(self, locale: str) -> set[str]:
        return set(self._bundle(locale)._messages)

    def __call__(self, locale: str, key: str, /, **args: Any) -> str:
        if args:
            return self._format(locale, key, args)
        plain = self._plain.get((locale, key))
        if plain is None:
            plain = self._plain[(locale, key)] = self._format(locale, key, {})
        return plain

    def _format(self, locale: str, key: str, args: dict[str, Any]) -> str:
        safe = {name: _escape(value) for name, value in args.items()}
        for candidate in (*_FALLBACKS.get(locale, ()), self.default):
            bundle = self._bundle(candidate)
            if bundle.has_message(key):
                message = bundle.get_message(key)
                if message.value is None:
                    break
                text, errors = bundle.format_pattern(message.value, safe)
                for error in errors:
                    log.error("catalogue %s %s: %s", candidate, key, error)
                return str(text)
        log.error("catalogue has no message %r", key)
        return key

    def bind(self, locale: str) -> Translate:
        bound = partial(self, locale)
        bound.locale = locale  # type: ignore[attr-defined]
        return bound  # type: ignore[return-value]

    def for_language(self, language_code: str | None) -> Translate:
        return self.bind(locale_for(language_code, self.default))


def _escape(value: Any) -> Any:
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, str):
        return html.escape(value, quote=False)
    return value


def mention(name: str, telegram_id: int | None, username: str | None = None) -> Markup:
    """A link that notifies the person; by @username when their id is not known yet."""
    if telegram_id is not None:
        return Markup(f'<a href="tg://user?id={telegram_id}">{html.escape(name)}</a>')
    if username:
        return Markup(f"{html.escape(name)} @{html.escape(username)}")
    return Markup(html.escape(name))
