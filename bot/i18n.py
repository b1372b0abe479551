"""Texts from Fluent catalogues (bot/locales/<locale>/*.ftl), one file per area of the bot.

Fluent rather than gettext: messages are keyed, plurals and selectors live in the
catalogue, and a translator sees a whole message with its variables.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from fluent.runtime import FluentBundle, FluentResource, resolver
from fluent.runtime.types import FluentInt

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
        # Where each (locale, key) is found along the fallbacks, and its fast formatter.
        self._entries: dict[tuple[str, str], _Entry] = {}
        self._bound: dict[str, Translate] = {}
        self._by_language: dict[str | None, Translate] = {}

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
        entry = self._entries.get((locale, key))
        if entry is None:
            entry = self._entries[(locale, key)] = self._entry(locale, key)
        if entry.pattern is None:
            log.error("catalogue has no message %r", key)
            return key
        safe = {name: _escape(value) for name, value in args.items()}
        if entry.fast is not None and args:
            try:
                return entry.fast(safe)
            except (_Slow, KeyError):
                pass  # an argument Fluent reports or formats its own way: Fluent's answer
        text, errors = entry.bundle.format_pattern(entry.pattern, safe)
        for error in errors:
            log.error("catalogue %s %s: %s", entry.locale, key, error)
        return str(text)

    def _entry(self, locale: str, key: str) -> _Entry:
        for candidate in (*_FALLBACKS.get(locale, ()), self.default):
            bundle = self._bundle(candidate)
            if bundle.has_message(key):
                pattern = bundle.get_message(key).value
                if pattern is None:
                    break
                return _Entry(candidate, bundle, pattern, _fast(bundle, pattern))
        return _Entry(locale, self._bundle(self.default), None, None)

    def bind(self, locale: str) -> Translate:
        bound = self._bound.get(locale)
        if bound is not None:
            return bound
        made = partial(self, locale)
        made.locale = locale  # type: ignore[attr-defined]
        self._bound[locale] = made  # type: ignore[assignment]
        return made  # type: ignore[return-value]

    def for_language(self, language_code: str | None) -> Translate:
        bound = self._by_language.get(language_code)
        if bound is None:
            # Telegram's language codes are few (a dozen in a city): kept, not recomputed.
            bound = self._by_language[language_code] = self.bind(
                locale_for(language_code, self.default)
            )
        return bound


# --- the fast path --------------------------------------------------------------------------
#
# Fluent's resolver builds an environment per call, converts every argument to a Fluent type
# and walks the message tree through generic calls: tens of microseconds for a task card, and
# a filed request formats a dozen messages. Most messages use only text, variables and
# selections on a variable; those are compiled once per locale into closures that give
# Fluent's exact text (tests/unit/test_i18n.py holds the two equal over every message). Any
# other construct (references, functions) leaves the message to Fluent, and so does any call
# whose arguments Fluent would report or format its own way (missing, a float, a date).

Render = Callable[[dict[str, Any]], str]
Piece = str | Render


class _Slow(Exception):
    """This call is Fluent's to format."""


class _Unsupported(Exception):
    """This message is Fluent's to format."""


@dataclass(frozen=True, slots=True)
class _Entry:
    locale: str  # where along the fallbacks the message was found
    bundle: FluentBundle
    pattern: Any  # Fluent's compiled pattern; None: no such message
    fast: Render | None


def _fast(bundle: FluentBundle, pattern: Any) -> Render | None:
    try:
        compiler = _Compiler(bundle)
        if isinstance(pattern, resolver.TextElement | resolver.StringLiteral):
            # A whole message of text is returned as it is: no length check (as Fluent).
            text = _literal(pattern)
            return lambda args: text
        piece = compiler.pattern(pattern)
    except _Unsupported:
        return None
    if isinstance(piece, str):
        return lambda args: piece
    return piece


def _literal(node: resolver.TextElement | resolver.StringLiteral) -> str:
    if isinstance(node, resolver.StringLiteral):
        return str(node.parse()["value"])  # escapes such as \\u00A0 undone, as Fluent does
    return node.value


class _Compiler:
    def __init__(self, bundle: FluentBundle) -> None:
        self.bundle = bundle
        self.parts = 0
        self.numbers: dict[int, str] = {}

    def pattern(self, node: Any) -> Piece:
        if not isinstance(node, resolver.Pattern):
            return self.placeable(node)  # a text element or a placeable alone
        # Fluent refuses a message of more parts; an upper bound of what it would count.
        self.parts += len(node.elements)
        if self.parts > resolver.Pattern.MAX_PARTS:
            raise _Unsupported()
        pieces = [self.placeable(element) for element in node.elements]
        if all(isinstance(piece, str) for piece in pieces):
            return "".join(pieces)  # type: ignore[arg-type]

        def joined(args: dict[str, Any]) -> str:
            return "".join([p if isinstance(p, str) else p(args) for p in pieces])

        return joined

    def constant(self, text: str) -> str:
        if len(text) > resolver.MAX_PART_LENGTH:
            raise _Unsupported()  # Fluent answers "{???}" and an error
        return text

    def placeable(self, expression: Any) -> Piece:
        if isinstance(expression, resolver.TextElement | resolver.StringLiteral):
            return self.constant(_literal(expression))
        if isinstance(expression, resolver.Placeable | resolver.NeverIsolatingPlaceable):
            return self.placeable(expression.expression)
        if isinstance(expression, resolver.VariableReference):
            return self.variable(expression.id.name)
        if isinstance(expression, resolver.SelectExpression):
            return self.select(expression)
        raise _Unsupported()

    def variable(self, name: str) -> Render:
        number = self.number

        def variable(args: dict[str, Any]) -> str:
            value = args[name]
            if type(value) is str:
                if len(value) > resolver.MAX_PART_LENGTH:
                    raise _Slow()
                return value
            if type(value) is int:
                return number(value)
            raise _Slow()

        return variable

    def number(self, value: int) -> str:
        """An integer as Fluent shows it in this locale (digit grouping)."""
        text = self.numbers.get(value)
        if text is None:
            text = FluentInt(value).format(self.bundle._babel_locale)
            if 0 <= value < 10_000:
                self.numbers[value] = text
        return text

    def select(self, expression: Any) -> Render:
        selector = expression.selector
        if not isinstance(selector, resolver.VariableReference):
            raise _Unsupported()
        name = selector.id.name
        plural = self.bundle._plural_form
        by_string: list[tuple[str, Piece]] = []  # what a string selector matches, in order
        by_number: list[tuple[bool, Any, Piece]] = []  # (numeric key, key, piece), in order
        default: Piece | None = None
        for variant in expression.variants:
            piece = self.pattern(variant.value)
            if variant.default:
                default = piece
            key = variant.key
            if isinstance(key, resolver.NumberLiteral):
                # Fluent matches a string against a number key by the key's plural category.
                by_string.append((plural(key.value), piece))
                by_number.append((True, key.value, piece))
            elif isinstance(key, resolver.Identifier):
                by_string.append((key.name, piece))
                by_number.append((False, key.name, piece))
            else:
                raise _Unsupported()
        if default is None:
            raise _Unsupported()
        otherwise: Piece = default

        def select(args: dict[str, Any]) -> str:
            value = args[name]
            chosen = otherwise
            if type(value) is str:
                for key, piece in by_string:
                    if key == value:
                        chosen = piece
                        break
            elif type(value) is int:
                category = None
                for numeric, key, piece in by_number:
                    if numeric:
                        if key == value:
                            chosen = piece
                            break
                    else:
                        if category is None:
                            category = plural(value)
                        if category == key:
                            chosen = piece
                            break
            else:
                raise _Slow()
            text = chosen if isinstance(chosen, str) else chosen(args)
            if len(text) > resolver.MAX_PART_LENGTH:
                raise _Slow()
            return text

        return select


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
