"""The translator's fast path (bot/i18n.py) gives Fluent's exact text for every message of every
catalogue, over every selector value the catalogues name and arguments Fluent treats apart
(markup, numbers with digit grouping, values it refuses); what it does not know is Fluent's."""

from __future__ import annotations

import itertools
import logging
from pathlib import Path
from typing import Any

import pytest

import bot.i18n
from bot.i18n import Markup, Translator
from tests.unit.test_catalogues import _messages, _sample_arguments

# Values a plain variable may be given that Fluent formats or refuses in its own way.
ODD_VALUES: tuple[Any, ...] = (
    "<b>李明</b> & co",
    Markup('<a href="tg://user?id=1">王芳</a>'),
    0,
    7,
    1234,
    -5,
    True,
    1.5,
    None,
    "长" * 2600,  # longer than Fluent lets a placeable be
)


@pytest.fixture(scope="module")
def translators() -> tuple[Translator, Translator]:
    """The translator, and one whose every message is left to Fluent."""
    fast = Translator()
    original = bot.i18n._fast
    bot.i18n._fast = lambda bundle, pattern: None
    try:
        fluent = Translator()
        for locale in ("zh-Hans", "zh-Hant", "en"):  # entries are made on first use: now
            for key in fluent.keys(locale):
                fluent._entries[(locale, key)] = fluent._entry(locale, key)
    finally:
        bot.i18n._fast = original
    return fast, fluent


def _variations(arguments: dict[str, Any]) -> list[dict[str, Any]]:
    """The sample arguments, and each argument in turn replaced by each odd value, or left out."""
    found = [arguments]
    for name, value in itertools.product(arguments, ODD_VALUES):
        found.append({**arguments, name: value})
    found.extend({k: v for k, v in arguments.items() if k != name} for name in arguments)
    return found


@pytest.mark.parametrize(("locale", "message_id"), _messages(), ids=lambda value: value)
def test_the_fast_path_gives_fluents_text(
    translators: tuple[Translator, Translator],
    caplog: pytest.LogCaptureFixture,
    locale: str,
    message_id: str,
) -> None:
    fast, fluent = translators
    caplog.set_level(logging.ERROR, logger="bot.i18n")
    for arguments in _sample_arguments(locale, message_id):
        for variant in _variations(arguments):
            expected = fluent(locale, message_id, **variant)
            assert fast(locale, message_id, **variant) == expected, (locale, message_id, variant)


def test_the_hot_messages_take_the_fast_path(translators: tuple[Translator, Translator]) -> None:
    """What a filed request and a board are made of is compiled, not left to Fluent."""
    fast, _ = translators
    hot = [
        "request-filed", "task-card", "task-in-group", "copied-card", "copied-in-group",
        "place-building", "place-unit", "place-room", "households-line", "board", "board-line",
        "board-more", "board-meeting", "request-line", "urgent-advice",
    ]  # fmt: skip
    for locale in ("zh-Hans", "zh-Hant", "en"):
        for key in hot:
            fast(locale, key, number="1")  # makes the entry
            assert fast._entries[(locale, key)].fast is not None, (locale, key)


def test_a_message_with_a_reference_is_left_to_fluent(tmp_path: Path) -> None:
    (tmp_path / "zh-Hans").mkdir()
    (tmp_path / "zh-Hans" / "probe.ftl").write_text(
        "name = 王芳\n"
        "greeting = 你好 { name }，{ $what }\n"
        "count = { NUMBER($n, minimumFractionDigits: 1) } 件\n"
        "plural = { $n ->\n    [one] 一件\n   *[other] { $n } 件\n}\n"
        "keyed = { $n ->\n    [1] 恰好一件\n   *[other] 若干\n}\n",
        encoding="utf-8",
    )
    translator = Translator(tmp_path)
    assert translator("zh-Hans", "greeting", what="<b>") == "你好 王芳，&lt;b&gt;"
    assert translator._entries[("zh-Hans", "greeting")].fast is None
    assert translator("zh-Hans", "count", n=3) == "3.0 件"
    assert translator._entries[("zh-Hans", "count")].fast is None
    # Chinese has no singular: "one" never matches a number; a number key matches exactly.
    assert translator("zh-Hans", "plural", n=1) == "1 件"
    assert translator("zh-Hans", "plural", n=12345) == "12,345 件"
    assert translator("zh-Hans", "keyed", n=1) == "恰好一件"
    assert translator("zh-Hans", "keyed", n="1") == "若干"  # a string is not the number 1
    assert translator._entries[("zh-Hans", "plural")].fast is not None
