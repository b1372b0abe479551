"""The Fluent catalogues (bot/locales/<locale>/*.ftl) agree with each other and render cleanly.

zh-Hans is the reference: every other locale must define the same message ids, file by file,
and use the same variables in each message. Files and ids are discovered, not listed, so
catalogues added later are checked too.
"""

from __future__ import annotations

import itertools
import logging
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fluent.syntax import FluentParser, ast, visitor

from bot.domain.models import LOCALES
from bot.i18n import LOCALES_DIR, Markup, Translator, locale_for

REFERENCE = "zh-Hans"
PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})
NUMBERS = (0, 1, 5)
UNMATCHED = "no-such-variant"  # a selector value no variant names: exercises the default
# Plausible values for plain (non-selector) variables; any other name gets a generic string.
SAMPLES = {
    "number": "12",
    "name": "王芳",
    "person": "王芳",
    "owner": "王芳",
    "reporter": "李明",
    "resolver": "张伟",
    "actor": "张伟",
    "handler": "张伟",
    "assignee": "张伟",
    "category": "设施维修",
    "state": "已受理",
    "mode": "马上办",
    "role": "楼栋长",
    "place": "3栋2单元",
    "text": "楼道灯坏了 & <不亮>",
    "excerpt": "楼道灯坏了",
    "note": "\n说明：已更换灯泡",
    "created": "2024-05-01 09:30",
    "at": "05-01 10:00",
}


def _locales() -> list[str]:
    return sorted(path.name for path in LOCALES_DIR.iterdir() if path.is_dir())


def _files(locale: str) -> list[Path]:
    return sorted((LOCALES_DIR / locale).glob("*.ftl"))


def _parse(path: Path) -> ast.Resource:
    return FluentParser().parse(path.read_text(encoding="utf-8"))


def _entry_id(entry: ast.Message | ast.Term) -> str:
    return f"-{entry.id.name}" if isinstance(entry, ast.Term) else entry.id.name


class _Uses(visitor.Visitor):
    """Variables, message references and selector variants used in one entry."""

    def __init__(self) -> None:
        super().__init__()
        self.variables: set[str] = set()
        self.messages: set[str] = set()
        self.selectors: dict[str, set[ast.Identifier | ast.NumberLiteral]] = defaultdict(set)

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.variables.add(node.id.name)
        self.generic_visit(node)

    def visit_MessageReference(self, node: ast.MessageReference) -> None:
        self.messages.add(node.id.name)
        self.generic_visit(node)

    def visit_SelectExpression(self, node: ast.SelectExpression) -> None:
        if isinstance(node.selector, ast.VariableReference):
            self.selectors[node.selector.id.name].update(variant.key for variant in node.variants)
        self.generic_visit(node)


@dataclass
class Entry:
    id: str
    file: str
    node: ast.Message | ast.Term
    uses: _Uses = field(default_factory=_Uses)


@dataclass
class Catalogue:
    """One locale's files, parsed; entries keyed by id (first definition wins, as in FluentBundle)."""

    locale: str
    files: dict[str, ast.Resource]
    entries: dict[str, Entry]
    duplicates: list[str]

    @classmethod
    def load(cls, locale: str) -> Catalogue:
        files = {path.name: _parse(path) for path in _files(locale)}
        entries: dict[str, Entry] = {}
        duplicates: list[str] = []
        for name, resource in files.items():
            for node in resource.body:
                if not isinstance(node, ast.Message | ast.Term):
                    continue
                entry = Entry(_entry_id(node), name, node)
                entry.uses.visit(node)
                if entry.id in entries:
                    duplicates.append(f"{entry.id} in {name} (already in {entries[entry.id].file})")
                    continue
                entries[entry.id] = entry
        return cls(locale, files, entries, duplicates)

    def ids_in(self, file: str) -> set[str]:
        return {entry.id for entry in self.entries.values() if entry.file == file}

    def reachable(self, message_id: str) -> Iterator[Entry]:
        """The message and every message it references, transitively (they share its arguments)."""
        seen: set[str] = set()
        pending = [message_id]
        while pending:
            current = pending.pop()
            if current in seen or current not in self.entries:
                continue
            seen.add(current)
            entry = self.entries[current]
            yield entry
            pending.extend(entry.uses.messages)


CATALOGUES = {locale: Catalogue.load(locale) for locale in _locales()}
OTHERS = [locale for locale in CATALOGUES if locale != REFERENCE]
FTL_FILES = sorted(LOCALES_DIR.glob("*/*.ftl"))


def _file_pairs() -> list[tuple[str, str]]:
    reference = set(CATALOGUES[REFERENCE].files) if REFERENCE in CATALOGUES else set()
    return [
        (locale, name)
        for locale in OTHERS
        for name in sorted(reference | set(CATALOGUES[locale].files))
    ]


def _shared_messages() -> list[tuple[str, str]]:
    if REFERENCE not in CATALOGUES:
        return []
    reference = CATALOGUES[REFERENCE].entries
    return [
        (locale, message_id)
        for locale in OTHERS
        for message_id in sorted(reference.keys() & CATALOGUES[locale].entries.keys())
    ]


def _messages() -> list[tuple[str, str]]:
    return [
        (locale, message_id)
        for locale, catalogue in CATALOGUES.items()
        for message_id, entry in sorted(catalogue.entries.items())
        if isinstance(entry.node, ast.Message)
    ]


def _sample_arguments(locale: str, message_id: str) -> list[dict[str, Any]]:
    """Every combination of selector values (plus plausible strings) the message can be given."""
    uses = list(CATALOGUES[locale].reachable(message_id))
    variables = set().union(*(entry.uses.variables for entry in uses))
    keys: dict[str, set[ast.Identifier | ast.NumberLiteral]] = defaultdict(set)
    # Variant keys from every locale, so each translation sees the values the others select on.
    for catalogue in CATALOGUES.values():
        for entry in catalogue.reachable(message_id):
            for name, variants in entry.uses.selectors.items():
                keys[name] |= variants
    choices: dict[str, list[Any]] = {}
    for name in sorted(variables):
        variants = keys.get(name)
        if not variants:
            choices[name] = [SAMPLES.get(name, f"示例 {name}")]
        elif all(
            isinstance(key, ast.NumberLiteral) or key.name in PLURAL_CATEGORIES for key in variants
        ):
            choices[name] = list(NUMBERS)
        else:
            names = {key.name for key in variants if isinstance(key, ast.Identifier)}
            choices[name] = [*sorted(names), UNMATCHED]
    names = list(choices)
    return [
        dict(zip(names, values, strict=True)) for values in itertools.product(*choices.values())
    ]


@pytest.fixture(scope="module")
def translator() -> Translator:
    return Translator()


def test_reference_locale_exists() -> None:
    assert REFERENCE in CATALOGUES and CATALOGUES[REFERENCE].files


def test_every_locale_directory_is_loaded_by_the_translator() -> None:
    assert set(CATALOGUES) == set(LOCALES)


@pytest.mark.parametrize("path", FTL_FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_file_parses_without_junk(path: Path) -> None:
    junk = [entry for entry in _parse(path).body if isinstance(entry, ast.Junk)]
    problems = [
        f"{path.relative_to(LOCALES_DIR)}: {annotation.code} {annotation.message}: {entry.content.strip()[:80]!r}"
        for entry in junk
        for annotation in entry.annotations
    ]
    assert not junk, "\n".join(problems)


@pytest.mark.parametrize("locale", sorted(CATALOGUES))
def test_no_id_is_defined_twice_in_a_locale(locale: str) -> None:
    # FluentBundle keeps the first definition and silently ignores the rest.
    assert not CATALOGUES[locale].duplicates, f"{locale}: " + "; ".join(
        CATALOGUES[locale].duplicates
    )


@pytest.mark.parametrize(("locale", "file"), _file_pairs(), ids=lambda value: value)
def test_locale_has_the_reference_ids_file_by_file(locale: str, file: str) -> None:
    expected = CATALOGUES[REFERENCE].ids_in(file)
    actual = CATALOGUES[locale].ids_in(file)
    problems = []
    if missing := expected - actual:
        problems.append(f"missing from {locale}/{file}: {sorted(missing)}")
    if extra := actual - expected:
        problems.append(f"not in {REFERENCE}/{file}: {sorted(extra)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("locale", "message_id"), _shared_messages(), ids=lambda value: value)
def test_message_uses_the_reference_variables(locale: str, message_id: str) -> None:
    expected = CATALOGUES[REFERENCE].entries[message_id].uses.variables
    actual = CATALOGUES[locale].entries[message_id].uses.variables
    file = CATALOGUES[locale].entries[message_id].file
    assert actual == expected, (
        f"{locale}/{file} {message_id}: missing {sorted(expected - actual)}, "
        f"not in {REFERENCE} {sorted(actual - expected)}"
    )


@pytest.mark.parametrize(("locale", "message_id"), _messages(), ids=lambda value: value)
def test_message_renders_cleanly(
    translator: Translator, caplog: pytest.LogCaptureFixture, locale: str, message_id: str
) -> None:
    caplog.set_level(logging.ERROR, logger="bot.i18n")
    for arguments in _sample_arguments(locale, message_id):
        caplog.clear()
        text = translator(locale, message_id, **arguments)
        errors = [record.getMessage() for record in caplog.records if record.name == "bot.i18n"]
        assert not errors, f"{locale} {message_id} {arguments}: {errors}"
        assert "{" not in text and "}" not in text, f"{locale} {message_id} {arguments}: {text!r}"
        assert text.strip(), f"{locale} {message_id} {arguments}: empty"


@pytest.mark.parametrize(
    ("language_code", "locale"),
    [
        (None, "zh-Hans"),
        ("", "zh-Hans"),
        ("zh", "zh-Hans"),
        ("zh-hans", "zh-Hans"),
        ("zh-CN", "zh-Hans"),
        ("zh_CN", "zh-Hans"),
        ("zh-hant", "zh-Hant"),
        ("zh-TW", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("en", "en"),
        ("en-US", "en"),
        ("ru", "zh-Hans"),
    ],
)
def test_locale_for_maps_telegram_language_codes(language_code: str | None, locale: str) -> None:
    assert locale_for(language_code) == locale


def test_locale_for_falls_back_to_the_given_default() -> None:
    assert locale_for("ru", default="en") == "en"
    assert locale_for(None, default="en") == "en"


@pytest.fixture
def probe(tmp_path: Path) -> Translator:
    (tmp_path / REFERENCE).mkdir()
    (tmp_path / REFERENCE / "probe.ftl").write_text(
        "probe = { $safe } / { $plain }\nonly-reference = 参考\n", encoding="utf-8"
    )
    for locale in LOCALES:
        (tmp_path / locale).mkdir(exist_ok=True)
    return Translator(tmp_path)


def test_markup_passes_through_and_plain_strings_are_escaped(probe: Translator) -> None:
    text = probe(REFERENCE, "probe", safe=Markup("<b>王芳</b>"), plain="<b>李明</b> & co")
    assert text == "<b>王芳</b> / &lt;b&gt;李明&lt;/b&gt; &amp; co"


def test_zh_hant_falls_back_to_zh_hans_and_a_missing_key_is_logged(
    probe: Translator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="bot.i18n")
    assert probe("zh-Hant", "only-reference") == "参考"
    assert not caplog.records
    assert probe("en", "no-such-key") == "no-such-key"
    assert any("no-such-key" in record.getMessage() for record in caplog.records)
